"""Output files: written atomically, formula-like CSV text escaped, the same input → the same bytes."""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import outputs  # noqa: E402
from analysis.outputs import escape_formulas, save_figure, write_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

RISKY = ['=HYPERLINK("x")', "+1", "-2 dari 3", "@user", "\tTab", "\rCR"]
SAFE = ["Banjir di Jakarta", "a=b", "1+1", "e-mail", "", "'=sudah"]


def _frame() -> pd.DataFrame:
    n = len(RISKY) + len(SAFE)
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "title": RISKY + SAFE,
        "outlet": pd.Series(["=Kompas", "Tempo"] * (n // 2), dtype="category"),
        "authors": pd.Series(["@redaksi"] + [None] * (n - 1), dtype=object),
        "count": list(range(-3, n - 3)),
        "score": [-1.5 + i for i in range(n)],
    })


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ----------------------------------------------------------------- atomic writes

def _patch_parquet_writer(monkeypatch, fake) -> None:
    import pyarrow.parquet as pq

    monkeypatch.setattr(pq, "write_table", lambda table, target, *a, **k: fake(table, target, *a, **k))


@pytest.mark.parametrize("fmt, method", [("csv", "to_csv"), ("jsonl", "to_json"), ("parquet", "write_table"),
                                         ("csv", "write_table")])
@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_an_interrupted_table_write_keeps_the_previous_file_and_leaves_no_temp_file(
        tmp_path, monkeypatch, fmt, method, error):
    """The CSV, its Parquet twin, a Parquet or a JSONL table: a writer dying half-way leaves the old file."""
    path = write_table(pd.DataFrame({"a": [1, 2]}), tmp_path, "t", fmt)
    victim = path.with_suffix(".parquet") if method == "write_table" else path
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    seen = []

    def half_then_fail(self, target, *args, **kwargs):
        seen.append(Path(target))
        Path(target).write_bytes(before[victim.name][: len(before[victim.name]) // 2])  # a half-written file...
        raise error("interrupted")  # ...then the writer dies

    if method == "write_table":
        _patch_parquet_writer(monkeypatch, half_then_fail)
    else:
        monkeypatch.setattr(pd.DataFrame, method, half_then_fail)
    with pytest.raises(error):  # (an object column: CSV and JSON lines by pandas' writers, made to fail)
        write_table(pd.DataFrame({"a": [3, 4, 5], "x": pd.Series([0.5, 1.5, 2.5], dtype=object)}), tmp_path, "t", fmt)
    assert victim.read_bytes() == before[victim.name]
    assert _files(path.parent) == sorted(before)  # no temporary file left
    # the temporary file was in the same folder (so the rename is atomic) and hidden
    assert seen[0].parent == path.parent and seen[0].name.startswith(f".{victim.name}.tmp-")


def test_a_table_killed_mid_write_leaves_the_previous_file(tmp_path):
    """A real SIGKILL while the CSV is being written: the final name still has the old table."""
    path = write_table(pd.DataFrame({"text": ["lama"]}), tmp_path, "lines")
    before = path.read_bytes()
    flag = tmp_path / "writing"
    script = f"""
import time
from pathlib import Path
import pandas as pd
from analysis.outputs import write_table

class Slow:
    def __init__(self, i):
        self.i = i
    def __str__(self):
        if self.i == 150_000:
            Path({str(flag)!r}).touch()
            time.sleep(60)
        return "baris"

write_table(pd.DataFrame({{"text": [Slow(i) for i in range(200_000)]}}), {str(tmp_path)!r}, "lines")
"""
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert proc.poll() is None, "the writer ended before it was killed"
            assert time.monotonic() < deadline, "the writer never reached the middle of the table"
            time.sleep(0.05)
        temps = [p for p in path.parent.iterdir() if p.name.startswith(".lines.csv.tmp-")]
        assert len(temps) == 1 and temps[0].stat().st_size > 0  # it really was mid-write
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert path.read_bytes() == before


def test_an_unknown_format_writes_nothing(tmp_path):
    with pytest.raises(ValueError, match="unknown table format"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path, "t", "xlsx")
    assert not (tmp_path / "tables").exists() or _files(tmp_path / "tables") == []


def test_an_interrupted_figure_keeps_the_previous_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3])
    png, svg = save_figure(fig, tmp_path, "f")
    old_png, old_svg = png.read_bytes(), svg.read_bytes()
    ax.set_title("baru")
    real = fig.savefig

    def fail_on_svg(target, *args, **kwargs):
        if kwargs.get("format") == "svg":
            Path(target).write_text("<svg")
            raise OSError("disk full")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(fig, "savefig", fail_on_svg)
    with pytest.raises(OSError, match="disk full"):
        save_figure(fig, tmp_path, "f")
    plt.close(fig)
    assert svg.read_bytes() == old_svg  # the failed file: untouched
    assert png.read_bytes() != old_png  # the one before it: complete and new
    assert _files(png.parent) == ["f.png", "f.svg"]


