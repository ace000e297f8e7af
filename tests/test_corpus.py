"""Corpus loading: seeds against the gold, bad inputs, table inputs, metadata overrides."""

from pathlib import Path

import pandas as pd
import pytest

from analysis import corpus, documents, language, metadata, outlets
from analysis.config import RunConfig
from analysis.documents import Corpus, RawBatch
from analysis.published import read_published

ROOT = Path(__file__).resolve().parent.parent
ID_TEXT = (
    "Menlu Kecam Korea Utara\n\n"
    "Jakarta (ANTARA) - Menteri Luar Negeri Indonesia mengatakan pada Senin bahwa pemerintah sangat prihatin "
    "dengan kerja sama militer antara Korea Utara dan Rusia yang melanggar resolusi Dewan Keamanan PBB.\n\n"
    "Menurut dia, semua negara harus mematuhi sanksi yang telah disepakati bersama oleh masyarakat internasional.\n"
)
EN_TEXT = (
    "North Korea sends weapons to Russia\n\n"
    "WASHINGTON - The United States, Japan and South Korea on Wednesday condemned the supply of weapons by "
    "North Korea to Russia, saying that the transfers would prolong the war and increase the suffering of people.\n"
)


# ----------------------------------------------------------------- seeds against the gold

def test_seed_titles_outlets_and_bylines_match_the_gold(seeds_corpus, gold_docs):
    docs = seeds_corpus.documents.set_index("doc_id")
    assert list(docs.index) == sorted(gold_docs)
    for doc_id, g in gold_docs.items():
        d = docs.loc[doc_id]
        assert d["title"] == g["title"]
        allowed = {g["outlet"] or ""} | set(g["outlet_alternatives"])
        assert d["outlet"] in allowed, (doc_id, d["outlet"])
        assert d["authors"].split("; ") == g["authors"] or (d["authors"] == "" and not g["authors"])
        assert d["editors"].split("; ") == g["editors"] or (d["editors"] == "" and not g["editors"])
        got = {s.casefold() for s in d["credited_sources"].split("; ") if s}
        assert got == {s.casefold() for s in g["credited_sources"]}, doc_id


def test_seed_publication_dates_exact_or_empty(seeds_corpus, gold_docs):
    docs = seeds_corpus.documents.set_index("doc_id")
    for doc_id, g in gold_docs.items():
        d = docs.loc[doc_id]
        if g["published"]:
            assert d["published"] == g["published"]
            assert d["published_source"] == "text"
        elif d["published_source"] == "inferred":
            assert d["published"][:10] in g["published_alternatives"]
        else:
            assert d["published"] == "" and d["published_source"] == ""


def test_seed_sizes_and_no_problems(seeds_corpus):
    docs = seeds_corpus.documents
    for row in docs.itertuples():
        raw = (ROOT / "seeds" / row.source_file).read_text(encoding="utf-8")
        assert row.n_chars == len(raw)
        assert row.n_nonblank_lines == sum(1 for line in raw.split("\n") if line.strip())
        assert row.text == raw
    assert seeds_corpus.problems.empty


# ----------------------------------------------------------------- publication date layouts

@pytest.mark.parametrize("raw, expected", [
    ("Jum'at, 27 Oktober 2023 |17:33 WIB", "2023-10-27T17:33:00+07:00"),
    ("- 31 Agustus 2023, 11:44 WIB", "2023-08-31T11:44:00+07:00"),
    ("Rabu, 10 Januari 2024 11:25 WIB", "2024-01-10T11:25:00+07:00"),
    ("13/09/2023, 10:15 WIB", "2023-09-13T10:15:00+07:00"),
    ("13 Sep 2023", "2023-09-13"),
    ("Senin, 2 Okt 2023 pukul 10.15 WITA", "2023-10-02T10:15:00+08:00"),
    ("5 Agu 2023 08:00 WIT", "2023-08-05T08:00:00+09:00"),
    ("24 Des 2023", "2023-12-24"),
    ("16/09/2019 22:58 WIB", "2019-09-16T22:58:00+07:00"),
    ("2019-09-17 21:12 WIB", "2019-09-17T21:12:00+07:00"),
    ("10-Sep-19 23:05", "2019-09-10T23:05:00+07:00"),
    ("Oktober 07, 2019", "2019-10-07"),
    ("Oct 2, 2019", "2019-10-02"),
    ("31/02/2020", ""),
    ("kemarin sore", ""),
])
def test_publication_date_layouts(raw, expected):
    out = read_published(pd.Series([raw]))
    assert out["published"].iloc[0] == expected
    assert bool(out["readable"].iloc[0]) == bool(expected)


