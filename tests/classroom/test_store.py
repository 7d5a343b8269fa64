"""The store's rules on SQLite and on a real PostgreSQL: answers, tallies, reveal, keys, expiry, bounds."""
import pytest

from classroom import errors
from classroom.codes import display_code


class Clock:
    def __init__(self, t=1_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


def test_submit_tally_and_change_counted_once(store):
    code, key = store.create_room()
    store.submit(code, "init.std10", "s1", 0.5)
    store.submit(code, "init.std10", "s2", 0.5)
    store.submit(code, "init.std10", "s3", "2e-3", kind="number")
    store.submit(code, "init.std10", "s1", 1.0)  # s1 changes their mind
    t = store.tally(code, "init.std10")
    assert t == {"kind": "number", "n": 3, "counts": {0.5: 1, 1.0: 1, 0.002: 1},
                 "values": [0.002, 0.5, 1.0], "revealed": False}
    assert store.answer_of(code, "init.std10", "s1") == 1.0
    assert store.answer_of(code, "init.std10", "nobody") is None
    for s, a in [("s1", "b"), ("s2", "b"), ("s3", "a"), ("s1", "c")]:
        store.submit(display_code(code).lower(), "bn.test1", s, a, choices=("a", "b", "c"))
    assert store.tally(code, "bn.test1")["counts"] == {"a": 1, "b": 1, "c": 1}
    assert store.tally(code, "never.asked") == {"kind": None, "n": 0, "counts": {}, "values": [], "revealed": False}
    assert store.status(code)["questions"] == {"init.std10": {"kind": "number", "n": 3, "revealed": False},
                                               "bn.test1": {"kind": "choice", "n": 3, "revealed": False}}


def test_reveal_needs_the_key_and_freezes_answers(store):
    code, key = store.create_room()
    other_code, other_key = store.create_room()
    store.submit(code, "q", "s1", "a")
    for bad in ["", "x", key[:-1], other_key, None]:
        with pytest.raises(errors.WrongTeacherKey):
            store.reveal(code, "q", bad)
    with pytest.raises(errors.WrongTeacherKey):
        store.close(code, other_key)
    with pytest.raises(errors.WrongTeacherKey):
        store.reset(code, "q", other_key)
    assert not store.is_revealed(code, "q")
    store.submit(code, "q", "s1", "b")  # still open: the change is taken
    store.reveal(code, "q", key)
    store.reveal(code, "q", key)  # idempotent
    with pytest.raises(errors.AlreadyRevealed) as e:
        store.submit(code, "q", "s1", "c")
    assert e.value.code == "already_revealed"
    with pytest.raises(errors.AlreadyRevealed):
        store.submit(code, "q", "s2", "c")
    assert store.tally(code, "q") == {"kind": "choice", "n": 1, "counts": {"b": 1}, "values": [], "revealed": True}
    store.reset(code, "q", key)
    assert store.tally(code, "q")["n"] == 0 and not store.is_revealed(code, "q")
    store.submit(code, "q", "s1", 3.0)  # after a reset the question may even change kind


def test_the_key_is_stored_only_as_a_hash(store):
    code, key = store.create_room()
    with store.backend.tx(write=False) as tx:
        rows = tx.q("SELECT * FROM rooms")
    assert key not in repr(rows) and code in repr(rows)


def test_wrong_kind_and_malformed_answers_change_nothing(store):
    code, _ = store.create_room()
    store.submit(code, "q", "s1", 2.0)
    for bad in [float("nan"), float("inf"), "abc", 1e300, 10 ** 400]:
        with pytest.raises(errors.InvalidAnswer):
            store.submit(code, "q", "s1", bad, kind="number")
    with pytest.raises(errors.InvalidAnswer) as e:
        store.submit(code, "q", "s1", "b")
    assert e.value.reason == "wrong_kind"
    with pytest.raises(errors.InvalidAnswer):
        store.submit(code, "q2", "s1", "x" * 65)
    with pytest.raises(errors.InvalidId):
        store.submit(code, "q", "<b>s1</b>", 1.0)
    assert store.tally(code, "q")["counts"] == {2.0: 1}
    assert store.status(code)["questions"].keys() == {"q"}


def test_unknown_closed_and_invalid_codes(store):
    code, key = store.create_room()
    unknown = "23456789" if code != "23456789" else "98765432"
    with pytest.raises(errors.UnknownRoom) as e:
        store.submit(unknown, "q", "s1", 1.0)
    assert e.value.code == "unknown_room"
    with pytest.raises(errors.InvalidCode):
        store.tally("hello", "q")
    store.submit(code, "q", "s1", 1.0)
    store.close(code, key)
    store.close(code, key)  # idempotent
    for call in (lambda: store.submit(code, "q", "s1", 2.0), lambda: store.tally(code, "q"),
                 lambda: store.reveal(code, "q", key)):
        with pytest.raises(errors.RoomClosed):
            call()


def test_rooms_expire(make_store):
    clock = Clock()
    store = make_store(clock=clock, ttl_s=3600)
    code, key = store.create_room()
    store.submit(code, "q", "s1", 1.0)
    clock.t += 3599
    assert store.tally(code, "q")["n"] == 1
    clock.t += 1
    for call in (lambda: store.submit(code, "q", "s2", 1.0), lambda: store.tally(code, "q"),
                 lambda: store.reveal(code, "q", key), lambda: store.status(code)):
        with pytest.raises(errors.RoomExpired) as e:
            call()
        assert e.value.code == "room_expired"
    clock.t += 3601  # one more TTL: the next room creation forgets it entirely
    store.create_room()
    with pytest.raises(errors.UnknownRoom):
        store.tally(code, "q")
    with store.backend.tx(write=False) as tx:
        assert tx.q("SELECT COUNT(*) FROM answers")[0][0] == 0


def test_answers_per_question_bounded(make_store):
    store = make_store(max_answers=3)
    code, _ = store.create_room()
    for s in ("s1", "s2", "s3"):
        store.submit(code, "q", s, "a")
    with pytest.raises(errors.QuestionFull) as e:
        store.submit(code, "q", "s4", "a")
    assert e.value.code == "question_full" and "limit 3" in str(e.value)
    store.submit(code, "q", "s3", "b")  # an existing student may still change
    store.submit(code, "other", "s4", "a")  # the bound is per question
    assert store.tally(code, "q")["counts"] == {"a": 2, "b": 1}


def test_rooms_per_server_bounded(make_store):
    clock = Clock()
    store = make_store(max_rooms=2, clock=clock, ttl_s=60)
    first, key = store.create_room()
    store.create_room()
    with pytest.raises(errors.ServerFull) as e:
        store.create_room()
    assert e.value.code == "server_full"
    store.close(first, key)  # a closed room frees its place
    store.create_room()
    clock.t += 61  # so does an expired one
    store.create_room()
    store.create_room()
    with pytest.raises(errors.ServerFull):
        store.create_room()


def test_two_stores_on_one_database_share_rooms(make_store):
    a, b = make_store(), make_store()  # two replicas (or two server processes) on one database
    code, key = a.create_room()
    b.submit(code, "q", "s1", "a")
    a.reveal(code, "q", key)
    assert b.tally(code, "q")["revealed"] and a.tally(code, "q")["n"] == 1


def test_ended_rooms_never_block_new_ones(make_store):
    store = make_store(max_rooms=2)  # keeps at most 5 × 2 rooms, ended ones included
    for _ in range(25):
        code, key = store.create_room()
        store.close(code, key)
    store.create_room()
    with store.backend.tx(write=False) as tx:
        assert tx.q("SELECT COUNT(*) FROM rooms")[0][0] <= 10
    with pytest.raises(errors.RoomClosed):
        store.tally(code, "q")  # the latest ended room still says why
