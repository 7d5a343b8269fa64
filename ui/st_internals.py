"""The one door to Streamlit's private and undocumented APIs (streamlit==1.67.0, pinned in requirements.txt).

Every use of `streamlit.runtime`, `streamlit.proto` or an underscore attribute of a Streamlit object lives here,
behind a function named for what the app needs. Each docstring says what it relies on and which test breaks
when an upgrade changes it; tests/test_internals.py fails if any other module of the app reaches past this door.
On an upgrade: read this file top to bottom, run the tests each function names, and fix here.

Where 1.67 has a public way the app uses it instead (st.query_params for unbound parameters such as `lang`,
st.context for the URL and locale, st.fragment(run_every=...) for timers, st.navigation for routing)."""
from __future__ import annotations

import asyncio
from collections.abc import Callable


# ---- the script run -----------------------------------------------------------------------------------------
def session_id() -> str | None:
    """This run's session id (None outside a script run, e.g. a thread of our own).

    Relies on: streamlit.runtime.scriptrunner_utils.script_run_context.get_script_run_ctx().session_id.
    Breaks: tests/e2e/test_class_follow.py."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def fragment_id() -> str | None:
    """The id of the fragment this code runs in (None outside one).

    Relies on: ThreadState.get().fragment_id in streamlit.runtime.scriptrunner_utils.script_run_context.
    Breaks: tests/e2e/test_class_follow.py (a bar that registers no fragment is never pushed)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

    return ThreadState.get().fragment_id or None


def history_navigation() -> bool:
    """This run answers the browser's back/forward (or a pasted link): the URL's values win over the session's.

    Relies on: ScriptRunContext.is_history_navigation. No test goes back in the browser yet: an upgrade that
    drops the attribute raises AttributeError in every page with a data select (tests/app/test_babysitting.py)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.is_history_navigation)


def widget_keys_this_run() -> list[str]:
    """The user keys of the widgets drawn so far in this run ([] outside a run).

    Relies on: ScriptRunContext.shared.widget_user_keys_this_run (a thread-safe set with .snapshot()).
    Breaks: tests/classroom/test_follow.py (a student who moves a control stops following)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return [k for k in ctx.shared.widget_user_keys_this_run.snapshot() if isinstance(k, str)] if ctx else []


def drop_request_params(bad: Callable[[str], bool]) -> None:
    """Remove every URL parameter with a value for which `bad(value)` is true, from the URL and from the copy
    of the request's parameters that URL-bound widgets seed from (so they fall back to their defaults).

    Relies on: ctx.session_state.query_params() (a context manager on the QueryParams object), its
    _initial_query_params dict and remove_param. Breaks: tests/fuzz/test_pages_fuzz.py (?seed=inf)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with ctx.session_state.query_params() as qp:
        for key, values in list(qp._initial_query_params.items()):
            if any(bad(v) for v in values):
                del qp._initial_query_params[key]
                qp.remove_param(key)


# ---- routing ---------------------------------------------------------------------------------------------------
def legacy_pages_mode() -> bool:
    """True while this process still treats pages/ as a legacy multipage folder (no st.navigation seen yet).

    Relies on: the class attribute streamlit.runtime.pages_manager.PagesManager.uses_pages_directory.
    Breaks: tests/test_routing.py, tests/e2e/test_deep_link.py (a fresh server's first request is a
    deep link)."""
    from streamlit.runtime.pages_manager import PagesManager

    return bool(PagesManager.uses_pages_directory)


def leave_legacy_pages_mode() -> None:
    """Tell the process the app routes with st.navigation (app.py), so the next run goes through app.py.

    Relies on: PagesManager.uses_pages_directory (as legacy_pages_mode). Breaks: tests/test_routing.py,
    tests/e2e/test_deep_link.py."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


# ---- the server: pushes from a thread of our own ---------------------------------------------------------------
def runtime_exists() -> bool:
    """A server runtime runs this process (False under AppTest).

    Relies on: streamlit.runtime.Runtime.exists(). Breaks: tests/e2e/test_class_follow.py (no push under a
    server)."""
    from streamlit.runtime import Runtime

    return Runtime.exists()


def event_loop() -> asyncio.AbstractEventLoop | None:
    """The server's event loop (None when it is stopping or absent): where a session may be asked to rerun.

    Relies on: Runtime.instance()._get_async_objs().eventloop. Breaks: tests/e2e/test_class_follow.py."""
    from streamlit.runtime import Runtime

    try:
        return Runtime.instance()._get_async_objs().eventloop
    except Exception:
        return None


def rerun_fragment(sid: str, fid: str) -> str:
    """On the server's event loop: rerun fragment `fid` of session `sid` as the browser's own fragment timer
    would, with the session's last client state and no widget values of its own (nothing the user set since is
    undone). Only while the session runs nothing: a rerun asked for while its last run is ending would start a
    second script runner before the first one's end reached the browser (the race AppSession.request_rerun's
    comment describes for fragments). Returns "gone" (no such session), "absent" (no such fragment in its last
    run), "busy" (running: ask again later) or "asked".

    Relies on: Runtime.get_app_session, AppSession.has_fragment, AppSession._scriptrunner,
    AppSession._client_state, AppSession.request_rerun and ClientState's fields (fragment_id, is_auto_rerun,
    is_history_navigation, widget_states). Breaks: tests/e2e/test_class_follow.py."""
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime import Runtime

    session = Runtime.instance().get_app_session(sid)
    if session is None:
        return "gone"
    if not session.has_fragment(fid):
        return "absent"
    if session._scriptrunner is not None:   # running (or still shutting down)
        return "busy"
    state = ClientState()
    state.CopyFrom(session._client_state)
    state.ClearField("widget_states")
    state.fragment_id, state.is_auto_rerun, state.is_history_navigation = fid, True, False
    session.request_rerun(state)
    return "asked"

