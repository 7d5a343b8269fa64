"""The page's accessibility layer, on every page (app.py): its language, readable contrast, a visible focus ring,
Streamlit's navigation announced as lists, and Streamlit's own controls named in Korean on Korean pages.

Streamlit 1.67 declares <html lang="en"> on every page, draws captions, shortcut hints and disabled labels in a
grey of 3.9:1 (2.3:1 disabled) on white, marks keyboard focus on the sidebar's links only by the grey background
the current page also has, nests its navigation's <li>s in <div>s inside the <ul> (their headers fold a section
on a mouse click only), and names its own controls in English ("Help for 학습률", "Open", "Increment"). A stylesheet and one script in the main document (st.html
with unsafe_allow_javascript; ui.lecture uses the same for the browser history) fix each of these, and a
MutationObserver keeps them fixed as Streamlit re-renders. tests/e2e/test_accessibility.py runs axe-core on
every tab of every page in both views and languages."""
from __future__ import annotations

import json

import streamlit as st

from ui.i18n import current_lang, table

NOTE = "#4a4b53"     # faded text (captions, hints): 8.7:1 on white, 7.7:1 on the sidebar's grey (presenter: >= 7)
FOCUS = "#1f5fa8"    # the focus ring: 6.4:1 on white, 5.8:1 on the sidebar (WCAG 1.4.11 asks 3:1)

CSS = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *, button[data-has-shortcut] kbd,
  [data-has-shortcut] kbd, [data-testid="stTable"] th, [data-testid="stTable"] th *
  {{color: {NOTE} !important; opacity: 1 !important}}
[data-testid="stWidgetLabel"][disabled], [data-testid="stWidgetLabel"][disabled] *
  {{color: {NOTE} !important; opacity: 1 !important}}
input::placeholder, textarea::placeholder {{color: {NOTE} !important; opacity: 1}}
a:focus-visible, button:focus-visible, summary:focus-visible, [role="tab"]:focus-visible,
  [role="slider"]:focus-visible, [role="radio"]:focus-visible, [role="checkbox"]:focus-visible,
  [role="switch"]:focus-visible, [tabindex]:focus-visible, label:has(input:focus-visible) {{
  outline: 3px solid {FOCUS} !important; outline-offset: 2px !important; border-radius: 4px}}