# ----------------------------------------------------------------- formulas in CSV text

def test_formula_cells_are_escaped_in_every_text_column_of_a_csv(tmp_path):
    frame = _frame()
    with open(write_table(frame, tmp_path, "t"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["title"] for r in rows] == ["'" + t for t in RISKY] + SAFE
    assert {r["outlet"] for r in rows} == {"'=Kompas", "Tempo"}  # categorical
    assert rows[0]["authors"] == "'@redaksi" and rows[1]["authors"] == ""  # missing stays empty
    assert all(r["doc_id"].startswith("d") for r in rows)  # nothing to escape: unchanged
    # numbers stay numbers, negative ones included; a text "-2" in a mixed column is text
    assert [r["count"] for r in rows] == [str(n) for n in frame["count"]]
    assert [r["score"] for r in rows] == [f"{x:.4f}" for x in frame["score"]]
    assert rows[0]["score"] == "-1.5000"


def test_the_escaped_csv_text_as_written(tmp_path):
    frame = _frame().iloc[:5]  # no carriage return: minimal quoting, numbers unquoted
    assert write_table(frame, tmp_path, "t").read_text(encoding="utf-8").splitlines() == [
        "doc_id,title,outlet,authors,count,score",
        "d0,\"'=HYPERLINK(\"\"x\"\")\",'=Kompas,'@redaksi,-3,-1.5000",
        "d1,'+1,Tempo,,-2,-0.5000",
        "d2,'-2 dari 3,'=Kompas,,-1,0.5000",
        "d3,'@user,Tempo,,0,1.5000",
        "d4,'\tTab,'=Kompas,,1,2.5000",
    ]


def test_only_text_cells_of_a_mixed_column_are_escaped(tmp_path):
    frame = pd.DataFrame({"mixed": pd.Series([-2, "-2", -1.5, None, "=x"], dtype=object), "n": range(5)})
    path = write_table(frame, tmp_path, "t")
    assert path.read_text(encoding="utf-8") == "mixed,n\n-2,0\n'-2,1\n-1.5,2\n,3\n'=x,4\n"


def test_a_carriage_return_inside_a_cell_does_not_split_the_row(tmp_path):
    """Python's csv writer leaves a bare \\r unquoted; such a table is written fully quoted."""
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["\rawal", "tengah\rbaris", "biasa"], "n": [-1, 2, 3]})
    path = write_table(frame, tmp_path, "t")
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back["text"].tolist() == ["'\rawal", "tengah\rbaris", "biasa"]
    assert back["n"].tolist() == ["-1", "2", "3"]
    with open(path, newline="", encoding="utf-8") as f:
        assert [r["doc_id"] for r in csv.DictReader(f)] == ["a", "b", "c"]


def test_formula_column_names_are_escaped_too(tmp_path):
    path = write_table(pd.DataFrame({"=SUM(A1)": ["x"], "ok": ["y"]}), tmp_path, "t")
    assert path.read_text(encoding="utf-8") == "'=SUM(A1),ok\nx,y\n"


def test_escape_formulas_returns_a_copy_and_leaves_the_input_alone():
    frame = _frame()
    original = frame.copy()
    escaped = escape_formulas(frame)
    pd.testing.assert_frame_equal(frame, original)
    assert escaped["title"].tolist() == ["'" + t for t in RISKY] + SAFE
    assert escaped["title"].dtype == frame["title"].dtype  # a string column stays one
    for name in ["count", "score", "doc_id"]:
        pd.testing.assert_series_equal(escaped[name], frame[name])


def test_escape_formulas_handles_string_dtypes_nulls_and_non_text_columns():
    frame = pd.DataFrame({
        "s": pd.Series(["=1", pd.NA, "x"], dtype="string"),
        "lists": pd.Series([["=a"], [], ["b"]], dtype=object),
        "ints_as_objects": pd.Series([-1, -2, 3], dtype=object),
        "when": pd.to_datetime(["2024-01-01", None, "2024-03-01"]),
        "flag": [True, False, True],
    })
    frame.index = [5, 5, 7]  # a repeated index must not matter
    escaped = escape_formulas(frame)
    assert escaped["s"].tolist()[0] == "'=1" and escaped["s"].isna().tolist() == [False, True, False]
    for name in ["lists", "ints_as_objects", "when", "flag"]:
        pd.testing.assert_series_equal(escaped[name], frame[name])
    assert escaped.index.tolist() == [5, 5, 7]


def test_escape_formulas_keeps_python_strings_arrow_cannot_hold():
    """A ``string[python]`` column may hold a lone surrogate (Arrow refuses one): escaped all the same."""
    frame = pd.DataFrame({"s": pd.array(["=x\udcff", "b", None], dtype="string[python]")})
    escaped = escape_formulas(frame)["s"]
    assert escaped.tolist()[:2] == ["'=x\udcff", "b"] and escaped.isna().tolist() == [False, False, True]
    assert escaped.dtype == frame["s"].dtype


