#!/usr/bin/env bash
# Lock convergence and tamper correction of the embedded-default container (runtime/target/mtce), whole system:
# REST API -> agent (durable inventory) -> LOCKED/UNLOCKED over loopback UDP -> client -> flags bundle (journal, then
# both files in one batch: temp writes and fsyncs, renames, one fsync per directory) -> both files right, journal gone.
# A fresh copy of the home (no data/) runs `java -jar lib/mtce.jar`, and io.mtce.bench.ConvergenceBench
# (benchmarks.jar) drives it, both in a network namespace of their own (bench/lib/container.sh; root):
#   lock/unlock  N iterations each: POST /mtce/api/hosts/controller-0/lock|unlock to both files present|absent
#                (the wait for pending=none before the next POST is not counted);
#   tamper       M iterations of each of: delete volatile / delete backup while locked, create volatile / create
#                backup while unlocked, to both files right again (the flags bundle's inotify watch corrects).
#   floor        after each lock and unlock, the same file-system work alone (io.mtce.bench.DurableFloor: the
#                agent's inventory write, the journal, both files, the directory fsyncs) on the same file system;
#                the summary gives lock (unlock) p50 / floor p50.
#   agent knows  after each change, the time from both files durable to the agent reporting the host's state as
#                commanded (GET of the host, every 0.2 ms).
#   C peer       unless --no-cpeer (or no gcc): itests' C reference peer (itests/src/test/c/mtcpeer.c) runs as a
#                second client, host worker-1 on 127.0.1.1-3, with the same durable recipe (--journal) and the
#                extra mtcAlive after a change; its lock and unlock are timed right after ours, against the same
#                agent, and the summary gives our p50 / its p50.
#   --etcd       the agent keeps its inventory in etcd (inventory=etcd, as one of a controller pair does): a
#                single-member etcd on 127.0.0.1:23790 in the same namespace, its data in the work directory (on
#                TMPDIR, so fsynced only if TMPDIR is a disk); every admin change is an etcd write before the API answers.
# Raw per-iteration numbers go to bench/results/convergence-raw-<stamp>.txt, the summary to stdout.
# Needs bench/target/benchmarks.jar (mvn -B -q -o -f bench/pom.xml package).
set -euo pipefail

usage() {
    echo "usage: $0 [-n LOCK_ITERATIONS (1000)] [-t TAMPER_ITERATIONS (100)] [-w WARMUP (20)] [--home MTCE_HOME] [--no-cpeer] [--etcd] [-- JVM_FLAGS...]" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd)
ARGS=("$@")
N=1000
T=100
W=20
SRC_HOME="$HERE/../runtime/target/mtce"
CPEER=1
ETCD=0
while (($#)); do
    case "$1" in
        -n) N=${2:?}; shift 2 ;;
        -t) T=${2:?}; shift 2 ;;
        -w) W=${2:?}; shift 2 ;;
        --home) SRC_HOME=${2:?}; shift 2 ;;
        --no-cpeer) CPEER=0; shift ;;
        --etcd) ETCD=1; shift ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
FLAGS=("$@")
JAR="$HERE/target/benchmarks.jar"
[[ -f "$SRC_HOME/lib/mtce.jar" ]] || { echo "no $SRC_HOME/lib/mtce.jar: build the runtime first" >&2; exit 1; }
[[ -f "$JAR" ]] || { echo "no $JAR: mvn -B -q -o -f bench/pom.xml package" >&2; exit 1; }
SRC_HOME=$(cd "$SRC_HOME" && pwd)

# shellcheck source=bench/lib/container.sh
. "$HERE/lib/container.sh"
private_netns "$0" "${ARGS[@]}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mtce-conv.XXXXXX") # TMPDIR=/dev/shm: no disk, so what is not fsync
CPEER_PID=""
cpeer_stop() {
    [[ -n "$CPEER_PID" ]] || return 0
    exec 6>&- 2>/dev/null || true # EOF on its stdin stops the peer
    for ((i = 0; i < 100; i++)); do kill -0 "$CPEER_PID" 2>/dev/null || break; sleep 0.05; done
    kill "$CPEER_PID" 2>/dev/null || true
    wait "$CPEER_PID" 2>/dev/null || true
    CPEER_PID=""
}
ETCD_PID=""
etcd_stop() {
    [[ -n "$ETCD_PID" ]] || return 0
    kill "$ETCD_PID" 2>/dev/null || true
    wait "$ETCD_PID" 2>/dev/null || true
    ETCD_PID=""
}
trap 'cpeer_stop; mtce_stop; etcd_stop; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
snapshot_home
fresh_home
mkdir -p "$HERE/results"
STAMP=$(date +%Y%m%dT%H%M%S)
RAW="$HERE/results/convergence-raw-$STAMP.txt"