a[data-testid="stSidebarNavLink"]:focus-visible, [role="tab"]:focus-visible {{outline-offset: -3px !important}}
</style>"""

# No tag-like text anywhere in the script (a less-than sign before a letter or a slash): Streamlit sanitises st.html
# with DOMPurify, which drops such a script whole. Runs in the main document on every run (its text changes with the language, so Streamlit runs it again after a
# switch). Idempotent: the observer calls fix() after Streamlit's renders, and fix() changes only what differs.
_JS = """<script>
(function () {
  const cfg = __CFG__;
  window.__a11y = cfg;
  const ATTRS = ["aria-label", "placeholder", "title", "data-title"];
  const rules = cfg.chrome.map(([en, ko]) => {
    const i = en.indexOf("{x}");
    if (i < 0) return { test: (s) => s === en ? ko : null };
    const head = en.slice(0, i), tail = en.slice(i + 3);
    return { test: (s) => s.length > head.length + tail.length && s.startsWith(head) && s.endsWith(tail)
      ? ko.replace("{x}", s.slice(head.length, s.length - tail.length)) : null };
  });
  function translate(s) {
    for (const r of rules) { const out = r.test(s); if (out !== null) return out; }
    return null;
  }
  function names(root) {
    const ko = window.__a11y.lang !== "en";
    for (const a of ATTRS) {
      const keep = "data-a11y-" + a, mine = "data-a11y-set-" + a;
      for (const el of root.querySelectorAll("[" + a + "]")) {
        const now = el.getAttribute(a);
        if (ko) {
          const orig = el.getAttribute(mine) === now ? el.getAttribute(keep) : now;   // ours, or Streamlit's anew
          const out = translate(orig);
          if (out !== null && out !== now) {
            el.setAttribute(keep, orig); el.setAttribute(mine, out); el.setAttribute(a, out);
          }
        } else if (el.hasAttribute(keep)) {   // back to English: what Streamlit wrote, unless it wrote anew since
          if (el.getAttribute(mine) === now) el.setAttribute(a, el.getAttribute(keep));
          el.removeAttribute(keep); el.removeAttribute(mine);
        }
      }
    }
    // the skip link's visible text: its own text node rewritten in place (React keeps the node it made)
    for (const link of root.querySelectorAll("a[data-testid='stSkipToContent']")) {
      const text = [...link.childNodes].find((n) => n.nodeType === 3);
      if (!text) continue;
      const en = link.getAttribute("data-a11y-text") || text.nodeValue;
      const out = ko ? translate(en) : en;
      if (out !== null && text.nodeValue !== out) text.nodeValue = out;
      if (ko && out !== null) link.setAttribute("data-a11y-text", en); else link.removeAttribute("data-a11y-text");
    }
  }
  function nav() {
    // Streamlit's UL holds LIs and, per section, a DIV of a header and LIs (axe: list, listitem), and a section's
    // header folds it on a click only. Here each section DIV is one item of the list, its LIs plain, and its
    // header a button that folds it from the keyboard too, saying whether it is open. (No angle brackets in
    // this script, comments included: Streamlit's DOMPurify drops a script whose text holds a tag.)
    const ul = document.querySelector("ul[data-testid='stSidebarNavItems']");
    if (!ul) return;
    for (const child of ul.children) {
      if (child.tagName !== "DIV") continue;
      if (child.getAttribute("role") !== "listitem") child.setAttribute("role", "listitem");
      for (const li of child.querySelectorAll(":scope > li")) if (li.getAttribute("role") !== "none") li.setAttribute("role", "none");
      const head = child.querySelector("[data-testid='stNavSectionHeader']");
      if (!head) continue;
      if (head.getAttribute("role") !== "button") { head.setAttribute("role", "button"); head.tabIndex = 0; }
      if (!head.hasAttribute("data-a11y-keys")) {
        head.setAttribute("data-a11y-keys", "");
        head.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); head.click(); }
        });
      }
      const open = String(child.querySelector(":scope > li") !== null);
      if (head.getAttribute("aria-expanded") !== open) head.setAttribute("aria-expanded", open);
    }
  }
  function cover() {
    // While a scene's question waits for its answer, the lesson below is blurred and takes no clicks
    // (ui.lecture.question_slot): make it inert too, so the keyboard and screen readers skip it as the mouse does.
    const box = document.querySelector("[data-testid='stMainBlockContainer'] > div");
    if (!box) return;
    for (const el of box.children) {
      const covered = getComputedStyle(el).pointerEvents === "none";
      if (covered && !el.inert) { el.inert = true; el.setAttribute("data-a11y-inert", ""); }
      else if (!covered && el.hasAttribute("data-a11y-inert")) { el.inert = false; el.removeAttribute("data-a11y-inert"); }
    }
  }
  function fix() {
    if (document.documentElement.lang !== window.__a11y.lang) document.documentElement.lang = window.__a11y.lang;
    nav();
    names(document.body);
    cover();
  }
  window.__a11yFix = fix;
  fix();
  if (!window.__a11yObserver) {
    let pending = 0;
    window.__a11yObserver = new MutationObserver(() => {
      if (!pending) pending = setTimeout(() => { pending = 0; window.__a11yFix(); }, 60);
    });
    window.__a11yObserver.observe(document.body, { childList: true, subtree: true, attributes: true,
                                                   attributeFilter: ATTRS });
  }
})();
</script>"""


def chrome_names(lang: str) -> list[tuple[str, str]]:
    """Streamlit's and Plotly's own English names and their translations in `lang`, ({x}: the varying part)."""
    en, other = table("en")["a11y"]["chrome"], table(lang)["a11y"]["chrome"]
    return [(en[k], other[k]) for k in en if lang != "en"]


def page_setup() -> None:
    """The stylesheet and the script, once per run (app.py). Drawn in the sidebar, which has room for them: in the
    main column every element adds a gap above the lesson's chart (the presenter view keeps it on the first
    screen). The sidebar is drawn folded too, so the script runs in the presenter view as well."""
    lang = current_lang()
    cfg = {"lang": lang, "chrome": chrome_names(lang)}
    st.sidebar.html(CSS)
    st.sidebar.html(_JS.replace("__CFG__", json.dumps(cfg, ensure_ascii=False)), unsafe_allow_javascript=True)
