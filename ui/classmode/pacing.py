"""Teacher-paced mode: a following student's page shows the teacher's page, scene and tab within a second or two,
in the student's own language and on the teacher's seed; a student who moves a control explores (said on screen)
until "Follow the teacher"; the teacher's pause covers every student's lesson. What the class shares lives in the
store (the teacher's view), what a page shows in its URL: any replica can serve anyone, and a reload rejoins.

Cheap by design: a student's class bar is a fragment that reads one small row (`store.view`) and reruns the app
only when the view's version changed. It runs when its room changes (ui.nudge: one watcher per process reads
every room's pulse four times a second and reruns the bars of a room that changed) and at least every
FOLLOW_S; a presence beat is written every BEAT_S. The teacher's
page writes its view only when it changed. `python -m benchmarks.load --class` measures both."""
from __future__ import annotations

import html
import time

import streamlit as st

from classroom import ClassroomError
from ui import lecture, st_internals
from ui.classmode import memory, nudge
from ui.classmode.asking import GONE, REFRESH_S, WATCH, later, membership, store, student_id
from ui.classmode.asking import PENDING as _CLASS_ERROR
from ui.classmode.room import PACED
from ui.controls import SEED_KEY, seed
from ui.i18n import current_lang, t, tr
from ui.lessons import owndata
from ui.nav import LESSONS
from ui.scenes import SCENES, TAB_KEYS

FOLLOW_S = 5.0      # a student's page reads the teacher's view at least this often; a change of its room reruns
                    # the read at once (ui.nudge), so this timer is only the fallback
BEAT_S = 10.0       # … and says it is here this often (classroom.pacing.PRESENT_S counts the last 30 s)
_ROOM, _FOLLOW = "pacing.room", "pacing.following"
_APPLIED = "pacing.applied"   # the view this page follows: (version, page, scene, tab)
_TARGET, _BEAT, _HERE, _PUBLISHED = "pacing.pending", "pacing.beat", "pacing.here", "pacing.published"
_DRAWN = "pacing.drawn"   # the controls the last full run drew and their values (moved_controls)
_APPLIED_AT = "pacing.applied_at"   # when (time.monotonic) the page last took the teacher's view
STALE_S = 3.0             # another page this soon after a follow is a stale rerun of the old one, not exploring
# Widgets that are not the lesson's controls: answering, the class panel, this bar, the browser memory, the
# presenter view, the share panel. Moving any other keyed widget (a slider, a tab, the seed, Next) is exploring.
NOT_CONTROLS = ("classroom", "pacing", "room", "present", "share_panel", memory.KEY)
NOT_CONTROL_ENDS = ("_table",)   # a chart's data table (ui.page.data_table): reading it is not exploring
DATA_KEYS = {"babysitting": "ds", "search": "sr_ds", "optimisation": "op_n_ds"}   # a page's data select: its drawn set travels with the view
_PAGES = {lesson.slug: lesson.file for lesson in LESSONS} | {"glossary": "pages/glossary.py",
                                                             "overview": "pages/home.py"}

_COVER = """<div class="class-paused" role="alert"><p class="eyes">{title}</p><p>{sub}</p></div><style>
.class-paused {{position: fixed; inset: 0; z-index: 1000002; display: flex; flex-direction: column; gap: 1rem;
  align-items: center; justify-content: center; text-align: center; padding: 2rem; background: #fff}}
.class-paused p {{margin: 0; color: #1a1a1a; font-size: 1.3rem}}
.class-paused p.eyes {{font-size: clamp(2rem, 6vw, 4rem); font-weight: 700}}
</style>"""


def page_of(url_path: str) -> str:
    """The view's name of a page: its url path, the home page as "overview" (at "/" and at "/home")."""
    return url_path if url_path in _PAGES else "overview"


def following() -> bool:
    return bool(st.session_state.get(_FOLLOW, True))


# ---- every full run (app.py) ------------------------------------------------------------------------------------
def start_run() -> None:
    """Top of every full run, before any widget draws: a student who moved a control now explores; the view the
    teacher moved to brings its seed (the sidebar draws the seed next)."""
    code, key = membership()
    if not code or key:
        return
    if st.session_state.get(_ROOM) != code:           # a new class (or a rejoin): follow from its current view
        st.session_state.update({_ROOM: code, _FOLLOW: True, _APPLIED: None, _BEAT: 0.0})
    st.session_state[WATCH] = []                      # this run's questions waiting for a reveal (ui.classmode)
    if following() and moved_controls():
        _explore()
    pending = st.session_state.get(_TARGET)
    if pending and following():
        st.session_state[SEED_KEY] = pending["seed"]
        if pending.get("data") and pending["page"] in DATA_KEYS:   # the teacher trains on a drawing: so do we
            owndata.set_drawn(pending["data"], replace=owndata.drawn_code() != pending["data"])
            st.session_state[DATA_KEYS[pending["page"]]] = owndata.DRAWN
        st.session_state[_DRAWN] = {}      # values set here are not the student's: compare from the next full run


