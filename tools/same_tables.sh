#!/usr/bin/env bash
# Check that a refactor changed no table: run the report of this checkout on a corpus and compare
# every file under tables/ byte for byte with a reference output folder made before the change.
#   tools/same_tables.sh CORPUS REFERENCE_OUT [OUT]
# e.g. (reference made from the commit before the change, in a worktree):
#   git worktree add /tmp/before HEAD~1 && (cd /tmp/before && PYTHONPATH=. python -m analysis run --out /tmp/ref)
#   tools/same_tables.sh seeds /tmp/ref
set -euo pipefail
corpus=$1 reference=$2 out=${3:-$(mktemp -d)/out}
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
(cd "$here" && PYTHONPATH="$here" PYTHONHASHSEED=0 "$python" -m analysis run --corpus "$corpus" --out "$out" --no-progress \
  >"$out.log" 2>&1) || { tail -30 "$out.log"; exit 1; }
if diff -rq "$reference/tables" "$out/tables"; then
  echo "same tables: $(ls "$out/tables" | wc -l) files identical to $reference/tables"
else
  echo "TABLES DIFFER (see diff -r $reference/tables $out/tables)"; exit 1
fi
