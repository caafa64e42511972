#!/usr/bin/env bash
# Runs every test. Installs what the tests need where it can (PostgreSQL, Chromium and fonts from Debian packages
# when root), starts a throwaway PostgreSQL on 127.0.0.1, runs the test projects, and ends with one line:
#   tests: N passed, N failed, N skipped
# With CI=true nothing may be skipped for lack of PostgreSQL or Chromium: those tests fail instead.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { echo "test.sh: $*" >&2; }

# --- what the tests need -------------------------------------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[[ -d /usr/share/fonts/truetype/dejavu ]] || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
      || log "could not install ${missing[*]}"
  else
    log "not root: cannot install ${missing[*]}; their tests will be skipped (or fail under CI=true)"
  fi
fi

# --- a throwaway PostgreSQL ----------------------------------------------------------------------------------------
pgdata=""
stop_postgres() {
  if [[ -n $pgdata ]]; then
    if [[ $(id -u) == 0 ]]; then su postgres -c "$pgbin/pg_ctl -D $pgdata -m fast -w stop" >/dev/null 2>&1
    else "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1; fi
    rm -rf "$pgdata"
  fi
}
trap stop_postgres EXIT
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -n $pgbin && -x $pgbin/initdb ]]; then
  pgdata=$(mktemp -d /tmp/safeguard-pg.XXXXXX)
  run_pg() { if [[ $(id -u) == 0 ]]; then su postgres -c "$*"; else bash -c "$*"; fi; }
  [[ $(id -u) == 0 ]] && chown postgres:postgres "$pgdata"
  chmod 700 "$pgdata"
  started=""
  if run_pg "$pgbin/initdb -D $pgdata -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null 2>&1; then
    # A port picked at random may be taken by something else just then: try another, a few times.
    for _ in 1 2 3 4 5; do
      port=$(( 55432 + RANDOM % 1000 ))
      if run_pg "$pgbin/pg_ctl -D $pgdata -l $pgdata/server.log -w start -o '-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200'" >/dev/null 2>&1; then
        started=yes
        break
      fi
    done
  fi
  if [[ -n $started ]]; then
    export SAFEGUARD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
    log "PostgreSQL on 127.0.0.1:$port"
  else
    log "PostgreSQL did not start"; cat "$pgdata/server.log" >&2 2>/dev/null
  fi
fi
command -v chromium >/dev/null 2>&1 && export SAFEGUARD_CHROMIUM=$(command -v chromium)
# Every Chromium (the browser tests, the PDF) takes several inotify instances, and the kernel's default allows a user
# 128 in all: raise it where this machine lets us (the test hosts themselves watch no files).
if [[ $(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024) -lt 1024 ]]; then
  (echo 1024 > /proc/sys/fs/inotify/max_user_instances) 2>/dev/null && log "inotify instances per user raised to 1024" || true
fi

# --- build, format, test ---------------------------------------------------------------------------------------------
passed=0 failed=0 skipped=0
if ! dotnet build Safeguard.slnx -nologo -v q -clp:ErrorsOnly; then
  log "the build failed"
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
if ! dotnet format Safeguard.slnx --verify-no-changes --no-restore >&2; then
  log "dotnet format --verify-no-changes found changes to make"
  failed=$((failed + 1))
fi

results=$(mktemp -d /tmp/safeguard-results.XXXXXX)
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" >&2
  trx="$results/$name.trx"
  if [[ ! -f $trx ]]; then
    log "$name produced no results"
    failed=$((failed + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total) p=$(get passed) f=$(get failed) e=$(get error) t=$(get timeout) ab=$(get aborted)
  passed=$((passed + p))
  failed=$((failed + f + e + t + ab))
  skipped=$((skipped + total - p - f - e - t - ab))
done
rm -rf "$results"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[[ $failed == 0 ]]