# ----------------------------------------------------------------- bad inputs

@pytest.fixture()
def messy_folder(tmp_path):
    (tmp_path / "a_good.txt").write_text(ID_TEXT, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_text("  \n\t\n\u00a0\n", encoding="utf-8")
    (tmp_path / "d_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "e_cp1252.txt").write_bytes(ID_TEXT.replace("Menurut", "“Menurut”").encode("cp1252"))
    (tmp_path / "f_bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + ID_TEXT.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "g_english.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    return tmp_path


def test_bad_files_are_refused_with_reasons_and_the_rest_loads(messy_folder):
    c = corpus.load(messy_folder)
    loaded = set(c.documents["doc_id"])
    assert loaded == {"a_good", "e_cp1252", "f_bom_crlf"}
    msgs = {r.source_file: (r.severity, r.message) for r in c.problems.itertuples()}
    assert msgs["b_empty.txt"] == ("error", "refused: the file is empty")
    assert msgs["c_blank.txt"][0] == "error" and "blank" in msgs["c_blank.txt"][1]
    assert msgs["d_binary.txt"][0] == "error" and "binary" in msgs["d_binary.txt"][1]
    assert msgs["e_cp1252.txt"][0] == "warning" and "UTF-8" in msgs["e_cp1252.txt"][1]
    assert msgs["g_english.txt"][0] == "error" and "not Indonesian" in msgs["g_english.txt"][1]
    assert msgs["notes.docx"][0] == "warning" and "skipped: not a page" in msgs["notes.docx"][1]
    # every input file is accounted for
    assert set(msgs) | set(c.documents["source_file"]) == {p.name for p in messy_folder.iterdir()}


def test_bom_crlf_and_cp1252_are_decoded_to_the_same_text(messy_folder):
    docs = corpus.load(messy_folder).documents.set_index("doc_id")
    assert docs.loc["f_bom_crlf", "text"] == ID_TEXT
    assert "\r" not in docs.loc["f_bom_crlf", "text"] and not docs.loc["f_bom_crlf", "text"].startswith("\ufeff")
    assert "“Menurut”" in docs.loc["e_cp1252", "text"]
    assert docs.loc["a_good", "outlet"] == "ANTARA"


def test_english_page_is_kept_when_any_language_is_accepted(messy_folder):
    c = corpus.load(messy_folder, languages="any")
    assert "g_english" in set(c.documents["doc_id"])
    assert c.documents.set_index("doc_id").loc["g_english", "language"] == "en"


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_language_column_is_believed_instead_of_identifying_the_text(tmp_path, suffix):
    frame = pd.DataFrame({
        "doc_id": ["said_id", "said_en", "region", "unclear", "unsaid", "said_ms"],
        "language": ["id", "en", "ID-id", "Indonesian", "", "ms"],
        # an English text said to be Indonesian is kept as Indonesian: it is not identified at all
        "text": [EN_TEXT, ID_TEXT, ID_TEXT, EN_TEXT, EN_TEXT, ID_TEXT],
    })
    path = tmp_path / f"corpus{suffix}"
    frame.to_json(path, orient="records", lines=True) if suffix == ".jsonl" else frame.to_parquet(path)
    c = corpus.load(path)
    docs = c.documents.set_index("doc_id")
    assert sorted(docs.index) == ["region", "said_id", "said_ms"]
    assert docs["language"].to_dict() == {"said_id": "id", "region": "id", "said_ms": "id"}
    messages = {}
    for d, sev, m in zip(c.problems["doc_id"], c.problems["severity"], c.problems["message"]):
        messages.setdefault(d, []).append((sev, m))
    assert messages["said_en"] == [("error", "refused: the source states the language 'en' (its language column); "
                                             "the languages parameter keeps it (-p languages any, or its code)")]
    (warned, why), (refused, because) = messages["unclear"]  # an unclear value: the text is identified
    assert warned == "warning" and "'Indonesian', which is not a language code" in why
    assert refused == "error" and "not Indonesian (detected 'en'" in because
    assert len(messages["unsaid"]) == 1 and "not Indonesian (detected 'en'" in messages["unsaid"][0][1]
    assert set(messages) == {"said_en", "unclear", "unsaid"}
    every = corpus.load(path, languages="any").documents.set_index("doc_id")["language"].to_dict()
    assert every == {"said_id": "id", "said_en": "en", "region": "id", "unclear": "en", "unsaid": "en", "said_ms": "ms"}


def test_metadata_csv_may_state_the_language(tmp_path):
    (tmp_path / "p1.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "p2.txt").write_text(ID_TEXT, encoding="utf-8")
    pd.DataFrame({"doc_id": ["p1", "p2"], "language": ["id", "en-GB"]}).to_csv(tmp_path / "metadata.csv", index=False)
    c = corpus.load(tmp_path)
    assert c.documents[["doc_id", "language"]].values.tolist() == [["p1", "id"]]
    assert "states the language 'en'" in " ".join(c.problems["message"])
    assert "columns ignored" not in " ".join(c.problems["message"])


def test_stated_languages_reads_codes_and_flags_the_rest():
    values = ["id", " en_US ", "zh-Hant-TW", None, "", "ind", "Bahasa", "i", "in_ID", "NA", "und", "xx", "un", 12]
    got = language.stated_languages(pd.Series(values, dtype=object))
    assert got["language"].tolist() == ["id", "en", "zh", "", "", "", "", "", "id", "", "", "", "", ""]
    assert got["unclear"].tolist() == [False, False, False, False, False, True, True, True, False, False, False,
                                       True, True, True]


@pytest.mark.parametrize("languages", ["xx", ("id", "ind"), "id,EN"])
def test_languages_to_keep_must_be_iso_639_1_codes(languages):
    # a code no page can have would refuse every page: the configuration refuses it instead
    with pytest.raises(ValueError, match="parameter languages: '(xx|ind|EN)' is not an ISO 639-1"):
        RunConfig(languages=languages)
    assert RunConfig(languages="en, fr").languages == ("en", "fr")
    assert RunConfig(languages="any").languages == "any"


def test_an_unclear_language_value_is_one_warning_per_value_and_batch(tmp_path):
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)],
                          "language": ["Indonesian", "Indonesian", "Bahasa", "Indonesian", "id"],
                          "text": [ID_TEXT] * 5})
    path = tmp_path / "corpus.jsonl"
    frame.to_json(path, orient="records", lines=True)
    c = corpus.load(path)
    assert len(c.documents) == 5
    warned = c.problems[c.problems["message"].str.startswith("the language column says")]
    assert warned[["source_file", "doc_id"]].values.tolist() == [["corpus.jsonl:1", "d0"], ["corpus.jsonl:3", "d2"]]
    assert warned["message"].str.contains("'Indonesian' \\(and in 2 more rows of this batch\\)").tolist() == [True, False]