def test_parquet_and_jsonl_keep_the_text_as_it_is(tmp_path):
    frame = _frame()
    table = pd.read_parquet(write_table(frame, tmp_path, "t", "parquet"))
    assert table["title"].tolist() == RISKY + SAFE
    assert table["outlet"].astype(str).tolist() == frame["outlet"].astype(str).tolist()
    assert table["authors"][0] == "@redaksi"
    pd.testing.assert_series_equal(table["count"], frame["count"])
    back = pd.read_json(write_table(frame, tmp_path, "t", "jsonl"), lines=True, dtype=False)
    assert back["title"].tolist() == RISKY + SAFE
    assert back["authors"][0] == "@redaksi"


def test_json_lines_of_text_and_integer_columns_are_pandas_bytes(tmp_path):
    """Text, integer and boolean tables are written without pandas' slow JSON-lines step: the
    bytes are still those of ``to_json(orient="records", lines=True, force_ascii=False)``, with
    escapes, slashes, nulls, line separators and characters beyond the BMP."""
    text = pd.Series(['a/b "q" \\ \n\t\r \x01 \x1f \u2028 \u2029 é 😀 <>&\x7f', None, "", "=1+2"], dtype="str")
    frames = [pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4"], "text": text, "n": [1, -2, 0, 2**40],
                            "ok": [True, False, True, True], "u": np.array([1, 2, 3, 4], dtype=np.uint8)}),
              pd.DataFrame({"a/b": pd.Series([], dtype="str"), 7: pd.Series([], dtype="int64")}),
              pd.DataFrame({"mixed": ["x", 1]}, dtype=object)]  # an object column: pandas writes it
    for i, frame in enumerate(frames):
        expected = frame.to_json(orient="records", lines=True, force_ascii=False)
        assert write_table(frame, tmp_path, f"t{i}", "jsonl").read_text(encoding="utf-8") == expected
    with pytest.raises(ValueError, match="unique"):  # repeated column names: refused as pandas refuses them
        write_table(pd.DataFrame([["a", "b"]], columns=["x", "x"], dtype="str"), tmp_path, "dup", "jsonl")


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """What pandas writes for the table (the CSV of ``write_table`` before its own writer)."""
    safe = escape_formulas(frame)
    quoting = csv.QUOTE_ALL if any(safe[c].astype(str).str.contains("\r").any() for c in safe) else csv.QUOTE_MINIMAL
    return safe.to_csv(index=False, lineterminator="\n", float_format="%.4f", quoting=quoting).encode("utf-8")


def test_csv_tables_are_pandas_bytes(tmp_path):
    """Tables of text, integer, boolean and float columns are joined row by row in Arrow, not by
    pandas' writer: the bytes are still those of ``to_csv(float_format="%.4f")``, with commas,
    quotes and line breaks quoted, missing values, formula escapes, rounding at the fourth decimal,
    infinities and negative zero; across the parts a large table is cut into; other tables (a
    category, an object column, one column, a carriage return) are pandas' as before."""
    text = pd.Series(['a,b', 'say "hi"', "line\nbreak", "", None, "=1+2", "é 😀 \u2028", ' "', ",", '"'], dtype="str")
    n = len(text)
    rng = np.random.default_rng(7)
    big = 45_000  # more than one part
    words = np.array(["x", "y,z", 'q"q', "a\nb", "", "-1", "plain text"], dtype=object)
    frames = {
        "mixed": pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "text": text, "n": range(-3, n - 3),
                               "ok": [True, False] * (n // 2), "u": np.arange(n, dtype=np.uint64) * 2**60,
                               "x": [0.00005, 0.00015, -0.0, np.nan, np.inf, -np.inf, 1e20, -1.23456, 2.5e-5, 0.5],
                               "f32": np.linspace(-1, 1, n, dtype=np.float32)}),
        "python_strings": pd.DataFrame({"a": pd.Series(["1,2", None], dtype=pd.StringDtype("python")), "b": [1, 2]}),
        "chunked": pd.DataFrame({"a": pd.concat([pd.Series(['x"y', "z"], dtype="str"), pd.Series([None, "a,b"], dtype="str")],
                                                ignore_index=True), "b": [1, 2, 3, 4]}),  # Arrow data in two chunks
        "empty": pd.DataFrame({"a,b": pd.Series([], dtype="str"), "n": pd.Series([], dtype="int64")}),
        "big": pd.DataFrame({"w": pd.Series(rng.choice(words, big), dtype="str"), "n": rng.integers(-5, 5, big),
                             "s": rng.normal(size=big)}),
        "category": pd.DataFrame({"c": pd.Series(["a,b", "c"], dtype="category"), "n": [1, 2]}),
        "object": pd.DataFrame({"o": pd.Series([1, "a,b"], dtype=object), "n": [1, 2]}),
        "one_column": pd.DataFrame({"t": pd.Series(["", "a"], dtype="str")}),
        "carriage_return": pd.DataFrame({"t": pd.Series(["a\rb", "c"], dtype="str"), "n": [1, 2]}),
    }
    for name, frame in frames.items():
        assert write_table(frame, tmp_path, name).read_bytes() == _csv_bytes(frame), name
    assert b'"y,z"' in (tmp_path / "tables" / "big.csv").read_bytes()


