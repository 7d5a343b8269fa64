"""Teacher-paced mode in the store, on SQLite and on a real PostgreSQL: the teacher's view and its version, the
pause, presence, and the same refusals as every other call."""
import pytest

from classroom import errors
from classroom.pacing import PRESENT_S
from tests.classroom.test_store import Clock


def test_the_view_moves_with_the_teacher_and_its_version_counts_changes(store):
    code, key = store.create_room()
    assert store.view(code) == {"page": None, "scene": None, "tab": None, "seed": 0, "data": None, "paced": True,
                                "paused": False, "version": 0, "revealed": False}
    v1 = store.set_view(code, key, page="initialization", scene=1, tab="initialization.tab.hist", seed=0)
    assert v1 == 1
    assert store.set_view(code, key, page="initialization", scene=1, tab="initialization.tab.hist", seed=0) == 1
    v2 = store.set_view(code, key, page="initialization", scene=4, tab="initialization.tab.stats", seed=0)
    assert v2 == 2
    assert store.view(code.lower()) == {"page": "initialization", "scene": 4, "tab": "initialization.tab.stats",
                                        "seed": 0, "data": None, "paced": True, "paused": False, "version": 2,
                                        "revealed": False}
    assert store.set_view(code, key, page="overview") == 3                     # a page without scenes or tabs
    assert store.view(code)["scene"] is None and store.view(code)["tab"] is None
    assert store.set_view(code, key, page="overview", seed=7) == 4               # the seed is part of the view
    assert store.set_view(code, key, page="overview", seed=7, paced=False) == 5  # so is letting students explore
    assert store.view(code)["paced"] is False


def test_the_teachers_drawing_travels_with_the_view(store):
    """A drawn data set (ui.lessons.owndata's code: 3 URL-safe characters a point, at most 500 points) is part of the
    view: a changed drawing is a new version, so following pages take it; the largest drawing fits."""
    code, key = store.create_room()
    drawing = "AbC-_9" * 250                                                      # 500 points: the most
    v1 = store.set_view(code, key, page="babysitting", tab="babysitting.tab.live", data=drawing)
    assert store.view(code)["data"] == drawing
    assert store.set_view(code, key, page="babysitting", tab="babysitting.tab.live", data=drawing) == v1
    assert store.set_view(code, key, page="babysitting", tab="babysitting.tab.live", data=drawing[:-3]) == v1 + 1
    assert store.set_view(code, key, page="babysitting", tab="babysitting.tab.live") == v1 + 2   # back to its data
    assert store.view(code)["data"] is None


def test_the_same_read_says_whether_a_question_is_revealed(store):
    code, key = store.create_room()
    assert store.view(code, "q1")["revealed"] is False          # never asked
    store.submit(code, "q1", "s1", 1.0)
    store.set_view(code, key, page="search", scene=2)
    assert not store.view(code, "q1")["revealed"] and not store.view(code)["revealed"]
    store.reveal(code, "q1", key)
    assert store.view(code, "q1")["revealed"] and not store.view(code, "q2")["revealed"]
    assert not store.view(code)["revealed"]                      # no question named: nothing revealed
    with pytest.raises(errors.InvalidId):
        store.view(code, "no spaces")


def test_only_the_teacher_sets_the_view_or_pauses(store):
    code, key = store.create_room()
    other_code, other_key = store.create_room()
    for call in (lambda k: store.set_view(code, k, page="batchnorm", scene=2), lambda k: store.pause(code, k),
                 lambda k: store.resume(code, k)):
        for bad in ("", key[:-1], other_key, None):
            with pytest.raises(errors.WrongTeacherKey):
                call(bad)
    assert store.view(code)["version"] == 0 and not store.view(code)["paused"]


def test_malformed_views_are_refused(store):
    code, key = store.create_room()
    for kw in ({"page": ""}, {"page": "<script>"}, {"page": "x" * 65}, {"page": "a", "scene": 0},
               {"page": "a", "scene": 100}, {"page": "a", "scene": "2"}, {"page": "a", "scene": True},
               {"page": "a", "tab": "tab label with spaces"}, {"page": "a", "seed": -1}, {"page": "a", "seed": 2**31},
               {"page": "a", "seed": 1.5}, {"page": "a", "question": "no spaces allowed"},
               {"page": "a", "data": ""}, {"page": "a", "data": "x" * 1501}, {"page": "a", "data": "ab=c"},
               {"page": "a", "data": "<svg>"}, {"page": "a", "data": 123}):
        with pytest.raises(errors.InvalidId):
            store.set_view(code, key, **kw)
    assert store.view(code)["version"] == 0


def test_pause_covers_until_resumed_and_keeps_the_view(store):
    code, key = store.create_room()
    store.pause(code, key)                          # before any view: the pause alone
    assert store.view(code)["paused"] and store.view(code)["version"] == 0
    store.set_view(code, key, page="search", scene=2, tab="search.s1.title")
    assert store.view(code)["paused"]               # moving on keeps the class paused
    store.pause(code, key)                          # idempotent
    store.resume(code, key)
    v = store.view(code)
    assert not v["paused"] and (v["page"], v["scene"], v["version"]) == ("search", 2, 1)


