"""Lecture mode: the presenter view, scenes, controls hidden by URL, the share panel, reset and chart export.

Everything a teacher needs in front of a class, kept out of the pages: a page calls ui.page.header and
ui.page.lesson_tabs as before, and those call in here."""
from __future__ import annotations

import html
import re

import streamlit as st

from ui import defaults, share, st_internals
from ui.i18n import LANG_KEY, LANGS, current_lang, t, tr
from ui.scenes import SCENES, TAB_KEYS, Scene

PRESENT_KEY = "present"     # ?present=1 (or the sidebar toggle): the presenter view
SCENE_KEY = "scene"         # ?scene=N: the N-th scene of the page's lesson, 1-based
HIDE_PARAM = "hide"         # ?hide=key1,key2: those controls are hidden, their values still apply
_APPLIED = "_scene_applied"  # (lesson, n) of the scene whose settings were last applied
_TABS = "_lecture_tabs"     # tab widget key -> its tabs' translation keys (the language switch translates them)
_HAND = "_hand_params"      # this run's (lesson, {scene/tab key: its URL value, None: left out}) (finish_run)
_URL_OWNER = "_url_owner"   # (lesson, {key: value}): the scene and tab the last full run wrote into the URL
GLOBAL_KEYS = (LANG_KEY, "seed", PRESENT_KEY)   # kept by a reset

_PRESENT_CSS = """<style>
[data-testid="stMainBlockContainer"] {padding-top: 3.2rem; padding-bottom: 2rem}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: .3rem}
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"] {font-size: 1.3rem}
[data-testid="stMainBlockContainer"] [data-testid="stExpander"] summary {padding-top: .3rem; padding-bottom: .3rem}
[data-testid="stMainBlockContainer"] .stMarkdown p, [data-testid="stMainBlockContainer"] li {font-size: 1.05rem}
.st-key-scene_bar p.lesson-title {font-size: 1.25rem; font-weight: 700; margin: 0}
.st-key-scene_bar {gap: .5rem}
[data-testid="stMainBlockContainer"] [data-testid="stMetricLabel"] p {font-size: .85rem}
[data-testid="stMainBlockContainer"] [data-testid="stMetric"] {padding: 0}
</style>"""
# Always on: a number or a label wraps rather than being cut to "3.04e…" (150% browser zoom, narrow columns).
_NO_CUT_CSS = """<style>
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p, [data-testid="stMetricLabel"] p {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere}
[data-testid="stWidgetLabel"] p {hyphens: none; word-break: keep-all; overflow-wrap: normal}
button[data-testid^="stBaseButton"] p {white-space: normal; text-overflow: clip; overflow: visible}
</style>"""


# ---- presenter view --------------------------------------------------------------------------------------
def presenting() -> bool:
    value = st.session_state.get(PRESENT_KEY)
    if value is None:   # before the toggle exists in this session: the URL says
        return str(st.query_params.get(PRESENT_KEY, "")).lower() in ("1", "true")
    return bool(value)


def sidebar_state() -> str:
    """st.set_page_config's initial_sidebar_state: collapsed in the presenter view."""
    return "collapsed" if presenting() else "auto"


def presenter_toggle() -> None:
    """The sidebar toggle, kept in the URL as present=1 (short enough to write on a board). Kept by hand, as the
    language is: a URL-bound toggle reads only true/false."""
    # Set on every run: a page switch gives the toggle a new widget id, which would start from its default.
    st.session_state[PRESENT_KEY] = presenting()
    st.toggle(t("lecture.present"), key=PRESENT_KEY, help=t("lecture.present_help"))
    if st.session_state[PRESENT_KEY] and st.query_params.get(PRESENT_KEY) != "1":
        st.query_params[PRESENT_KEY] = "1"
    elif not st.session_state[PRESENT_KEY] and PRESENT_KEY in st.query_params:
        del st.query_params[PRESENT_KEY]


# Streamlit pushes a browser-history entry for every change of the query string, so one navigation (the page,
# then the language and the restored settings written back) made 2-3 entries and Back landed on half-built
# states. A change that keeps the page's path replaces the current entry instead: one navigation, one entry.
_ONE_ENTRY_JS = """<script>
(function () {
  if (window.__oneHistoryEntry) return;
  window.__oneHistoryEntry = true;
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = function (state, title, url) {
    try {
      if (url && new URL(url, window.location.href).pathname === window.location.pathname) {
        return window.history.replaceState(state, title, url);
      }
    } catch (e) { /* an odd URL: leave it to the browser */ }
    return push(state, title, url);
  };
})();
</script>"""


