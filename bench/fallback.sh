#!/usr/bin/env bash
# Pxeboot fallback: on the network-namespace bed (itests, io.mtce.itests.bed), one agent host and one client host,
# each running the real container (runtime/target/mtce, copied) in its own namespace on management, cluster-host and
# pxeboot. io.mtce.itests.bench.PxebootFallbackBench times, N times each and interleaved:
#   fallback  the client's management and cluster-host links down: mtce:lock to both node-locked files present on
#             the client (the LOCKED can only get through on pxeboot, with the agent's retries);
#   control   all links up: the same lock.
# T0 is just before mtce:lock is written to the agent's Gogo shell; the end is seen by a WatchService (inotify) on the
# client's two flag directories. The unlock that restores each iteration is not timed. The agent's own time to the
# ack (from its log) is reported beside it.
# Runs through Maven (profile bench of itests, offline; the bundles must be installed in ~/.m2 and the runtime built).
# Raw per-iteration numbers: bench/results/fallback-raw-<stamp>.txt; summary: stdout and bench/results/fallback-<stamp>.txt.
set -euo pipefail

usage() {
    echo "usage: $0 [-n ITERATIONS (50)] [-w WARMUP_ITERATIONS (5)]" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
N=50
W=5
while (($#)); do
    case "$1" in
        -n) N=${2:?}; shift 2 ;;
        -w) W=${2:?}; shift 2 ;;
        *) usage ;;
    esac
done
[[ "$N" =~ ^[1-9][0-9]*$ && "$W" =~ ^[0-9]+$ ]] || usage

[[ $(id -u) == 0 ]] || { echo "needs root for ip netns: sudo $0 $*" >&2; exit 1; }
command -v ip >/dev/null || { echo "no ip (iproute2): apt-get install iproute2" >&2; exit 1; }
PROBE="mtcefb-probe-$$"
ip netns add "$PROBE" 2>/dev/null && ip netns del "$PROBE" \
    || { echo "ip netns is not usable here (cannot add a namespace)" >&2; exit 1; }
[[ -f "$ROOT/runtime/target/mtce/lib/mtce.jar" ]] \
    || { echo "no runtime/target/mtce/lib/mtce.jar: mvn -B -ntp -DskipTests install" >&2; exit 1; }

mkdir -p "$HERE/results"
STAMP=$(date +%Y%m%dT%H%M%S)
RAW="$HERE/results/fallback-raw-$STAMP.txt"
SUMMARY="$HERE/results/fallback-$STAMP.txt"
LOG=$(mktemp /tmp/mtce-fallback-mvn.XXXXXX)
trap 'rm -f "$LOG"' EXIT

START="# bench/fallback.sh -n $N -w $W at $(date -Iseconds): nproc $(nproc), load at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$START (running, about 1 s per iteration)" >&2
if ! (cd "$ROOT" && mvn -B -ntp -o -pl itests -Pbench verify -Dbench.iterations="$N" -Dbench.warmup="$W" \
    -Dbench.raw="$RAW" -Dbench.summary="$SUMMARY") >"$LOG" 2>&1; then
    echo "the benchmark failed; Maven's output:" >&2
    tail -60 "$LOG" >&2
    OUT="$ROOT/itests/target/failsafe-reports/io.mtce.itests.bench.PxebootFallbackBench-output.txt"
    [[ -f "$OUT" ]] && { echo "--- $OUT (end)" >&2; tail -30 "$OUT" >&2; }
    exit 1
fi
[[ -s "$SUMMARY" ]] || { echo "no summary written ($SUMMARY); Maven's output:" >&2; tail -60 "$LOG" >&2; exit 1; }
# The script's own view (the builds and JVM starts included) around the benchmark's summary.
{ echo "$START"; cat "$SUMMARY"; echo "# load at end $(cut -d' ' -f1-3 /proc/loadavg), $(date -Iseconds)"; } >"$LOG"
cp "$LOG" "$SUMMARY"
cat "$SUMMARY"
