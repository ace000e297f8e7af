"""Readers that go on: every input file or row is a document or a problem naming it, and one
bad row never stops the corpus (hostile inputs built in tmp_path)."""

import csv
import gzip
import io
import os
import string
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import corpus, corpus_files, readers
from analysis.config import RunConfig

TEXT = ("Jakarta (ANTARA) - Menteri Luar Negeri Indonesia mengatakan pada Senin bahwa pemerintah sangat "
        "prihatin dengan kerja sama militer antara Korea Utara dan Rusia yang melanggar resolusi PBB.")


def load(path, **kw):
    return corpus.load(path, languages="any", **kw)


def read(path, batch_size=5000):
    """What the readers give (``iter_raw``), before any analysis."""
    return corpus.Corpus.concat([raw.corpus for raw in readers.iter_raw(path, batch_size)])


def problems_of(c) -> dict:
    return {r.source_file: (r.severity, r.message) for r in c.problems.itertuples()}


# ----------------------------------------------------------------- CSV and JSONL, row by row

@pytest.mark.parametrize("batch_size", [1, 2, 5000])
def test_a_ragged_csv_row_is_reported_and_the_rest_loads(tmp_path, batch_size):
    path = tmp_path / "export.csv"
    path.write_text(f"doc_id,text,outlet\na,{TEXT},x\nb,{TEXT},y\nc,bad,x,y,z\nd,\"{TEXT}\n{TEXT}\",z\ne,{TEXT},w\n")
    c = load(path, batch_size=batch_size)
    assert list(c.documents["doc_id"]) == ["a", "b", "d", "e"]
    assert list(c.documents["source_file"]) == ["export.csv:1", "export.csv:2", "export.csv:4", "export.csv:5"]
    severity, message = problems_of(c)["export.csv:3"]  # the third row, on line 4 of the file
    assert severity == "error" and "Expected 3 fields in line 4, saw 5" in message
    assert "its first field, doc_id, reads 'c'" in message  # the row is named by its own id too
    assert c.documents.set_index("doc_id").loc["d", "text"] == f"{TEXT}\n{TEXT}"


def test_a_ragged_first_csv_row_is_not_taken_for_an_index(tmp_path):
    path = tmp_path / "first.csv"
    path.write_text(f"text,outlet\n{TEXT},x,extra\n{TEXT},y\n")  # pandas would shift the columns
    c = load(path)
    assert list(c.documents["source_file"]) == ["first.csv:2"]
    assert c.documents.loc[0, "outlet"] == "y"
    assert "Expected 2 fields in line 2, saw 3 (a ragged CSV row)" in problems_of(c)["first.csv:1"][1]


@pytest.mark.parametrize("content, kept, row, severity, said", [
    # the quote opened in row 1 is closed only by the stray one in row 3: rows 2 and 3 are read as
    # part of row 1's text, by pandas and by the csv module alike; the row is named
    (f'doc_id,outlet,text\nb-1,x,"{TEXT}\nb-2,y,{TEXT}\nb-3,z,"{TEXT}"\nb-4,w,{TEXT}\n', ["b-1", "b-4"], 1, "warning",
     ["line 2 of the field: 'b-2,y,Jakarta", "a quote left open may have merged the rows after it"]),
    # the quote left open in row 2 joins row 3 to it, and the record has too many fields
    (f'doc_id,text,outlet\na,{TEXT},x\nb,"{TEXT},y\nc,{TEXT}",z,extra\nd,{TEXT},w\n', ["a", "d"], 2, "error",
     ["Expected 3 fields in lines 3-4, saw 4", "a quote left open may have joined the rows on these lines into it"]),
])
def test_rows_a_quote_left_open_takes_in_are_named(tmp_path, content, kept, row, severity, said):
    (tmp_path / "open.csv").write_text(content)
    c = load(tmp_path / "open.csv")
    assert list(c.documents["doc_id"]) == kept and list(problems_of(c)) == [f"open.csv:{row}"]
    assert problems_of(c)[f"open.csv:{row}"][0] == severity
    assert all(part in problems_of(c)[f"open.csv:{row}"][1] for part in said)


def test_the_merged_row_check_judges_each_row_alone_whatever_the_batch(tmp_path):
    rows = [f'r{i},kompas,"{TEXT}\n{TEXT}"' for i in range(12)]
    rows[5] = f'r5,kompas,"{TEXT}\nr6,kompas,{TEXT}'  # the quote left open takes row 6 in
    rows[6] = f'r7,kompas,"{TEXT}"'
    (tmp_path / "m.csv").write_text("doc_id,outlet,text\n" + "\n".join(rows[:7] + rows[8:]) + "\n", encoding="utf-8")
    for size in (1, 4, 100):
        found = problems_of(load(tmp_path / "m.csv", batch_size=size))
        assert list(found) == ["m.csv:6"] and "'r6,kompas,Jakarta" in found["m.csv:6"][1], size


@pytest.mark.parametrize("header, line", [("doc_id,text", "42,67 persen warga setuju."),
                                          ("title,text", "Presiden Jokowi, dalam keterangannya, berkata.")])
