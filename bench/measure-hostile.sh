#!/bin/sh
# Measures `feeds parse` on the hostile inputs: peak memory (max RSS) and wall time of the
# whole process, one input per run, with /usr/bin/time -v.
#
#   bench/measure-hostile.sh [DLL] [FOLDER] [PATTERN]
#
# DLL defaults to the Release build of this worktree's web project; FOLDER (default
# /tmp/hostile) receives the generated inputs the first time. Build first:
#   dotnet build -c Release src/Flusio.Web
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dll=${1:-$here/src/Flusio.Web/bin/Release/net10.0/Flusio.Web.dll}
folder=${2:-/tmp/hostile}
pattern=${3:-*.xml}
if [ ! -f "$folder/nesting-unclosed-198mb.xml" ]; then
    dotnet run -c Release --project "$here/bench/Flusio.Bench" -- hostile "$folder"
fi
printf '| %-40s | %12s | %12s | %8s | %s\n' input size "max RSS" time result
for file in "$folder"/$pattern; do
    log=$(mktemp)
    out=$(mktemp)
    # DOTNET_GCHeapHardLimit (hex bytes), when set by the caller, keeps a runaway baseline from
    # taking the machine's memory: it then ends with an out-of-memory error instead.
    /usr/bin/time -v dotnet "$dll" feeds parse "$file" >"$out" 2>"$log" || true
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$log")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    # The output must be one complete JSON line: a feed (its format) or an error.
    result=$(python3 -c '
import json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
try:
    line = json.loads(lines[0])
    print(("error: " + line["error"]) if "error" in line else "parsed (%s, %d entries)" % (line["format"], len(line["entries"])))
except Exception:
    print("no complete JSON line (%d bytes written)" % len(lines[0]))
' "$out")
    crash=$(grep -m1 -oE '(Unhandled exception\. )?[A-Za-z.]*(Exception|terminated by signal [0-9]+)' "$log" || true)
    [ -z "$crash" ] || result="$result; $crash"
    size=$(stat -c %s "$file" | awk '{printf "%.1f MB", $1/1000000}')
    printf '| %-40s | %12s | %12s | %8s | %s\n' "$(basename "$file")" "$size" "$rss" "$wall" "$result"
    rm -f "$log" "$out"
done
