#!/usr/bin/env bash
# Refresh benchmark: `feeds refresh --all` over a farm of generated feeds served by nginx on
# loopback, stored in a throwaway PostgreSQL 15 cluster. See bench/refresh/README.md.
#
#   bench/refresh/run.sh                     # 3 runs of 10,000 feeds, fsync on
#   RUNS=5 FEEDS=2000 FSYNC=off bench/refresh/run.sh
#
# Settings (environment): RUNS (3), FEEDS (10000), DLL (this worktree's Release build),
# FARM (a pristine farm, generated there on first use, copied for each run:
# /tmp/flusio-farm-$FEEDS), PGPORT (55440), FSYNC (on|off, default on), KEEP (1 keeps the
# work folder), FLUSIO_FETCH_CONCURRENCY (passed on as FETCH_CONCURRENCY when set),
# FARM_PORT (18080: the port nginx serves the farm on, on 127.0.0.1-16; another port when
# something else, another benchmark's farm, holds it), HOLD (1: after each run's passes, keep
# the farm and the database up until the hold file it names is removed, to profile a pass),
# APP_ENV (more VAR=VALUE for the app's environment, e.g. runtime settings: APP_ENV=DOTNET_gcConcurrent=0).
# Build first: dotnet build -c Release src/Flusio.Web
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-3}
feeds=${FEEDS:-10000}
dll=${DLL:-$here/src/Flusio.Web/bin/Release/net10.0/Flusio.Web.dll}
farm=${FARM:-/tmp/flusio-farm-$feeds}
pgport=${PGPORT:-55440}
fsync=${FSYNC:-on}
farm_port=${FARM_PORT:-18080}
farmpy=${FARMPY:-$here/../shared/bench/feedfarm.py}
[ -f "$farmpy" ] || farmpy=/work/shared/bench/feedfarm.py
[ -f "$dll" ] || { echo "no build at $dll: dotnet build -c Release src/Flusio.Web" >&2; exit 2; }
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --) || as_pg=()

work=$(mktemp -d /tmp/flusio-refresh-bench.XXXXXX)
chmod 755 "$work"
results=$work/results.tsv
: >"$results"
nginx_dir=
pg_up=