def test_a_file_without_an_id_and_a_short_column_is_not_checked_for_merged_rows(tmp_path, header, line):
    first = "1" if header.startswith("doc_id") else "Banjir Jakarta"
    (tmp_path / "x.csv").write_text(f'{header}\n{first},"{TEXT}\n{line}"\n', encoding="utf-8")
    assert load(tmp_path / "x.csv").problems.empty


@pytest.mark.parametrize("ids", [["1001", "1002"], ["doc-1", "doc-2"]])
def test_multi_line_texts_with_commas_are_not_taken_for_merged_rows(tmp_path, ids):
    # datelines, decimal commas and lists start lines inside quoted texts; none is a row here
    body = ('JAKARTA, KOMPAS.com - Anggaran naik,\n42,67 triliun, kata dia, pada Senin.\n'
            '2024, tahun politik, dimulai.\nbaik, buruk, semua dicatat.')
    frame = pd.DataFrame({"doc_id": ids, "outlet": ["kompas", "antara"], "published": ["2024-01-03", "2024-01-04"],
                          "text": [f"{TEXT}\n{body}", f"{body}\n{TEXT}"]})
    frame.to_csv(tmp_path / "clean.csv", index=False)
    c = load(tmp_path / "clean.csv")
    assert c.documents["doc_id"].tolist() == ids and c.problems.empty


def test_a_broken_jsonl_line_is_reported_and_the_rest_loads(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "%s"}\n{"text": broken\n{"text": "%s"}\n[1, 2]\n{"text": "%s"}\n' % (TEXT, TEXT, TEXT))
    c = load(path, batch_size=2)
    assert list(c.documents["source_file"]) == ["c.jsonl:1", "c.jsonl:3", "c.jsonl:5"]
    found = problems_of(c)
    assert found["c.jsonl:2"][0] == "error" and "line 2 is not valid JSON" in found["c.jsonl:2"][1]
    assert "line 4 is not a JSON object" in found["c.jsonl:4"][1]
    assert set(c.problems["doc_id"]) == {"c-0000002", "c-0000004"}


def test_a_jsonl_line_in_cp1252_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(('{"text": "%s"}\n' % TEXT).encode() + ('{"text": "%s naïve"}\n' % TEXT).encode("cp1252"))
    c = load(path)
    assert c.documents["text"].tolist()[1].endswith("naïve")
    assert problems_of(c)["c.jsonl:2"][0] == "warning"


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".csv.gz"])
def test_a_cut_compressed_file_keeps_the_rows_before_the_cut(tmp_path, suffix):
    rows = [f"{TEXT} {i}" for i in range(3000)]
    if suffix == ".csv.gz":
        body = "text\n" + "".join(f'"{r}"\n' for r in rows)
    else:
        body = "".join('{"text": "%s"}\n' % r for r in rows)
    data = gzip.compress(body.encode())
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: len(data) // 2])
    c = load(path, batch_size=500)
    n = len(c.documents)
    assert 0 < n < len(rows)
    assert c.documents["text"].tolist() == rows[:n]  # nothing corrupted, in order
    severity, message = problems_of(c)[f"cut{suffix}"]
    assert severity == "error" and "EOFError" in message and f"{n} rows" in message


@pytest.mark.parametrize("name, content", [
    ("none.parquet", None), ("none.jsonl", b""), ("blank.jsonl", b"\n \n"), ("header.csv", b"text,outlet\n"),
    ("zero.csv", b""),
])
def test_a_table_without_rows_is_one_clear_error_naming_it(tmp_path, name, content):
    path = tmp_path / name
    if content is None:
        pq.write_table(pa.table({"text": pa.array([], pa.string())}), path)
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=name.replace(".", r"\.")):
        load(path)


def test_prepare_stops_on_an_empty_table_before_writing_anything(tmp_path):
    from analysis import pipeline

    path = tmp_path / "none.parquet"
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), path)
    with pytest.raises(ValueError, match="none.parquet"):
        pipeline.prepare(path, tmp_path / "out", RunConfig(progress=False))
    assert not list((tmp_path / "out").rglob("*.parquet"))


def test_binary_parquet_cells_in_cp1252_are_decoded_with_a_warning(tmp_path):
    path = tmp_path / "bin.parquet"
    cells = [TEXT.encode(), f"{TEXT} naïve “kata”".encode("cp1252")]
    pq.write_table(pa.table({"text": pa.array(cells, pa.binary()), "outlet": pa.array([b"A", b"B"])}), path)
    c = load(path)
    assert c.documents["text"].tolist() == [TEXT, f"{TEXT} naïve “kata”"]
    assert c.documents["outlet"].tolist() == ["A", "B"]
    severity, message = problems_of(c)["bin.parquet:2"]
    assert severity == "warning" and "cp1252" in message


# ----------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_pages_are_decoded(tmp_path, encoding):
    data = TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # no byte-order mark: known by its NUL bytes
        assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    (tmp_path / "p.txt").write_bytes(data)
    c = load(tmp_path)
    assert c.documents["text"].tolist() == [TEXT]
    assert not (c.problems["severity"] == "error").any()


