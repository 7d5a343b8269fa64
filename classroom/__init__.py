"""The class-tally store for "predict, then reveal": SQLite by default, PostgreSQL by URL; no Streamlit."""
from classroom.errors import ClassroomError, StoreUnavailable
from classroom.store import Store, open_store

__all__ = ["ClassroomError", "Store", "StoreUnavailable", "open_store"]
