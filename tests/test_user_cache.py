"""The user's cache: values come back as stored or not at all (damaged, missing, unwritable), and the
RE2 check of the cleaning rules is skipped in a later process only for rules that compiled before."""

import json
import os
import subprocess
import sys

import pytest

from analysis.re2 import PatternError, check_re2, remember_checked
from analysis.user_cache import CACHE_VARIABLE, cache_root, read_json, write_json

#: In a fresh interpreter: load the cleaning rules and print how many RE2 compilations they cost.
PROBES = """
import json, pyarrow.compute as pc
calls = []
original = pc.match_substring_regex
pc.match_substring_regex = lambda *a, **k: calls.append(a[1]) or original(*a, **k)
from analysis.cleaning_rules import cleaning_rules
rules = cleaning_rules()
print(json.dumps({"probes": len(calls), "furniture": len(rules.furniture)}))
"""


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _probes(cache_home) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBES], capture_output=True, text=True, check=True,
                          env={**os.environ, CACHE_VARIABLE: str(cache_home)})
    return json.loads(done.stdout)


def test_a_value_comes_back_as_stored(cache_home):
    value = {"digests": ["ab", "cd"], "n": 3, "text": "kota \u00e9"}
    assert write_json("entry.json", value)
    assert read_json("entry.json") == value


@pytest.mark.parametrize("damage", ["changed value", "truncated", "not json", "no checksum"])
def test_a_damaged_value_is_not_returned(cache_home, damage):
    write_json("entry.json", ["a", "b"])
    path = cache_root() / "entry.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    if damage == "changed value":
        path.write_text(json.dumps({**stored, "value": ["a", "c"]}), encoding="utf-8")
    elif damage == "truncated":
        path.write_text(path.read_text(encoding="utf-8")[:-5], encoding="utf-8")
    elif damage == "not json":
        path.write_bytes(b"\xff\xfe")
    else:
        path.write_text(json.dumps({"value": ["a", "b"]}), encoding="utf-8")
    assert read_json("entry.json") is None


def test_an_unwritable_cache_keeps_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocker / "berita-coverage"))
    assert write_json("entry.json", [1]) is False
    assert read_json("entry.json") is None
    remember_checked()  # nothing to write to: no error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


#: In a fresh interpreter without a home folder (no HOME, no passwd entry): cleaning, text
#: normalisation and language identification work, with nothing cached.
HOMELESS = """
import json, os, pwd
for name in ("HOME", "XDG_CACHE_HOME", "BERITA_COVERAGE_CACHE"):
    os.environ.pop(name, None)
def no_entry(uid):
    raise KeyError(uid)
pwd.getpwuid = no_entry
import pandas as pd
from analysis.user_cache import cache_root
from analysis.cleaning_rules import cleaning_rules
from analysis.text import normalise_text
from analysis.language import detect_language
print(json.dumps({"root": cache_root() is None, "rules": len(cleaning_rules().furniture) > 0,
                  "text": normalise_text(pd.Series(["Cafe\u0301  ok"])).tolist(),
                  "language": detect_language(pd.Series(["Der Minister sagte, dass die Gespräche weitergehen."]))["language"].tolist()}))
"""


def test_without_a_home_folder_nothing_is_cached_and_everything_works():
    done = subprocess.run([sys.executable, "-c", HOMELESS], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"root": True, "rules": True, "text": ["Caf\u00e9 ok"], "language": ["de"]}


def test_a_later_process_skips_the_re2_check_of_rules_that_compiled_before(cache_home):
    first = _probes(cache_home)
    assert first["probes"] > 50 and first["furniture"] > 0  # every rule compiled once to check it
    stored = read_json(next(p.name for p in cache_root().iterdir() if p.name.startswith("patterns-checked-")))
    assert isinstance(stored, list) and len(stored) > 50
    assert _probes(cache_home) == {"probes": 0, "furniture": first["furniture"]}


def test_a_damaged_list_has_every_rule_checked_again(cache_home):
    first = _probes(cache_home)
    (path,) = [p for p in cache_root().iterdir() if p.name.startswith("patterns-checked-")]
    path.write_text(path.read_text(encoding="utf-8").replace('"value": ["', '"value": ["0'), encoding="utf-8")
    assert _probes(cache_home)["probes"] == first["probes"]
    assert _probes(cache_home)["probes"] == 0  # written again


def test_a_rule_not_in_the_list_is_still_checked(cache_home):
    _probes(cache_home)
    with pytest.raises(PatternError, match="RE2"):
        check_re2(r"(?=x)y", 0, "furniture.yaml", "end_markers[0]")


#: In a fresh interpreter: normalise lines that take every path of normalise_text (NFC, spaces).
NORMALISED = """
import json, sys, pandas as pd
from analysis.text import normalise_text
lines = json.loads(sys.argv[1])
print(json.dumps(normalise_text(pd.Series(lines)).tolist()))
"""
LINES = ["Cafe\u0301 di\u00a0Jakarta", "  Kim\u2003Jong\u3000Un ", "\u1100\u1161\u11a8 \ufb01", "plain ascii line",
         "tab\there", "e\u0301\u0323 \u212b", "\U0001d400 \u0344", ""]


def test_the_text_classes_from_the_cache_normalise_as_those_worked_out(cache_home):
    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", NORMALISED, json.dumps(LINES)], capture_output=True, text=True,
                              check=True, env={**os.environ, CACHE_VARIABLE: str(cache_home)})
        return json.loads(done.stdout)

    worked_out = run()
    assert [p.name for p in cache_root().iterdir() if p.name.startswith("text-classes-")]
    assert run() == worked_out  # from the cache
    assert worked_out[0] == "Caf\u00e9 di Jakarta" and worked_out[1] == "Kim Jong Un"


def test_a_listed_pattern_whose_translation_changed_is_checked_again(cache_home, monkeypatch):
    from analysis import re2

    check_re2(r"\d+ hari", 0, "furniture.yaml", "example")
    remember_checked()
    assert check_re2(r"\d+ hari", 0, "furniture.yaml", "example") == r"\d+ hari"  # listed
    monkeypatch.setattr(re2, "translate", lambda pattern, flags=0: r"(?=\d)+ hari")  # a translation RE2 refuses
    with pytest.raises(PatternError, match=r"furniture.yaml, entry example: .*RE2"):
        check_re2(r"\d+ hari", 0, "furniture.yaml", "example")


def test_a_pattern_that_is_not_a_string_is_refused_even_when_its_text_is_listed(cache_home):
    check_re2("2024", 0, "outlets.yaml", "example")
    remember_checked()
    with pytest.raises(PatternError, match="must be a string"):
        check_re2(2024, 0, "outlets.yaml", "example")
