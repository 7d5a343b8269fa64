"""The CSV reader: a good file gives the table it holds; every bad file its own error code, naming the cell."""
import numpy as np
import pytest

from sim import data
from sim.tabular import MAX_BYTES, MAX_CLASSES, MAX_FEATURES, MAX_ROWS, DataFileError, read_csv


def csv_of(X, y, names=None, label="label") -> bytes:
    names = names or [f"x{j}" for j in range(X.shape[1])]
    lines = [",".join([*names, label])] + [",".join([*(f"{v:.6g}" for v in row), str(c)]) for row, c in zip(X, y, strict=True)]
    return ("\n".join(lines) + "\n").encode()


def refused(raw: bytes, code: str, **kw) -> DataFileError:
    with pytest.raises(DataFileError) as e:
        read_csv(raw, **kw)
    assert e.value.code == code, (e.value.code, str(e.value))
    return e.value


def test_a_good_file_reads_back_its_numbers_and_labels():
    X, y = data.make_blobs(20, 3, seed=1, dim=4)
    t = read_csv(csv_of(X, y))
    assert t.X.shape == (60, 4) and np.allclose(t.X, X, rtol=1e-5, atol=1e-5)
    assert np.array_equal(t.y, y) and t.classes == ("0", "1", "2")
    assert t.features == ("x0", "x1", "x2", "x3") and t.label == "label"


def test_the_label_column_is_label_then_y_then_the_last_then_named():
    raw = b"y,a,b\n1,0.5,2\n2,0.25,3\n1,1,4\n2,2,5\n"
    t = read_csv(raw)
    assert t.label == "y" and t.features == ("a", "b") and t.y.tolist() == [0, 1, 0, 1]
    t = read_csv(b"a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,dog\n")
    assert t.label == "kind" and t.classes == ("cat", "dog") and t.X.tolist()[0] == [1.0, 2.0]
    refused(b"a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,dog\n", "non_numeric", label="a")
    e = refused(b"a,b\n1,2\n3,4\n", "no_label", label="class")
    assert e.details["column"] == "class"


def test_numeric_labels_are_one_class_however_written_and_words_may_be_korean():
    assert read_csv(b"x,label\n1,1\n2,1.0\n3,2\n4,2e0\n").classes == ("1", "2")
    t = read_csv("x,label\n1,고양이\n2,강아지\n3,고양이\n4,강아지\n".encode())
    assert set(t.classes) == {"고양이", "강아지"} and np.bincount(t.y).tolist() == [2, 2]


def test_quotes_a_bom_crlf_and_blank_lines_are_fine():
    raw = '\ufeff"a","b","label"\r\n"1.5",2,"x"\r\n\r\n3,4,y\r\n5,6,x\r\n7,8,y\r\n'.encode()
    t = read_csv(raw)
    assert t.features == ("a", "b") and t.X.tolist() == [[1.5, 2], [3, 4], [5, 6], [7, 8]]


@pytest.mark.parametrize(("raw", "code", "details"), [
    (b"", "empty", {}),
    (b"   \n\n", "empty", {}),
    (b"a,label\n", "no_rows", {}),
    (b"\xff\xfe\x00a", "not_text", {}),
    (b"a,label\n1,\xe9t\xe9\n", "encoding", {"byte": 10}),
    (b"a,label\n1,x\n2\n3,y\n", "ragged", {"row": 3, "n": 1, "expected": 2}),
    (b"a,label\n1,x\n2,y,9\n", "ragged", {"row": 3}),
    (b"label\n1\n2\n", "one_column", {}),
    (b"a,b,label\n1,2,x\n3,oops,y\n", "non_numeric", {"column": "b", "row": 3, "value": "oops"}),
    (b"a,b,label\n1,2,x\n3,,y\n", "missing", {"column": "b", "row": 3}),
    (b"a,b,label\n1,2,x\n3,4,\n", "missing", {"column": "label", "row": 3}),
    (b"a,label\n1,x\nnan,y\n", "non_finite", {"column": "a", "row": 3}),
    (b"a,label\n1,x\n-inf,y\n", "non_finite", {"column": "a", "row": 3}),
    (b"a,label\n1,x\n1e400,y\n", "non_finite", {"column": "a", "row": 3}),
    (b"a,label\n=HYPERLINK(\"http://x\"),x\n2,y\n", "formula", {"column": "a", "row": 2}),
    (b"a,label\n1,@SUM(A1)\n2,y\n", "formula", {"column": "label", "row": 2}),
    (b"a,label\n1,+cmd|' /C calc'!A0\n2,y\n", "formula", {"column": "label", "row": 2}),
    (b"=cmd(),label\n1,x\n2,y\n", "formula", {"row": 1}),
    (b"a,a\n1,x\n2,y\n", "duplicate_column", {"column": "a"}),
    (b"a,label\n1,x\n2,x\n", "one_class", {}),
    (b"a,label\n1,x\n2,x\n3,y\n", "single_example", {"label": "y"}),
    (b'a,"label\n1,x\n', "not_csv", {}),
])
def test_each_bad_file_gets_its_own_code_and_names_the_cell(raw, code, details):
    e = refused(raw, code)
    assert details.items() <= e.details.items(), e.details
    assert str(e)   # a message a developer can read; the app translates the code


def test_negative_and_signed_numbers_are_numbers_not_formulas():
    t = read_csv(b"a,b,label\n-1.5,+2,x\n-3e-2,4,y\n1,-0,x\n2,3,y\n")
    assert t.X[:2].tolist() == [[-1.5, 2.0], [-0.03, 4.0]]


def test_limits_rows_columns_classes_and_bytes():
    header = ",".join(f"f{j}" for j in range(MAX_FEATURES + 1)) + ",label\n"
    e = refused((header + ",".join(["1"] * (MAX_FEATURES + 2)) + "\n").encode(), "too_many_columns")
    assert e.details == {"n": MAX_FEATURES + 1, "limit": MAX_FEATURES}
    rows = "a,label\n" + "".join(f"{i},{i % 2}\n" for i in range(MAX_ROWS + 1))
    assert refused(rows.encode(), "too_many_rows").details["limit"] == MAX_ROWS
    read_csv(("a,label\n" + "".join(f"{i},{i % 2}\n" for i in range(MAX_ROWS))).encode())   # exactly the limit
    many = "a,label\n" + "".join(f"{i},{i // 2}\n" for i in range(2 * (MAX_CLASSES + 1)))
    assert refused(many.encode(), "too_many_classes").details["n"] == MAX_CLASSES + 1
    assert refused(b"a,label\n" + b"1" * (MAX_BYTES + 1), "too_big").details["limit"] == MAX_BYTES >> 20


def test_a_table_becomes_the_same_dataset_the_bundled_sets_are():
    X, y = data.make_blobs(30, 4, seed=2, dim=5, spread=3.0)
    t = read_csv(csv_of(X * 1000 + 7, y))
    d = data.from_arrays(t.X, t.y, name="upload", seed=3)
    assert isinstance(d, data.Dataset) and d.n_classes == 4 and d.X_train.shape[1] == 5
    assert np.allclose(d.X_train.mean(axis=0), 0, atol=1e-9) and np.allclose(d.X_train.std(axis=0), 1)
    assert np.bincount(d.y_val).tolist() == [6, 6, 6, 6]   # split per class
    assert not np.allclose(d.X_val.mean(axis=0), 0, atol=1e-3)   # val uses the train statistics