def on_page(url_path: str) -> None:
    """After st.navigation, before the page draws: a following student's page takes the teacher's scene and tab,
    a student who opened another page explores; then the class bar (the teacher's counts and pause, or the
    student's follow state and the pause cover)."""
    code, key = membership()
    if not code:
        nudge.forget()
        return
    page = page_of(url_path)
    st.session_state[_HERE] = page
    if key:
        if (st.session_state.get(_PUBLISHED) or {}).get("page") == page:
            publish(code, key, url_path)   # Next, a scene, a tab: the view is known now, before the page draws
        _teacher_bar(code, key)
        return
    # A switch to the teacher's page can be overtaken by a rerun the browser asked for the old page: the target
    # stays pending and the next poll switches again.
    pending = st.session_state.get(_TARGET)
    if pending and following() and pending["page"] == page:
        del st.session_state[_TARGET]
        lecture.go_to_scene(page, pending["scene"], pending["tab"])
        st.session_state[_APPLIED] = (pending["version"], page, pending["scene"], pending["tab"])
        st.session_state[_APPLIED_AT] = time.monotonic()
    elif following() and (applied := st.session_state.get(_APPLIED)) and not pending:
        if applied[1] != page and time.monotonic() - st.session_state.get(_APPLIED_AT, 0.0) < STALE_S:
            # A rerun of the old page the browser sent before the switch reached it (a text box committed on
            # blur, a click's rerun): not the student's choice. The next poll switches again.
            st.session_state[_APPLIED] = None
        elif applied[1] != page:    # the student opened another page (a switch still on its way is `pending`)
            _explore()
        elif st.session_state.get(lecture.SCENE_KEY) != applied[2]:
            # The scene chips of a page the follow switched to can come back empty from the browser on a later
            # rerun (their first value was set by the follow, not by a click): show the teacher's scene again.
            lecture.go_to_scene(page, applied[2], applied[3])
    _student_bar(code)


def end_run(url_path: str) -> None:
    """End of every full run: the teacher's view into the store when it changed (publish); a student's page
    remembers the controls it drew (moved_controls compares the next run's)."""
    code, key = membership()
    if code and key:
        publish(code, key, url_path)
    elif code:
        _remember_controls()


def publish(code: str, key: str, url_path: str) -> None:
    """The teacher's view (page, scene, tab, seed, paced) into the store, when it changed since the last write."""
    s = store()
    if s is None:
        return
    page = page_of(url_path)
    scenes = SCENES.get(page, ())
    n = st.session_state.get(lecture.SCENE_KEY)
    n = n if isinstance(n, int) and 1 <= n <= len(scenes) else None
    view = {"page": page, "scene": n, "tab": open_tab(page), "seed": seed(),
            "paced": bool(st.session_state.get(PACED, True)), "question": scenes[n - 1].question if n else None,
            "data": drawing(page)}
    if view == st.session_state.get(_PUBLISHED):
        return
    try:
        s.set_view(code, key, **view)
    except ClassroomError:
        return                                            # the panel and the bar say why on their next read
    st.session_state[_PUBLISHED] = view


def drawing(page: str) -> str | None:
    """The teacher's drawn data set when the page trains on it (its data select on "drawn"), else None."""
    if page not in DATA_KEYS or st.session_state.get(DATA_KEYS[page]) != owndata.DRAWN:
        return None
    return owndata.drawn_code() or None


def open_tab(lesson: str) -> str | None:
    """The translation key of the lesson's open tab (its first until one is picked); None on a page without tabs."""
    if lesson not in TAB_KEYS:
        return None
    keys = lecture.tab_keys(TAB_KEYS[lesson])
    label = st.session_state.get(TAB_KEYS[lesson])
    return next((k for k in keys if tr(current_lang())(k) == label), keys[0] if keys else None)


def moved_controls() -> set[str]:
    """Keys of the lesson's controls whose value differs from what the last full run drew: the user moved them
    (or pressed Next, whose callback moved them) for this run. Read before this run applies anything."""
    drawn = st.session_state.get(_DRAWN) or {}
    moved = set()
    for k, value in drawn.items():
        try:
            now = st.session_state[k] if k in st.session_state else value
            if now != value and not (k == lecture.SCENE_KEY and now is None):   # an emptied chip: see on_page
                moved.add(k)
        except Exception:  # a widget whose value cannot be read back (a trigger): not a control
            continue
    return moved