# ----------------------------------------------------------------- reproducible bytes

def test_plain_tables_are_written_as_before(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "title": ["Banjir, \"besar\"", None], "x": [1.23456, -2.0]})
    path = write_table(frame, tmp_path, "t")
    assert path.read_bytes() == b'doc_id,title,x\na,"Banjir, ""besar""",1.2346\nb,,-2.0000\n'


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_the_same_table_twice_gives_byte_identical_files(tmp_path, fmt):
    first = write_table(_frame(), tmp_path / "a", "t", fmt).read_bytes()
    second = write_table(_frame(), tmp_path / "b", "t", fmt).read_bytes()
    again = write_table(_frame(), tmp_path / "a", "t", fmt).read_bytes()  # over the old file
    assert first == second == again


def test_the_same_figure_twice_gives_byte_identical_files(tmp_path):
    def draw(out):
        fig, ax = plt.subplots()
        ax.bar(["Kompas", "Tempo"], [3, -1])
        ax.set_title("=Judul")
        paths = save_figure(fig, out, "f")
        plt.close(fig)
        return [p.read_bytes() for p in paths]

    assert draw(tmp_path / "a") == draw(tmp_path / "b") == draw(tmp_path / "a")
    assert _files(tmp_path / "a" / "figures") == ["f.png", "f.svg"]


def test_formula_prefixes_are_owasps():
    assert set(outputs.FORMULA_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("old")

    def fails(tmp):
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        outputs.atomic_write(path, fails)
    assert path.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


# ----------------------------------------------------------------- the Parquet twin of a CSV table

def _typed_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["b", "a", "c"],
        "n": [3, 1, 2],
        "maybe_n": pd.array([1, None, 3], dtype="Int64"),
        "ints_as_objects": pd.Series([1, None, 2], dtype=object),
        "flag": [True, False, True],
        "score": [0.123456789, float("nan"), -1.0],
        "outlet": pd.Series(["Tempo", None, "=Kompas"], dtype="category"),
        "when": pd.to_datetime(["2023-10-27 17:33", None, "2024-01-10 08:00"]),
        "text": ["=1+1", None, "baris\ndua"],
    })


def test_every_csv_table_has_a_typed_parquet_twin(tmp_path):
    import pyarrow.parquet as pq

    frame = _typed_frame()
    csv_path = write_table(frame, tmp_path, "t")
    twin = csv_path.with_suffix(".parquet")
    types = {f.name: str(f.type) for f in pq.read_schema(twin)}
    assert types == {"doc_id": "string", "n": "int64", "maybe_n": "int64", "ints_as_objects": "int64",
                     "flag": "bool", "score": "double", "outlet": "string", "when": "string", "text": "string"}
    back = pd.read_parquet(twin)
    assert list(back.columns) == list(frame.columns) and back["doc_id"].tolist() == ["b", "a", "c"]  # same order
    assert back["n"].dtype == "int64" and back["flag"].dtype == "bool"
    assert back["maybe_n"].tolist()[0] == 1 and pd.isna(back["maybe_n"][1])
    assert back["score"][0] == 0.123456789  # full precision (the CSV keeps 4 decimals)
    assert back["text"].tolist()[0] == "=1+1" and back["outlet"].tolist()[2] == "=Kompas"  # unescaped
    assert back["when"].tolist()[0] == "2023-10-27 17:33:00" and pd.isna(back["when"][1])  # as the CSV writes it
    assert pd.read_csv(csv_path)["when"][0] == back["when"][0]


def test_the_parquet_twin_gives_back_the_csv_byte_for_byte(tmp_path):
    frame = _typed_frame().drop(columns=["score"])  # (floats: the CSV rounds, the Parquet does not)
    csv_path = write_table(frame, tmp_path / "a", "t")
    again = write_table(pd.read_parquet(csv_path.with_suffix(".parquet")), tmp_path / "b", "t")
    assert again.read_bytes() == csv_path.read_bytes()


def test_the_parquet_twin_is_byte_identical_on_a_rerun_and_keeps_an_empty_tables_schema(tmp_path):
    import pyarrow.parquet as pq

    first = write_table(_typed_frame(), tmp_path / "a", "t").with_suffix(".parquet").read_bytes()
    second = write_table(_typed_frame(), tmp_path / "b", "t").with_suffix(".parquet").read_bytes()
    assert first == second
    empty = write_table(_typed_frame().iloc[:0], tmp_path / "c", "t").with_suffix(".parquet")
    assert pq.read_metadata(empty).num_rows == 0 and str(pq.read_schema(empty).field("n").type) == "int64"



