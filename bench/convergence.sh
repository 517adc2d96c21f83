#!/usr/bin/env bash
# Lock convergence and tamper correction of the embedded-default container (runtime/target/mtce), whole system:
# REST API -> agent (durable inventory) -> LOCKED/UNLOCKED over loopback UDP -> client -> flags bundle (journal,
# temp write + fsync + rename + directory fsync per file) -> both node-locked files right and the journal gone.
# A fresh copy of the home (no data/) runs `java -jar lib/mtce.jar` inside a private network namespace (ip netns),
# and io.mtce.bench.ConvergenceBench (benchmarks.jar) drives it from inside the same namespace:
#   lock/unlock  N iterations each: POST /mtce/api/hosts/controller-0/lock|unlock to both files present|absent
#                (the wait for pending=none before the next POST is not counted);
#   tamper       M iterations of each of: delete volatile / delete backup while locked, create volatile / create
#                backup while unlocked, to both files right again (the flags bundle's inotify watch corrects).
# Raw per-iteration numbers go to bench/results/convergence-raw-<stamp>.txt, the summary to stdout.
# Needs root (ip netns) and bench/target/benchmarks.jar (mvn -B -q -o -f bench/pom.xml package).
set -euo pipefail

usage() {
    echo "usage: $0 [-n LOCK_ITERATIONS (1000)] [-t TAMPER_ITERATIONS (100)] [-w WARMUP (20)] [--home MTCE_HOME] [-- JVM_FLAGS...]" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd)
N=1000
T=100
W=20
SRC_HOME="$HERE/../runtime/target/mtce"
while (($#)); do
    case "$1" in
        -n) N=${2:?}; shift 2 ;;
        -t) T=${2:?}; shift 2 ;;
        -w) W=${2:?}; shift 2 ;;
        --home) SRC_HOME=${2:?}; shift 2 ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
FLAGS=("$@")
JAR="$HERE/target/benchmarks.jar"
[[ -f "$SRC_HOME/lib/mtce.jar" ]] || { echo "no $SRC_HOME/lib/mtce.jar: build the runtime first" >&2; exit 1; }
[[ -f "$JAR" ]] || { echo "no $JAR: mvn -B -q -o -f bench/pom.xml package" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "needs root for ip netns" >&2; exit 1; }

NS="mtce-conv-$$"
WORK=$(mktemp -d /tmp/mtce-conv.XXXXXX)
MTCE_PID=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [[ -n "$MTCE_PID" ]]; then
        kill "$MTCE_PID" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do kill -0 "$MTCE_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$MTCE_PID" 2>/dev/null || true
        wait "$MTCE_PID" 2>/dev/null || true
    fi
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS"
ip -n "$NS" link set lo up
cp -a "$SRC_HOME" "$WORK/home"
rm -rf "$WORK/home/data"
mkdir -p "$HERE/results"
STAMP=$(date +%Y%m%dT%H%M%S)
RAW="$HERE/results/convergence-raw-$STAMP.txt"

echo "# $(date -Iseconds) $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg); lib/mtce.jar of $(date -r "$SRC_HOME/lib/mtce.jar" -Iseconds); java ${FLAGS[*]} -jar lib/mtce.jar"
echo "# lock/unlock iterations $N (after $W warm-up pairs), tamper iterations $T per case; raw: ${RAW#"$HERE/"}"
mkfifo "$WORK/in"
exec 3<>"$WORK/in" # Gogo reads the FIFO; held open so it never sees EOF until cleanup
(cd "$WORK/home" && exec ip netns exec "$NS" java "${FLAGS[@]}" -jar lib/mtce.jar <"$WORK/in" >"$WORK/out.log" 2>&1 3>&-) &
MTCE_PID=$!

# Up when the REST API answers for controller-0 and both flag directories exist (at most 60 s).
for ((i = 0; i < 600; i++)); do
    kill -0 "$MTCE_PID" 2>/dev/null || { echo "JVM exited; log:" >&2; cat "$WORK/out.log" >&2; exit 1; }
    if [[ -d "$WORK/home/data/var/run" && -d "$WORK/home/data/var/persist/mtc" ]] \
        && ip netns exec "$NS" curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/hosts/controller-0; then
        break
    fi
    sleep 0.1
done
ip netns exec "$NS" curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/hosts/controller-0 \
    || { echo "REST API not up after 60 s; log:" >&2; tail -50 "$WORK/out.log" >&2; exit 1; }
sleep 2 # let the start-up settle (first mtcAlive, audit)

ip netns exec "$NS" java ${DRIVER_OPTS:-} -cp "$JAR" io.mtce.bench.ConvergenceBench "$WORK/home" "$N" "$T" "$W" "$RAW"
echo "# load after $(cut -d' ' -f1-3 /proc/loadavg); container log: $(grep -c ' WARN ' "$WORK/out.log" || true) WARN, $(grep -c ' ERROR ' "$WORK/out.log" || true) ERROR lines"
[[ -z "${KEEP_LOG:-}" ]] || cp "$WORK/out.log" "$KEEP_LOG"