def test_a_cp1252_page_is_cp1252_not_cp1250(tmp_path):
    (tmp_path / "p.txt").write_bytes(f"{TEXT} Gaya naïve, “kata” — café.".encode("cp1252"))
    c = load(tmp_path)
    assert c.documents.loc[0, "text"].endswith("Gaya naïve, “kata” — café.")
    assert c.documents.loc[0, "encoding"] == "cp1252"
    assert "UTF-8" in problems_of(c)["p.txt"][1]


def test_a_csv_export_records_its_encoding_per_document(tmp_path):
    (tmp_path / "cp.csv").write_bytes(f"doc_id,text\na,{TEXT} café\n".encode("cp1252"))
    (tmp_path / "u.csv").write_bytes(f"doc_id,text\nb,{TEXT} café\n".encode("utf-8-sig"))
    assert load(tmp_path / "cp.csv").documents.loc[0, "encoding"] == "utf-8+cp1252"  # UTF-8 where it is
    assert load(tmp_path / "u.csv").documents.loc[0, "encoding"] == "utf-8"


def test_a_utf8_page_with_some_cp1252_lines_is_repaired_line_by_line(tmp_path):
    data = (f"Judul “berita” naïve\n{TEXT}\n".encode() + f"Menurut dia “aman” café\n".encode("cp1252")
            + f"{TEXT} — selesai\n".encode())
    (tmp_path / "p.txt").write_bytes(data)
    c = load(tmp_path)
    expected = f"Judul “berita” naïve\n{TEXT}\nMenurut dia “aman” café\n{TEXT} — selesai\n"
    assert c.documents.loc[0, "text"] == expected
    severity, message = problems_of(c)["p.txt"]
    assert severity == "warning" and "1 of 5 lines" in message and "cp1252" in message


def test_nul_bytes_are_removed_wherever_they_are(tmp_path):
    (tmp_path / "start.txt").write_bytes(b"\x00" + TEXT.encode())
    (tmp_path / "late.txt").write_bytes((TEXT + "\n") .encode() * 1000 + b"ak\x00hir\x00")
    c = load(tmp_path)
    docs = c.documents.set_index("doc_id")
    assert docs.loc["start", "text"] == TEXT
    assert docs.loc["late", "text"].endswith("akhir") and "\x00" not in docs.loc["late", "text"]
    found = problems_of(c)
    assert found["start.txt"] == ("warning", "removed 1 NUL byte")
    assert found["late.txt"] == ("warning", "removed 2 NUL bytes")


def test_a_really_binary_page_is_still_refused(tmp_path):
    (tmp_path / "x.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "z.txt").write_bytes(b"\x00" * 100)
    c = load(tmp_path)
    assert c.documents.empty
    assert all(s == "error" and "binary" in m for s, m in problems_of(c).values())


# ----------------------------------------------------------------- folders

def test_symlink_loops_and_broken_links_are_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(TEXT)
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # a loop
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a link to itself
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "alias").symlink_to(tmp_path / "sub", target_is_directory=True)
    c = load(tmp_path)
    assert c.documents["source_file"].tolist() == ["sub/a.txt"]
    found = problems_of(c)
    assert "symlink loop" in found["sub/up"][1]
    assert found["self.txt"][0] == "error" and "symlink loop" in found["self.txt"][1]
    assert found["gone.txt"][0] == "error" and "broken symlink" in found["gone.txt"][1]
    assert "read already" in found["alias"][1]


def test_a_linked_folder_is_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(TEXT)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(TEXT)
    (tmp_path / "corpus" / "more").symlink_to(elsewhere, target_is_directory=True)
    c = load(tmp_path / "corpus")
    assert c.documents["doc_id"].tolist() == ["a", "more/b"]


