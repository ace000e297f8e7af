"""Slices of a corpus (``readers.slices``): each slice, read on its own, gives the batch ``iter_raw``
gives at its place: the same documents, row and line numbers, ids and problems."""

from __future__ import annotations

import gzip
import json

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
    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(text)
    data = (folder / "c.jsonl.gz").read_bytes()
    (folder / "cut.jsonl.gz").write_bytes(data[: len(data) - 30])  # a compressed file cut short
    table = pa.table({"doc_id": [f"p{i % 17}" for i in range(40)],
                      "text": [f"teks {i}" if i != 5 else "" for i in range(40)]})
    pq.write_table(table, folder / "c.parquet", row_group_size=7)  # batches across row groups
    return folder


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "cut.jsonl.gz", "c.parquet", "seeds"])
@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_each_slice_read_alone_gives_the_batch_of_iter_raw(corpora, name, batch_size, tmp_path):
    path = "seeds" if name == "seeds" else corpora / name
    want = list(iter_raw(path, batch_size))
    slices = plan_slices(path, batch_size, scratch=tmp_path)
    slices = mark_repeated(slices, [piece.doc_ids() for piece in slices])
    got = [piece.read() for piece in slices]
    assert len(got) == len(want)
    for w, g in zip(want, got):
        assert w.corpus.documents.to_csv(index=False) == g.corpus.documents.to_csv(index=False)
        assert w.corpus.problems.to_csv(index=False) == g.corpus.problems.to_csv(index=False)
        assert (w.published_order, w.published_column) == (g.published_order, g.published_column)
    problems = "".join(b.corpus.problems.to_csv(index=False) for b in got)
    if name.endswith("jsonl"):
        assert "c.jsonl:7" in problems and "line 8" in problems and "repeats an earlier row" in problems
    kinds = {piece.kind for piece in slices}
    assert kinds == ({"pages"} if name == "seeds" else {"parquet"} if name.endswith("parquet") else {"jsonl"})


def test_a_compressed_file_is_copied_plain_into_the_scratch_folder(corpora, tmp_path):
    slices = plan_slices(corpora / "c.jsonl.gz", 5, scratch=tmp_path)
    assert {piece.path for piece in slices} == {str(tmp_path / "corpus_plain.jsonl")}
    assert [piece.kind for piece in plan_slices(corpora / "c.jsonl.gz", 5)] == ["batch"] * 5  # no scratch: read here


def test_ids_are_read_in_a_first_pass_only_where_a_doc_id_column_may_repeat(corpora, tmp_path):
    no_ids = tmp_path / "rows.jsonl"
    no_ids.write_text("".join(json.dumps({"text": f"teks {i}"}) + "\n" for i in range(4)), encoding="utf-8")
    assert not any(piece.may_repeat_ids for piece in plan_slices(no_ids, 2))
    assert all(piece.may_repeat_ids for piece in plan_slices(corpora / "c.jsonl", 2))
    assert all(piece.may_repeat_ids for piece in plan_slices(corpora / "c.parquet", 2))


def test_a_csv_file_is_read_here_batch_by_batch(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("doc_id,text\na,Satu\nb,Dua\nc,Tiga\n", encoding="utf-8")
    slices = plan_slices(path, 2)
    assert not isinstance(slices, list)  # read as the stage consumes it, not all at once
    assert [piece.read().corpus.documents["doc_id"].tolist() for piece in slices] == [["a", "b"], ["c"]]
