#!/usr/bin/env bash
# Agent scale: the real container running the agent role alone (no client), in a private network namespace, fed by
# io.mtce.bench.AgentLoad (benchmarks.jar), a separate JVM simulating N hosts that each send an mtcAlive every second
# on loopback, half of them locked, a few mismatching (reporting the opposite lock state) every second. Per run, one
# CSV row: the agent's CPU (% of one core), heap (jstat; live_mb: after a full GC, jcmd), RSS, its handling latency
# p50/p99/p99.9/max (from its own histogram, GET /mtce/api/stats), drops (sent - received by the agent, and the kernel's UDP RcvbufErrors), and the
# mismatch-to-correction round trip seen by the generator. Then a PNG plot of all rows (io.mtce.bench.ScalePlot)
# and the cost per 1,000 hosts (CPU, live heap) per mode.
#
# Modes: shared  = hosts multiplexed on 4 sockets from 127.0.0.1; the agent's source allowlist is OFF, because it
#                  accepts a host's mtcAlive only from that host's inventory address;
#        perhost = one socket per host, bound to the host's own address (127.16.x.y): allowlist ON, as shipped;
#                  skipped when the open-files hard limit is under hosts + 200 and cannot be raised (no
#                  CAP_SYS_RESOURCE).
# --pin: the agent JVM on the last CPU and the generator on CPU 0 (taskset), so that the agent's hand-overs from its
#        receive thread to its event loop never wake another, idle CPU (slow in a VM: an inter-processor interrupt).
# Runs in a network namespace of its own (bench/lib/container.sh; root), so the embedded default's fixed ports and
# the simulated hosts' 127.16.x.y addresses are private to it. Needs bench/target/benchmarks.jar
# (mvn -B -q -o -f bench/pom.xml package), the JDK's jstat and a built home.
set -euo pipefail

usage() {
    echo "usage: $0 [-H \"1000 5000 10000 25000\"] [-d SECONDS (60)] [-w WARMUP_S (15)] [-r REPEATS (1)]" \
        "[-m \"shared perhost\"] [--pin] [--csv FILE] [--home MTCE_HOME] [-- AGENT_JVM_FLAGS...]" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd)
ARGS=("$@")
HOSTS="1000 5000 10000 25000"
D=60
W=15
R=1
MODES="shared perhost"
PIN=0
SRC_HOME="$HERE/../runtime/target/mtce"
STAMP=$(date +%Y%m%dT%H%M%S)
CSV="$HERE/results/agent-scale-$STAMP.csv"
while (($#)); do
    case "$1" in
        -H) HOSTS=${2:?}; shift 2 ;;
        -d) D=${2:?}; shift 2 ;;
        -w) W=${2:?}; shift 2 ;;
        -r) R=${2:?}; shift 2 ;;
        -m) MODES=${2:?}; shift 2 ;;
        --pin) PIN=1; shift ;;
        --csv) CSV=${2:?}; shift 2 ;;
        --home) SRC_HOME=${2:?}; shift 2 ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
FLAGS=("$@")
JAR="$HERE/target/benchmarks.jar"
[[ -f "$SRC_HOME/lib/mtce.jar" ]] || { echo "no $SRC_HOME/lib/mtce.jar: build the runtime first" >&2; exit 1; }
[[ -f "$JAR" ]] || { echo "no $JAR: mvn -B -q -o -f bench/pom.xml package" >&2; exit 1; }
command -v jstat >/dev/null || { echo "needs jstat (the JDK's) for the agent's heap" >&2; exit 1; }
SRC_HOME=$(cd "$SRC_HOME" && pwd)
mkdir -p "$(dirname "$CSV")"
CSV="$(cd "$(dirname "$CSV")" && pwd)/$(basename "$CSV")"
# per-host mode: one socket per simulated host; root may raise the hard limit too (up to fs.nr_open)
MAX_HOSTS=$(tr ' ' '\n' <<<"$HOSTS" | sort -n | tail -1)
if (($(ulimit -Hn) < MAX_HOSTS + 1024)); then
    ulimit -Hn $((MAX_HOSTS + 1024)) 2>/dev/null || true
fi
ulimit -n "$(ulimit -Hn)"
GEN_CPU=() TAG=()
if ((PIN)); then
    (($(nproc) >= 2)) || { echo "--pin needs 2 CPUs or more" >&2; exit 1; }
    command -v taskset >/dev/null || { echo "--pin needs taskset (util-linux)" >&2; exit 1; }
    MTCE_PREFIX=(taskset -c "$(($(nproc) - 1))") GEN_CPU=(taskset -c 0) TAG=(--tag pinned)
fi

# shellcheck source=bench/lib/container.sh
. "$HERE/lib/container.sh"
private_netns "$0" "${ARGS[@]}"
WORK=$(mktemp -d /tmp/mtce-scale.XXXXXX)
trap 'mtce_stop; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
snapshot_home
echo "# $(date -Iseconds) $(nproc) cores$( ((PIN)) && echo ", agent pinned to CPU $(($(nproc) - 1)), generator to CPU 0");" \
    "agent JVM: java ${FLAGS[*]} -jar lib/mtce.jar; ${D} s measured after ${W} s warm-up; csv: $CSV"