def test_unreadable_folders_and_files_are_reported(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(TEXT)
    (tmp_path / "c.txt").write_text(TEXT)
    scandir, read_bytes = os.scandir, Path.read_bytes

    def denied_scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    def denied_read(self):
        if self.name == "c.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(os, "scandir", denied_scandir)
    monkeypatch.setattr(Path, "read_bytes", denied_read)
    c = load(tmp_path)
    assert c.documents["doc_id"].tolist() == ["a"]
    found = problems_of(c)
    assert found["locked"] == ("error", "refused: cannot read the folder (Permission denied)")
    assert found["c.txt"] == ("error", "refused: cannot read the file (Permission denied)")


def test_colliding_doc_ids_get_deterministic_suffixes(tmp_path):
    (tmp_path / "case.txt").write_text(TEXT)
    (tmp_path / "case.TXT").write_text(TEXT + " Dua.")
    (tmp_path / "other.txt").write_text(TEXT)
    c = load(tmp_path)
    docs = c.documents.set_index("source_file")
    assert docs.loc["case.TXT", "doc_id"] == "case" and docs.loc["case.txt", "doc_id"] == "case~2"
    assert c.documents["doc_id"].is_unique
    severity, message = problems_of(c)["case.txt"]
    assert severity == "warning" and "case.TXT" in message and "case.txt" in message
    assert c.documents.equals(load(tmp_path).documents)  # the same again


# ----------------------------------------------------------------- the accounting invariant

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = st.text(alphabet=string.ascii_letters + "éï“”—’ ,.\"\n\r\t\x00\x93", min_size=0, max_size=60)
PAGE = st.one_of(
    st.binary(max_size=300),
    st.tuples(WORDS, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-32", "latin-1"]))
    .map(lambda t: t[0].encode(t[1], errors="replace")),
    st.tuples(WORDS, WORDS).map(lambda t: t[0].encode() + b"\n" + t[1].encode("cp1252", errors="replace")),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(PAGE, min_size=1, max_size=6))
def test_every_page_is_a_document_or_a_problem(tmp_path_factory, pages):
    folder = tmp_path_factory.mktemp("pages")
    names = {f"p{i}.txt" for i in range(len(pages))}
    for i, data in enumerate(pages):
        (folder / f"p{i}.txt").write_bytes(data)
    c = read(folder)
    loaded = set(c.documents["source_file"])
    refused = set(c.problems.loc[c.problems["severity"] == "error", "source_file"])
    assert loaded | refused == names and not loaded & refused
    assert not c.documents["text"].str.contains("\x00").any()


ROW = st.lists(st.text(alphabet=string.ascii_letters + " ,\"\n;é—", max_size=20), min_size=1, max_size=5)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=12), batch_size=st.integers(1, 5),
       encoding=st.sampled_from(["utf-8", "cp1252"]), gz=st.booleans())
def test_every_csv_row_is_a_document_or_a_problem(tmp_path_factory, rows, batch_size, encoding, gz):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["text", "outlet", "title"])
    rows = [[TEXT + r[0], *r[1:]] for r in rows]  # never blank: a blank line is no row
    writer.writerows(rows)
    data = buf.getvalue().encode(encoding, errors="replace")
    path = tmp_path_factory.mktemp("csv") / ("t.csv.gz" if gz else "t.csv")
    path.write_bytes(gzip.compress(data) if gz else data)
    c = read(path, batch_size=batch_size)
    sources = [f"{path.name}:{i}" for i in range(1, len(rows) + 1)]
    loaded = c.documents["source_file"].tolist()
    refused = c.problems.loc[c.problems["severity"] == "error", "source_file"].tolist()
    assert sorted(loaded + refused, key=lambda s: int(s.rpartition(":")[2])) == sources
    ragged = {f"{path.name}:{i}" for i, r in enumerate(rows, 1) if len(r) > 3}
    assert set(refused) == ragged
    texts = dict(zip(loaded, c.documents["text"]))
    for i, r in enumerate(rows, 1):
        if f"{path.name}:{i}" in texts:
            assert texts[f"{path.name}:{i}"] == r[0].encode(encoding, errors="replace").decode(encoding) \
                .replace("\r\n", "\n").replace("\r", "\n")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(st.text(max_size=40).map(lambda t: '{"text": %s}' % __import__("json").dumps(TEXT + t)),
                                st.binary(max_size=40).map(lambda b: b.decode("latin-1"))), min_size=1, max_size=12),
       batch_size=st.integers(1, 5))
def test_every_jsonl_line_is_a_document_or_a_problem(tmp_path_factory, lines, batch_size):
    lines = [ln.replace("\n", " ").replace("\r", " ") for ln in lines]
    path = tmp_path_factory.mktemp("jsonl") / "t.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    rows = [ln for ln in lines if ln.encode().strip()]  # bytes: "\x1c" is no blank
    if not any(ln.startswith('{"text"') for ln in rows):
        return
    c = read(path, batch_size=batch_size)
    loaded = c.documents["source_file"].tolist()
    refused = c.problems.loc[c.problems["severity"] == "error", "source_file"].tolist()
    assert sorted(loaded + refused, key=lambda s: int(s.rpartition(":")[2])) == \
        [f"t.jsonl:{i}" for i in range(1, len(rows) + 1)]


JSON_VALUE = st.one_of(st.text(max_size=20), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                      st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
                      st.dictionaries(st.sampled_from("ab"), st.integers(), max_size=2))
JSON_RECORD = st.fixed_dictionaries({"text": st.text(max_size=30).map(lambda t: TEXT + t)},
                                    optional={k: JSON_VALUE for k in ("doc_id", "title", "outlet", "published", "url")})


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(JSON_RECORD, min_size=1, max_size=8), batch_size=st.integers(1, 4),
       ascii_only=st.booleans())
