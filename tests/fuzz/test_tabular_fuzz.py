"""The CSV reader fuzzed with arbitrary bytes and random tables: it returns a Dataset or raises its own
DataFileError, never anything else (no traceback can reach a student who uploads a strange file)."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.data import Dataset
from sim.tabular import DataFileError, read_dataset

CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**30, 10**30).map(str),
    st.sampled_from(["", " ", "nan", "inf", "-0", "1e400", "=1+1", "@A1", "+cmd", "-x", '"q"', '"a,b"', "가",
                     "\t=2", "0x10", "1_000", "١٢", "∞", "1e-400", " 3 ", "True"]),
    st.text(max_size=6),
)


@st.composite
def tables(draw) -> bytes:
    """A table that is often valid: a header, rows of numbers with occasional odd cells, a label column."""
    n_cols, n_rows = draw(st.integers(1, 5)), draw(st.integers(0, 30))
    header = draw(st.lists(st.text(min_size=0, max_size=5).filter(lambda s: "\n" not in s and "\r" not in s),
                           min_size=n_cols + 1, max_size=n_cols + 1, unique=True))
    if draw(st.integers(0, 3)):
        header = [f"f{j}" for j in range(n_cols)] + ["label"]
    rows = []
    for _ in range(n_rows):
        odd = draw(st.integers(0, 40)) == 0
        cells = [draw(CELLS) if odd else f"{draw(st.floats(-1e6, 1e6)):.4g}" for _ in range(n_cols)]
        cells.append(draw(st.sampled_from(["a", "b", "1", "2.0", "고"])) if not odd else draw(CELLS))
        if draw(st.integers(0, 60)) == 0:
            cells = cells[: draw(st.integers(0, len(cells)))]
        rows.append(",".join(cells))
    sep = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    return sep.join([",".join(header), *rows]).encode(draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16"])))


def case(raw: bytes, label: str | None) -> None:
    try:
        d = read_dataset(raw, label)
    except DataFileError as e:
        assert e.code and str(e)
        return
    assert isinstance(d, Dataset) and d.n_classes >= 2
    assert np.all(np.isfinite(d.X_train)) and np.all(np.isfinite(d.X_val))
    assert set(np.unique(d.y_train)) == set(range(d.n_classes))   # every class is trained on


def test_known_hard_inputs():
    for raw in (b"\x00", b"a,b\r\n1,2\r", b'"', b"a,b\n" * 5, b"\xef\xbb\xbf", b",\n,\n,", "ä,b\n1,x\n2,y\n1,x\n2,y".encode("latin-1"),
                b"a,label\n1e308,x\n-1e308,y\n1e308,x\n-1e308,y\n", b"a,label\n1,x\n2,y\n3,x\n4,y"):
        case(raw, None)


@given(st.binary(max_size=2000), st.sampled_from([None, "label", "a", ""]))
def test_arbitrary_bytes(raw, label):
    case(raw, label)


@given(tables(), st.sampled_from([None, "label", "f0"]))
def test_random_tables(raw, label):
    case(raw, label)