def style() -> None:
    """The page CSS: never-cut numbers always; tighter spacing in the presenter view; hidden controls."""
    css = _NO_CUT_CSS + (_PRESENT_CSS if presenting() else "")
    hidden = hidden_keys()
    if hidden:
        css += "<style>" + ", ".join(f".st-key-{k}" for k in hidden) + " {display: none !important}</style>"
    st.html(css)
    st.html(_ONE_ENTRY_JS, unsafe_allow_javascript=True)


def hidden_keys() -> tuple[str, ...]:
    raw = st.query_params.get(HIDE_PARAM, "")
    return tuple(k for k in re.split(r"[,\s]+", str(raw)) if re.fullmatch(r"[A-Za-z0-9_]+", k))


def controls_box():
    """Where a page's controls go: in the presenter view folded into an expander (their values still apply)."""
    if presenting():
        return st.expander(t("lecture.controls"), icon=":material/tune:")
    return st.container()


def intro(section: str) -> None:
    """The lesson's intro: in the presenter view it is a button in the scene bar instead (scene_bar)."""
    if not presenting():
        st.container(key="lesson_intro").markdown(t(f"{section}.intro"))


# ---- scenes -------------------------------------------------------------------------------------------------
def scene_settings(lesson: str, n: int, lang: str) -> dict:
    """Session-state values scene n (1-based) sets: its controls and its open tab's label in `lang`."""
    sc = SCENES[lesson][n - 1]
    return {**sc.controls, TAB_KEYS[lesson]: tr(lang)(sc.tab)}


def _apply(lesson: str, n: int, keep_url: bool = False) -> None:
    lang = st.session_state.get(LANG_KEY) if st.session_state.get(LANG_KEY) in LANGS else "en"
    for key, value in scene_settings(lesson, n, lang).items():
        if keep_url and key in st.query_params:   # a link made after changing a scene's control keeps the change
            continue
        st.session_state[key] = value
    st.session_state[_APPLIED] = (lesson, n)


def _goto(lesson: str, n: int) -> None:
    st.session_state[SCENE_KEY] = n
    _apply(lesson, n)


def go_to_scene(lesson: str, n: int | None, tab: str | None = None) -> None:
    """Scene n (None: none) and tab `tab` (a translation key) of `lesson` as Next opens them (ui.classmode.pacing: a follower)."""
    if n is not None and 1 <= n <= len(SCENES.get(lesson, ())):
        _goto(lesson, n)
    else:
        st.session_state[SCENE_KEY] = None
    if tab and lesson in TAB_KEYS:
        st.session_state[TAB_KEYS[lesson]] = tr(current_lang())(tab)


def _picked(lesson: str) -> None:
    n = st.session_state.get(SCENE_KEY)
    if n:
        _apply(lesson, int(n))


def current_scene(lesson: str) -> Scene | None:
    n = st.session_state.get(SCENE_KEY)
    scenes = SCENES.get(lesson, ())
    return scenes[int(n) - 1] if isinstance(n, int) and 1 <= n <= len(scenes) else None