def test_presence_counts_who_is_here_and_who_follows(make_store):
    clock = Clock()
    store = make_store(clock=clock)
    code, key = store.create_room()
    assert store.presence(code) == {"joined": 0, "following": 0}
    for sid, following in (("s1", True), ("s2", True), ("s3", False)):
        store.seen(code, sid, following)
    assert store.presence(code) == {"joined": 3, "following": 2}
    store.seen(code, "s3", True)                   # back to following: the same student, counted once
    store.seen(code, "s1", False)
    assert store.presence(code) == {"joined": 3, "following": 2}
    clock.t += PRESENT_S - 1
    store.seen(code, "s2", True)
    clock.t += 2                                    # s1 and s3 stopped beating (closed the tab)
    assert store.presence(code) == {"joined": 1, "following": 1}
    store.leave(code, "s2")
    store.leave(code, "s2")                          # quiet when already gone
    assert store.presence(code) == {"joined": 0, "following": 0}
    with pytest.raises(errors.InvalidId):
        store.seen(code, "<b>", True)


def test_closed_expired_and_unknown_rooms_say_so(make_store):
    clock = Clock()
    store = make_store(clock=clock, ttl_s=60)
    code, key = store.create_room()
    store.seen(code, "s1", True)
    store.close(code, key)
    for call in (lambda: store.view(code), lambda: store.seen(code, "s1", True), lambda: store.presence(code),
                 lambda: store.set_view(code, key, page="a"), lambda: store.pause(code, key)):
        with pytest.raises(errors.RoomClosed):
            call()
    with store.backend.tx(write=False) as tx:       # closing forgets who was there
        assert tx.q("SELECT COUNT(*) FROM presence")[0][0] == 0
    code2, key2 = store.create_room()
    clock.t += 61
    with pytest.raises(errors.RoomExpired):
        store.view(code2)
    with pytest.raises(errors.UnknownRoom):
        store.view("23456789" if code != "23456789" else "98765432")
    with pytest.raises(errors.InvalidCode):
        store.view("hello")


def test_two_replicas_see_one_view(make_store):
    a, b = make_store(), make_store()             # two server processes on one database
    code, key = a.create_room()
    a.set_view(code, key, page="batchnorm", scene=3, tab="batchnorm.s2.title", seed=5)
    b.seen(code, "s1", True)
    b.pause(code, key)
    assert b.view(code)["scene"] == 3 and a.view(code)["paused"] and a.presence(code)["following"] == 1


def test_a_reloaded_page_that_answered_first_adopts_the_browsers_id(store):
    """The page joined by link under a new id and was answered before the browser said who it is: the answer
    becomes the student's (replacing theirs), counted once; other students and questions are untouched."""
    code, key = store.create_room()
    store.submit(code, "q1", "old", "a")
    store.submit(code, "q2", "old", 1.0)
    store.submit(code, "q1", "other", "a")
    store.submit(code, "q1", "new", "b")          # the reload's first answer, under its temporary id
    store.seen(code, "new", True)
    store.adopt(code, "new", "old")
    assert store.tally(code, "q1")["counts"] == {"a": 1, "b": 1}
    assert store.answer_of(code, "q1", "old") == "b" and store.answer_of(code, "q2", "old") == 1.0
    assert store.answer_of(code, "q1", "new") is None and store.presence(code)["joined"] == 0
    store.adopt(code, "old", "old")                # nothing to do
    assert store.tally(code, "q1")["n"] == 2


def test_a_rooms_pulse_changes_whenever_a_students_page_must_look_again(store):
    """The pulse ui.nudge watches: one read for many rooms, changed by a move (while teacher-paced), the pause,
    a reveal and its clearing, and the room's end; unchanged by what a page need not see (an answer, a view
    written again unchanged, a move while the students explore)."""
    code, key = store.create_room()
    other, other_key = store.create_room()
    pulse = lambda: store.pulses([code, other, "ZZZZ-ZZZZ"])[code]   # noqa: E731 - an unknown room is left out
    assert set(store.pulses([code, other, "ZZZZ-ZZZZ"])) == {code, other} and store.pulses([]) == {}
    seen = [pulse()]

    def changed(expected: bool) -> None:
        seen.append(pulse())
        assert (seen[-1] != seen[-2]) is expected, seen[-2:]

    store.set_view(code, key, page="initialization", scene=4)
    changed(True)
    store.set_view(code, key, page="initialization", scene=4)
    changed(False)                                   # the same view again: no new version
    store.submit(code, "init_he_relu", "s1", "ok", kind="choice", choices=("ok", "no"))
    changed(False)                                   # an answer is the teacher's tally, not the students' page
    store.pause(code, key)
    changed(True)
    store.resume(code, key)
    changed(True)
    store.reveal(code, "init_he_relu", key)
    changed(True)
    store.reset(code, "init_he_relu", key)
    changed(True)
    store.set_view(other, other_key, page="search")
    changed(False)                                   # another room moved
    store.set_view(code, key, page="initialization", scene=5, paced=False)
    changed(True)                                    # the class may explore now: said on every page
    store.set_view(code, key, page="initialization", scene=6, paced=False)
    changed(False)                                   # exploring pages do not move
    store.close(code, key)
    changed(True)
