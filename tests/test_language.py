"""Language identification: the marker-word count over whole columns (RE2) decides as
Python's ``re`` would, word boundaries, case and the sample's cut included."""

import re

import pandas as pd

from analysis import language, rules

MARKERS = rules.load_yaml("language.yaml")
#: The reference: Python's regex of the marker words, whole words, any case.
REFERENCE = re.compile(r"(?i)(?<!\w)(?:" + "|".join(sorted(map(re.escape, MARKERS["markers"]), key=len, reverse=True))
                       + r")(?!\w)")
FILLER = ("The committee said on Tuesday that the talks with the union would go on next week "
          "while the ministers waited for the report from the regional offices. ")
#: Eleven markers: one short of the threshold, so that the word under test decides.
ELEVEN = "yang dan ini itu dengan untuk dari dalam tidak akan pada "
assert MARKERS["min_markers"] == 12

CASES = [
    "dan,di", "dan di", "(dan)", "dan\ndi", "DAN", "Dan", "dAn", "_dan", "dan_", "2dan", "dan2", "dana", "edan",
    "\u00e9dan", "dan\u00e9", "e\u0301 dan", "dan\u0301", "\u00a0dan\u00a0", "\u2014dan\u2014", "\u0130ni", "\u0131n\u0131",
    "a\u212aan", "\u017fudah", "\u017f\u017fudah", "karena\u3000", "\u0661dan", "\u00bddan", "dan\u2160",
]


def _is_dense(text: str) -> bool:
    return len(REFERENCE.findall(text[:MARKERS["sample_chars"]])) >= MARKERS["min_markers"]


def _texts() -> list[str]:
    texts = [ELEVEN + FILLER + case + " " + FILLER for case in CASES]
    # every non-ASCII character that Python's re.I matches to a letter, inside a marker
    extra = [chr(c) for c in range(0x80, 0x3000) if re.fullmatch(r"(?i)[a-z]", chr(c))]
    extra += [chr(c) for c in (0x212A, 0x212B, 0xFB00, 0xFF41)]
    for ch in extra:
        texts += [ELEVEN + FILLER + w.replace(ch.lower()[0], ch) + " " + FILLER for w in ("yang", "juga", "oleh", "sudah", "akan", "ini")
                  if ch.lower() in w]
        texts.append(ELEVEN + FILLER + ch + "ang " + FILLER)
    # the sample's cut: the twelfth marker at the end of the sample, within a longer word or alone
    cut = MARKERS["sample_chars"]
    for tail in ("dana lagi", "dan lagi", "da lagi"):
        head = ELEVEN + FILLER * 20
        texts.append(head[:cut - 3] + tail)
    return texts


def test_marker_words_are_counted_as_python_re_counts_them():
    texts = pd.Series(_texts())
    dense = [_is_dense(t) for t in texts]
    assert 10 < sum(dense) < len(texts) - 10  # both decisions are exercised
    found = language.identify_languages(texts)
    for text, expected, (lang, p) in zip(texts, dense, found.itertuples(index=False)):
        if expected:
            assert (lang, p) == ("id", 1.0), text[:2100]
        else:
            assert lang == "en", text[:2100]

