#!/usr/bin/env bash
# An independent check of the report's notices section: generates notices (every risk, exact boundaries, the three
# time forms, the 2023 clock changes, London period edges, recent pending ones), imports them into a fresh SQLite
# database with `safeguard import notices`, and compares `safeguard report` figure by figure with a separate Python
# computation. Usage: scripts/checks/notices-report.sh [SEED]
# On PostgreSQL: set Database__Provider=Postgres and ConnectionStrings__Safeguard to an empty database first.
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${1:-11}
work=$(mktemp -d /tmp/safeguard-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build src/Safeguard.Cli -nologo -v q >/dev/null
cli=src/Safeguard.Cli/bin/Debug/net10.0/safeguard
export Database__Provider=${Database__Provider:-Sqlite}
export ConnectionStrings__Safeguard=${ConnectionStrings__Safeguard:-"Data Source=$work/check.db"}
python3 scripts/checks/notices_generate.py "$seed" "$work"
"$cli" import notices "$work/notices.csv" 2>/dev/null | tail -1
status=0
for period in "2023-01-01 2024-01-01" "2023-03-26 2023-10-30" "2023-10-29 2023-10-30" "$(date -u +%Y-%m-01) $(date -u -d "$(date -u +%Y-%m-01) +1 month" +%Y-%m-%d)"; do
  set -- $period
  now=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
  "$cli" report --from "$1" --to "$2" | python3 -c "import json,sys; print(json.dumps(json.load(sys.stdin)['notices']))" > "$work/got.json"
  python3 scripts/checks/notices_expected.py "$1" "$2" "$now" "$work" > "$work/want.json"
  echo -n "$1..$2: "
  python3 scripts/checks/compare_json.py "$work/got.json" "$work/want.json" || status=1
done
exit $status