def test_jsonl_batches_read_fast_or_slowly_give_the_same_corpus(tmp_path_factory, records, batch_size, ascii_only):
    """A batch of JSON Lines is read by Arrow when that surely gives pandas' frame, else by
    pandas: the same records with one more key that only pandas reads (a number with a
    fraction) give the same documents and problems."""
    import json

    fast, slow = tmp_path_factory.mktemp("fast") / "t.jsonl", tmp_path_factory.mktemp("slow") / "t.jsonl"
    for path, rows in ((fast, records), (slow, [{**r, "zz": 0.5} for r in records])):
        path.write_text("\n".join(json.dumps(r, ensure_ascii=ascii_only) for r in rows), encoding="utf-8")
    fast, slow = read(fast, batch_size), read(slow, batch_size)
    pd.testing.assert_frame_equal(fast.documents, slow.documents, check_exact=True)
    unread = slow.problems["message"].str.startswith("columns not read: zz")  # the key only the slow file has
    assert unread.sum() == 1
    pd.testing.assert_frame_equal(fast.problems, slow.problems[~unread].reset_index(drop=True), check_exact=True)


def test_plain_json_lines_are_read_without_pandas_and_read_the_same(tmp_path, monkeypatch):
    """Text, whole numbers and ISO dates (text, not timestamps) are read by Arrow alone: with
    pandas' JSON reader out of reach the same documents come out, over several Arrow blocks."""
    import json

    rows = [{"doc_id": f"d{i}", "text": f"{TEXT} {i} {'panjang ' * (i % 50)}", "title": f"Judul {i}",
             "published": ["2024-01-05", "2024-01-05T10:00:00+07:00", "2024-01-05T03:00:00Z"][i % 3]
             if i % 7 else None, "views": i} for i in range(3000)]  # ISO only: Arrow would read timestamps
    path, slow = tmp_path / "t.jsonl", tmp_path / "slow" / "t.jsonl"
    slow.parent.mkdir()
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    slow.write_text("\n".join(json.dumps({**r, "zz": 0.5}) for r in rows), encoding="utf-8")  # pandas reads it
    expected = read(slow, 1000)
    assert expected.documents["given_published"].eq("2024-01-05T10:00:00+07:00").any()

    def refused(*args, **kwargs):
        raise AssertionError("pandas' JSON reader was called")

    monkeypatch.setattr(pd, "read_json", refused)
    got = read(path, 1000)
    pd.testing.assert_frame_equal(got.documents, expected.documents, check_exact=True)
    assert len(got.documents) == 3000


def test_a_key_that_is_not_utf8_is_read_as_cp1252_with_a_warning(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"text": "' + TEXT.encode() + b'", "caf\xe9": "x"}\n{"text": "' + TEXT.encode() + b' dua"}\n')
    c = read(path)
    assert c.documents["source_file"].tolist() == ["t.jsonl:1", "t.jsonl:2"]
    assert "t.jsonl:1" in set(c.problems.loc[c.problems["severity"] == "warning", "source_file"])


