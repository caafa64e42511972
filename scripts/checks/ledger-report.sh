#!/usr/bin/env bash
# An independent check of the attendance section and the PPN-due figures (notices.noticeDue), which are read from the
# clock ledger: generates incidents and notices about some of them (every grade, the three time forms, both 2023 clock
# changes, exact 60:00 / 24:00 boundaries and a second over, regrades, children named, supervisors' reasons before and
# after notices), imports them into a fresh database with the command line, and compares `safeguard report` figure by
# figure with a separate Python computation. Usage: scripts/checks/ledger-report.sh [SEED]
# On PostgreSQL: set Database__Provider=Postgres and ConnectionStrings__Safeguard to an empty database first.
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=${1:-3}
work=$(mktemp -d /tmp/safeguard-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build src/Safeguard.Cli -nologo -v q >/dev/null
cli=src/Safeguard.Cli/bin/Debug/net10.0/safeguard
export Database__Provider=${Database__Provider:-Sqlite}
export ConnectionStrings__Safeguard=${ConnectionStrings__Safeguard:-"Data Source=$work/check.db"}
python3 scripts/checks/ledger_generate.py "$seed" "$work"
"$cli" import incidents "$work/incidents.csv" 2>/dev/null | tail -1
"$cli" import notices "$work/notices.csv" 2>/dev/null | tail -1
status=0
# Importing the same files again changes nothing.
for what in incidents notices; do
  again=$("$cli" import $what "$work/$what.csv" 2>/dev/null | tail -1)
  echo "again: $again"
  [[ $again == *"created 0, updated 0,"* ]] || status=1
done
for period in "2023-01-01 2024-01-01" "2023-03-26 2023-10-30" "2023-10-29 2023-10-30" "$(date -u -d '-3 days' +%Y-%m-%d) $(date -u -d '+1 day' +%Y-%m-%d)"; do
  set -- $period
  now=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
  "$cli" report --from "$1" --to "$2" | python3 -c "
import json,sys
r = json.load(sys.stdin); a = r['attendance']
keys = ['population','withinTarget','late','notAttended','pending','percentWithinTarget','medianMinutes']
att = {k: a[k] for k in keys}
att['byDistrict'] = {str(d['district']): {k: d[k] for k in keys} for d in a['byDistrict']}
att['byMonth'] = {m['month']: {k: m[k] for k in keys} for m in a['byMonth']}
print(json.dumps({'attendance': att, 'noticeDue': r['notices']['noticeDue']}))" > "$work/got.json"
  python3 scripts/checks/ledger_expected.py "$1" "$2" "$now" "$work" > "$work/want.json"
  echo -n "$1..$2: "
  python3 scripts/checks/compare_json.py "$work/got.json" "$work/want.json" || status=1
done
exit $status
