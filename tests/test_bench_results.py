"""The benchmark scripts share benchmarks/RESULTS.md: re-measuring the stages keeps the whole command's section."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench_scale():
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "benchmarks" / "bench_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_stage_results_keep_the_whole_command_section(tmp_path):
    keep = _bench_scale().keep_whole_command
    out = tmp_path / "RESULTS.md"
    section = "<!-- whole-command -->\n## Whole report\n\n| seeds | 7.8 |\n<!-- /whole-command -->"
    out.write_text(f"# Old stages\n\nold table\n\n{section}\n", encoding="utf-8")
    assert keep(out, "# Stages\n\nnew table\n") == f"# Stages\n\nnew table\n\n{section}\n"
    assert keep(out, f"# Stages\n\n{section}\n") == f"# Stages\n\n{section}\n"  # the new text has its own
    assert keep(tmp_path / "missing.md", "# Stages\n") == "# Stages\n"
    out.write_text("# Old stages, no section\n", encoding="utf-8")
    assert keep(out, "# Stages\n") == "# Stages\n"


def test_rendering_a_run_again_keeps_the_whole_command_section(tmp_path, monkeypatch):
    bench = _bench_scale()
    monkeypatch.setattr(bench, "render_scale", lambda results: "# Scale\n\nnew table\n")
    run = tmp_path / "run.json"
    run.write_text(json.dumps({"sizes": {"100000": {"report": {}}}}), encoding="utf-8")
    section = "<!-- whole-command -->\n## Whole report\n\n| seeds | 7.8 |\n<!-- /whole-command -->"
    out = tmp_path / "RESULTS.md"
    out.write_text(f"# Old\n\nold table\n\n{section}\n", encoding="utf-8")
    assert bench.main(["--render-json", str(run), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == f"# Scale\n\nnew table\n\n{section}\n"
