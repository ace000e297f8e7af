"""The whole report as a user runs it, against the floor and against CountVectorizer, in one run.

    python benchmarks/bench_report.py [--sizes 10000 100000] [--source PATH] [--results benchmarks/RESULTS.md]

* **seeds** – the README's command (``python -m analysis run``) on ``seeds/`` into a new output
  folder (cold), then again into the same folder (warm), against the *floor*: papermill executing
  as many empty notebooks as the report has, in one process (targets: cold <= 1.5x, warm <= 1.2x),
  and, in the same turns, the four empty notebooks the issue first set the target against;
* **10^4, 10^5 CLICK-ID articles** – the same command on a JSONL corpus of that many real articles
  (the scale benchmark's corpus: the source cycled in a fixed order with unique ids), cold and warm,
  against scikit-learn's ``CountVectorizer().fit_transform`` on the same raw texts, timed in this
  process right before (targets: <= 8x at 10^4, <= 5x at 10^5);
* **the budget** – for each of those corpora, the CPU seconds a target leaves (target x
  ``CountVectorizer()``'s seconds x the cores), next to the CPU seconds of the report's five stages
  alone (``prepare``, ``count_terms``, ``find_dates``, ``find_quotes``, ``find_near_copies``, as the
  notebooks call them) in one process of their own (``workers=1``: no worker processes; a new
  output folder; ``analysis.pipeline`` and pandas imported before the clock starts, what a stage
  imports on first use and compiling its rules counted; ``prepare`` reads back only its
  ``documents``) and of the whole command: what is left of the budget for everything
  else the command does (starting its kernels and workers, the notebooks' figures, tables, other
  analyses and pages).

Every command runs in a process of its own; peak RSS is the largest sum over the command and its
children (its kernels and their worker processes) sampled every 0.2 s. The section is written into ``--results`` between the
markers ``<!-- whole-command -->`` and ``<!-- /whole-command -->`` (appended when missing) and
printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402  (the corpus the scale benchmark measures)
from analysis.engine.local import machine_cores  # noqa: E402
from analysis.kernel import KERNEL_ENV  # noqa: E402  (the environment the command's kernels get)
import profile_report  # noqa: E402  (the floor)

START, END = "<!-- whole-command -->", "<!-- /whole-command -->"


def command(corpus: str, out: Path) -> tuple[float, float, float]:
    """Seconds, peak RSS (MB, command and children) and CPU seconds (user + system of the command
    and of the processes it waited for: its kernels and their worker processes) of
    ``python -m analysis run``."""
    import resource

    import psutil

    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "run", "--corpus", corpus, "--out", str(out),
                             "--no-progress"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    peak, done = [0.0], threading.Event()

    def sample() -> None:
        try:
            parent = psutil.Process(proc.pid)
            while not done.is_set():
                total = 0
                for p in [parent, *parent.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total / 1e6)
                done.wait(0.2)
        except psutil.Error:
            pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"the report on {corpus} failed:\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
    return seconds, peak[0], cpu


#: The report's stages as its notebooks call them (default parameters), each timed in CPU seconds.
STAGES = (("prepare", "pipeline.prepare(corpus, out, config, tables=('documents',))"),
          ("count_terms", "pipeline.count_terms(corpus, out, config)"),
          ("find_dates", "pipeline.find_dates(corpus, out, config)"),
          ("find_quotes", "pipeline.find_quotes(corpus, out, config)"),
          ("find_near_copies", "pipeline.find_near_copies(corpus, out, config)"))


def stage_cpu(corpus: str, out: Path) -> dict[str, float]:
    """CPU seconds of each of :data:`STAGES` run one after the other in a new process (``workers=1``:
    every batch in that process) into the new output folder ``out``, with the environment the
    command's kernels get (:data:`analysis.kernel.KERNEL_ENV`); ``analysis.pipeline`` is imported
    before the clock starts (what a stage imports on first use is counted)."""
    import json

    code = "\n".join([
        "import json, sys, time",
        "from analysis import pipeline",
        "from analysis.config import RunConfig",
        "corpus, out, config, spent = sys.argv[1], sys.argv[2], RunConfig(workers=1, progress=False), {}",
        *[f"start = time.process_time(); {call}; spent[{name!r}] = time.process_time() - start"
          for name, call in STAGES],
        "print(json.dumps(spent))"])
    env = {**KERNEL_ENV, **os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, corpus, str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit(f"the stages on {corpus} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _budget(rows: list[tuple], cores: int) -> list[str]:
    """The budget table: per corpus, the CPU seconds its target leaves, the stages' and the command's."""
    lines = ["", f"**The budget.** A target of *k* times `CountVectorizer()` allows the command *k* x its seconds, "
             f"so at most *k* x its seconds x {cores} cores of CPU time on this machine. The report's five stages "
             "alone (`prepare`, `count_terms`, `find_dates`, `find_quotes`, `find_near_copies`, as the notebooks "
             "call them), run one after the other in a process of their own (`workers=1`: no worker processes; "
             "a new output folder; `analysis.pipeline` and pandas imported before the clock starts, what a stage "
             "imports on first use and compiling its rules counted; `prepare` reads back only its `documents`), "
             "use the CPU seconds below; the rest of the budget is all that "
             "is left for starting the kernels and workers and for the notebooks' figures, tables, other analyses "
             "and pages.", "",
             "| corpus | target | CPU budget s | stages CPU s (prepare, terms, dates, quotes, near copies) | "
             "stages / budget | whole command CPU s | left for the rest s |",
             "|---|---:|---:|---|---:|---:|---:|"]
    for docs, target, cv, stages, cpu in rows:
        budget, total = target * cv * cores, sum(stages.values())
        parts = ", ".join(f"{v:.1f}" for v in stages.values())
        lines.append(f"| CLICK-ID {docs:,} | {target}x | {budget:.1f} | {total:.1f} ({parts}) | "
                     f"{total / budget:.0%} | {cpu:.1f} | {budget - total:.1f} (used: {cpu - total:.1f}) |")
    return lines


def count_vectorizer(path: Path, repeat: int) -> tuple[float, float, int]:
    """Best seconds of ``CountVectorizer().fit_transform`` on the corpus' raw texts, their MB, documents."""
    import json

    from sklearn.feature_extraction.text import CountVectorizer

    with open(path, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        CountVectorizer().fit_transform(texts)
        best = min(best, time.perf_counter() - start)
    return best, sum(len(t.encode("utf-8")) for t in texts) / 1e6, len(texts)


#: The number of empty notebooks the issue set the seeds target against ("four empty notebooks").
ISSUE_FLOOR_NOTEBOOKS = 4


def _turns(floors: list[float], colds: list[float]) -> str:
    """How much the ratio moves between turns: each cold report against the floor run just before it."""
    ratios = sorted(c / f for f, c in zip(floors, colds))
    return (f"Turn by turn (each cold `seeds/` report against the floor run just before it), the ratio was "
            f"{', '.join(f'{r:.2f}x' for r in ratios)} (median {statistics.median(ratios):.2f}x): the machine's "
            "speed drifts between runs, so one ratio alone says little about a target this close.")


def _met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def measure(args) -> list[str]:
    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        n = len(profile_report.runner.notebooks())
        # the floor and the cold report alternate, so that both see the machine in the same states;
        # each the best of --repeat runs (each cold report into a new folder); warm: into the last
        floors, colds, issue_floors = [], [], []
        for i in range(args.repeat):
            floors.append(profile_report.floor(n, work / f"floor{i}"))
            colds.append(command("seeds", work / f"seeds{i}"))
            if n != ISSUE_FLOOR_NOTEBOOKS:  # the floor as the target was first written, in the same turns
                issue_floors.append(profile_report.floor(ISSUE_FLOOR_NOTEBOOKS, work / f"issue-floor{i}"))
        floor, (cold, cold_rss, cold_cpu) = min(floors), min(colds)
        seeds_cold = cold
        warm, warm_rss, _ = command("seeds", work / f"seeds{args.repeat - 1}")
        cores = machine_cores()
        lines = [START, "## Whole report: the README's command", "",
                 f"Produced by `python benchmarks/bench_report.py {' '.join(args.argv)}`".rstrip() +
                 f" (method: `benchmarks/bench_report.py`). Python {platform.python_version()}, "
                 f"{os.cpu_count()} logical cores; load average before the run {os.getloadavg()[0]:.1f}; code "
                 f"measured: commit `{_commit()}`.", "",
                 "`python -m analysis run --corpus CORPUS --out OUT` in a process of its own: every notebook, "
                 f"figure, table and HTML page. *Cold*: a new output folder (`seeds/` and the floor: the best "
                 f"of {args.repeat} run(s) each, taken in turns, `CountVectorizer()` too; the larger corpora: one run); *warm*: the "
                 "same command again into the same folder (same corpus, parameters and code: nothing is executed, and the "
                 "pages are rendered again only if one was changed or deleted). Peak RSS: the largest sum over the "
                 "command and every process it started (kernels, worker processes). *CPU s*: user + system seconds of the "
                 "cold command and of the processes it waited for (its kernels and their worker processes); "
                 f"*CPU / {cores} cores* divides them by the cores this machine gives the command: the shortest "
                 "time that work could take here were it spread perfectly over the cores, as a ratio to the "
                 "reference. A target below that ratio needs less work, not better scheduling.", "",
                 f"| corpus | docs | MB | reference | reference s | cold s | ratio | cold CPU s | CPU / {cores} cores |"
                 " warm s | ratio | peak RSS | target |",
                 "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
                 f"| seeds | 5 | – | papermill, {n} empty notebooks (floor) | {floor:.1f} | {cold:.1f} | "
                 f"{cold / floor:.2f}x | {cold_cpu:.1f} | {cold_cpu / cores / floor:.2f}x | {warm:.1f} | "
                 f"{warm / floor:.2f}x | {max(cold_rss, warm_rss) / 1e3:.2f} GB | "
                 f"cold <= 1.5x {_met(cold / floor <= 1.5)}, warm <= 1.2x {_met(warm / floor <= 1.2)} |"]
        records = bench_scale.read_source(Path(args.source)) if args.sizes else []
        budgets = []
        for size in args.sizes:
            corpus = work / f"corpus-{size}.jsonl"
            bench_scale.write_corpus(records, size, corpus)
            cv, mb, docs = count_vectorizer(corpus, args.repeat)
            cold, cold_rss, cold_cpu = command(str(corpus), work / f"out-{size}")
            warm, warm_rss, _ = command(str(corpus), work / f"out-{size}")
            target = 8 if size <= 10_000 else 5
            lines.append(f"| CLICK-ID | {docs:,} | {mb:.1f} | CountVectorizer() on the raw texts | {cv:.2f} | "
                         f"{cold:.1f} | {cold / cv:.1f}x | {cold_cpu:.1f} | {cold_cpu / cores / cv:.1f}x | "
                         f"{warm:.1f} | {warm / cv:.1f}x | "
                         f"{max(cold_rss, warm_rss) / 1e3:.2f} GB | cold <= {target}x {_met(cold / cv <= target)} |")
            shutil.rmtree(work / f"out-{size}", ignore_errors=True)
            budgets.append((docs, target, cv, stage_cpu(str(corpus), work / f"stages-{size}"), cold_cpu))
            shutil.rmtree(work / f"stages-{size}", ignore_errors=True)
            corpus.unlink()
        lines += ["", _turns(floors, [c[0] for c in colds])]
        if issue_floors:
            first = min(issue_floors)
            lines += ["", f"**The floor as the target was first set.** The issue set the target against {ISSUE_FLOOR_NOTEBOOKS} "
                      f"empty notebooks; the floor above has as many as the "
                      f"report has now ({n}), and each empty notebook adds a kernel's start to it. Against "
                      f"{ISSUE_FLOOR_NOTEBOOKS} (best of {len(issue_floors)}, taken in the same turns: {first:.1f} s) "
                      f"the cold `seeds/` report is {seeds_cold / first:.2f}x: 1.5x {_met(seeds_cold / first <= 1.5)} "
                      "by that floor."]
        lines += _budget(budgets, cores) if budgets else []
        lines += ["", f"Corpus source: `{bench_scale.rel(args.source)}`.", END]
        return lines
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _commit() -> str:
    """The checkout's commit (``+changes`` when the analysis package differs from it)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + ("+changes" if git("status", "--porcelain", "analysis") else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="CLICK-ID corpus sizes")
    parser.add_argument("--source", default=str(bench_scale.SAMPLE), help="JSONL(.gz) source of the articles")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the floor, the seeds report and CountVectorizer (best kept)")
    parser.add_argument("--results", default="benchmarks/RESULTS.md", help="markdown file the section goes into")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    args.argv = list(argv if argv is not None else sys.argv[1:])
    section = "\n".join(measure(args))
    target = ROOT / args.results
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if START in text and END in text:
        text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
