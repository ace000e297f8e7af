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


def _all_tables(corpus, out, engine):
    run = dict(engine=engine, batch_size=3, progress=False)
    tables = pipeline.prepare(corpus, out, **run)
    counts = pipeline.count_terms(corpus, out, **run)
    found = pipeline.find_dates(corpus, out, **run)
    from analysis import terms

    tables.update({"terms": terms.term_counts_from(counts), "keyness": terms.keyness_from(counts, min_count=1),
                   "bigrams": terms.ngrams_from(counts, 2), "trigrams": terms.ngrams_from(counts, 3),
                   "collocations": terms.collocations_from(counts),
                   "actors": counts["actors"], **found,
                   **{f"counts_{name}": table for name, table in counts.items()}})  # the raw sums too
    return tables


def test_dask_engine_gives_the_same_tables_as_pandas(tmp_path):
    """The same per-batch functions on a Dask LocalCluster: byte-identical tables."""
    corpus = ROOT / "tests" / "fixtures" / "unseen"  # 9 pages of 9 outlets → 3 batches
    with_pandas = _all_tables(corpus, tmp_path / "pandas", "pandas")
    with_dask = _all_tables(corpus, tmp_path / "dask", "dask")
    assert set(with_pandas) == set(with_dask)
    for name, frame in with_pandas.items():
        assert len(frame), name
        assert frame.to_csv(index=False) == with_dask[name].to_csv(index=False), name
    assert not list((tmp_path / "dask").rglob("partial_*")) and not list((tmp_path / "dask").rglob("coded_*"))


def test_dask_sums_keys_too_wide_to_pack_column_by_column(tmp_path, monkeypatch):
    corpus = ROOT / "tests" / "fixtures" / "unseen"
    run = dict(batch_size=4, progress=False)
    expected = pipeline.count_terms(corpus, tmp_path / "pandas", **run)
    monkeypatch.setattr(pipeline, "_PACKED_BITS", 0)  # decided on the client: no key is packed
    wide = pipeline.count_terms(corpus, tmp_path / "dask", engine="dask", **run)
    for name, table in expected.items():
        assert table.to_csv(index=False) == wide[name].to_csv(index=False), name


def test_batches_add_up_to_the_single_batch_terms(tmp_path):
    from analysis import terms

    corpus = ROOT / "tests" / "fixtures" / "unseen"
    one = pipeline.count_terms(corpus, tmp_path / "one", batch_size=100, progress=False)
    many = pipeline.count_terms(corpus, tmp_path / "many", batch_size=2, progress=False)
    assert terms.term_counts_from(one).to_csv() == terms.term_counts_from(many).to_csv()
    assert terms.keyness_from(one, min_count=1).to_csv() == terms.keyness_from(many, min_count=1).to_csv()


def test_bad_engine_and_batch_size_name_the_parameter(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="parameter engine"):
        pipeline.prepare(ROOT / "seeds", tmp_path, engine="spark")
    with pytest.raises(ValueError, match="parameter batch_size"):
        pipeline.prepare(ROOT / "seeds", tmp_path, batch_size=0)
