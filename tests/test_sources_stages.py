"""The two sources stages of the pipeline (``find_quotes``, ``find_near_copies``): the tables of
the in-memory functions on all lines and texts at once, for any batch size and on both engines;
near-copies found across batches; the cache reused, and recomputed for another threshold."""

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, pipeline, quotes, syndication
from analysis.aliases import speaker_groups
from analysis.config import RunConfig
from analysis.nicknames import nickname_definitions

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
QUIET = RunConfig(progress=False)


#: The role written before an unknown speaker quoted in three pages (the most written: "pengamat ekonomi").
ROLES = {"antara_kontainer": "pengamat ekonomi", "cnn_korut_tuding": "dosen hubungan internasional",
         "detik_latihan_militer": "pengamat ekonomi"}


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """The unseen pages; three of them again with a quote of a speaker the gazetteer does not
    know (a role each); an exact copy of one page and an edited copy of another. Names sort so
    that a copy is read in a later batch than its original."""
    folder = tmp_path_factory.mktemp("copies") / "corpus"
    shutil.copytree(UNSEEN, folder, ignore=shutil.ignore_patterns("*.json", "heldout"))
    for name, role in ROLES.items():
        lines = (UNSEEN / f"{name}.txt").read_text(encoding="utf-8").split("\n")
        body = max(range(len(lines)), key=lambda i: len(lines[i]))  # the longest line: a body paragraph
        lines.insert(body + 1, f"Menurut {role} Budi Santoso, harga pangan akan stabil hingga akhir tahun.")
        (folder / f"yy_{name}.txt").write_text("\n".join(lines), encoding="utf-8")
    # a nickname defined in two pages (so for the whole corpus) and quoted in a page of a later batch
    for name in ("yy_antara_kontainer", "yy_cnn_korut_tuding"):
        _insert_body_line(folder / f"{name}.txt",
                          "Presiden Joko Widodo (Jokowi) meninjau pelabuhan itu pada Senin pagi bersama rombongan.")
    _insert_body_line(folder / "yy_detik_latihan_militer.txt",
                      "“Kami akan terus membangun pelabuhan di seluruh Indonesia,” kata Jokowi di Jakarta.")
    (folder / "zz_copy_antara.txt").write_bytes((UNSEEN / "antara_kontainer.txt").read_bytes())
    lines = (UNSEEN / "kompas_korut_bantah.txt").read_text(encoding="utf-8").split("\n")
    edited = "\n".join(line.replace("Korea Utara", "Korut", 1) for line in lines)
    (folder / "zz_edit_kompas.txt").write_text(edited, encoding="utf-8")
    return folder