def test_a_shown_figure_is_saved_as_save_figure_saves_it_and_closed(tmp_path):
    """show_figure writes byte for byte what save_figure writes (PNG and SVG, title in both) and
    closes the figure."""
    import matplotlib.pyplot as plt

    from analysis import outputs

    def figure():
        fig, axes = plt.subplots(1, 2, figsize=(7, 3))
        axes[0].barh(["Korea Utara", "Rusia"], [3, 5], color="C1")
        axes[1].plot([1, 4, 2], label="tren")
        axes[1].legend()
        fig.suptitle("Aktor menurut outlet")
        return fig

    here = outputs.save_figure(figure(), tmp_path / "here", "f")
    shown = figure()
    outputs.show_figure(shown, tmp_path / "there", "f")
    assert shown.number not in plt.get_fignums()
    there = [tmp_path / "there" / "figures" / p.name for p in here]
    assert [p.read_bytes() for p in there] == [p.read_bytes() for p in here]
    assert b"<dc:title>Aktor menurut outlet</dc:title>" in there[1].read_bytes()
    assert b"Aktor menurut outlet" in there[0].read_bytes()  # the PNG's Title chunk
    plt.close("all")



def test_an_axes_with_many_markers_is_one_image_in_the_svg_and_the_rest_stays_vector(tmp_path, monkeypatch):
    """More than SVG_MAX_MARKERS markers in an axes: they are an embedded image in the SVG (a small
    file), the title and ticks are still text paths, the other axes stays vector; the figure is
    left as it was and the PNG is the one drawn without the rule."""
    import matplotlib.pyplot as plt
    import numpy as np

    from analysis import figure_files

    def figure(n):
        rng = np.random.default_rng(0)
        fig, (dense, sparse) = plt.subplots(1, 2)
        for _ in range(2):  # two collections that pass the limit together, not each alone
            dense.scatter(rng.random(n // 2), rng.random(n // 2), s=9)
        sparse.scatter(rng.random(50), rng.random(50), s=9)
        fig.suptitle("Lookback")
        return fig

    limit = figure_files.SVG_MAX_MARKERS
    fig = figure(4 * limit)
    png, svg = figure_files.save_figure(fig, tmp_path / "many", "f")
    text = svg.read_text()
    assert text.count("<image ") == 1 and "<dc:title>Lookback</dc:title>" in text
    assert text.count("<use ") >= 50  # the sparse axes' markers are still vector marks
    assert not any(c.get_rasterized() for ax in fig.axes for c in ax.collections)
    monkeypatch.setattr(figure_files, "SVG_MAX_MARKERS", 10 * limit)  # the same figure, all vector
    vector_png, vector_svg = figure_files.save_figure(figure(4 * limit), tmp_path / "vector", "f")
    assert "<image " not in vector_svg.read_text()
    assert len(svg.read_bytes()) < len(vector_svg.read_bytes()) / 5
    assert png.read_bytes() == vector_png.read_bytes()
    monkeypatch.setattr(figure_files, "SVG_MAX_MARKERS", limit)
    few = figure_files.save_figure(figure(limit), tmp_path / "few", "f")[1].read_text()  # at the limit: vector
    assert "<image " not in few
    plt.close("all")


def test_rasterized_flags_are_the_callers_after_saving_even_when_the_svg_cannot_be_written(tmp_path):
    """A collection the caller rasterized stays so; the ones the SVG rule rasterized are put back,
    also when writing the SVG fails, and so are the figure's layout engine and dpi."""
    import matplotlib.pyplot as plt
    import numpy as np

    from analysis import figure_files

    rng = np.random.default_rng(0)
    n = 2 * figure_files.SVG_MAX_MARKERS
    fig, ax = plt.subplots()
    mine = ax.scatter(rng.random(n), rng.random(n))
    mine.set_rasterized(True)
    other = ax.scatter(rng.random(n), rng.random(n))
    fig.tight_layout()
    engine, dpi = fig.get_layout_engine(), fig.dpi
    figure_files.save_figure(fig, tmp_path / "ok", "f")
    assert mine.get_rasterized() and not other.get_rasterized()
    (tmp_path / "bad" / "figures" / "f.svg").mkdir(parents=True)  # a folder where the SVG file goes
    with pytest.raises(OSError):
        figure_files.save_figure(fig, tmp_path / "bad", "f")
    assert mine.get_rasterized() and not other.get_rasterized()
    assert fig.get_layout_engine() is engine and fig.dpi == dpi
    plt.close(fig)


def _busy_figure(layout: str):
    """A figure with what reaches outside its axes: a legend, an annotation arrow below the axes,
    rotated labels, a colorbar, long tick labels, a suptitle and figure text."""
    fig, (ax, other) = plt.subplots(1, 2, layout="constrained" if layout == "constrained" else None)
    ax.plot([0, 1], [0, 2], label="Korea Utara")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1))
    ax.annotate("catatan di luar", xy=(1, 0), xytext=(0.2, -0.9), annotation_clip=False,
                arrowprops={"arrowstyle": "->"})
    ax.tick_params(axis="x", labelrotation=60)
    fig.colorbar(other.scatter([1, 2, 3], [3, 1, 2], c=[0.1, 0.5, 0.9]), ax=other, label="skor")
    other.set_yticks([1, 2, 3], ["Jakarta", "Seoul", "Washington D.C."])
    fig.suptitle("Judul panjang di atas")
    fig.text(0.01, 0.01, "Sumber: lima halaman berita")
    if layout == "tight_layout":
        fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


