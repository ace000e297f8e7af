"""``python -m benchmarks`` (``make bench``): every stage benchmark beside its reference tool,
then the scale benchmark.

* ``bench_clean``  – ``clean.label_lines`` vs jusText (Indonesian stoplist)
* ``bench_terms``  – ``tokens.tokenize`` + ``counts.term_counts`` vs scikit-learn ``CountVectorizer``
* ``bench_syndication`` – near-copies planted in the CLICK-ID sample: recall and precision against brute
  force, time against the terms stage (``benchmarks/SYNDICATION.md``)
* ``bench_sources_scale`` – the cached stages ``find_quotes`` (MB/s of body text) and
  ``find_near_copies`` (recall, precision, time) beside ``count_terms`` on CLICK-ID in the same run;
  here on the sample kept in ``benchmarks/data/`` (5,000 documents in batches of 1,000, written to
  ``benchmarks/out/``); the 10^5 run is a command of its own (``benchmarks/SOURCES_SCALE.md``)
* ``bench_dates``  – ``dates.find_mentions`` vs dateparser ``search_dates``
* ``bench_scale``  – every stage and the whole report at 10^3, 10^4 and 10^5 real documents
  (CLICK-ID), with documents/s, MB/s and peak RSS, the same three anchors, pandas vs Dask at
  10^5; writes ``benchmarks/RESULTS.md`` (about 20 minutes on 2 cores)
* ``bench_report`` – then the README's command itself (every notebook, figure and HTML page) on
  ``seeds/`` against the floor of empty notebooks, and on 10^4 and 10^5 CLICK-ID articles against
  ``CountVectorizer()`` on the same texts, cold and warm; its section goes into ``RESULTS.md``
* ``make bench-million`` (not run here) – ``bench_scale.py`` at 10^5 (pandas and Dask) and 10^6
  (Dask) articles, the whole pipeline only: ``benchmarks/SCALE.md`` (about 35 minutes on 2 cores)
* ``profile_report.py`` (not run here) – where the report's time goes: every cell, cProfile

Options::

    python -m benchmarks                 # everything, full scale run
    python -m benchmarks --quick         # smaller stage runs; scale at 10^3 and 10^4 without Dask,
                                         # written to benchmarks/out/RESULTS-quick.md
    python -m benchmarks --scale-only    # only bench_scale
    python -m benchmarks --no-scale      # only the five stage benchmarks (SCRIPTS)
    python -m benchmarks --source PATH   # any other option is passed to bench_scale.py

``make bench BENCH_ARGS=--quick`` passes options through make. The scale benchmark reads the
corpus given with ``--source``, else the sample kept in ``benchmarks/data/``;
``make bench BENCH_SOURCE=path/to/click-id-2019.jsonl.gz`` gives it the full CLICK-ID corpus
(see ``bench_scale.py --help``).
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_clean.py", "bench_terms.py", "bench_dates.py", "bench_syndication.py", "bench_sources_scale.py"]
QUICK = {"bench_clean.py": ["--docs", "500", "--repeat", "1"],
         "bench_terms.py": ["--docs", "2000", "--repeat", "1"],
         "bench_dates.py": ["--mb", "0.5", "--repeat", "1"],
         "bench_syndication.py": ["--sources", "100", "--repeats", "1", "--out", "benchmarks/out/SYNDICATION-quick.md"],
         "bench_sources_scale.py": ["--docs", "3000", "--batch-size", "1000", "--sample", "1000"]}
#: Options of a script in every run (the quick ones above replace them).
ALWAYS = {"bench_sources_scale.py": ["--batch-size", "1000"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Run the stage benchmarks, then the scale benchmark.",
                                     epilog="Other options are passed to benchmarks/bench_scale.py.")
    parser.add_argument("--quick", action="store_true", help="a fast check (smaller runs, no Dask)")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--scale-only", action="store_true", help="run only the scale benchmark")
    only.add_argument("--no-scale", action="store_true", help="skip the scale benchmark")
    args, scale_args = parser.parse_known_args(argv)

    runs = [] if args.scale_only else [(s, QUICK[s] if args.quick else ALWAYS.get(s, [])) for s in SCRIPTS]
    if not args.no_scale:
        runs.append(("bench_scale.py", (["--quick"] if args.quick else []) + scale_args))
        source = scale_args[scale_args.index("--source") + 1:][:1] if "--source" in scale_args else []
        runs.append(("bench_report.py", (["--sizes", "2000", "--results", "benchmarks/out/RESULTS-quick.md"]
                                         if args.quick else []) + (["--source", *source] if source else [])))
    for script, extra in runs:
        print(f"\n=== {' '.join([script, *extra])} ===", flush=True)
        code = subprocess.call([sys.executable, str(HERE / script), *extra], cwd=HERE.parent)
        if code:
            print(f"{script} failed with exit code {code}", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