def test_missing_corpus_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        corpus.load(tmp_path / "nowhere")


def test_folder_without_pages_is_reported(tmp_path):
    (tmp_path / "x.md").write_text("hi")
    c = corpus.load(tmp_path)
    assert c.documents.empty
    assert "no pages found in the corpus folder" in " ".join(c.problems["message"])


# ----------------------------------------------------------------- metadata.csv and tables

def test_metadata_csv_overrides_the_text(tmp_path):
    (tmp_path / "p1.txt").write_text(ID_TEXT, encoding="utf-8")
    (tmp_path / "p2.txt").write_text(ID_TEXT.replace("Menlu", "Presiden"), encoding="utf-8")
    pd.DataFrame({"doc_id": ["p1", "p2", "ghost"], "outlet": ["Kantor Berita X", "", "Y"],
                  "published": ["16/09/2019 22:58 WIB", "sometime soon", ""],
                  "url": ["https://example.org/1", "", ""]}).to_csv(tmp_path / "metadata.csv", index=False)
    c = corpus.load(tmp_path)
    docs = c.documents.set_index("doc_id")
    assert docs.loc["p1", "outlet"] == "Kantor Berita X"
    assert docs.loc["p1", "published"] == "2019-09-16T22:58:00+07:00"
    assert docs.loc["p1", "published_source"] == "metadata"
    assert docs.loc["p1", "url"] == "https://example.org/1"
    assert docs.loc["p2", "outlet"] == "ANTARA"  # empty override keeps the text's value
    assert docs.loc["p2", "published"] == "" and docs.loc["p2", "published_raw"] == "sometime soon"
    messages = " | ".join(c.problems["message"])
    assert "'sometime soon' could not be read" in messages
    assert "doc_id matches no page" in messages


