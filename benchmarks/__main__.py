"""``python -m benchmarks``: run every stage benchmark, each beside its reference tool.

* ``bench_clean``  – ``clean.label_lines`` vs jusText (Indonesian stoplist)
* ``bench_terms``  – ``terms.tokenize`` + ``term_counts`` vs scikit-learn ``CountVectorizer``
* ``bench_dates``  – ``dates.find_mentions`` vs dateparser ``search_dates``
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_clean.py", "bench_terms.py", "bench_dates.py"]


def main() -> int:
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        code = subprocess.call([sys.executable, str(HERE / script)], cwd=HERE.parent)
        if code:
            print(f"{script} failed with exit code {code}", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