def test_a_page_over_the_size_limit_is_cut_with_a_warning(tmp_path):
    para = "Korea Utara telah mengirim lebih dari satu juta peluru artileri ke Rusia, kata pejabat itu.\n"
    (tmp_path / "big.txt").write_text("Korut Kirim Peluru ke Rusia\n" + para * 200, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Korut Kirim Peluru ke Rusia\n" + para * 3, encoding="utf-8")
    c = corpus.load(tmp_path, max_page_chars=2000)
    docs = c.documents.set_index("doc_id")
    assert docs.loc["big", "n_chars"] <= 2000 and docs.loc["small", "n_chars"] < 2000
    assert c.lines.groupby("doc_id")["line_no"].max()["big"] < 201  # cut at a line end
    warned = c.problems[c.problems["message"].str.startswith("page cut to its first")]
    assert warned["doc_id"].tolist() == ["big"] and warned["severity"].tolist() == ["warning"]
    with pytest.raises(ValueError, match="max_page_chars"):
        corpus.load(tmp_path, max_page_chars=0)


# ----------------------------------------------------------------- exports cut or written by other tools

@pytest.mark.parametrize("suffix", [".csv", ".csv.gz"])
def test_a_csv_that_ends_inside_a_quoted_field_refuses_that_row_and_keeps_the_others(tmp_path, suffix):
    data = f"doc_id,text\na,\"{TEXT}\n\n{TEXT}\"\nb,{TEXT}\nc,\"{TEXT}\n{TEXT}\n".encode()  # c's quote never closes
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    c = load(path)
    assert list(c.documents["doc_id"]) == ["a", "b"]
    severity, message = problems_of(c)[f"cut{suffix}:3"]
    assert severity == "error" and "lines 6-7" in message and "ends inside a quoted field" in message


def test_a_csv_whose_first_row_the_end_leaves_open_refuses_it(tmp_path):
    (tmp_path / "one.csv").write_text(f"doc_id,text\na,\"{TEXT}\n")  # pandas cannot read even its header
    one = read(tmp_path / "one.csv")
    assert one.documents.empty and "line 2: the file ends inside" in problems_of(one)["one.csv:1"][1]
    (tmp_path / "two.csv").write_text(f"doc_id,text\na,\"{TEXT}\nb,{TEXT}\n")  # b is inside a's open field
    assert "lines 2-3" in problems_of(read(tmp_path / "two.csv"))["two.csv:1"][1]


@pytest.mark.parametrize("rows, texts", [
    ('q1,"b"c,"d\ne"\nq2,ok,z\n', ["bc", "ok"]),  # a stray quote on a line that opens a multi-line field
    ('q1,"multi\nline" ,z\nq2,ok,z\n', ["multi\nline ", "ok"]),  # a space after a closing quote
    (f'q1,"{TEXT}" lanjut,z\nq2,ok,z\n', [f"{TEXT} lanjut", "ok"]),  # a stray quote inside one line
])
def test_sloppy_quotes_that_close_are_read_as_before(tmp_path, rows, texts):
    path = tmp_path / "sloppy.csv"
    path.write_text("doc_id,text,outlet\nz,bad,x,y,z\n" + rows)  # the ragged row sends it to the csv module
    assert load(path).documents["text"].tolist() == texts


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_jsonl_file_with_a_byte_order_mark_is_read_whole(tmp_path, encoding):
    path = tmp_path / "marked.jsonl"
    path.write_bytes("".join(f'{{"doc_id": "r{i}", "text": "{TEXT} {i}"}}\n' for i in range(3)).encode(encoding))
    c = load(path)
    assert list(c.documents["doc_id"]) == ["r0", "r1", "r2"] and c.problems.empty


@pytest.mark.parametrize("listed", [False, True])  # a list column sends the batch past Arrow's reader
def test_whole_number_ids_with_a_gap_stay_whole_numbers(tmp_path, listed):
    extra = ', "authors": ["Ani", "Budi"]' if listed else ""
    path = tmp_path / "ids.jsonl"
    path.write_text(f'{{"doc_id": 1234567890123456789, "text": "{TEXT}"{extra}}}\n'
                    f'{{"doc_id": 1234567890123456788, "text": "{TEXT} Dua."}}\n{{"text": "{TEXT} Tiga."}}\n')
    table = pa.table({"doc_id": pa.array([1234567890123456789, None, 5], pa.int64()), "text": [TEXT] * 3})
    pq.write_table(table, tmp_path / "ids.parquet")
    assert list(load(path).documents["doc_id"]) == ["1234567890123456789", "1234567890123456788", "ids-0000003"]
    assert list(load(tmp_path / "ids.parquet").documents["doc_id"]) == ["1234567890123456789", "ids-0000002", "5"]


def test_lists_are_joined_and_lone_surrogates_replaced_with_a_warning(tmp_path):
    path = tmp_path / "lists.jsonl"
    path.write_text(f'{{"doc_id": "a", "text": ["{TEXT}", "Paragraf kedua."], "authors": ["Ani", " Budi "]}}\n'
                    f'{{"doc_id": "b", "text": "{TEXT} \\ud83d pecah"}}\n')
    c = load(path)
    docs = c.documents.set_index("doc_id")
    assert docs.loc["a", "text"] == f"{TEXT}\nParagraf kedua." and docs.loc["a", "authors"] == "Ani; Budi"
    assert "\ufffd pecah" in docs.loc["b", "text"]
    assert problems_of(c)["lists.jsonl:2"] == ("warning", "replaced a lone surrogate (a broken \\u escape) with U+FFFD")


def test_a_damaged_compressed_jsonl_file_is_reported_not_raised(tmp_path):
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip\n")
    with pytest.raises(ValueError, match="no document to read .the file is cut short or corrupt"):
        read(tmp_path / "bad.jsonl.gz")


# ----------------------------------------------------------------- columns the suite does not read

@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_columns_that_are_not_read_are_named_in_a_warning(tmp_path, suffix):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": [TEXT, TEXT + " Lagi."], "judul": ["J1", "J2"],
                          "tanggal": ["3 Januari 2024", "4 Januari 2024"], "title": ["T1", "T2"]})
    path = tmp_path / f"export{suffix}"
    {".csv": lambda: frame.to_csv(path, index=False), ".parquet": lambda: frame.to_parquet(path, index=False),
     ".jsonl": lambda: frame.to_json(path, orient="records", lines=True, force_ascii=False)}[suffix]()
    for batch_size in (1, 5000):  # reported once, with the first batch
        c = read(path, batch_size)
        warned = c.problems[c.problems["message"].str.startswith("columns not read")]
        assert warned["message"].str.contains("judul, tanggal").tolist() == [True]
        assert warned["source_file"].tolist() == [path.name]
        assert c.documents["doc_id"].tolist() == ["a", "b"]


def _export(frame, path):
    suffix = "".join(path.suffixes)
    {".csv": lambda: frame.to_csv(path, index=False, sep=";"), ".parquet": lambda: frame.to_parquet(path, index=False),
     ".jsonl": lambda: frame.to_json(path, orient="records", lines=True, force_ascii=False)}[suffix]()
    return path


SUITE = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [TEXT, TEXT + " Lagi.", TEXT + " Lagi, lagi."],
                      "title": ["Judul satu", "Judul dua", ""], "published": ["03/01/2024", "13/01/2024", ""],
                      "outlet": ["antaranews.com", "antaranews.com", "kompas.com"]})