def test_a_metadata_csv_with_a_cp1252_byte_or_a_ragged_row_keeps_its_other_rows(tmp_path):
    (tmp_path / "p1.txt").write_text(ID_TEXT, encoding="utf-8")
    (tmp_path / "p2.txt").write_text(ID_TEXT.replace("Menlu", "Presiden"), encoding="utf-8")
    (tmp_path / "metadata.csv").write_bytes(b"doc_id,outlet\np1,Kompas Caf\xe9\np2,Tempo,extra\n")
    c = corpus.load(tmp_path)
    assert c.documents.set_index("doc_id").loc["p1", "outlet"] == "Kompas Café"
    messages = dict(zip(c.problems["source_file"], c.problems["message"]))
    assert "decoded as cp1252" in messages["metadata.csv"]
    assert "Expected 2 fields in line 3, saw 3" in messages["metadata.csv:2"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".jsonl.gz", ".parquet"])
def test_table_corpora(tmp_path, suffix):
    frame = pd.DataFrame({
        "doc_id": ["x1", "x2", "x3", "x2"],
        "outlet": ["kompas.com", "tempo", "", "dup"],
        "published": ["10-Sep-19 23:05", "Oktober 07, 2019", "not a date", ""],
        "text": [ID_TEXT, ID_TEXT.replace("\n", "\r\n"), "", ID_TEXT],
    })
    path = tmp_path / f"corpus{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    c = corpus.load(path, batch_size=2)
    docs = c.documents.set_index("doc_id")
    assert list(docs.index) == ["x1", "x2"]
    assert docs.loc["x1", "published"] == "2019-09-10T23:05:00+07:00"
    assert docs.loc["x2", "published"] == "2019-10-07" and docs.loc["x2", "published_source"] == "metadata"
    assert docs.loc["x1", "outlet"] == "kompas.com"
    assert "\r" not in docs.loc["x2", "text"]
    problems = c.problems.set_index("source_file")
    assert problems.loc[f"corpus{suffix}:3", "message"] == "refused: the text is empty"
    assert "repeats an earlier row" in problems.loc[f"corpus{suffix}:4", "message"]


def test_table_without_text_column_is_an_error(tmp_path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"body": ["x"]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="no 'text' column"):
        corpus.load(path)


def test_batches_give_the_same_documents_as_one_load(seeds_corpus):
    parts = list(corpus.iter_batches(ROOT / "seeds", batch_size=2))
    assert len(parts) == 3
    joined = corpus.Corpus.concat(parts).documents
    pd.testing.assert_frame_equal(joined, seeds_corpus.documents)


