#!/usr/bin/env bash
# Lock/unlock soak (the original test plan's "node lock/unlock soak"): the shipped home (runtime/target/mtce, run by
# its bin/mtce with the shipped JVM options), the embedded default's agent and client on loopback, in a network
# namespace of its own (bench/lib/container.sh; root). Its inventory holds controller-0 and N simulated hosts, which
# io.mtce.bench.AgentLoad keeps sending an mtcAlive a second each, one socket per host bound to the host's own
# address (so the agent's source allowlist stays on, as shipped); none of them ever mismatches. Meanwhile
# io.mtce.bench.SoakDriver locks and unlocks controller-0 once a second over the REST API, checks both node-locked
# files after every acknowledged change (present after lock, absent after unlock) and samples the JVM every
# --sample: RSS, heap after a full GC (jcmd), metaspace, fds, threads, files and bytes in data/, log bytes.
# Out: bench/results/soak-<stamp>.tsv (samples), soak-<stamp>.txt (summary: flat after warm-up or not, log bytes
# per cycle, the generator's drops), soak-<stamp>.png (plot; --no-plot skips it).
# Exit status 1 when a file check failed or a change was not acknowledged in 10 s; never for a figure.
# Needs bench/target/benchmarks.jar (mvn -B -q -o -f bench/pom.xml package), the JDK's jcmd and a built home.
set -euo pipefail

usage() {
    echo "usage: $0 [--duration 60m] [--sample 60s] [--hosts 3000] [--warmup 10m] [--heap 48m] [--no-plot]" \
        "[--out PREFIX (bench/results/soak-<stamp>)] [--home MTCE_HOME]   (durations: N, Ns, Nm or Nh)" >&2
    exit 2
}

seconds() { # 90 | 90s | 15m | 1h -> seconds
    case "$1" in
        *h) echo $((${1%h} * 3600)) ;;
        *m) echo $((${1%m} * 60)) ;;
        *s) echo $((${1%s})) ;;
        *[!0-9]* | "") echo "not a duration: $1" >&2; usage ;;
        *) echo "$1" ;;
    esac
}

HERE=$(cd "$(dirname "$0")" && pwd)
ARGS=("$@")
DURATION=3600
SAMPLE=60
HOSTS=3000
WARMUP=""
HEAP=""
PLOT=1
STAMP=$(date +%Y%m%dT%H%M%S)
OUT="$HERE/results/soak-$STAMP"
SRC_HOME="$HERE/../runtime/target/mtce"
while (($#)); do
    case "$1" in
        --duration) DURATION=$(seconds "${2:?}"); shift 2 ;;
        --sample) SAMPLE=$(seconds "${2:?}"); shift 2 ;;
        --hosts) HOSTS=${2:?}; shift 2 ;;
        --warmup) WARMUP=$(seconds "${2:?}"); shift 2 ;;
        --heap) HEAP=${2:?}; shift 2 ;;
        --no-plot) PLOT=0; shift ;;
        --out) OUT=${2:?}; shift 2 ;;
        --home) SRC_HOME=${2:?}; shift 2 ;;
        *) usage ;;
    esac
done
((DURATION > 0 && SAMPLE > 0 && HOSTS > 0)) || usage
# Judged after a sixth of the run by default (10 minutes of an hour): start-up, JIT and the first full GCs.
WARMUP=${WARMUP:-$((DURATION / 6))}
JAR="$HERE/target/benchmarks.jar"
[[ -f "$SRC_HOME/bin/mtce" ]] || { echo "no $SRC_HOME/bin/mtce: build the runtime first" >&2; exit 1; }
[[ -f "$JAR" ]] || { echo "no $JAR: mvn -B -q -o -f bench/pom.xml package" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "needs jcmd (the JDK's) for the heap after GC" >&2; exit 1; }
SRC_HOME=$(cd "$SRC_HOME" && pwd)
mkdir -p "$(dirname "$OUT")"
OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
ulimit -n "$(ulimit -Hn)" # the generator: one socket per simulated host
(($(ulimit -n) >= HOSTS + 200)) || { echo "open-files limit $(ulimit -n) < $HOSTS sockets + 200" >&2; exit 1; }

# shellcheck source=bench/lib/container.sh
. "$HERE/lib/container.sh"
private_netns "$0" "${ARGS[@]}"
WORK=$(mktemp -d /tmp/mtce-soak.XXXXXX)
GEN_PID=""
trap '[[ -z "$GEN_PID" ]] || kill "$GEN_PID" 2>/dev/null || true; mtce_stop; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
snapshot_home
fresh_home
cp "$JAR" "$WORK/benchmarks.jar" # a rebuild of bench/target during a long run cannot pull the jar from under it
JAR="$WORK/benchmarks.jar"

# The inventory seed: the embedded default's controller-0, then the simulated hosts (one host a line in both).
java -cp "$JAR" io.mtce.bench.AgentLoad --hosts "$HOSTS" --write-seed "$WORK/load-hosts.json" >/dev/null
SEED="$WORK/home/etc/mtce-hosts.json"
grep -q '"name":"controller-0"' "$SEED" || { echo "$SEED has no controller-0" >&2; exit 1; }
{
    sed '$d' "$SEED" | sed '$s/$/,/' # without the closing "]}", a comma after the last host
    sed '1d' "$WORK/load-hosts.json"
} >"$WORK/seed.json"
mv "$WORK/seed.json" "$SEED"

