"""A database that cannot be opened raises StoreUnavailable (the UI then hides the class features)."""
import pytest

from classroom import StoreUnavailable, open_store
from classroom.pgtemp import free_port


def test_unwritable_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable) as e:
        open_store(str(blocker / "class.sqlite3"))  # works even as root: a file cannot hold a file
    assert e.value.code == "unavailable"


def test_not_a_database(tmp_path):
    bad = tmp_path / "class.sqlite3"
    bad.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreUnavailable):
        open_store(str(bad))


def test_default_path_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_DB", str(tmp_path / "env.sqlite3"))
    store = open_store()
    store.create_room()
    assert (tmp_path / "env.sqlite3").exists()
    monkeypatch.setenv("CLASSROOM_DB", f"sqlite:///{tmp_path}/url.sqlite3")
    open_store().create_room()
    assert (tmp_path / "url.sqlite3").exists()


def test_unreachable_postgresql():
    pytest.importorskip("psycopg")
    with pytest.raises(StoreUnavailable):
        open_store(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres")


def test_missing_driver(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_psycopg(name, *a, **kw):
        if name == "psycopg":
            raise ImportError("no psycopg")
        return real_import(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(StoreUnavailable, match="psycopg"):
        open_store("postgresql://postgres@127.0.0.1:1/postgres")
