"""A student's own data as a CSV file: numeric feature columns and one label column, read into arrays.

    table = read_csv(raw_bytes)                 # the label column: `label`, else `y`, else the last one
    table = read_csv(raw_bytes, label="class")  # or named
    d = sim.data.from_arrays(table.X, table.y, name="upload")   # the same Dataset the bundled sets are

Every refusal is a `DataFileError` with a stable `code` and the details a message needs (the column and
the 1-based row of the offending cell, the limit that was passed): bad bytes, not CSV, a ragged row, a
missing or non-numeric cell, NaN or infinite values, a formula-looking cell (CSV injection: a cell a
spreadsheet would run, such as =HYPERLINK(…)), one class only, a class with a single example, too many
rows, columns, classes or bytes. Nothing else escapes (tests/fuzz/test_tabular_fuzz.py feeds it arbitrary
bytes). Limits are checked before the work they bound: the byte and row counts before decoding."""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass

import numpy as np

from sim.data import Dataset, from_arrays

MAX_BYTES = 48 * 1024 * 1024   # 20 000 × 256 numbers of 6 digits fit; the uploader refuses more before sending
MAX_ROWS = 20_000              # data rows, after the header
MAX_FEATURES = 256
MAX_ABS = 1e100                # larger magnitudes overflow the standardisation's squares: refused
MAX_CLASSES = 50               # more distinct labels than this is a continuous column, not classes
LABEL_NAMES = ("label", "y")   # the label column when none is named: the first of these, else the last column
_FORMULA = re.compile(r"^\s*[=+\-@\t\r]")   # what a spreadsheet would evaluate (OWASP "CSV injection")


class DataFileError(ValueError):
    """A file this reader refuses: `code` is stable (a translation key), `details` fill its message."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code, self.details = code, details


@dataclass(frozen=True)
class Table:
    """A CSV read into arrays: X (N, D) float64 features, y (N,) class indices 0..C-1."""
    X: np.ndarray
    y: np.ndarray
    features: tuple[str, ...]   # the feature columns' names, in order
    label: str                  # the label column's name
    classes: tuple[str, ...]    # class index -> the label as written in the file
    columns: tuple[str, ...]    # every column's name, in the file's order


def _decode(raw: bytes) -> str:
    if not raw.strip():
        raise DataFileError("empty", "the file is empty")
    if len(raw) > MAX_BYTES:
        raise DataFileError("too_big", f"the file has {len(raw)} bytes (limit {MAX_BYTES})", limit=MAX_BYTES >> 20)
    if raw.count(b"\n") > MAX_ROWS + 1 and len(raw.rstrip(b"\r\n").split(b"\n")) > MAX_ROWS + 1:
        raise DataFileError("too_many_rows", f"more than {MAX_ROWS} rows", limit=MAX_ROWS)
    if b"\x00" in raw:
        raise DataFileError("not_text", "the file holds binary data (a NUL byte), not CSV text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataFileError("encoding", f"the file is not UTF-8 text (byte {e.start})", byte=e.start) from None


def _split(text: str) -> tuple[list[str], str, int]:
    """The header's cells, the body's text and the file line the body starts on (1-based)."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not any(line.strip() for line in lines[first + 1:]):
        raise DataFileError("no_rows", "a header row and at least one data row are needed")
    try:
        header = next(csv.reader([lines[first]], strict=True))
    except (csv.Error, StopIteration) as e:
        raise DataFileError("not_csv", f"the header is not a CSV row: {e}") from None
    return [c.strip() for c in header], "\n".join(lines[first + 1:]), first + 2


def _header(names: list[str], label: str | None) -> int:
    """The label column's index; the header's own checks."""
    if len(names) < 2:
        raise DataFileError("one_column", "at least one feature column and a label column are needed")
    if len(names) - 1 > MAX_FEATURES:
        raise DataFileError("too_many_columns", f"{len(names) - 1} feature columns (limit {MAX_FEATURES})",
                            n=len(names) - 1, limit=MAX_FEATURES)
    for name in names:
        if _formula(name):
            raise DataFileError("formula", f"the header cell {name[:40]!r} looks like a formula", column=name[:40], row=1)
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise DataFileError("duplicate_column", f"two columns are named {dup!r}", column=dup[:40])
    if label is not None:
        if label not in names:
            raise DataFileError("no_label", f"no column named {label!r}", column=label[:40])
        return names.index(label)
    lowered = [n.lower() for n in names]
    return next((lowered.index(c) for c in LABEL_NAMES if c in lowered), len(names) - 1)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _formula(cell: str) -> bool:
    return bool(_FORMULA.match(cell)) and not _is_number(cell.strip())


