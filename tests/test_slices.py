"""Slices of a corpus (``readers.slices``): each slice, read on its own, gives the batch ``iter_raw``
gives at its place: the same documents, row and line numbers, ids and problems."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.readers import iter_raw
from analysis.readers.slices import mark_repeated, plan_slices


def _lines() -> str:
    lines = []
    for i in range(23):
        if i == 4:
            lines.append("\n")  # blank: not a row
        elif i == 7:
            lines.append("{broken\n")  # refused with its row and line number
        elif i == 9:
            lines.append(json.dumps({"doc_id": "d3", "text": "ulang"}) + "\n")  # repeats an earlier id
        elif i == 15:
            lines.append(json.dumps({"doc_id": "e", "text": " "}) + "\n")  # empty text
        else:
            lines.append(json.dumps({"doc_id": f"d{i}", "text": f"Teks nomor {i}.\nBaris dua",
                                     "published": "03/04/2019"}) + "\n")
    return "".join(lines)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slices")
    text = _lines()
    (folder / "c.jsonl").write_text(text, encoding="utf-8")
    (folder / "bom.jsonl").write_text("\n" + text, encoding="utf-8-sig")  # byte-order marks: read as c.jsonl
    (folder / "u16.jsonl").write_text(text, encoding="utf-16")
    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(text)
    data = (folder / "c.jsonl.gz").read_bytes()
    (folder / "cut.jsonl.gz").write_bytes(data[: len(data) - 30])  # a compressed file cut short
    rows = ["\ufeffdoc_id,text,published"]  # the CSV twin: BOM, CRLF, quoted newlines and quotes
    for i in range(23):
        rows.append("" if i == 4 else f'd{i},"teks, ""{i}""\nbaris dua",03/04/2019,lebih' if i == 7
                    else "d3,ulang," if i == 9 else "e, ," if i == 15 else f'd{i},"Teks nomor {i}.\nBaris dua",03/04/2019')
    csv_bytes = ("\r\n".join(rows) + "\r\n").encode("utf-8")
    # the same with semicolons, as a spreadsheet writes CSV where the decimal mark is a comma
    semi = [r.replace('"teks, ""', '"teks; ""').replace(",", ";").replace('"teks; ""', '"teks, ""') for r in rows]
    (folder / "semi.csv").write_bytes(("\r\n".join(semi) + "\r\n").encode("utf-8"))
    (folder / "c.csv").write_bytes(csv_bytes)
    (folder / "open.csv").write_bytes(csv_bytes + b'd99,"never closed\r\nmore\r\n')  # ends inside a quoted field
    (folder / "c.csv.gz").write_bytes(gzip.compress(csv_bytes))
    (folder / "cut.csv.gz").write_bytes(gzip.compress(csv_bytes)[:-30])
    table = pa.table({"doc_id": [f"p{i % 17}" for i in range(40)],
                      "text": [f"teks {i}" if i != 5 else "" for i in range(40)],
                      "sumber": ["arsip"] * 40})  # a column that is not read: warned of by both engines
    pq.write_table(table, folder / "c.parquet", row_group_size=7)  # batches across row groups
    return folder


@pytest.mark.parametrize("name", ["c.jsonl", "bom.jsonl", "u16.jsonl", "c.jsonl.gz", "cut.jsonl.gz", "c.csv", "semi.csv",
                                  "open.csv", "c.csv.gz", "cut.csv.gz", "c.parquet", "seeds"])
@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_each_slice_read_alone_gives_the_batch_of_iter_raw(corpora, name, batch_size, tmp_path):
    path = "seeds" if name == "seeds" else corpora / name
    want = list(iter_raw(path, batch_size))
    slices = list(plan_slices(path, batch_size, scratch=tmp_path))  # the fallback's iterator too
    slices = mark_repeated(slices, [piece.doc_ids() for piece in slices])
    got = [piece.read() for piece in slices]
    assert len(got) == len(want)
    for w, g in zip(want, got):
        assert w.corpus.documents.to_csv(index=False) == g.corpus.documents.to_csv(index=False)
        assert w.corpus.problems.to_csv(index=False) == g.corpus.problems.to_csv(index=False)
        assert (w.published_order, w.published_column) == (g.published_order, g.published_column)
    problems = "".join(b.corpus.problems.to_csv(index=False) for b in got)
    if name.endswith("jsonl"):
        assert f"{name}:7" in problems and f"line {8 + (name == 'bom.jsonl')}" in problems  # (a blank first line)
        assert "repeats an earlier row" in problems
        assert "BOM" not in problems and sum(len(b.corpus.documents) for b in got) == 19  # as c.jsonl
    if name.endswith("csv"):  # row 7 starts on line 15: the header, six rows of two lines, a blank line
        assert f"{name}:7" in problems and "lines 15-16" in problems and "repeats an earlier row" in problems
        assert "a quote left open" not in problems  # row 7's second line is not shaped as a row
    if name == "c.parquet":
        assert problems.count("columns not read: sumber") == 1
    if name == "open.csv":
        assert "open.csv:23" in problems and "lines 45-46: the file ends inside a quoted field" in problems
    kinds = {piece.kind for piece in slices}
    assert kinds == ({"pages"} if name == "seeds" else {"parquet"} if name.endswith("parquet")
                     else {"batch"} if name == "cut.csv.gz" else {name.split(".")[1]})  # a cut CSV is read here


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_compressed_file_is_copied_plain_into_the_scratch_folder(corpora, tmp_path, kind):
    slices = plan_slices(corpora / f"c.{kind}.gz", 5, scratch=tmp_path)
    assert {piece.path for piece in slices} == {str(tmp_path / f"corpus_plain.{kind}")}
    assert {piece.kind for piece in plan_slices(corpora / f"c.{kind}.gz", 5)} == {"batch"}  # no scratch: read here
    (tmp_path / "cut").mkdir()
    plan_slices(corpora / "cut.csv.gz", 5, scratch=tmp_path / "cut")  # read here: no copy is left behind
    assert not (tmp_path / "cut" / "corpus_plain.csv").exists()


def test_ids_are_read_in_a_first_pass_only_where_a_doc_id_column_may_repeat(corpora, tmp_path):
    no_ids = tmp_path / "rows.jsonl"
    no_ids.write_text("".join(json.dumps({"text": f"teks {i}"}) + "\n" for i in range(4)), encoding="utf-8")
    assert not any(piece.may_repeat_ids for piece in plan_slices(no_ids, 2))
    assert all(piece.may_repeat_ids for piece in plan_slices(corpora / "c.jsonl", 2))
    assert all(piece.may_repeat_ids for piece in plan_slices(corpora / "c.parquet", 2))
    assert all(piece.may_repeat_ids for piece in plan_slices(corpora / "c.csv", 2))


@pytest.mark.parametrize("data", [b"doc_id,text\ra,Satu\rb,Dua\rc,Tiga\r",  # bare carriage returns
                                  "doc_id,text\na,Satu\nb,Dua\nc,Tiga\n".encode("utf-16")])
def test_a_csv_file_whose_records_cannot_be_found_by_lines_is_read_here(tmp_path, data):
    path = tmp_path / "rows.csv"
    path.write_bytes(data)
    slices = plan_slices(path, 2, scratch=tmp_path)
    assert not isinstance(slices, list)  # read as the stage consumes it, not all at once
    assert [piece.read().corpus.documents["doc_id"].tolist() for piece in slices] == [["a", "b"], ["c"]]


def test_a_csv_file_with_ragged_rows_gives_the_same_rows_and_problems(tmp_path):
    """Refused rows (more fields than the header, a quote left open) in several slices."""
    lines = ["doc_id,text"] + [f'r{i},"teks {i}\nlanjut"' if i % 5 else f"r{i},teks,{i}" for i in range(1, 30)]
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + '\nakhir,"terbuka\n', encoding="utf-8")
    for batch_size in (1, 4, 7):
        want = list(iter_raw(path, batch_size))
        slices = plan_slices(path, batch_size, scratch=tmp_path)
        got = [piece.read() for piece in mark_repeated(slices, [piece.doc_ids() for piece in slices])]
        assert {piece.kind for piece in slices} == {"csv"}
        assert [b.corpus.documents.to_csv() for b in got] == [b.corpus.documents.to_csv() for b in want]
        assert [b.corpus.problems.to_csv() for b in got] == [b.corpus.problems.to_csv() for b in want]
    assert "ragged.csv:10" in "".join(b.corpus.problems.to_csv() for b in got)


@pytest.mark.parametrize("middle", [b"", b"  \t ", b"\x0c", b'" "', b'"\n"', b"\xc2\xa0", b'""'])
def test_only_lines_of_unquoted_spaces_and_tabs_are_blank_as_pandas_reads_them(tmp_path, middle):
    """pandas skips a line of spaces and tabs only; a quoted space, a form feed or a no-break space
    make a row. The plan, the slices and both whole-file readers (pandas, and the csv module from
    a ragged row on) count them alike."""
    path, ragged = tmp_path / "rows.csv", tmp_path / "ragged.csv"
    path.write_bytes(b"doc_id,text\na,satu\n" + middle + b"\nb,dua\nc,tiga\n")
    ragged.write_bytes(b"doc_id,text\nr,x,lebih\na,satu\n" + middle + b"\nb,dua\nc,tiga\n")  # read by the csv module
    for corpus in (path, ragged):
        for batch_size in (1, 2):
            want = list(iter_raw(corpus, batch_size))
            slices = plan_slices(corpus, batch_size, scratch=tmp_path)
            got = [piece.read() for piece in mark_repeated(slices, [piece.doc_ids() for piece in slices])]
            assert [b.corpus.documents.to_csv() for b in got] == [b.corpus.documents.to_csv() for b in want]
            assert [b.corpus.problems.to_csv() for b in got] == [b.corpus.problems.to_csv() for b in want]
    texts = [pd.concat([b.corpus.documents for b in iter_raw(corpus, 2)])["text"].tolist() for corpus in (path, ragged)]
    assert texts[0] == texts[1] == ["satu", "dua", "tiga"]
    problems = [pd.concat([b.corpus.problems for b in iter_raw(corpus, 2)])["message"].tolist() for corpus in (path, ragged)]
    assert problems[1][1:] == problems[0] and len(problems[0]) == (middle.strip(b" \t") != b"")  # a row of no text


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".csv", ".parquet"])
@pytest.mark.parametrize("batch_size", [1, 2])
def test_the_slices_of_an_export_read_with_a_columns_mapping_are_the_batches_of_iter_raw(tmp_path, suffix, batch_size):
    text = "Jakarta - Pemerintah menyatakan kerja sama militer itu melanggar resolusi PBB, kata juru bicara."
    frame = pd.DataFrame({"id": ["a", "b", "a", "c"], "isi": [text, text + " Dua.", text, ""],
                          "tanggal": ["03/01/2024", "13/01/2024", "", "5 Januari 2024"], "text": ["x"] * 4})
    path = tmp_path / f"export{suffix}"
    if suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_json(path, orient="records", lines=True, compression="infer")
    columns = "doc_id=id,text=isi,published=tanggal"
    want = list(iter_raw(path, batch_size, columns))
    slices = list(plan_slices(path, batch_size, scratch=tmp_path, columns=columns))
    assert {piece.kind for piece in slices} == {suffix.split(".")[1]}
    slices = mark_repeated(slices, [piece.doc_ids() for piece in slices])
    got = [piece.read() for piece in slices]
    assert [b.corpus.documents.to_csv(index=False) for b in got] == [b.corpus.documents.to_csv(index=False) for b in want]
    assert [b.corpus.problems.to_csv(index=False) for b in got] == [b.corpus.problems.to_csv(index=False) for b in want]
    documents = pd.concat([b.corpus.documents for b in got])
    assert documents["doc_id"].tolist() == ["a", "b"] and documents["given_published"].tolist() == ["03/01/2024", "13/01/2024"]
    problems = "".join(b.corpus.problems.to_csv(index=False) for b in got)
    assert "repeats an earlier row" in problems and "the text is empty" in problems and "columns not read: text (" in problems
