"""py3langid's model from the user's cache: the same arrays as py3langid's own loader, the same
identification, and a damaged, truncated or unwritable cache never changes the model."""

import json
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from py3langid import modelio
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from analysis.langid_model import cache_folder, model_arrays
from analysis.user_cache import CACHE_VARIABLE

TEXTS = ["Der Minister sagte, dass die Gespräche weitergehen.", "The minister said the talks would go on.",
         "Menteri mengatakan pembicaraan akan berlanjut pekan depan.", "Le ministre a dit que les discussions continuent.",
         "Министр сказал, что переговоры продолжатся.", "x", ""]


@pytest.fixture(scope="module")
def reference():
    return modelio.load_model(Path(MODEL_DIR) / MODEL_FILE)


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _same_model(got, want) -> None:
    assert len(got) == len(want) == 6
    for mine, theirs in zip(got, want):
        assert type(mine) is type(theirs) or isinstance(mine, np.ndarray) and isinstance(theirs, np.ndarray)
        if isinstance(theirs, np.ndarray):
            assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
            assert np.array_equal(mine, theirs)
        else:
            assert getattr(mine, "typecode", None) == getattr(theirs, "typecode", None)
            assert list(mine) == list(theirs)


def test_the_cached_model_is_py3langids_own_first_and_second_time(cache_home, reference):
    _same_model(model_arrays(), reference)  # decompressed and written
    files = sorted(p.name for p in cache_folder().iterdir())
    assert files == ["classes.npy", "manifest.json", "nextmove.npy", "nextmove_row.npy", "out_feat.npy", "pc.npy",
                     "ptc.npy"]
    _same_model(model_arrays(), reference)  # mapped from the cache


def test_identification_with_the_cached_model_is_py3langids(cache_home):
    script = ("import json, sys, pandas as pd; from analysis import language; "
              "found = language.detect_language(pd.Series(json.loads(sys.argv[1]))); "
              "print(json.dumps([[lang, float(p)] for lang, p in found.itertuples(index=False)]))")
    for _ in range(2):  # writing the cache, then reading it
        done = subprocess.run([sys.executable, "-c", script, json.dumps(TEXTS)], capture_output=True, text=True,
                              env={**os.environ, CACHE_VARIABLE: str(cache_home)}, check=True)
        own = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        assert [tuple(row) for row in json.loads(done.stdout)] == [own.classify(t[:1000]) for t in TEXTS]
    assert (cache_folder() / "manifest.json").is_file()


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "no manifest", "missing array"])
def test_a_damaged_cache_is_detected_and_written_again(cache_home, reference, damage):
    model_arrays()
    folder = cache_folder()
    ptc = folder / "ptc.npy"
    before = zlib.crc32(ptc.read_bytes())
    if damage == "flipped byte":
        data = bytearray(ptc.read_bytes())
        data[len(data) // 2] ^= 0xFF
        ptc.write_bytes(bytes(data))
    elif damage == "truncated":
        ptc.write_bytes(ptc.read_bytes()[:-4096])
    elif damage == "no manifest":
        (folder / "manifest.json").unlink()
    else:
        (folder / "nextmove.npy").unlink()
    _same_model(model_arrays(), reference)
    assert zlib.crc32(ptc.read_bytes()) == before
    assert (folder / "manifest.json").is_file() and (folder / "nextmove.npy").is_file()


def test_an_unwritable_cache_still_gives_the_model_and_writes_nothing(tmp_path, monkeypatch, reference):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocker / "berita-coverage"))
    _same_model(model_arrays(), reference)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_scratch_folders_a_killed_process_left_are_removed_and_recent_ones_kept(cache_home, reference):
    model_arrays()
    folder = cache_folder()
    stale, recent = folder.with_name(f".{folder.name}.tmp-1-1"), folder.with_name(f".{folder.name}.tmp-2-2")
    for scratch in (stale, recent):
        scratch.mkdir()
        (scratch / "ptc.npy").write_bytes(b"half written")
    two_days_ago = time.time() - 2 * 86_400
    os.utime(stale, (two_days_ago, two_days_ago))
    (folder / "manifest.json").unlink()  # the folder is written again
    _same_model(model_arrays(), reference)
    assert not stale.exists() and recent.is_dir()
    assert sorted(p.name for p in folder.parent.iterdir()) == sorted([folder.name, recent.name])
