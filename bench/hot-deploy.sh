#!/usr/bin/env bash
# Hot deploy of the pxeboot transport: from dropping io.mtce.transport.pxeboot.jar into deploy/ of a running
# embedded-default container to the first datagram it carries, RUNS times, each in a fresh container whose home had
# the jar moved aside. Per run, after every other component is up (as in container-start.sh):
#   1. AliveProbe (benchmarks.jar) sends an mtcAlive from an unknown host to 127.0.0.3:2102 every 10 ms;
#   2. the jar is copied into deploy/ under a name FileInstall ignores, then renamed (atomic drop): T0;
#   3. up_ms      T0 to 'pxeboot/agent transport UP on 127.0.0.3:2102' (the socket is bound);
#      carried_ms T0 to the agent's 'unknown hostname message ... on Pxeboot network' (the first probe datagram
#                 received, decoded and handled by the agent role).
# Log timestamps are the container log's (ms); T0 is taken just after the rename. Needs bench/target/benchmarks.jar.
set -euo pipefail

usage() {
    echo "usage: $0 [-n RUNS] [--home MTCE_HOME] [-- JVM_FLAGS...]" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd)
ARGS=("$@")
RUNS=10
SRC_HOME="$HERE/../runtime/target/mtce"
while (($#)); do
    case "$1" in
        -n) RUNS=${2:?}; shift 2 ;;
        --home) SRC_HOME=${2:?}; shift 2 ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
FLAGS=("$@")
BUNDLE=io.mtce.transport.pxeboot.jar
PROBE_JAR="$HERE/target/benchmarks.jar"

[[ -f "$SRC_HOME/lib/mtce.jar" && -f "$SRC_HOME/deploy/$BUNDLE" ]] \
    || { echo "no $SRC_HOME/lib/mtce.jar or deploy/$BUNDLE: build the runtime first" >&2; exit 1; }
[[ -f "$PROBE_JAR" ]] || { echo "no $PROBE_JAR: mvn -B -q -f bench/pom.xml package" >&2; exit 1; }
SRC_HOME=$(cd "$SRC_HOME" && pwd)
# shellcheck source=bench/lib/container.sh
. "$HERE/lib/container.sh"
private_netns "$0" "${ARGS[@]}"
WORK=$(mktemp -d /tmp/mtce-bench.XXXXXX)
PROBE_PID=""
stop_probe() {
    [[ -n "$PROBE_PID" ]] || return 0
    kill "$PROBE_PID" 2>/dev/null || true
    wait "$PROBE_PID" 2>/dev/null || true
    PROBE_PID=""
}
trap 'stop_probe; mtce_stop; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
snapshot_home
mv "$SRC_HOME/deploy/$BUNDLE" "$WORK/$BUNDLE"
# The pxeboot configurations stay in etc/; their components only exist once the bundle is there.
EXPECT_PIDS=$(expected_pids_of "$SRC_HOME/etc" | grep -v '^io\.mtce\.transport\.pxeboot~' | tr '\n' ' ')

echo "# $(date -Iseconds) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); java ${FLAGS[*]} -jar lib/mtce.jar"
echo "# run up_ms carried_ms"
UP=() CARRIED=()
for ((run = 1; run <= RUNS; run++)); do
    fresh_home
    wait_ports_free
    mtce_start "${FLAGS[@]}"
    wait_all_active
    sleep 1
    : >"$WORK/probe.log"
    java -XX:TieredStopAtLevel=1 -cp "$PROBE_JAR" io.mtce.bench.AliveProbe 127.0.0.3 2102 10 20000 bench-probe \
        >"$WORK/probe.log" 2>&1 &
    PROBE_PID=$!
    for ((i = 0; i < 1000; i++)); do
        grep -q "probe sending" "$WORK/probe.log" && break
        kill -0 "$PROBE_PID" 2>/dev/null || { cat "$WORK/probe.log" >&2; exit 1; }
        sleep 0.01
    done
    grep -q "probe sending" "$WORK/probe.log" || { echo "the probe did not start" >&2; exit 1; }
    sleep 0.2
    cp "$WORK/$BUNDLE" "$WORK/home/deploy/.$BUNDLE.part"
    mv "$WORK/home/deploy/.$BUNDLE.part" "$WORK/home/deploy/$BUNDLE"
    now_ms T0_MS
    wait_for_line "on Pxeboot network ; dropping" 15000
    stop_probe
    up=$(log_ms 'pxeboot/agent transport UP on 127\.0\.0\.3:2102' first)
    carried=$(log_ms 'unknown hostname message from .* on Pxeboot network' first)
    mtce_stop
    [[ -z "${KEEP_LOG:-}" ]] || cp "$WORK/out.log" "$KEEP_LOG"
    echo "$run $up $carried"
    UP+=("$up") CARRIED+=("$carried")
done
echo "# min median max"
echo "up_ms      $(stats "${UP[@]}")"
echo "carried_ms $(stats "${CARRIED[@]}")"