#: The same export as an outlet's own system names it, and the mapping that reads it.
OWN = {"doc_id": "id", "text": "isi", "title": "judul", "published": "tanggal", "outlet": "media"}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
@pytest.mark.parametrize("batch_size", [1, 5000])
def test_a_columns_mapping_reads_an_export_as_if_its_columns_were_named_as_the_suites(tmp_path, suffix, batch_size):
    named, own = tmp_path / "named", tmp_path / "own"
    named.mkdir(), own.mkdir()
    want = _export(SUITE, named / f"export{suffix}")
    got = _export(SUITE.rename(columns=OWN).assign(kolom_lain="x"), own / f"export{suffix}")
    mapping = ",".join(f"{name}={column}" for name, column in OWN.items())
    raw = [b for b in readers.iter_raw(got, batch_size, columns=mapping)]
    assert [len(b.corpus.documents) for b in raw] == [len(b.corpus.documents) for b in readers.iter_raw(want, batch_size)]
    assert len({b.published_order for b in raw}) == 1  # decided once, over the whole mapped column
    w, g = load(want, batch_size=batch_size), load(got, batch_size=batch_size, columns=mapping)
    assert g.documents.to_csv(index=False) == w.documents.to_csv(index=False)  # ids, titles, dates (day first), outlets
    warned = g.problems["message"].str.startswith("columns not read")
    assert g.problems.loc[warned, "message"].str.contains("kolom_lain (", regex=False).tolist() == [True]
    assert g.problems[~warned].to_csv(index=False) == w.problems.to_csv(index=False)


def test_a_suite_named_column_the_mapping_replaces_is_not_read_but_named(tmp_path):
    path = _export(SUITE.assign(isi=SUITE["text"] + " Versi lengkap."), tmp_path / "export.csv")
    c = load(path, columns="text=isi")
    assert c.documents["text"].str.endswith("Versi lengkap.").all()
    assert c.problems["message"].str.startswith("columns not read: text (").sum() == 1
    swapped = load(path, columns="title=text,text=isi")  # a column read as another name of the suite
    assert swapped.documents["title"].str.startswith("Jakarta (ANTARA)").all()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_column_the_mapping_names_that_the_file_lacks_stops_the_reading(tmp_path, suffix):
    path = _export(SUITE.rename(columns=OWN), tmp_path / f"export{suffix}")
    with pytest.raises(ValueError, match=r"no column 'tgl' \(named by parameter columns; its columns: .*tanggal"):
        list(readers.iter_raw(path, 10, columns="text=isi,published=tgl"))
    with pytest.raises(ValueError, match=r"no column 'body' \(named by parameter columns"):
        list(readers.iter_raw(_export(SUITE.drop(columns="text").assign(body="x").rename(columns={"body": "isi"}),
                                      tmp_path / f"other{suffix}"), 10, columns="text=body,title=isi"))
    found = corpus_files.corpus_problems(path, "text=isi,published=tgl")  # before a run (JSON Lines: of 64 KB at most)
    names = SUITE.rename(columns=OWN).columns
    names = sorted(names) if suffix == ".jsonl" else names
    assert found == [f"corpus {path.name!r}: no column 'tgl' (named by parameter columns; its columns: "
                     f"{', '.join(map(repr, names))})"]
    big = _export(pd.concat([SUITE.rename(columns=OWN)] * 300), tmp_path / f"big{suffix}")
    assert corpus_files.corpus_problems(big, "text=isi,published=tgl") == ([] if suffix == ".jsonl" else
                                                                          [found[0].replace(path.name, big.name)])


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_text_column_the_mapping_reads_as_another_name_leaves_none_read_as_text(tmp_path, suffix):
    path = _export(SUITE, tmp_path / f"export{suffix}")
    message = "no column is read as 'text': parameter columns reads the column 'text' as 'title'"
    assert corpus_files.corpus_problems(path, "title=text") == [f"corpus {path.name!r}: {message}"]
    with pytest.raises(ValueError, match=message):
        list(readers.iter_raw(path, 1, columns="title=text"))


