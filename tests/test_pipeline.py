"""The chained stages and their cache: same input → same tables; a changed input recomputes."""

import shutil
from pathlib import Path

import pandas as pd

from analysis import pipeline

ROOT = Path(__file__).resolve().parent.parent


def test_cache_hit_gives_the_same_tables_as_a_fresh_computation(tmp_path):
    fresh = pipeline.prepare(ROOT / "seeds", use_cache=False)
    first = pipeline.prepare(ROOT / "seeds", tmp_path)
    assert len(list((tmp_path / "cache").iterdir())) == 1
    second = pipeline.prepare(ROOT / "seeds", tmp_path)  # read back from Parquet
    for name in fresh:
        pd.testing.assert_frame_equal(first[name], fresh[name], check_dtype=False)
        pd.testing.assert_frame_equal(second[name], fresh[name], check_dtype=False)
        assert second[name].to_csv(index=False) == fresh[name].to_csv(index=False)


def test_a_changed_file_or_parameter_changes_the_key(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "seeds", corpus)
    key = pipeline.cache_key(corpus, default_tz="+07:00")
    assert pipeline.cache_key(corpus, default_tz="+07:00") == key
    assert pipeline.cache_key(corpus, default_tz="+08:00") != key
    page = corpus / "000_5a3c5d81fc76b85b.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nTambahan.", encoding="utf-8")
    assert pipeline.cache_key(corpus, default_tz="+07:00") != key


def test_documents_gain_body_sizes(seeds_corpus):
    stages = pipeline.prepare(ROOT / "seeds", use_cache=False)
    docs = stages["documents"].set_index("doc_id")
    assert docs.loc["002_232fd3ee54a89291", "n_body_lines"] == 7
    assert (docs["n_body_words"] > 50).all()
    assert list(stages["documents"]["doc_id"]) == list(seeds_corpus.documents["doc_id"])
