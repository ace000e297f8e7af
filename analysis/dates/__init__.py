"""Rule-based Indonesian temporal tagger: date mentions in news lines.

Finds date expressions in the labelled ``lines`` of news pages and normalises
each to a TIMEX3-style value:

* ``YYYY-MM-DD`` (day): 27 Oktober 2023, Sabtu (23/9/2023), kemarin, pada hari Rabu
* ``YYYY-Www`` (ISO week): pekan lalu, awal pekan ini, dua pekan lalu
* ``YYYY-MM`` (month): September 2023, bulan lalu, awal Oktober
* ``YYYY`` (year): pada 2006, tahun lalu, awal tahun 2022
* ``A/B``, an ISO 8601 interval of two such values (range): 12-17 September 2023

Pipeline position::

    lines (doc_id, line_no, label, text) + documents (doc_id, published, outlet)
      -> find_mentions -> timeline / lookback

Modules
-------
* :mod:`~analysis.dates.expressions`: month/weekday names, time zones, numeric dates and
  times of day from ``data/calendar.yaml``, shared with :mod:`analysis.published` and
  :mod:`analysis.clean`.
* :mod:`~analysis.dates.grammar`: the rules, one entry each (:data:`~analysis.dates.grammar.RULES`),
  over the word lists of ``data/temporal.yaml``; its docstring says how to add a date pattern.
* :mod:`~analysis.dates.scanner`: the compiled grammar and the fast scan (numpy prefilter,
  dispatch by first characters), equivalent to one ``finditer``.
* :mod:`~analysis.dates.resolve`: slots parsed and dated against the anchor (the
  resolution rules are in its docstring).
* :mod:`~analysis.dates.mentions`: :func:`find_mentions` and :func:`document_anchors`
  (the anchor: ``published``, else the latest full date in the page's content lines).
* :mod:`~analysis.dates.summaries`: :func:`timeline`, :func:`lookback`,
  :func:`estimated_publication`.

Decisions
---------
* Mention text follows the gold: it includes ``tanggal``, ``bulan``,
  ``tahun``, modifiers and the weekday of a dated day ("Selasa, 9 Januari
  2024"), and ``pada`` only directly before a unit noun ("pada hari Jumat",
  "Pada tahun lalu"); other cue words are left out ("pada 2006" -> "2006").
* Without an anchor, mentions that need one are still reported, with an
  empty ``value`` and their ``kind``, so they can be counted and audited;
  ``timeline`` and ``lookback`` skip empty values.
* Not mentions: vague expressions ("beberapa hari lalu", "saat ini", "kini"),
  times of day ("pukul 10.15 WIB"), hours ("3 jam lalu"), bare numbers
  ("40 negara"; a 4-digit year needs a cue such as "pada", "sejak", "tahun"
  or a month), law citations ("UU Nomor 30 Tahun 2002"), habits ("setiap
  Senin"), impossible dates ("31 Februari 2023").
* "minggu lalu/ini/depan" is a week, even capitalised; "Minggu" is Sunday
  after "hari", before a date or a time of day, or capitalised mid-sentence.
  Other day names without "hari" must be capitalised ("Rabu", not "rabu").

Example
-------
>>> lines = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [1, 2],
...     "label": ["body", "body"],
...     "text": ["Menlu tiba pada hari Rabu ini.", "Rudal ditembakkan pekan lalu."]})
>>> documents = pd.DataFrame({"doc_id": ["a"],
...     "published": ["2024-01-10T11:25:00+07:00"], "outlet": ["Tempo.co"]})
>>> find_mentions(lines, documents)[["text", "value", "granularity", "kind"]]
                 text       value granularity      kind
0  pada hari Rabu ini  2024-01-10         day   weekday
1          pekan lalu    2024-W01        week  relative
"""

from __future__ import annotations

import pandas as pd  # noqa: F401  (the examples above use it)

from .mentions import ANCHOR_LABELS, MENTION_COLUMNS, document_anchors, find_mentions
from .resolve import parse_timex
from .summaries import estimated_publication, lookback, timeline

__all__ = [
    "find_mentions",
    "document_anchors",
    "timeline",
    "lookback",
    "estimated_publication",
    "parse_timex",
    "MENTION_COLUMNS",
    "ANCHOR_LABELS",
]