def scene_bar(lesson: str) -> None:
    """Previous/next (keyboard: ← and → with Alt), the scene chips kept in the URL as ?scene=N, the prompt and
    takeaway. A scene only sets the controls: the student can change any of them afterwards.

    The chips are not bound to the URL: the app itself writes scenes (Next, a class follow, a link), so ?scene
    is written by hand at the end of the run (finish_run), as ?lang is, and read on the page's first run, after
    a page switch and on back/forward (url_value)."""
    scenes = SCENES.get(lesson)
    if not scenes:
        return
    applied = st.session_state.get(_APPLIED)
    stale = applied is not None and applied[0] != lesson   # a scene number kept from another lesson's page
    if SCENE_KEY not in st.session_state or stale or _switched(lesson) or st_internals.history_navigation():
        raw = url_value(SCENE_KEY) or ""          # a link (or back/forward, or Back to it) sets its scene
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= len(scenes) and applied != (lesson, int(raw)):
            st.session_state[SCENE_KEY] = int(raw)
            _apply(lesson, int(raw), keep_url=True)
        elif stale:
            st.session_state[SCENE_KEY], st.session_state[_APPLIED] = None, None
    n = st.session_state.get(SCENE_KEY)
    n = n if isinstance(n, int) and 1 <= n <= len(scenes) else None
    with st.container(horizontal=True, vertical_alignment="center", key="scene_bar"):
        if presenting():   # the lesson's short name shares the bar's row: the chart is on the first screen
            st.html(f'<p class="lesson-title">{html.escape(t(f"nav.{lesson}"))}</p>', width="content")
        compact = presenting()   # the whole bar on one row: arrows only (the keys and the tooltip say the rest)
        st.button("" if compact else t("lecture.prev"), key="scene_prev", icon=":material/chevron_left:", shortcut="alt+left",
                  disabled=n is None or n <= 1, on_click=_goto, args=(lesson, (n or 1) - 1),
                  help=t("lecture.prev_help"))
        picked = st.segmented_control(t("lecture.scene"), list(range(1, len(scenes) + 1)), key=SCENE_KEY,
                                      on_change=_picked, args=(lesson,), label_visibility="collapsed")
        keep_in_url(SCENE_KEY, str(picked) if picked else None)
        st.button("" if compact else t("lecture.next"), key="scene_next", icon=":material/chevron_right:", icon_position="right",
                  shortcut="alt+right", disabled=n is not None and n >= len(scenes),
                  on_click=_goto, args=(lesson, (n or 0) + 1), help=t("lecture.next_help"))
        if n is not None:
            with st.popover(t("lecture.takeaway"), icon=":material/lightbulb:"):
                st.markdown(t(f"scenes.{lesson}.{scenes[n - 1].id}.takeaway"))
        if presenting():
            with st.popover(t("lecture.about"), icon=":material/info:"):
                st.markdown(t(f"{lesson}.intro"))
        share.share_panel(_view(lesson, n))
        st.button(t("lecture.reset"), key="lecture_reset", icon=":material/restart_alt:", on_click=reset,
                  help=t("lecture.reset_help"), type="tertiary")
    if n is not None:
        sc = scenes[n - 1]
        st.markdown(f"**{t('lecture.scene_n', n=n, total=len(scenes))} · {t(f'scenes.{lesson}.{sc.id}.title')}** — "
                    + t(f"scenes.{lesson}.{sc.id}.prompt"))
        question_slot(sc)


def _view(lesson: str, n: int | None) -> dict[str, str | None]:
    """The scene and the open tab this run shows, for the share panel (the URL has them at the run's end)."""
    view: dict[str, str | None] = {k: None for k in TAB_KEYS.values()}   # no other lesson's tab
    view[SCENE_KEY] = str(n) if n else None
    key, keys = TAB_KEYS.get(lesson), tab_keys(TAB_KEYS.get(lesson, ""))
    label = st.session_state.get(key) if key else None
    if key and keys and isinstance(label, str):
        view[key] = None if label == t(keys[0]) else label
    return view


# Everything of the page after the question box but the lesson's intro, while the answer is not out: blurred and
# not clickable.
_COVER_CSS = """<style>
[data-testid="stMainBlockContainer"] > div > div:has(.st-key-scene_question) ~ :not(:has(.st-key-lesson_intro)) {
  filter: blur(14px) grayscale(1); opacity: .45; pointer-events: none; user-select: none}
</style>"""


def question_slot(sc: Scene) -> None:
    """Where a class question attached to the scene is drawn, right under its prompt. Until its answer is out
    the lesson's results below are covered: predict first, then see the run."""
    if sc.question is None:
        return
    # Imported here: the questions compute their truths with the lessons' cached runs, and the lessons draw
    # through ui.page, which calls in here (a module-level import would be a cycle).
    from ui.lessons import questions

    with st.container(key="scene_question"):
        out = questions.render(sc.question)
        if not out:
            st.caption(t("lecture.covered"))
    if not out:
        st.html(_COVER_CSS)


# ---- reset ---------------------------------------------------------------------------------------------------
def reset() -> None:
    """on_click of Reset: every control of the page back to its default (ui.defaults), the open tab kept;
    language, seed and the presenter view stay."""
    defaults.reset(keep=(*GLOBAL_KEYS, *TAB_KEYS.values()))
    st.session_state.pop(_APPLIED, None)


