"""Stores on both databases: a fresh SQLite file per test, and one real PostgreSQL server per session.

The server is Debian's `postgresql` (initdb + pg_ctl in a temp directory, a free port; see
classroom/pgtemp.py). Without its binaries or psycopg the PostgreSQL cases skip, except with CI=true,
where they fail. PostgreSQL cases are marked `slow` (starting the server takes a few seconds)."""
import os

import pytest

from classroom import open_store
from classroom.backends import TABLES
from classroom.pgtemp import TempPostgres, find_bindir


def _missing(why: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}: CI must test the PostgreSQL store (apt-get install postgresql)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def pg_url():
    if find_bindir() is None:
        _missing("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg is not installed")
    server = TempPostgres()
    url = server.start()
    yield url
    server.stop()


def drop_tables(url: str) -> None:
    import psycopg
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {', '.join(TABLES)}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "class.sqlite3")
    url = request.getfixturevalue("pg_url")
    drop_tables(url)  # every test starts from an empty database
    return url


@pytest.fixture
def make_store(db_url):
    """make_store(**open_store options) -> a Store on this test's database; all shut down after."""
    stores = []

    def make(**kw):
        stores.append(open_store(db_url, **kw))
        return stores[-1]

    yield make
    for s in stores:
        s.shutdown()


@pytest.fixture
def store(make_store):
    return make_store()