@pytest.mark.parametrize("rc", [{}, {"figure.autolayout": True}, {"figure.constrained_layout.use": True}],
                         ids=["default", "autolayout", "constrained-rc"])
@pytest.mark.parametrize("layout", ["tight_layout", "constrained", "none"])
def test_a_saved_figure_is_the_area_savefig_tight_saves_and_its_layout_is_kept(tmp_path, layout, rc):
    """The area is worked out once for both files: the PNG of a new figure is pixel for pixel what
    ``savefig`` draws of the same new figure's tight area (``bbox_inches="tight"``) rounded out to
    whole pixels, also when rcParams set at saving time ask for a layout engine (the figure is
    saved as it was laid out); the SVG covers the same area; the figure's dpi and layout engine
    are the caller's afterwards."""
    import io
    import math
    import re

    from matplotlib.transforms import Bbox
    from PIL import Image

    reference = _busy_figure(layout)
    for _ in range(2 if layout == "constrained" else 1):  # constrained layout settles after a drawing
        reference.savefig(io.BytesIO(), format="png", dpi=150, bbox_inches="tight")
    reference.set_dpi(150)  # its tight area measured as the PNG is drawn, at 150 dpi
    tight = reference.get_tightbbox().padded(matplotlib.rcParams["savefig.pad_inches"])
    reference.set_dpi(100)
    pixels = [math.floor(v * 150) for v in tight.p0] + [math.ceil(v * 150) for v in tight.p1]
    expected = io.BytesIO()
    reference.savefig(expected, format="png", dpi=150, bbox_inches=Bbox.from_extents(*[v / 150 for v in pixels]))
    fig = _busy_figure(layout)
    if layout == "constrained":
        fig.draw_without_rendering()
    engine, dpi = fig.get_layout_engine(), fig.dpi
    with matplotlib.rc_context(rc):
        png, svg = save_figure(fig, tmp_path, "f")
    assert fig.get_layout_engine() is engine and fig.dpi == dpi
    ours, theirs = Image.open(png), Image.open(expected)
    assert ours.size == theirs.size
    if layout != "constrained":  # which still moves by a fraction of a pixel between drawings
        assert ours.convert("RGBA").tobytes() == theirs.tobytes()
    width, height = map(float, re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg.read_text()).groups())
    assert abs(width - ours.size[0] * 72 / 150) < 1 and abs(height - ours.size[1] * 72 / 150) < 1
    plt.close("all")


def test_an_opaque_figure_is_saved_without_alpha_and_quicker_to_write(tmp_path):
    """The PNG of an opaque figure holds its colour channels alone (RGB, the same pixels), at the
    zlib level that writes it faster than matplotlib's default, and it is hardly larger for that."""
    import io

    from PIL import Image

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 3, 2], label="line")
    ax.set_title("Terms")
    ax.legend()
    png = save_figure(fig, tmp_path, "f")[0]
    default = io.BytesIO()
    Image.open(png).convert("RGBA").save(default, format="png")  # what matplotlib would write
    ours = Image.open(png)
    assert ours.mode == "RGB" and ours.info["dpi"] == pytest.approx((150, 150), rel=1e-3)  # pixels per metre
    assert png.stat().st_size <= 1.1 * len(default.getvalue())
    plt.close("all")