# ---- the language switch -------------------------------------------------------------------------------------
def remember_tabs(key: str, tab_keys: tuple[str, ...]) -> None:
    st.session_state.setdefault(_TABS, {})[key] = tab_keys


def tab_keys(key: str) -> tuple[str, ...]:
    """The translation keys of the tabs of tab widget `key`, as this session last drew them (() before)."""
    return st.session_state.get(_TABS, {}).get(key, ())


def begin_page(lesson: str) -> None:
    """A lesson page's run starts (ui.page.header): its scene and tab are collected for the URL from here."""
    st.session_state[_HAND] = (lesson, {})
    defaults.begin({SCENE_KEY: None})   # the scene chips: no scene


def keep_in_url(key: str, value: str | None) -> None:
    """The URL's value of a parameter the app writes itself (the scene, the open tab), written at the end of the
    run (finish_run); None leaves it out."""
    lesson, hand = st.session_state.get(_HAND) or (None, {})
    hand[key] = value
    st.session_state[_HAND] = (lesson, hand)


def url_value(key: str) -> str | None:
    """The URL's value of a scene or tab parameter, if it is this page's: a link, back/forward, or a value the
    app did not write for another lesson. A value the app wrote for another lesson's page and the browser kept
    across a page switch (Streamlit keeps unbound parameters there) is not taken."""
    value = st.query_params.get(key)
    if value is None:
        return None
    lesson = (st.session_state.get(_HAND) or (None,))[0]
    owner, wrote = st.session_state.get(_URL_OWNER) or (None, {})
    if owner not in (None, lesson) and wrote.get(key) == str(value) and not st_internals.history_navigation():
        return None
    return str(value)


def _switched(lesson: str) -> bool:
    """This run is the first of `lesson`'s page after another lesson's (the last full run wrote its URL)."""
    return (st.session_state.get(_URL_OWNER) or (lesson,))[0] != lesson


def finish_run() -> None:
    """The end of every full run (app.py): the language into the URL, once the page's own URL-bound widgets have
    read theirs (written earlier, it would cost them their link values); the scene and the open tab this page
    drew (keep_in_url), and no other lesson's. Written by hand, as st.query_params allows for unbound
    parameters: a widget bound to the URL is written by Streamlit only when it existed in an earlier run, and a
    page a class follow opens, or a tab label translated on a language switch, is a new widget
    (tests/e2e/test_lecture.py switches the language, tests/e2e/test_class_follow.py keeps ?scene)."""
    lang = st.session_state.get(LANG_KEY)
    if lang in LANGS and st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    defaults.end_run()
    lesson, hand = st.session_state.pop(_HAND, None) or (None, {})
    if lesson is None and _URL_OWNER not in st.session_state:
        return   # no lesson drew yet in this session: a link's ?scene and tab wait for the page they are for
    for key in (SCENE_KEY, *TAB_KEYS.values()):
        value = hand.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
    if lesson is None:
        del st.session_state[_URL_OWNER]   # the URL holds no lesson's scene or tab now
    else:
        st.session_state[_URL_OWNER] = (lesson, {k: v for k, v in hand.items() if v is not None})


def seed_tab(key: str, tab_keys: tuple[str, ...]) -> None:
    """Before the tabs draw: on the page's first run and on back/forward, the URL's open tab, given by its label
    in any language (a Korean link opens the same tab of an English page). A value already set (a scene, the
    class) wins."""
    if key in st.session_state and not st_internals.history_navigation():
        return
    raw = url_value(key)
    for lang in LANGS:
        labels = [tr(lang)(k) for k in tab_keys]
        if raw in labels:
            st.session_state[key] = t(tab_keys[labels.index(raw)])
            return
    if st_internals.history_navigation():
        st.session_state[key] = t(tab_keys[0])


def translate_tabs(old: str, new: str) -> None:
    """On a language switch: the open tab is stored by its label, so store the new language's label (otherwise
    the page falls back to its first tab and the open tab's settings leave the URL)."""
    for key, tab_keys in st.session_state.get(_TABS, {}).items():
        label = st.session_state.get(key)
        labels = [tr(old)(k) for k in tab_keys]
        if label in labels:
            st.session_state[key] = tr(new)(tab_keys[labels.index(label)])