def test_a_header_with_spaces_after_its_commas_is_mapped_by_the_names_without_them(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id, isi, tanggal\na, " + TEXT + ", 03/01/2024\nb, " + TEXT + ", 13/01/2024\n", encoding="utf-8")
    assert corpus_files.corpus_problems(path, "doc_id=id,text=isi,published=tanggal") == []
    for batch_size in (1, 10):  # the day/month order decided over the whole column " tanggal"
        c = load(path, batch_size=batch_size, columns="doc_id=id,text=isi,published=tanggal")
        assert c.documents["published"].str[:10].tolist() == ["2024-01-03", "2024-01-13"]
    assert not c.problems["message"].str.startswith("columns not read").any()


@pytest.mark.parametrize("header, row", [('id;isi;"Penulis, Editor"', 'a;{};"X, Y"'), ("isi\tjudul", "{}\tJ")])
def test_the_separator_of_a_header_without_a_text_column_is_the_same_before_the_run_and_when_read(tmp_path, header, row):
    path = tmp_path / "export.csv"
    path.write_text(header + "\n" + row.format(TEXT) + "\n", encoding="utf-8")
    assert corpus_files.corpus_problems(path, "text=isi") == []
    assert load(path, columns="text=isi").documents["text"].tolist() == [TEXT]


def test_a_header_that_repeats_a_name_is_named_as_pandas_names_it_before_the_run(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("isi,isi,judul\nx," + TEXT + ",J\n", encoding="utf-8")
    assert corpus_files.corpus_problems(path, "text=isi.1") == []
    assert load(path, columns="text=isi.1").documents["text"].tolist() == [TEXT]


@pytest.mark.parametrize("value, message", [
    ("isi", "'isi' is not NAME=COLUMN"),
    ("judul=title", "'judul' is not a column the suite reads .*; write the suite's name first: title=judul"),
    ("text=isi,text=body", "the name 'text' is given twice"),
    ("text=isi,title=isi", "the file column 'isi' is given twice"),
    ("text=", "no file column given for 'text'"),
    ("text=isi, =judul", "no suite name given for the column 'judul' \\(write NAME=judul\\)"),
])
def test_a_columns_value_the_suite_cannot_read_is_refused_naming_the_parameter(value, message):
    with pytest.raises(ValueError, match="parameter columns: " + message):
        RunConfig(columns=value)
    assert RunConfig(columns=" text = isi , ").columns == (("text", "isi"),)


@pytest.mark.parametrize("header, hint", [
    ("title;Text;published", "column 'Text' is not 'text': column names are matched exactly"),
    ("doc_id,Text", "column 'Text' is not 'text': column names are matched exactly"),
])
def test_a_table_without_a_text_column_says_what_its_header_suggests(tmp_path, header, hint):
    path = tmp_path / "export.csv"
    path.write_text(header + "\n" + header.replace("text", "isi").replace("Text", "isi") + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=hint):
        read(path)


@pytest.mark.parametrize("sep, encoding", [(";", "utf-8-sig"), (";", "cp1252"), ("\t", "utf-8"), ("|", "utf-8")])
def test_a_csv_file_separated_by_semicolons_tabs_or_bars_is_read_as_with_commas(tmp_path, sep, encoding):
    # a spreadsheet saving CSV where the decimal mark is a comma (Indonesian Excel) writes semicolons
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "title": ["Harga naik; lagi", "Dua", "Tiga"],
                          "published": ["03/01/2024", "04/01/2024", "05/01/2024"],
                          "text": [f"{TEXT}\nHarga 42,5 persen, kata dia.", TEXT, f"Kafé, {TEXT}"]})
    frame.to_csv(tmp_path / "comma.csv", index=False)
    frame.to_csv(tmp_path / "other.csv", index=False, sep=sep, encoding=encoding)
    want, got = load(tmp_path / "comma.csv"), load(tmp_path / "other.csv")
    columns = ["doc_id", "title", "published", "text"]
    assert got.documents[columns].to_csv() == want.documents[columns].to_csv()
    assert sorted(got.problems["message"].str.replace("other.csv", "comma.csv")) == sorted(
        want.problems["message"].tolist() + (["not valid UTF-8; bytes that are not UTF-8 decoded as cp1252"]
                                             if encoding == "cp1252" else []))


def test_a_semicolon_separated_file_keeps_its_row_checks(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text(f'doc_id;outlet;text\nb-1;x;"{TEXT}\nb-2;y;{TEXT}\nb-3;z;"{TEXT}"\nb-4;w;{TEXT};extra\n'
                    f"b-5;v;{TEXT}\n", encoding="utf-8")
    c = load(path)
    assert list(c.documents["doc_id"]) == ["b-1", "b-5"]
    found = problems_of(c)
    assert "line 2 of the field: 'b-2;y;Jakarta" in found["semi.csv:1"][1]  # rows merged by the open quote
    assert "Expected 3 fields in line 5, saw 4" in found["semi.csv:2"][1]


@pytest.mark.parametrize("dtype", ["str", "string", pd.StringDtype("python"), pd.StringDtype("pyarrow")])
@pytest.mark.parametrize("strip", [True, False])
def test_given_text_of_a_text_column_is_the_text_of_its_values_in_any_string_dtype(dtype, strip):
    """A column Arrow or pandas reads as text takes the text path without a Python object per
    value: the same values, index and dtype as the same column given as objects."""
    from analysis.metadata import given_text

    values = [" Kompas ", None, "", "a\u00a0", "\tx\n", "ok; lain", float("nan")]
    column = pd.Series(values, dtype=dtype, index=[5, 3, 9, 1, 2, 8, 7], name="outlet")
    expected = given_text(column.astype(object), strip=strip)
    got = given_text(column, strip=strip)
    pd.testing.assert_series_equal(got, expected)
    assert got.tolist()[:3] == (["Kompas", "", ""] if strip else [" Kompas ", "", ""])
