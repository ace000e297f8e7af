"""Nothing lost, nothing corrupted: a run is refused before it writes anything when a
parameter or a path is wrong, one run at a time writes to an output folder, and a failing
notebook is named by the line that raised."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from analysis import parameters, runner
from analysis.clean import LABELS
from analysis.config import ENGINES
from analysis.lock import LOCK_NAME, LockError, output_lock

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def params():
    return parameters.notebook_parameters(runner.notebooks())


def _refused(capsys, tmp_path, given=(), corpus=str(SEEDS), out=None, **kw):
    """Run with ``given``; assert exit code 2, no output folder created; return stderr."""
    out = Path(out) if out is not None else tmp_path / "out"
    existed = out.exists()
    before = sorted(p.name for p in out.iterdir()) if existed and out.is_dir() else None
    code = runner.run(corpus=corpus, out=str(out), given=list(given), progress=False, cwd=ROOT, **kw)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "nothing was written" in err
    if existed:
        if before is not None:
            assert sorted(p.name for p in out.iterdir()) == before
    else:
        assert not out.exists(), "the output folder was created"
    assert not (out / LOCK_NAME).exists() if out.is_dir() else True
    return err


# --------------------------------------------------------------------------- parameter values

@pytest.mark.parametrize("name, value, expected", [
    ("top_n", "0", "parameter 'top_n': 0 is not allowed; expected a positive integer"),
    ("top_n", "-3", "parameter 'top_n': -3 is not allowed"),
    ("top_n", "many", "parameter 'top_n': expected int"),
    ("min_count", "-1", "parameter 'min_count': -1 is not allowed"),
    ("kwic_window", "0", "parameter 'kwic_window': 0 is not allowed"),
    ("batch_size", "0", "parameter 'batch_size': 0 is not allowed"),
    ("examples_per_reason", "-1", "parameter 'examples_per_reason': -1 is not allowed; expected an integer >= 0"),
    ("labels", "nonsense", "parameter 'labels': 'nonsense' is not allowed"),
    ("labels", " , ", "parameter 'labels'"),
    ("labels", "body,captions", "parameter 'labels': 'body,captions'"),
    ("engine", "spark", "parameter 'engine': 'spark' is not allowed; expected one of: pandas, dask"),
    ("kwic_query", "  ", "parameter 'kwic_query'"),
    ("languages", "Indonesian", "parameter 'languages'"),
    ("languages", "xx", "parameter 'languages': 'xx' is not allowed; 'xx' is not an ISO 639-1 language code"),
    ("languages", "id,ind", "parameter 'languages': 'id,ind' is not allowed; expected 'any' or comma-separated ISO 639-1"),
    ("languages", "en, qq", "'qq' is not an ISO 639-1 language code (two lower-case letters, such as id, ms or en)"),
    ("scheduler", "not an address", "parameter 'scheduler'"),
    ("scheduler", "foo", "a Dask scheduler address with its port"),  # Dask refuses it only once the run has begun
    ("scheduler", "tcp://10.0.0.5", "parameter 'scheduler'"),
    ("gold", "no/such/gold.json", "parameter 'gold': 'no/such/gold.json' is not allowed"),
    ("stem", "maybe", "parameter 'stem': expected bool"),
    ("topn", "5", "unknown parameter 'topn'; valid parameters: batch_size, columns, corpus"),
])
def test_invalid_parameter_is_refused_before_anything_is_written(capsys, tmp_path, name, value, expected):
    err = _refused(capsys, tmp_path, [(name, value)])
    assert expected in err


def test_labels_message_lists_the_cleaners_labels(capsys, tmp_path):
    err = _refused(capsys, tmp_path, [("labels", "nonsense")])
    assert all(label in err for label in LABELS)


def test_every_problem_is_listed_at_once(capsys, tmp_path):
    err = _refused(capsys, tmp_path, [("top_n", "0"), ("min_count", "-1"), ("labels", "x"), ("nope", "1"),
                                      ("batch_size", "lots")], corpus=str(tmp_path / "missing"))
    for part in ["'top_n'", "'min_count'", "'labels'", "unknown parameter 'nope'", "'batch_size': expected int",
                 "parameter 'corpus' (--corpus)"]:
        assert part in err, part
    assert err.count("\n  - ") == 6


def test_cli_refuses_top_n_zero_with_exit_code_2_and_no_output(tmp_path):
    out = tmp_path / "X"
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "--corpus", "seeds", "--out", str(out),
                           "-p", "top_n", "0"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "parameter 'top_n': 0 is not allowed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_rules_table_covers_every_notebook_parameter(params):
    assert set(params) <= set(parameters.RULES), "give every notebook parameter a rule in parameters.RULES"
    for name, rule in parameters.RULES.items():
        assert rule.check in {"at_least", "fraction", "one_of", "some_of", "pattern", "languages", "columns",
                              "file_or_empty", "path", "any"}, name
        assert rule.allowed, name
    assert parameters.RULES["engine"].arg == ENGINES and parameters.RULES["labels"].arg == LABELS


@pytest.mark.parametrize("values", [
    {"top_n": 1, "min_count": 1, "kwic_window": 1, "batch_size": 1, "examples_per_reason": 0},
    {"labels": "body,caption", "engine": "dask", "scheduler": "tcp://10.0.0.5:8786", "languages": "any"},
    {"languages": "id, ms", "scheduler": "", "gold": "", "kwic_query": "Korea Utara", "default_tz": "+07:00"},
    {"gold": "tests/fixtures/seeds_gold.json", "stem": True, "extra_stopwords": ""},
])
def test_valid_values_pass(values):
    assert parameters.check_values(values, ROOT) == []


@pytest.mark.parametrize("value", [0, -0.1, 1.5, True, "0.5"])
def test_similarity_is_a_share_above_zero_and_at_most_one(value):
    assert parameters.check_values({"similarity": value}) == [
        f"parameter 'similarity': {value!r} is not allowed; expected {parameters.RULES['similarity'].allowed}"]
    assert parameters.check_values({"similarity": 0.5}) == parameters.check_values({"similarity": 1}) == []


@pytest.mark.parametrize("tz", ["07:00", "+7", "+25:00", "UTC", "+07:60"])
def test_time_zone_is_a_utc_offset(tz):
    assert parameters.check_values({"default_tz": tz}) == [
        f"parameter 'default_tz': {tz!r} is not allowed; expected {parameters.RULES['default_tz'].allowed}"]


def test_a_valid_run_passes_validation_without_writing(params, tmp_path):
    out = tmp_path / "report"
    plan = parameters.validate([("top_n", "5"), ("labels", "body,caption"), ("stem", "yes"),
                            ("gold", "tests/fixtures/seeds_gold.json")], params, "seeds", str(out), cwd=ROOT)
    assert plan.corpus == SEEDS and plan.out == out
    assert plan.values["top_n"] == 5 and plan.values["stem"] is True and plan.values["labels"] == "body,caption"
    # handed to the notebooks relative to the repository root: no machine path in their outputs
    assert plan.values["corpus"] == "seeds" and not Path(plan.values["output_dir"]).is_absolute()
    assert (ROOT / plan.values["output_dir"]).resolve() == out.resolve()
    assert plan.values["gold"] == "tests/fixtures/seeds_gold.json" and (ROOT / plan.values["gold"]).is_file()
    assert not out.exists() and list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- paths

def test_missing_corpus_is_refused(capsys, tmp_path):
    err = _refused(capsys, tmp_path, corpus=str(tmp_path / "nope"))
    assert "parameter 'corpus' (--corpus)" in err and "does not exist" in err


@pytest.mark.parametrize("name, content, expected", [
    ("export.csv", b"title;Text;published\nJ;Isi;3 Januari 2024\n", "column 'Text' is not 'text'"),
    ("export.csv", b"doc_id,Text\na,Isi\n", "column 'Text' is not 'text'"),
    ("export.csv.gz", b"", "the CSV file is empty"),
    ("export.json", b'[\n  {"text": "Isi"}\n]\n', "a JSON array, not JSON Lines"),
    ("export.xlsx", b"PK\x03\x04", "expected a folder of pages"),
    ("export.parquet", b"not parquet", "cannot be read as Parquet"),
    ("export.csv", b"doc_id,text\n", "no document to read (it holds no rows)"),  # a header alone
    ("export.csv", b"judul;isi\nA;B\n", "no 'text' column (columns: judul, isi); name its text column in "
                                        "parameter columns (text=isi)"),
    ("export.csv", b"judul|isi\nA|B\n", "no 'text' column (columns: judul, isi)"),
    ("export.csv", b"judul isi\nA B\n", "no 'text' column (columns: judul isi)"),
    ("export.jsonl", b'{"isi": "A"}\n', "no 'text' column (columns: isi)"),  # a small file: read whole
    ("export.jsonl", b"", "no document to read (it holds no rows)"),
    ("export.jsonl", b"\n\n", "no document to read (it holds no rows)"),
])
def test_a_corpus_file_that_cannot_be_read_is_refused_before_the_run(capsys, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(__import__("gzip").compress(content) if name.endswith(".gz") else content)
    err = _refused(capsys, tmp_path, corpus=str(path))
    assert "parameter 'corpus' (--corpus)" in err and expected in err


def test_a_readable_corpus_file_is_not_refused(tmp_path):
    import pandas as pd

    from analysis.corpus import load

    frame = pd.DataFrame({"doc_id": ["a"], "text": ["Isi berita."], "judul": ["J"]})
    for name, write in (("t.csv", frame.to_csv), ("t.parquet", frame.to_parquet)):
        write(tmp_path / name, index=False)
        assert parameters.check_paths(tmp_path / name, tmp_path / "out", None, tmp_path) == []
    (tmp_path / "t.jsonl").write_text('{"title": "no text in this row"}\n{"text": "Isi"}\n', encoding="utf-8")
    assert parameters.check_paths(tmp_path / "t.jsonl", tmp_path / "out", None, tmp_path) == []
    readable = {"cr.csv": b"doc_id,text\ra,Satu dua.\rb,Dua tiga.\r",  # old Mac line ends
                "semi.csv": b'"title";"text"\n"a";"b"\n', "tab.csv": b"title\ttext\nJ\tIsi\n",
                "be.csv": b"\xfe\xff" + "doc_id,text\na,Satu dua\n".encode("utf-16-be"),
                "le32.csv": "doc_id,text\na,Satu dua\n".encode("utf-32"),
                "long.csv": (",".join(f"c{i}" for i in range(12000)) + ",text\n" + "," * 12000 + "isi\n").encode(),
                "lines.json": b'\n{"text": "Isi"}\n'}  # a .json file of JSON Lines, a blank line first
    for name, content in readable.items():
        (tmp_path / name).write_bytes(content)
        assert parameters.check_paths(tmp_path / name, tmp_path / "out", None, tmp_path) == [], name
        assert len(load(tmp_path / name).documents) >= 1, name  # and the readers read it


def test_output_folder_that_is_a_file_is_refused(capsys, tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("keep me")
    err = _refused(capsys, tmp_path, out=target)
    assert "is a file, not a folder" in err
    assert target.read_text() == "keep me"
    err = _refused(capsys, tmp_path, out=target / "sub")
    assert "cannot be created" in err and "is a file" in err


def test_unwritable_output_folder_is_refused(capsys, tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    err = _refused(capsys, tmp_path, out=tmp_path / "new" / "out")
    assert "is not writable" in err and "Permission denied" in err
    existing = tmp_path / "existing"
    existing.mkdir()
    err = _refused(capsys, tmp_path, out=existing)
    assert "is not writable" in err


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc (Linux)")
def test_output_folder_on_a_read_only_place_is_refused(capsys, tmp_path):
    err = _refused(capsys, tmp_path, out="/proc/analysis-report")
    assert "is not writable" in err and "Traceback" not in err


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text("Jakarta - Berita.\n", encoding="utf-8")
    return folder


def test_output_folder_equal_to_the_corpus_is_refused(capsys, tmp_path, corpus):
    err = _refused(capsys, tmp_path, corpus=str(corpus), out=corpus)
    assert "is the corpus folder" in err
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_output_folder_inside_the_corpus_is_refused(capsys, tmp_path, corpus):
    err = _refused(capsys, tmp_path, corpus=str(corpus), out=corpus / "report")
    assert "is inside the corpus folder" in err
    err = _refused(capsys, tmp_path, corpus=str(corpus), given=[("output_dir", str(corpus / "a" / "b"))])
    assert "is inside the corpus folder" in err
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_corpus_inside_a_folder_the_run_rewrites_is_refused(capsys, tmp_path):
    tables = tmp_path / "report" / "tables"
    tables.mkdir(parents=True)
    (tables / "documents.csv").write_text("doc_id\n")
    err = _refused(capsys, tmp_path, corpus=str(tables), out=tmp_path / "report")
    assert "which the run rewrites" in err


def test_output_folder_over_the_notebooks_is_refused(capsys, tmp_path):
    nbdir = tmp_path / "project" / "notebooks"
    nbdir.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[_parameters_cell()])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, nbdir / "01_x.ipynb")
    err = _refused(capsys, tmp_path, out=tmp_path / "project", notebook_dir=nbdir)
    assert "would overwrite the notebooks themselves" in err


def test_output_folder_next_to_the_corpus_is_accepted(params, tmp_path, corpus):
    plan = parameters.validate([], params, str(corpus), str(tmp_path / "report"), cwd=tmp_path)
    assert plan.out == tmp_path / "report" and not plan.out.exists()


# --------------------------------------------------------------------------- one run per folder

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_lock_is_taken_and_released(tmp_path):
    out = tmp_path / "out"
    with output_lock(out) as lock:
        assert lock == out / ".lock"
        assert lock.read_text().strip() == str(os.getpid())
    assert not lock.exists() and out.is_dir()


def test_second_acquisition_fails_naming_the_pid(tmp_path):
    with output_lock(tmp_path):
        with pytest.raises(LockError) as err:
            with output_lock(tmp_path):
                pass
        assert f"pid {os.getpid()}" in str(err.value) and ".lock" in str(err.value)
        assert (tmp_path / ".lock").exists()  # the failed attempt leaves the holder's lock alone
    assert not (tmp_path / ".lock").exists()


def test_lock_is_released_on_error(tmp_path):
    with pytest.raises(KeyError):
        with output_lock(tmp_path):
            raise KeyError("x")
    assert not (tmp_path / ".lock").exists()


def test_stale_lock_is_taken_over_with_a_warning(tmp_path, capsys):
    dead = _dead_pid()
    (tmp_path / ".lock").write_text(f"{dead}\n")
    with output_lock(tmp_path) as lock:
        assert lock.read_text().strip() == str(os.getpid())
    err = capsys.readouterr().err
    assert "warning: taking over the stale lock" in err and f"pid {dead} is not running" in err
    assert not lock.exists() and not (tmp_path / ".lock.takeover").exists()


def test_run_on_a_locked_folder_stops_at_once(tmp_path, capsys):
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out = tmp_path / "out"
        out.mkdir()
        (out / ".lock").write_text(f"{holder.pid}\n")
        code = runner.run(corpus=str(SEEDS), out=str(out), progress=False, cwd=ROOT)
        err = capsys.readouterr().err
        assert code == 3
        assert f"held by pid {holder.pid}" in err and ".lock" in err
        assert sorted(p.name for p in out.iterdir()) == [".lock"]
        assert (out / ".lock").read_text().strip() == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()


# --------------------------------------------------------------------------- failures named by their line

def _parameters_cell():
    cell = nbformat.v4.new_code_cell('corpus = "seeds"')
    cell.metadata["tags"] = ["parameters"]
    return cell


TRACEBACK_CALL = [
    "\x1b[31m---------------------------------------------------------------------------\x1b[39m",
    "\x1b[31mZeroDivisionError\x1b[39m                         Traceback (most recent call last)",
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[7]\x1b[39m\x1b[32m, line 3\x1b[39m\n\x1b[32m      1\x1b[39m "
    "import mod\n\x1b[32m      2\x1b[39m x = \x1b[32m0\x1b[39m\n\x1b[32m----> \x1b[39m\x1b[32m3\x1b[39m "
    "counts = terms.top(x)\n\x1b[32m      4\x1b[39m z = \x1b[32m2\x1b[39m\n",
    f"\x1b[36mFile \x1b[39m\x1b[32m{ROOT / 'analysis' / 'terms.py'}:2\x1b[39m, in \x1b[36mtop\x1b[39m\x1b[34m(x)\x1b[39m\n"
    "\x1b[32m----> \x1b[39m\x1b[32m2\x1b[39m     return 1 / x\n",
    "\x1b[31mZeroDivisionError\x1b[39m: division by zero",
]
SOURCE_CALL = "from analysis import terms\nx = 0\ncounts = terms.top(x)\nz = 2"

TRACEBACK_NESTED = [  # a function defined in an earlier cell (In[2]) raising, called from In[5]
    "\x1b[31mKeyError\x1b[39m                                  Traceback (most recent call last)",
    "\x1b[36mCell\x1b[39m In[5], line 2\n      1 y = 1\n----> 2 f()\n",
    "\x1b[36mCell\x1b[39m In[2], line 2, in f()\n      1 def f():\n----> 2     raise KeyError('k')\n",
    "\x1b[31mKeyError\x1b[39m: 'k'",
]
TRACEBACK_SYNTAX = ["  \x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 2\x1b[39m\n"
                    "\x1b[31m    \x1b[39m\x1b[31my = (\x1b[39m\n         ^\n"
                    "\x1b[31mSyntaxError\x1b[39m\x1b[31m:\x1b[39m incomplete input\n"]


@pytest.mark.parametrize("count, source, traceback, expected", [
    (7, SOURCE_CALL, TRACEBACK_CALL, (3, "counts = terms.top(x)")),
    (5, "y = 1\nf()", TRACEBACK_NESTED, (2, "f()")),
    (3, "x = 1\ny = (\n", TRACEBACK_SYNTAX, (2, "y = (")),
    (None, "a\nb", ["Input In [4], in <cell line: 2>()\n----> 2 b"], (2, "b")),
    (4, "a", ["no frame at all"], (None, "")),
])
def test_error_line_is_the_innermost_frame_in_the_failing_cell(count, source, traceback, expected):
    exc = PapermillExecutionError(1, count, source, "E", "v", traceback)
    assert runner.error_line(exc) == expected


def test_failure_message_names_notebook_cell_and_line(tmp_path):
    executed = tmp_path / "03_terms.ipynb"
    cells = [nbformat.v4.new_markdown_cell("# Terms"), _parameters_cell(), nbformat.v4.new_code_cell("x = 1")]
    injected = nbformat.v4.new_code_cell('corpus = "/x"')
    injected.metadata["tags"] = ["injected-parameters"]
    failing = nbformat.v4.new_code_cell(SOURCE_CALL, execution_count=7)
    failing.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                              traceback=TRACEBACK_CALL)]
    banner = nbformat.v4.new_markdown_cell("An Exception was encountered")
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    nb = nbformat.v4.new_notebook(cells=[banner, cells[0], cells[1], injected, cells[2], failing])
    nbformat.write(nb, executed)
    exc = PapermillExecutionError(5, 7, SOURCE_CALL, "ZeroDivisionError", "division by zero", TRACEBACK_CALL)
    message = runner.failure_message("03_terms.ipynb", executed, exc, tmp_path)
    assert "03_terms.ipynb, cell 4, line 3: counts = terms.top(x)" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "raised in analysis/terms.py:2, in top" in message
    assert "from analysis import terms" not in message  # not the cell's first line


@pytest.mark.parametrize("name, value, largest", [("batch_size", "99999999999999999999", "2,147,483,647"),
                                                  ("min_count", "99999999999999999999", "2,147,483,647"),
                                                  ("workers", "1025", "1,024")])
def test_an_integer_too_large_for_the_libraries_is_refused_before_the_run(capsys, tmp_path, name, value, largest):
    err = _refused(capsys, tmp_path, given=[(name, value)])
    assert f"parameter {name!r}: {value} is too large (at most {largest})" in err


def test_a_dask_scheduler_that_does_not_answer_is_refused_before_the_run(capsys, tmp_path):
    err = _refused(capsys, tmp_path, given=[("engine", "dask"), ("scheduler", "tcp://127.0.0.1:1")])
    assert "parameter 'scheduler': no Dask scheduler answers at 127.0.0.1:1" in err


def test_a_columns_mapping_the_corpus_cannot_give_is_refused_before_the_run(capsys, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id;isi\na;Jakarta - Pemerintah menyatakan kerja sama itu melanggar resolusi PBB.\n", encoding="utf-8")
    err = _refused(capsys, tmp_path, given=[("columns", "text=isi,published=tanggal")], corpus=str(path))
    assert "parameter 'corpus' (--corpus): corpus 'export.csv': no column 'tanggal' (named by parameter columns; " \
           "its columns: 'id', 'isi')" in err
    err = _refused(capsys, tmp_path, given=[("columns", "isi")], corpus=str(path))
    assert "parameter 'columns': 'isi' is not allowed; 'isi' is not NAME=COLUMN" in err
    assert "no 'text' column" not in err  # a value it cannot read is the parameter's problem alone
    with pytest.raises(parameters.ParameterError, match="parameter 'columns': 'tanggal=published' is not allowed"):
        parameters.check_notebook({"columns": "tanggal=published"})
