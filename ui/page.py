"""Page furniture shared by every lesson: the title, the lazy tabs, the teaching text and chart output."""
from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from ui import lecture, share, st_internals
from ui.i18n import t
from viz.plotly_internals import property_dicts
from viz.style import presenter_style, readable_text

ROUTED = "_routed_by_app"  # session-state flag app.py sets on every run


def use_app_navigation() -> None:
    """Route a deep link through app.py even when it is a fresh server's very first request.

    Streamlit decides once per process whether the app uses the legacy pages/ folder: until some run
    of app.py has called st.navigation, a first visit to /<page> runs pages/<page>.py on its own, with
    no sidebar and the folder's auto-generated menu. Flip that decision and rerun, so the rerun goes
    through app.py. Sessions whose first run started in legacy mode while another session flipped the
    decision (a class opening one link together) are caught by the missing flag and rerun too
    (ui.st_internals.legacy_pages_mode; tests/e2e/test_deep_link.py guards this)."""
    if st_internals.legacy_pages_mode() or not st.session_state.get(ROUTED):
        st_internals.leave_legacy_pages_mode()
        st.rerun()


def header(section: str) -> None:
    """Title, the scene bar (scenes, share, reset) and the lesson's few sentences: what the student sees and
    what to try (folded away in the presenter view)."""
    use_app_navigation()
    share.set_page(section)
    lecture.begin_page(section)
    lecture.style()
    if not lecture.presenting():
        st.title(t(f"{section}.title"))
    lecture.scene_bar(section)
    lecture.intro(section)


def controls():
    """The container a page's own controls go in: compact (folded) in the presenter view."""
    return lecture.controls_box()


def lesson_tabs(key: str, tabs: Mapping[str, Callable[[], None]]) -> None:
    """The lesson's tabs, lazily: `tabs` maps each tab's translation key to the function that draws it,
    and only the open tab's function runs. `key` (stable in every language) is the URL parameter that
    holds the open tab's label, so a link opens the same tab: kept by hand (ui.lecture.seed_tab, keep_in_url),
    since the app itself opens tabs (scenes, the class, a language switch)."""
    lecture.remember_tabs(key, tuple(tabs))
    lecture.seed_tab(key, tuple(tabs))
    labels = [t(k) for k in tabs]
    drawn = st.tabs(labels, key=key, on_change="rerun")
    for i, (tab, body) in enumerate(zip(drawn, tabs.values(), strict=True)):
        if tab.open:
            lecture.keep_in_url(key, labels[i] if i else None)
            with tab:
                body()


def chart(fig, alt: str, key: str, *, table: bool = True) -> None:
    """One Plotly figure, full width; uirevision keeps the user's zoom across reruns. Large dark text in the
    presenter view; the toolbar's camera saves a PNG named by page, tab and settings; its data as CSV below, and
    as a table a screen reader can read. `alt` is the chart's text alternative, built from the result it plots
    (viz.alt): a screen reader announces it as the chart's name (WCAG 1.1.1). A partial figure drawn while its
    computation streams (ui.stream) takes table=False: the final one below it has the table."""
    layout, _ = property_dicts(fig)
    if layout is not None:            # the property dict, as viz.style.readable_text writes: a cached figure stays
        layout["uirevision"] = key    # light (ui.serving.fastpickle)
    else:
        fig.update_layout(uirevision=key)
    if lecture.presenting():
        presenter_style(fig)
    else:
        readable_text(fig)
    st.plotly_chart(fig, width="stretch", key=key, config=share.export_config(key), alt=alt)
    st.download_button(t("lecture.csv"), lambda: share.figure_csv(fig), file_name=share.export_name(key) + ".csv",
                       mime="text/csv", key=f"{key}_csv", on_click="ignore", type="tertiary",
                       icon=":material/download:")
    if table:
        data_table(fig, key)


TABLE_ROWS = 2000   # rows a chart's data table shows (the CSV has all): enough for every chart of the app but the
                    # digit images, few enough to send at once


def data_table(fig, key: str) -> None:
    """The chart's points as a table, folded; built only while open (its expander reruns the page on opening)."""
    box = st.expander(t("a11y.data_table"), key=f"{key}_table", on_change="rerun", icon=":material/table_view:")
    if not box.open:
        return
    rows = share.figure_rows(fig)
    cols = (t("a11y.col_trace"), t("a11y.col_name"), "x", "y", "z")
    shown = [dict(zip(cols, (i + 1, name, _cell(x), _cell(y), _cell(z)), strict=True))
             for i, name, x, y, z in rows[:TABLE_ROWS]]
    with box:
        st.dataframe(shown, hide_index=True, width="stretch", height=320)
        if len(rows) > TABLE_ROWS:
            st.caption(t("a11y.table_rows", shown=TABLE_ROWS, total=len(rows)))


def _cell(v) -> str:
    """A coordinate as text: numbers to 6 significant digits, a gap (None, NaN) as empty."""
    if v is None or v == "":
        return ""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return "" if f != f else f"{f:.6g}"


def notes(above):
    """Where notes on a chart go: `above` (a container made before the chart), or, in the presenter view, a new
    container after the chart, so that the chart is on the first screen."""
    return st.container() if lecture.presenting() else above


def lead(key: str, **fmt) -> None:
    """A tab's opening explanation: in the presenter view folded away (the teacher says it), so the chart is
    on the first screen."""
    if lecture.presenting():
        with st.expander(t("lecture.explain"), icon=":material/notes:"):
            st.markdown(t(key, **fmt))
    else:
        st.markdown(t(key, **fmt))


def aside(key: str, **fmt) -> None:
    """A side note: a caption, left out in the presenter view."""
    if not lecture.presenting():
        st.caption(t(key, **fmt))


def explain(key: str, **fmt) -> None:
    st.caption(t(key, **fmt))