def test_a_figure_without_pyplot_or_on_another_canvas_is_saved(tmp_path):
    """A ``Figure()`` made without pyplot (no Agg canvas) and one on the SVG backend's canvas."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    plain, on_svg = Figure(), Figure()
    FigureCanvasSVG(on_svg)
    for fig in (plain, on_svg):
        fig.subplots().plot([0, 1], [1, 0])
        fig.suptitle("Tanpa pyplot")
        png, svg = save_figure(fig, tmp_path, "f")
        assert png.read_bytes().startswith(b"\x89PNG") and "<dc:title>Tanpa pyplot</dc:title>" in svg.read_text()


def test_saving_a_figure_does_not_resize_its_window(tmp_path):
    """Measuring at the PNG's dpi changes the figure's dpi for a moment; as savefig, without
    telling the window (a Qt/Tk/ipympl window would jump to 1.5 times its size and back)."""
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2])
    fig.tight_layout()
    resized = []
    fig.canvas.manager.resize = lambda width, height: resized.append((width, height))
    save_figure(fig, tmp_path, "f")
    assert resized == [] and fig.get_size_inches().tolist() == [4.0, 3.0]
    plt.close(fig)


def test_the_figure_style_is_the_same_whether_matplotlib_was_imported_before_setup_or_after():
    """``setup_notebook(defer_figure_style=True)`` before matplotlib is imported leaves the figure
    style to ``analysis.plots``; the rcParams a figure is then drawn with are those of setting up
    after importing pyplot, or of setting up at once. A style applied once is not applied again
    over the caller's own settings by a later import of the plots."""
    dump = "import matplotlib as mpl; print(sorted((k, repr(v)) for k, v in mpl.rcParams.items()))"
    setup = "from analysis.outputs import setup_notebook; "
    flows = {
        "pyplot first": "import matplotlib.pyplot; " + setup + "setup_notebook(); import analysis.plots; " + dump,
        "deferred": setup + "setup_notebook(defer_figure_style=True); import analysis.plots; " + dump,
        "at once": setup + "setup_notebook(); import analysis.plots; " + dump,
        "no setup": "import analysis.plots; " + dump,
        "own setting kept": setup + "setup_notebook(); import matplotlib as mpl; mpl.rcParams['font.size'] = 19; "
                            "import analysis.plots; print(mpl.rcParams['font.size'])",
    }
    out = {name: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                env={**os.environ, "MPLBACKEND": "agg"}).stdout for name, code in flows.items()}
    assert out["pyplot first"] == out["deferred"] == out["at once"] and "news-coverage" in out["deferred"]
    assert "news-coverage" not in out["no setup"]  # without setup_notebook, importing the plots changes no default
    assert out["own setting kept"].strip() == "19.0"


def _edge_figure(variant: str):
    """A figure drawn up to a few pixels from its edges (the saved area's padding reaches past
    them), in one of the ways its PNG could differ from what ``savefig`` draws."""
    fig, ax = plt.subplots(figsize=(4, 3), facecolor={"grey face": "0.3", "half-transparent face": (1, 1, 1, 0.3)}
                           .get(variant, "white"), frameon=variant != "no frame")
    ax.set_position([0.01, 0.01, 0.98, 0.98])
    ax.plot([0, 1], [0, 1], linewidth=6, animated=variant == "animated line")
    ax.set_xticks([])
    ax.set_yticks([])
    if variant == "figure edge":
        fig.patch.set_linewidth(3)
        fig.patch.set_edgecolor("red")
    if variant == "text outside the layout":
        ax.text(1.02, 0.5, "di luar", transform=ax.transAxes).set_in_layout(False)
    return fig


@pytest.mark.parametrize("variant", ["plain", "animated line", "image origin lower", "grey face",
                                     "half-transparent face", "no frame", "figure edge",
                                     "text outside the layout"])
def test_a_figure_cut_to_its_area_is_what_savefig_draws_there(tmp_path, variant):
    """The PNG is pixel for pixel ``savefig``'s drawing of the saved area (the tight area rounded
    out to whole pixels) also where that area's padding reaches past the figure, for figures drawn
    in ways a cut of one drawing could get wrong (they are drawn by ``savefig`` then)."""
    import io
    import math

    from matplotlib.transforms import Bbox
    from PIL import Image

    rc = {"image.origin": "lower"} if variant == "image origin lower" else {}
    with matplotlib.rc_context(rc):
        reference = _edge_figure(variant)
        reference.set_dpi(150)
        tight = reference.get_tightbbox().padded(matplotlib.rcParams["savefig.pad_inches"])
        reference.set_dpi(100)
        pixels = [math.floor(v * 150) for v in tight.p0] + [math.ceil(v * 150) for v in tight.p1]
        expected = io.BytesIO()
        reference.savefig(expected, format="png", dpi=150, bbox_inches=Bbox.from_extents(*[v / 150 for v in pixels]))
        png, _ = save_figure(_edge_figure(variant), tmp_path, "f")
    ours, theirs = Image.open(png), Image.open(expected)
    assert ours.size == theirs.size and ours.tobytes() == theirs.tobytes()
    plt.close("all")