cleanup() {
    set +e
    if [ -n "$nginx_dir" ] && [ -f "$nginx_dir/nginx.pid" ]; then
        python3 "$farmpy" stop "$nginx_dir" >/dev/null
    fi
    if [ -n "$pg_up" ]; then
        "${as_pg[@]}" pg_ctl -D "$work/pg/data" -m fast -w stop >/dev/null
    fi
    if [ "${KEEP:-0}" = 1 ]; then
        echo "kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The pristine farm: generated once, copied for each run (a run touches its copy).
if [ ! -f "$farm/.pristine" ]; then
    say "generating $feeds feeds in $farm"
    rm -rf "$farm"
    python3 "$farmpy" generate "$farm" --feeds "$feeds" >&2
    touch "$farm/.pristine"
fi

# A throwaway cluster (initdb --no-sync only spares the initdb itself; the server's fsync is $fsync).
mkdir -p "$work/pg"
[ ${#as_pg[@]} -eq 0 ] || chown postgres:postgres "$work/pg"
"${as_pg[@]}" initdb -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
"${as_pg[@]}" pg_ctl -D "$work/pg/data" -l "$work/pg/log" -w \
    -o "-p $pgport -c listen_addresses=127.0.0.1 -k $work/pg -c fsync=$fsync" start >/dev/null
pg_up=1
say "PostgreSQL on 127.0.0.1:$pgport, fsync=$fsync"

sql() { psql -h 127.0.0.1 -p "$pgport" -U postgres -d "$1" -Atqc "$2"; }

# The app as the verbs run it: nothing from the caller's environment but PATH and HOME.
# In a pass, timer=(/usr/bin/time -v -o FILE) measures it (the dotnet process itself, no shell between).
timer=()
app() {
    "${timer[@]}" env -i PATH="$PATH" HOME="${HOME:-/root}" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
        DATABASE_URL="postgres://postgres:bench@127.0.0.1:$pgport/$db" \
        DATA_PATH="$work/data" FETCH_ALLOW_PRIVATE_NETWORKS=true \
        ${FLUSIO_FETCH_CONCURRENCY:+FETCH_CONCURRENCY=$FLUSIO_FETCH_CONCURRENCY} \
        ${APP_ENV:-} \
        dotnet "$dll" "$@"
}

failures=0
check() { # what expected actual
    if [ "$2" != "$3" ]; then
        say "CHECK FAILED: $1: expected $2, got $3"
        failures=$((failures + 1))
    fi
}

# One measured pass: the summary line's fields, the process's wall time and peak RSS.
pass() { # run name
    local run=$1 name=$2 log=$work/run$1-$2
    local before
    before=$(load)
    timer=(/usr/bin/time -v -o "$log.time")
    app feeds refresh --all >"$log.out" 2>"$log.err" \
        || { say "pass $name of run $run failed:"; tail -20 "$log.err" "$log.out" >&2; exit 1; }
    timer=()
    local line wall rss
    line=$(grep -E '^feeds=' "$log.out" | tail -1)
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s }' "$log.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")
    say "run $run $name: $line wall=${wall}s rss=${rss}MB (load before: $before)"
    # run pass wall refresh_s feeds fetched not_modified failed new_entries rss load
    echo "$line" | awk -v r="$run" -v p="$name" -v w="$wall" -v m="$rss" -v l="$before" '{
        for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r, p, w, v["seconds"], v["feeds"], v["fetched"], v["not_modified"], v["failed"], v["new_entries"], m, l
    }' >>"$results"
    last_new=$(echo "$line" | sed -E 's/.*new_entries=([0-9]+).*/\1/')
    last_failed=$(echo "$line" | sed -E 's/.*failed=([0-9]+).*/\1/')
}

for run in $(seq 1 "$runs"); do
    db=flusio_bench_$run
    say "run $run of $runs: copying the farm"
    nginx_dir=$work/farm
    rm -rf "$nginx_dir"
    cp -a "$farm" "$nginx_dir"
    # The copy is served on $farm_port: its farm.json and its OPML say so.
    sed -i -E "s/\"port\": [0-9]+/\"port\": $farm_port/" "$nginx_dir/farm.json"
    sed -i -E "s#(http://127\.0\.0\.[0-9]+):[0-9]+/#\1:$farm_port/#g" "$nginx_dir/feeds.opml"
    if ! python3 -c 'import socket, sys; socket.socket().bind(("127.0.0.1", int(sys.argv[1])))' "$farm_port" 2>/dev/null; then
        say "port $farm_port of 127.0.0.1 is taken (another farm?): set FARM_PORT"
        exit 2
    fi
    python3 "$farmpy" serve "$nginx_dir" >/dev/null
    sql postgres "drop database if exists $db" >/dev/null
    sql postgres "create database $db" >/dev/null
    rm -rf "$work/data"
    app migrate >"$work/run$run-setup.log" 2>&1
    app users create --username bench --email bench@example.com --password 'refresh-bench-Passw0rd!' >>"$work/run$run-setup.log" 2>&1
    app opml import --user bench "$nginx_dir/feeds.opml" >>"$work/run$run-setup.log" 2>&1 \
        || { tail -20 "$work/run$run-setup.log" >&2; exit 1; }
    say "run $run: $(grep -E '^feeds=' "$work/run$run-setup.log" | tail -1)"
    check "feeds in the database" "$feeds" "$(sql "$db" 'select count(*) from feeds')"

    pass "$run" 1-new
    check "run $run pass 1 failed" 0 "$last_failed"
    check "run $run pass 1 new_entries" $((feeds * 20)) "$last_new"
    check "run $run entries in the database after pass 1" $((feeds * 20)) "$(sql "$db" 'select count(*) from links where feed_id is not null')"

    pass "$run" 2-304
    check "run $run pass 2 failed" 0 "$last_failed"
    check "run $run pass 2 new_entries" 0 "$last_new"

    python3 "$farmpy" touch "$nginx_dir" --fraction 0.1 --new 2 >/dev/null
    pass "$run" 3-touched
    check "run $run pass 3 failed" 0 "$last_failed"
    check "run $run pass 3 new_entries" $((feeds / 10 * 2)) "$last_new"
    check "run $run entries in the database after pass 3" $((feeds * 20 + feeds / 10 * 2)) "$(sql "$db" 'select count(*) from links where feed_id is not null')"

    if [ "${HOLD:-0}" = 1 ]; then
        # For profiling a pass by hand: everything stays up until the hold file is removed.
        : >"$work/hold"
        say "holding: farm and database up; remove $work/hold to go on. A pass by hand (every feed 304 again):"
        say "  env -i PATH=\$PATH HOME=\$HOME DATABASE_URL=postgres://postgres:bench@127.0.0.1:$pgport/$db DATA_PATH=$work/data FETCH_ALLOW_PRIVATE_NETWORKS=true dotnet $dll feeds refresh --all"
        while [ -f "$work/hold" ]; do sleep 1; done
    fi

    python3 "$farmpy" stop "$nginx_dir" >/dev/null
    nginx_dir=
    sql postgres "drop database $db" >/dev/null
done

python3 - "$results" "$fsync" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cols = ["wall s", "refresh s", "feeds", "fetched", "not_modified", "failed", "new_entries", "max RSS MB"]
def fmt(v):
    return f"{v:.1f}" if isinstance(v, float) and not v.is_integer() else f"{int(v)}"
def table(title, data):
    print(f"\n{title}")
    print("| run | pass | " + " | ".join(cols) + " | load (1/5/15 min) before |")
    print("|" + "---|" * (len(cols) + 3))
    for r in data:
        print("| " + " | ".join(r[:2] + [fmt(float(x)) for x in r[2:10]] + [r[10]]) + " |")
table("All runs", rows)
print(f"\nMedians over {len(set(r[0] for r in rows))} runs (fsync={sys.argv[2]})")
print("| pass | " + " | ".join(cols) + " |")
print("|" + "---|" * (len(cols) + 1))
for p in sorted(set(r[1] for r in rows)):
    sel = [r for r in rows if r[1] == p]
    print("| " + p + " | " + " | ".join(fmt(float(statistics.median(float(r[i]) for r in sel))) for i in range(2, 10)) + " |")
PY

if [ "$failures" -gt 0 ]; then
    say "$failures check(s) failed"
    exit 1
fi
say "all checks passed"