def _remember_controls() -> None:
    """End of a student's full run: the value of every control the run drew (ui.st_internals.widget_keys_this_run;
    tests/classroom/test_follow.py)."""
    drawn = {}
    for k in st_internals.widget_keys_this_run():
        if not k.startswith(NOT_CONTROLS) and not k.endswith(NOT_CONTROL_ENDS) \
                and k in st.session_state:
            try:
                drawn[k] = st.session_state[k]
            except Exception:  # noqa: S112 - as above
                continue
    st.session_state[_DRAWN] = drawn


def _explore() -> None:
    st.session_state[_FOLLOW] = False
    st.session_state[_BEAT] = 0.0                        # say so at once: the teacher's count drops now


def _follow_again() -> None:
    st.session_state.update({_FOLLOW: True, _APPLIED: None, _BEAT: 0.0})


# ---- the student's bar: one small read a second -----------------------------------------------------------------
@st.fragment(run_every=FOLLOW_S)
def _student_bar(code: str) -> None:
    """One read a poll: the teacher's view, the pause and the reveal of the question this page waits on."""
    s = store()
    if s is None:
        return
    nudge.listen(code, s)                                # the room's next change reruns this bar at once
    waiting = (st.session_state.get(WATCH) or [None])[0]
    try:
        v = s.view(code, waiting)
        if time.time() - st.session_state.get(_BEAT, 0.0) >= BEAT_S:
            s.seen(code, student_id(), following() and v["paced"])
            st.session_state[_BEAT] = time.time()
    except ClassroomError as e:
        if e.code in GONE:                               # the class ended: the class panel says so
            st.session_state[_CLASS_ERROR] = e
            memory.write(student=None, tab="")
            st.rerun(scope="app")
        return
    if v["paused"]:
        st.html(_COVER.format(title=html.escape(t("pacing.eyes")), sub=html.escape(t("pacing.eyes_sub"))))
    if v["paced"] and following() and v["version"] and (v["version"], v["page"]) != (st.session_state.get(_APPLIED)
                                                                                    or (None, None))[:2]:
        _go(code, v)
    if v["revealed"]:
        st.rerun(scope="app")                            # the truth is out: the page shows it
    if not v["paced"]:
        st.caption(":material/explore: " + t("pacing.free"))
    elif following():
        st.caption(":material/sync: " + t("pacing.following"))
    else:                                                # the only case with a button: a row of its own
        with st.container(horizontal=True, vertical_alignment="center", key="pacing_bar"):
            st.markdown(":material/explore: **" + t("pacing.exploring") + "**", width="content")
            st.button(t("pacing.follow"), key="pacing_follow", icon=":material/sync:", type="primary",
                      on_click=_follow_again)


def _go(code: str, v: dict) -> None:
    """Move this page to the teacher's view: another page by switch_page (in the student's language and view
    mode), the same page by a rerun; the next full run applies the seed, scene and tab (start_run, on_page)."""
    st.session_state[_TARGET] = v
    if v["page"] == st.session_state.get(_HERE) or v["page"] not in _PAGES:
        st.rerun(scope="app")
    params = {"lang": current_lang()} | ({"present": "1"} if st.query_params.get("present") == "1" else {})
    st.switch_page(_PAGES[v["page"]], query_params=params)   # the bound seed and scene: set by on_page


# ---- the teacher's bar: who is here, who follows, who answered; the pause ----------------------------------------
@st.fragment(run_every=REFRESH_S)
def _teacher_bar(code: str, key: str) -> None:
    s = store()
    if s is None:
        return
    page = st.session_state.get(_HERE, "")
    n = st.session_state.get(lecture.SCENE_KEY)
    scenes = SCENES.get(page, ())
    qid = scenes[n - 1].question if isinstance(n, int) and 1 <= n <= len(scenes) else None
    try:
        here, v = s.presence(code), s.view(code)
        answered = s.tally(code, qid)["n"] if qid else None
    except ClassroomError:
        return
    status = t("pacing.status", joined=here["joined"], following=here["following"])
    if answered is not None:
        status += " · " + t("pacing.answered", n=answered)
    with st.container(horizontal=True, vertical_alignment="center", key="pacing_teacher"):
        st.markdown(f":material/groups: {status}", width="content")
        if v["paused"]:
            st.button(t("pacing.resume"), key="pacing_resume", icon=":material/play_arrow:", type="primary",
                      on_click=later, args=(s.resume, code, key))
            st.caption(t("pacing.paused_note"))
        else:
            st.button(t("pacing.pause"), key="pacing_pause", icon=":material/pause:", on_click=later,
                      args=(s.pause, code, key), help=t("pacing.pause_help"))