def _cell_error(body: str, start: int, names: list[str], lab: int) -> DataFileError:
    """The first bad cell, named by column and file line (the header is line 1). Slow: for messages only."""
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    try:
        for row in reader:
            i = reader.line_num + start - 1
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(names):
                return DataFileError("ragged", f"row {i} has {len(row)} cells, the header {len(names)}",
                                     row=i, n=len(row), expected=len(names))
            for j, cell in enumerate(row):
                c, where = cell.strip(), {"column": names[j][:40], "row": i}
                if _formula(cell):
                    return DataFileError("formula", f"row {i}, column {names[j]!r} looks like a formula", **where)
                if not c:
                    return DataFileError("missing", f"row {i}, column {names[j]!r} is empty", **where)
                if j == lab:
                    continue
                if not _is_number(c):
                    return DataFileError("non_numeric", f"row {i}, column {names[j]!r}: {c[:20]!r} is not a number",
                                         value=c[:20], **where)
                if not math.isfinite(float(c)):
                    return DataFileError("non_finite", f"row {i}, column {names[j]!r} is {c[:20]}",
                                         value=c[:20], **where)
                if abs(float(c)) > MAX_ABS:
                    return DataFileError("too_large", f"row {i}, column {names[j]!r}: {c[:20]} is beyond ±{MAX_ABS:g}",
                                         value=c[:20], **where)
    except csv.Error as e:
        return DataFileError("not_csv", f"not CSV near row {reader.line_num + start - 1}: {e}",
                             row=reader.line_num + start - 1)
    return DataFileError("not_csv", "the table could not be read as numbers and one label column")


def _parse(body: str, n_cols: int, lab: int) -> tuple[np.ndarray, list[str]]:
    """The body in one pass of NumPy's C parser: features (N, D) and the label cells as written. The label
    column goes through a converter (one Python call per row) so labels may be words."""
    seen: dict[str, int] = {}

    def code(cell: str) -> float:
        return float(seen.setdefault(cell.strip(), len(seen)))

    table = np.loadtxt(io.StringIO(body), delimiter=",", quotechar='"', comments=None, ndmin=2,
                       dtype=np.float64, converters={lab: code})
    if table.shape[1] != n_cols:
        raise ValueError("column count")
    names = list(seen)
    return np.delete(table, lab, axis=1), [names[int(k)] for k in table[:, lab]]


def _labels(cells: list[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Class indices ordered by the labels' value (numbers: 1, 1.0 and 1e0 are one class) or text."""
    distinct = set(cells)
    if all(_is_number(c) and math.isfinite(float(c)) for c in distinct):
        uniq, y = np.unique(np.array([float(c) for c in cells]), return_inverse=True)
        return y.astype(np.int64), tuple(f"{v:g}" for v in uniq)
    uniq, y = np.unique(np.array(cells, dtype=str), return_inverse=True)
    return y.astype(np.int64), tuple(str(v) for v in uniq)


def read_csv(raw: bytes, label: str | None = None) -> Table:
    """Read `raw` (the uploaded file's bytes). `label`: the label column's name (default: `label`, `y` or the
    last column). Raises DataFileError, never anything else."""
    names, body, start = _split(_decode(raw))
    lab = _header(names, label)
    try:
        X, cells = _parse(body, len(names), lab)
    except (ValueError, TypeError, IndexError, OverflowError):   # a cell NumPy cannot read: find and name it
        raise _cell_error(body, start, names, lab) from None
    bad = next((c for c in dict.fromkeys(cells) if not c or _formula(c)), None)
    if bad is not None or not np.all(np.abs(X) <= MAX_ABS):   # NaN fails the comparison too
        raise _cell_error(body, start, names, lab)
    y, classes = _labels(cells)
    check_classes(y, classes)
    return Table(X, y, tuple(n for j, n in enumerate(names) if j != lab), names[lab], classes, tuple(names))


def check_classes(y: np.ndarray, classes: tuple[str, ...]) -> None:
    """At least two classes, at most MAX_CLASSES, each with two examples or more (one for training, one held
    out). `classes`: the labels as written, by class index."""
    n_classes = len(classes)
    if n_classes < 2:
        raise DataFileError("one_class", "every row has the same label: there is nothing to classify")
    if n_classes > MAX_CLASSES:
        raise DataFileError("too_many_classes", f"{n_classes} classes (limit {MAX_CLASSES})",
                            n=n_classes, limit=MAX_CLASSES)
    counts = np.bincount(y, minlength=n_classes)
    if counts.min() < 2:
        lonely = classes[int(counts.argmin())][:40]
        raise DataFileError("single_example", f"class {lonely!r} has a single example", label=lonely)


def read_dataset(raw: bytes, label: str | None = None, *, seed: int = 0, name: str = "upload") -> Dataset:
    """The file as a ready Dataset (sim.data.from_arrays: split per class, standardised on the training split).
    Raises DataFileError, never anything else."""
    t = read_csv(raw, label)
    return from_arrays(t.X, t.y, name=name, seed=seed)