def _insert_body_line(path: Path, line: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    body = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines.insert(body + 1, line)
    path.write_text("\n".join(lines), encoding="utf-8")


def _in_memory(corpus) -> dict:
    """The tables as notebook 05 made them before the stages: every line and text in memory."""
    stages = pipeline.prepare(corpus, config=QUIET.replace(use_cache=False))
    named = {"outlet": lambda f: f["outlet"].replace("", config.UNKNOWN_OUTLET)}
    documents, texts = stages["documents"].assign(**named), stages["texts"].assign(**named)
    found = quotes.find_quotes(stages["lines"], documents)
    candidates = quotes.speaker_candidates(found, stages["lines"])
    found.insert(found.columns.get_loc("speaker") + 1, "speaker_group",
                 speaker_groups(found, nickname_definitions(stages["lines"])))
    pairs = syndication.near_copies(texts, documents)
    return {"quotes": found, "speaker_candidates": candidates,
            "pairs": pairs, "clusters": syndication.clusters(pairs, documents),
            "wire": syndication.wire_dependence(documents, pairs)}


def _staged(corpus, out, settings: RunConfig, threshold: float = 0.5) -> dict:
    return {**pipeline.find_quotes(corpus, out, settings),
            **pipeline.find_near_copies(corpus, out, settings, threshold=threshold)}


def _assert_same(expected: dict, found: dict) -> None:
    assert set(found) == set(expected)
    for name, frame in expected.items():
        assert frame.to_csv(index=False) == found[name].to_csv(index=False), name
        pd.testing.assert_frame_equal(found[name], frame, obj=name)


@pytest.fixture(scope="module")
def expected(copies) -> dict:
    return _in_memory(copies)


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_stages_give_the_tables_of_all_lines_at_once(copies, expected, tmp_path, batch_size):
    assert len(expected["pairs"]) >= 5 and len(expected["quotes"])
    budi = expected["speaker_candidates"].set_index("speaker").loc["Budi Santoso"]
    assert (budi["role"], budi["quotes"], budi["documents"]) == ("pengamat ekonomi", 3, 3)  # across batches
    jokowi = expected["quotes"].set_index("speaker").loc[["Jokowi"]]
    assert jokowi["speaker_group"].tolist() == ["Joko Widodo"]  # defined in another document (and batch)
    _assert_same(expected, _staged(copies, tmp_path, QUIET.replace(batch_size=batch_size)))


def test_seeds_give_the_tables_of_all_lines_at_once(tmp_path):
    expected = _in_memory(ROOT / "seeds")
    _assert_same(expected, _staged(ROOT / "seeds", tmp_path, QUIET.replace(batch_size=2)))


def test_a_near_copy_in_another_batch_is_found(copies, tmp_path):
    settings = QUIET.replace(batch_size=2)
    order = pipeline.prepare(copies, tmp_path, settings, tables=["documents"])["documents"]["doc_id"].tolist()
    batch = {doc_id: position // 2 for position, doc_id in enumerate(order)}
    pairs = pipeline.find_near_copies(copies, tmp_path, settings)["pairs"]
    found = {(row.doc_id, row.other_doc_id): row.similarity for row in pairs.itertuples()}
    exact, edited = ("antara_kontainer", "zz_copy_antara"), ("kompas_korut_bantah", "zz_edit_kompas")
    assert batch[exact[0]] != batch[exact[1]] and found[exact] == 1.0
    assert batch[edited[0]] != batch[edited[1]] and 0.5 <= found[edited] < 1
    assert found[("antara_kontainer", "yy_antara_kontainer")] < 1  # one line added


def test_dask_engine_gives_the_same_tables_as_pandas(copies, tmp_path):
    """One LocalCluster for the three stages that run batches (prepare, quotes, sketches)."""
    from distributed import LocalCluster

    settings = QUIET.replace(batch_size=3)
    with_pandas = _staged(copies, tmp_path / "pandas", settings)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as cluster:
        with_dask = _staged(copies, tmp_path / "dask", settings.replace(engine="dask",
                                                                           scheduler=cluster.scheduler_address))
    for name, frame in with_pandas.items():
        assert frame.to_csv(index=False) == with_dask[name].to_csv(index=False), name


def test_the_cache_is_reused_and_another_threshold_recomputes_only_the_pairs(copies, tmp_path, monkeypatch):
    first = _staged(copies, tmp_path, QUIET)
    stages = sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / "cache").iterdir())
    assert stages == ["prepare", "quotes", "sketches", "syndication"]

    def no_batches(_config):
        raise AssertionError("a cached stage ran its batches again")

    monkeypatch.setattr(pipeline, "engine_for", no_batches)
    again = _staged(copies, tmp_path, QUIET)
    for name, frame in first.items():
        assert frame.to_csv(index=False) == again[name].to_csv(index=False), name
    stricter = pipeline.find_near_copies(copies, tmp_path, QUIET, threshold=0.99)  # the sketches are reused
    assert stricter["pairs"]["similarity"].tolist() == [1.0]
    assert len(list((tmp_path / "cache").glob("syndication-*"))) == 2
    assert len(list((tmp_path / "cache").glob("sketches-*"))) == 1


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5, math.nan, True, "0.5", None])
def test_a_bad_threshold_is_refused_before_anything_is_written(tmp_path, threshold):
    with pytest.raises(ValueError, match="parameter threshold must be a number above 0 and at most 1"):
        pipeline.find_near_copies(ROOT / "seeds", tmp_path / "out", QUIET, threshold=threshold)
    assert not (tmp_path / "out").exists()