# one_run MODE HOSTS: a fresh agent-only home, seeded with HOSTS simulated hosts, and one generator run against it.
one_run() {
    local mode=$1 n=$2
    local allowlist=true gen_mode=(--sockets 4)
    if [[ $mode == shared ]]; then
        allowlist=false
    elif (($(ulimit -n) < n + 200)); then
        echo "## perhost, $n hosts: skipped, open-files limit $(ulimit -n) < $n sockets + 200" >&2
        return 0
    else
        gen_mode=(--per-host-sockets)
    fi
    fresh_home
    # The agent alone: the generator takes the client's port (2118) to receive the agent's commands.
    rm -f "$WORK/home/etc/io.mtce.client.cfg" "$WORK/home/etc/io.mtce.flags.cfg" "$WORK/home/etc/"*-client.cfg
    java -cp "$JAR" io.mtce.bench.AgentLoad --hosts "$n" --write-seed "$WORK/home/etc/mtce-hosts.json" >/dev/null
    echo "source.allowlist = $allowlist" >>"$WORK/home/etc/io.mtce.agent.cfg"

    wait_ports_free
    mtce_start "${FLAGS[@]}"
    local i
    for ((i = 0; i < 600; i++)); do
        kill -0 "$MTCE_PID" 2>/dev/null || { echo "JVM exited; log:" >&2; tail -50 "$WORK/out.log" >&2; exit 1; }
        api_curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/stats && break
        sleep 0.1
    done
    api_curl -sf -o /dev/null http://127.0.0.1:8089/mtce/api/stats \
        || { echo "agent not up after 60 s; log:" >&2; tail -50 "$WORK/out.log" >&2; exit 1; }
    export MTCE_WEB_TOKEN="$(web_token)" # AgentLoad reads GET /mtce/api/stats with it
    grep -q "agent role started with $n host(s)" "$WORK/out.log" \
        || { echo "the agent did not load $n hosts; log:" >&2; grep "agent role" "$WORK/out.log" >&2; exit 1; }

    echo "## $mode, $n hosts (load $(cut -d' ' -f1-3 /proc/loadavg))"
    if ! "${GEN_CPU[@]}" java ${GEN_OPTS:-} -cp "$JAR" io.mtce.bench.AgentLoad --hosts "$n" "${gen_mode[@]}" \
        --seconds "$D" --warmup "$W" --agent-pid "$MTCE_PID" --csv "$CSV" "${TAG[@]}" 2>&1 | sed 's/^/   /'; then
        echo "the load generator failed ($mode, $n hosts); container log: $WORK/out.log" >&2
        tail -20 "$WORK/out.log" >&2
        exit 1
    fi
    echo "   container log: $(grep -c '\[WARN\]' "$WORK/out.log" || true) WARN, $(grep -c '\[ERROR\]' "$WORK/out.log" \
        || true) ERROR, $(wc -l <"$WORK/out.log") lines in all"
    grep -E '\[(WARN|ERROR)\]' "$WORK/out.log" | sed -E 's/load-[0-9]+/load-N/g; s/^[^ ]+ [^ ]+ //' | sort | uniq -c \
        | sort -rn | head -5 | sed 's/^/     /' || true
    mtce_stop
}

for ((rep = 1; rep <= R; rep++)); do
    for mode in $MODES; do
        for n in $HOSTS; do
            one_run "$mode" "$n"
        done
    done
done

[[ -s "$CSV" ]] || { echo "no run made a row in $CSV" >&2; exit 1; }
# The cost per 1,000 hosts, per mode: least-squares slopes of CPU and live heap (after a full GC) against hosts.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { m = $c["mode"]; x = $c["hosts"] / 1000; n[m]++; sx[m] += x; sxx[m] += x * x
      sc[m] += $c["cpu_pct"]; sxc[m] += x * $c["cpu_pct"]
      if ("live_mb" in c) { sl[m] += $c["live_mb"]; sxl[m] += x * $c["live_mb"] } }
    END { for (m in n) { d = n[m] * sxx[m] - sx[m] * sx[m]; if (d <= 0) continue
        heap = "live_mb" in c ? sprintf("%.2f MB", (n[m] * sxl[m] - sx[m] * sl[m]) / d) : "(no live_mb column)"
        printf "# %s: per 1,000 hosts %.2f %% of a core, %s of live heap (%d runs)\n", m,
            (n[m] * sxc[m] - sx[m] * sc[m]) / d, heap, n[m] } }' "$CSV"
PNG="${CSV%.csv}.png"
java -cp "$JAR" io.mtce.bench.ScalePlot "$CSV" "$PNG" "mtce agent scale ($(nproc) cores, $D s per run)" \
    && echo "# plot: $PNG"