{
    echo "# $(date -Iseconds) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); bin/mtce" \
        "(MTCE_HEAP=${HEAP:-default}); controller-0 + $HOSTS simulated hosts at 1 mtcAlive/s each (per-host sockets);" \
        "lock+unlock of controller-0 every second for ${DURATION} s, a sample every ${SAMPLE} s, judged after ${WARMUP} s"
} | tee "$OUT.txt"
wait_ports_free
MTCE_VIA_BIN=1 MTCE_HEAP=$HEAP mtce_start
[[ -n "$HEAP" ]] || unset MTCE_HEAP
for ((i = 0; i < 600; i++)); do
    kill -0 "$MTCE_PID" 2>/dev/null || { echo "JVM exited; log:" >&2; tail -50 "$WORK/out.log" >&2; exit 1; }
    [[ -d "$WORK/home/data/var/run" && -d "$WORK/home/data/var/persist/mtc" ]] \
        && api_curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/hosts/controller-0 && break
    sleep 0.1
done
api_curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/hosts/controller-0 \
    || { echo "REST API not up after 60 s; log:" >&2; tail -50 "$WORK/out.log" >&2; exit 1; }
export MTCE_WEB_TOKEN="$(web_token)" # the drivers' REST calls authenticate with it
grep -q "agent role started with $((HOSTS + 1)) host(s)" "$WORK/out.log" \
    || { echo "the agent did not load $((HOSTS + 1)) hosts; log:" >&2; grep "agent role" "$WORK/out.log" >&2; exit 1; }

# The generator runs a little longer than the driver, so that the hosts keep talking until the last sample. Its
# command socket is not the client's port (the real client has 127.0.0.1:2118); what the agent sends to a simulated
# host goes to that host's own address, where nobody listens.
java -cp "$JAR" io.mtce.bench.AgentLoad --hosts "$HOSTS" --per-host-sockets --mismatch-rate 0 --listen-port 2200 \
    --seconds "$((DURATION + 5))" --warmup 0 --agent-pid "$MTCE_PID" >"$WORK/load.txt" 2>&1 &
GEN_PID=$!
sleep 2
rc=0
java -cp "$JAR" io.mtce.bench.SoakDriver "$WORK/home" "$MTCE_PID" "$WORK/out.log" "$DURATION" "$SAMPLE" "$OUT.tsv" \
    || rc=$?
gen_rc=0
wait "$GEN_PID" || gen_rc=$?
GEN_PID=""
tail -1 "$OUT.tsv" >/dev/null

{
    java -cp "$JAR" io.mtce.bench.SoakSummary "$OUT.tsv" "$WARMUP"
    # The agent also counts controller-0's own mtcAlives, so "sent - received" cannot show a loss here; the kernel's
    # receive-buffer errors (this namespace: the agent's sockets and the client's) can.
    echo "simulated hosts (AgentLoad, exit $gen_rc): $(grep -E '^(sent|send_errors|agent_rejected|kernel_rcvbuf_errors|kernel_in_errors|send_lag_max_us) ' "$WORK/load.txt" | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')"
    cycles=$(tail -1 "$OUT.tsv" | cut -f2)
    echo "container log: $(wc -l <"$WORK/out.log") lines, $(grep -c '\[WARN\]' "$WORK/out.log" || true) WARN," \
        "$(grep -c '\[ERROR\]' "$WORK/out.log" || true) ERROR; per cycle $(awk -v c="$cycles" 'END { printf "%.1f", c ? NR / c : 0 }' "$WORK/out.log") lines; the commonest:"
    # sed -n, not head: under pipefail a head that stops reading fails the pipeline (SIGPIPE) and so the script.
    sed -E 's/^[0-9-]+ [0-9:.]+ //; s/load-[0-9]+/load-N/g; s/[0-9]+/N/g' "$WORK/out.log" | sort | uniq -c | sort -rn \
        | sed -n 1,12p | sed 's/^/  /'
    # The agent corrects a host whose mtcAlive contradicts its admin state: for controller-0 that means its files
    # changed after an acknowledged change (e.g. a late copy of an earlier command), whether the check saw it or not.
    echo "controller-0 contradicting its admin state, corrected by the agent:" \
        "$(grep -c 'controller-0 mtcAlive reporting locked while unlocked' "$WORK/out.log" || true) times locked while" \
        "unlocked, $(grep -c 'controller-0 mtcAlive reporting unlocked while locked' "$WORK/out.log" || true) times" \
        "unlocked while locked"
    echo "after the run: load $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$OUT.txt"
[[ -z "${KEEP_LOG:-}" ]] || cp "$WORK/out.log" "$KEEP_LOG" # KEEP_LOG=FILE: the container log, kept
((gen_rc == 0)) || { echo "the load generator failed:" >&2; tail -20 "$WORK/load.txt" >&2; rc=1; }
if ((PLOT)); then
    java -cp "$JAR" io.mtce.bench.SoakPlot "$OUT.tsv" "$WARMUP" "$OUT.png" \
        "mtce lock/unlock soak: $((DURATION / 60)) min, controller-0 + $HOSTS hosts ($(nproc) cores)" \
        && echo "# plot: $OUT.png"
fi
exit "$rc"