echo "# $(date -Iseconds) $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg); java ${FLAGS[*]} -jar lib/mtce.jar"
echo "# lock/unlock iterations $N (after $W warm-up pairs), tamper iterations $T per case; raw: ${RAW#"$HERE/"}"
wait_ports_free
if ((ETCD)); then
    command -v etcd >/dev/null || { echo "--etcd: no etcd binary (apt-get install etcd-server)" >&2; exit 1; }
    etcd --name bench --data-dir "$WORK/etcd" --listen-client-urls http://127.0.0.1:23790 \
        --advertise-client-urls http://127.0.0.1:23790 --listen-peer-urls http://127.0.0.1:23800 \
        --initial-advertise-peer-urls http://127.0.0.1:23800 --initial-cluster bench=http://127.0.0.1:23800 \
        >"$WORK/etcd.log" 2>&1 &
    ETCD_PID=$!
    for ((i = 0; i < 200; i++)); do
        curl -sf http://127.0.0.1:23790/health | grep -q '"true"' && break
        sleep 0.1
    done
    # ConvergenceBench's floor writes a copy of the inventory file: the agent's (unused) file is the seed.
    mkdir -p "$WORK/home/data/agent" && cp "$WORK/home/etc/mtce-hosts.json" "$WORK/home/data/agent/inventory.json"
    printf '%s\n' "inventory = etcd" "etcd.endpoints = http://127.0.0.1:23790" "controller.name = controller-0" \
        >>"$WORK/home/etc/io.mtce.agent.cfg"
    echo "# inventory in etcd $(etcd --version | sed -n 1p | cut -d' ' -f3) (single member, data in $WORK), TMPDIR ${TMPDIR:-/tmp}"
fi
mtce_start "${FLAGS[@]}"

# Up when the REST API answers for controller-0 and both flag directories exist (at most 60 s).
for ((i = 0; i < 600; i++)); do
    kill -0 "$MTCE_PID" 2>/dev/null || { echo "JVM exited; log:" >&2; cat "$WORK/out.log" >&2; exit 1; }
    if [[ -d "$WORK/home/data/var/run" && -d "$WORK/home/data/var/persist/mtc" ]] \
        && api_curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/hosts/controller-0; then
        break
    fi
    sleep 0.1
done
api_curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/hosts/controller-0 \
    || { echo "REST API not up after 60 s; log:" >&2; tail -50 "$WORK/out.log" >&2; exit 1; }
export MTCE_WEB_TOKEN="$(web_token)" # the drivers' REST calls authenticate with it
CPEER_ARGS=()
if ((CPEER)) && ! command -v gcc >/dev/null; then
    echo "# no gcc: no C peer" >&2
    CPEER=0
fi
if ((CPEER)); then
    # worker-1 on 127.0.1.1 (mgmt), .2 (cluster-host), .3 (pxeboot); the agent is at 127.0.0.1-3 (embedded default).
    gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$WORK/mtcpeer" "$HERE/../itests/src/test/c/mtcpeer.c"
    mkdir -p "$WORK/cpeer/var/run" "$WORK/cpeer/var/persist/mtc"
    mkfifo "$WORK/cpeer.in"
    exec 6<>"$WORK/cpeer.in"
    "$WORK/mtcpeer" client --hostname worker-1 --mac 02:00:00:00:01:01 --mgmt-ip 127.0.1.1 --cluster-ip 127.0.1.2 \
        --pxeboot-ip 127.0.1.3 --controller-floating 127.0.0.1 --controller0-cluster 127.0.0.2 \
        --controller1-cluster 127.0.0.2 --period-ms 5000 --volatile "$WORK/cpeer/var/run/.node_locked" \
        --backup "$WORK/cpeer/var/persist/mtc/.node_locked" --journal "$WORK/cpeer/var/persist/mtc/.node_locked.intent" \
        --alive-on-change <"$WORK/cpeer.in" >"$WORK/cpeer.log" 2>&1 &
    CPEER_PID=$!
    CPEER_ARGS=("$WORK/cpeer")
    echo "# C peer: itests/src/test/c/mtcpeer.c (gcc -O2) as client worker-1, --journal --alive-on-change"
fi
sleep 2 # let the start-up settle (first mtcAlive, audit)

java ${DRIVER_OPTS:-} -cp "$JAR" io.mtce.bench.ConvergenceBench "$WORK/home" "$N" "$T" "$W" "$RAW" "${CPEER_ARGS[@]}"
if ((CPEER)); then
    kill -0 "$CPEER_PID" 2>/dev/null || { echo "C peer exited; log:" >&2; tail -20 "$WORK/cpeer.log" >&2; exit 1; }
fi
echo "# load after $(cut -d' ' -f1-3 /proc/loadavg); container log: $(grep -c '\[WARN\]' "$WORK/out.log" || true) WARN, $(grep -c '\[ERROR\]' "$WORK/out.log" || true) ERROR lines"
[[ -z "${KEEP_LOG:-}" ]] || cp "$WORK/out.log" "$KEEP_LOG"
[[ -z "${KEEP_LOG:-}" || $CPEER == 0 ]] || cp "$WORK/cpeer.log" "$KEEP_LOG.cpeer"