# ----------------------------------------------------------------- page text is data, never markup

def test_markup_in_a_page_is_escaped_when_shown(tmp_path):
    evil = "<script>alert('x')</script> <img src=x onerror=alert(1)> Korea Utara kirim senjata ke Rusia\n\n" + ID_TEXT
    (tmp_path / "evil.txt").write_text(evil, encoding="utf-8")
    docs = corpus.load(tmp_path).documents
    rendered = docs[["doc_id", "title", "text"]]._repr_html_()
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered or "&lt;img" in rendered


def test_mojibake_and_escaped_carriage_returns_are_repaired_and_reported(tmp_path):
    broken = ID_TEXT.replace("Menurut dia,", "‚ÄúMenurut dia,‚Äù_x000D_")
    path = tmp_path / "c.jsonl"
    pd.DataFrame({"doc_id": ["m"], "text": [broken]}).to_json(path, orient="records", lines=True, force_ascii=False)
    c = corpus.load(path)
    text = c.documents.loc[0, "text"]
    assert "“Menurut dia,”" in text and "‚Ä" not in text and "_x000D_" not in text
    messages = set(c.problems["message"])
    assert "repaired mis-decoded characters (mojibake) with ftfy" in messages
    assert any("_x000D_" in m for m in messages)


# ----------------------------------------------------------------- frames of the wrong kind are named

@pytest.mark.parametrize("call, message", [
    (lambda: corpus.repair(pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
     "repair: docs lacks column 'source_file' (it has: doc_id, text)"),
    (lambda: corpus.cut_long_pages(pd.DataFrame({"doc_id": ["a"], "source_file": ["a.txt"]})),
     "cut_long_pages: docs lacks column 'text'"),
    (lambda: corpus.split_lines(pd.DataFrame({"text": ["x"]})), "split_lines: documents lacks column 'doc_id'"),
    (lambda: metadata.describe(pd.DataFrame({"doc_id": ["a"]})), "describe: raw lacks column 'text'"),
    (lambda: metadata.from_lines(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
     "from_lines: lines lacks columns 'line_no', 'label', 'reason'"),
    (lambda: metadata.apply_given(pd.DataFrame({"doc_id": ["a"]})), "apply_given: docs lacks column 'source_file'"),
    (lambda: metadata.join_metadata_csv(ROOT / "seeds", pd.DataFrame({"id": ["a"]})),
     "join_metadata_csv: docs lacks column 'doc_id'"),
    (lambda: outlets.find_outlets(pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
     "find_outlets: lines lacks column 'line_no'"),
    (lambda: language.keep_languages(pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
     "keep_languages: docs lacks column 'source_file'"),
    (lambda: corpus.finish(RawBatch(Corpus(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame()))),
     "finish: raw.corpus.documents lacks columns 'source_file', 'text'"),
])
def test_a_frame_without_a_needed_column_is_named(call, message):
    with pytest.raises(ValueError) as caught:
        call()
    assert str(caught.value).startswith(message)


def test_the_loading_steps_are_importable_from_their_modules():
    """The public face (corpus) and the modules that do the work name the same objects."""
    assert corpus.Corpus is Corpus and corpus.split_lines is documents.split_lines
    assert corpus.DOCUMENT_COLUMNS is documents.DOCUMENT_COLUMNS
    assert set(corpus.__all__) <= set(dir(corpus))


def test_one_default_batch_size():
    """``load``, ``iter_batches`` and ``readers.iter_raw`` share ``config.BATCH_SIZE`` (the
    size matters: the cleaner's cues across the pages of a batch depend on it)."""
    import inspect

    from analysis import config, readers

    for function in (corpus.load, corpus.iter_batches, readers.iter_raw):
        assert inspect.signature(function).parameters["batch_size"].default == config.BATCH_SIZE