@pytest.mark.parametrize("fontsize", [None, 9, 13])
def test_a_title_matplotlib_pushes_up_is_where_savefig_puts_it_in_both_files(tmp_path, fontsize):
    """A title that matplotlib moves above tick labels on top and the y axis' offset text is where
    ``savefig`` puts it, in the PNG and in the SVG (drawn at 72 dpi, where the move is worked out
    again)."""
    import io
    import math

    from matplotlib.transforms import Bbox
    from PIL import Image

    def figure():
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1], [1_000_000, 1_000_001])  # an offset text above the y axis
        ax.xaxis.tick_top()
        ax.set_title("Judul yang terdorong ke atas", fontsize=fontsize)
        fig.tight_layout()
        return fig

    reference = figure()
    reference.set_dpi(150)
    tight = reference.get_tightbbox().padded(matplotlib.rcParams["savefig.pad_inches"])
    reference.set_dpi(100)
    area = Bbox.from_extents(*[math.floor(v * 150) / 150 for v in tight.p0],
                             *[math.ceil(v * 150) / 150 for v in tight.p1])
    expected_png, expected_svg = io.BytesIO(), io.BytesIO()
    reference.savefig(expected_png, format="png", dpi=150, bbox_inches=area)
    with matplotlib.rc_context({"svg.hashsalt": "news-coverage", "svg.fonttype": "path"}):
        reference.savefig(expected_svg, format="svg", bbox_inches=area,
                          metadata={"Date": None, "Creator": None, "Title": "Judul yang terdorong ke atas"})
    png, svg = save_figure(figure(), tmp_path, "f")
    assert reference.axes[0].title.get_position()[1] > 1.05  # matplotlib did move it
    assert Image.open(png).convert("RGBA").tobytes() == Image.open(expected_png).tobytes()
    assert svg.read_bytes() == expected_svg.getvalue()
    plt.close("all")


def _placed_by_matplotlib(ax) -> bool:
    """Whether matplotlib still places ``ax``'s title: tick labels moved on top push it up."""
    ax.xaxis.tick_top()
    ax.get_figure().canvas.draw()
    return ax.title.get_position()[1] > 1.0


def _towns(title, *, numbers=False, top=False, twin=False, inset=False, label="Kota yang disebut", **kwargs):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.barh([0, 1, 2], [3, 1, 2])
    if not numbers:
        ax.set_yticks([0, 1, 2], ["Jakarta", "Seoul", "Tokyo"])
    if top:
        ax.xaxis.tick_top()
    if twin:
        ax.twinx().plot([0, 1], [1_000_000, 1_000_001])
    if inset:
        ax.inset_axes([0.6, 0.6, 0.3, 0.3]).plot([0, 1])
    title(ax, label, **kwargs)
    fig.tight_layout()
    return fig, ax


@pytest.mark.parametrize("style", ["default", "whitegrid"])
def test_title_above_draws_what_set_title_draws_and_is_placed_once(tmp_path, style):
    """On an axes with category labels on its y axis and its x labels below, ``title_above``
    draws what ``set_title`` draws (PNG and SVG, under matplotlib's and the notebooks' seaborn
    style) and the title is not placed again: ticks moved on top afterwards leave it."""
    import seaborn as sns

    from analysis.figure_files import title_above

    with sns.axes_style(style) if style != "default" else matplotlib.rc_context({}):
        files = [save_figure(_towns(title)[0], tmp_path / name, "f")
                 for name, title in [("set_title", lambda ax, text: ax.set_title(text)), ("above", title_above)]]
        assert [p.read_bytes() for p in files[0]] == [p.read_bytes() for p in files[1]]
        assert not _placed_by_matplotlib(_towns(title_above)[1])
    plt.close("all")


@pytest.mark.parametrize("case", [
    {"numbers": True}, {"top": True}, {"twin": True}, {"inset": True}, {"pad": 0}, {"fontsize": 30},
    {"label": "Kota $x_i$"}, {"loc": "left"}])
def test_title_above_leaves_the_title_to_matplotlib_wherever_something_could_reach_it(case):
    """An offset text (numbers on the y axis), x labels on top, a twin axes, an inset, a descent
    deeper than the pad (no pad, a large font), mathtext, a left title: matplotlib places it."""
    from analysis.figure_files import title_above

    assert _placed_by_matplotlib(_towns(title_above, **case)[1]), case
    assert not _placed_by_matplotlib(_towns(title_above)[1])
    plt.close("all")


def test_title_above_keeps_a_title_height_set_in_rcparams():
    """``axes.titley`` set by the caller is kept (matplotlib's placing is then off anyway)."""
    from analysis.figure_files import title_above

    with matplotlib.rc_context({"axes.titley": 1.05}):
        _, ax = _towns(title_above)
    assert ax.title.get_position()[1] == 1.05
    plt.close("all")


def test_a_warning_in_a_notebook_shows_no_kernel_path(monkeypatch):
    import warnings

    monkeypatch.setattr(warnings, "formatwarning", warnings.formatwarning)  # restored after the test
    outputs.setup_notebook(defer_figure_style=True)
    shown = warnings.formatwarning("cache damaged", UserWarning, "/tmp/ipykernel_9407/112539753.py", 20)
    assert shown == "UserWarning: cache damaged\n"
