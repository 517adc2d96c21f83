#!/usr/bin/env bash
# Start time and resident memory of the embedded-default container (runtime/target/mtce), RUNS times in a row.
# Each run starts `java FLAGS -jar lib/mtce.jar` from a fresh copy of the home (no data/), with Gogo reading a FIFO,
# and reports:
#   active_ms  process start (just before the fork) to the first `scr:list` answer in which every component
#              instance is ACTIVE or SATISFIED and every PID configured in etc/ has one (polled back to back)
#   log_ms     process start to the last 'transport UP' / flag-file line in the log (a lower bound, cross-check)
#   cpu_ms     CPU time the JVM had used by then (user + system, all threads)
#   rss_kb     VmRSS after SETTLE seconds more; anon_kb and file_kb are its RssAnon and RssFile parts (file: the
#              mapped JDK modules, CDS archives and jars), hwm_kb is VmHWM (peak RSS), at the same moment
# Runs in a network namespace of its own when it can (root): the ports are fixed, and other containers exist.
# --cds first makes a dynamic AppCDS archive (one training run with -XX:ArchiveClassesAtExit) and then runs with
# -XX:SharedArchiveFile. KEEP_LOG=FILE keeps the last run's log; KEEP_DATA=1 starts every run from the home's
# data/ (a restart, with -Dorg.osgi.framework.storage.clean=none to reuse the framework cache). The embedded default's UDP ports are fixed: runs are sequential, each waits for them free.
set -euo pipefail

usage() {
    echo "usage: $0 [-n RUNS] [-s SETTLE_SECONDS] [--cds] [--home MTCE_HOME] [-- JVM_FLAGS...]" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd)
ARGS=("$@")
RUNS=10
SETTLE=5
CDS=0
SRC_HOME="$HERE/../runtime/target/mtce"
while (($#)); do
    case "$1" in
        -n) RUNS=${2:?}; shift 2 ;;
        -s) SETTLE=${2:?}; shift 2 ;;
        --cds) CDS=1; shift ;;
        --home) SRC_HOME=${2:?}; shift 2 ;;
        --) shift; break ;;
        -h | --help) usage ;;
        *) usage ;;
    esac
done
FLAGS=("$@")
LOG_READY=${LOG_READY:-' transport UP on |io\.mtce\.flags - flag files '}

[[ -f "$SRC_HOME/lib/mtce.jar" ]] || { echo "no $SRC_HOME/lib/mtce.jar: build the runtime first" >&2; exit 1; }
SRC_HOME=$(cd "$SRC_HOME" && pwd)
# shellcheck source=bench/lib/container.sh
. "$HERE/lib/container.sh"
private_netns "$0" "${ARGS[@]}"
WORK=$(mktemp -d /tmp/mtce-bench.XXXXXX)
trap 'mtce_stop; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
snapshot_home

if ((CDS)); then
    fresh_home
    wait_ports_free
    mtce_start "${FLAGS[@]}" -XX:ArchiveClassesAtExit="$WORK/mtce.jsa"
    wait_all_active
    sleep 1
    mtce_stop
    [[ -s "$WORK/mtce.jsa" ]] || { echo "no CDS archive was written; log:" >&2; cat "$WORK/out.log" >&2; exit 1; }
    echo "# CDS archive: $(($(stat -c %s "$WORK/mtce.jsa") / 1024)) KiB from one training run"
    FLAGS+=(-XX:SharedArchiveFile="$WORK/mtce.jsa")
fi

echo "# $(date -Iseconds) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); java ${FLAGS[*]} -jar lib/mtce.jar"
echo "# run active_ms log_ms cpu_ms polls rss_kb anon_kb file_kb hwm_kb"
ACTIVE=() LOGGED=() RSS=() CPU=()
for ((run = 1; run <= RUNS; run++)); do
    fresh_home
    wait_ports_free
    mtce_start "${FLAGS[@]}"
    wait_all_active
    cpu=$(cpu_ms)
    logged=$(log_ms "$LOG_READY")
    sleep "$SETTLE"
    rss=$(proc_kb VmRSS)
    anon=$(proc_kb RssAnon)
    file=$(proc_kb RssFile)
    hwm=$(proc_kb VmHWM)
    mtce_stop
    [[ -z "${KEEP_LOG:-}" ]] || cp "$WORK/out.log" "$KEEP_LOG"
    echo "$run $ACTIVE_MS $logged $cpu $POLLS $rss $anon $file $hwm"
    ACTIVE+=("$ACTIVE_MS") LOGGED+=("$logged") RSS+=("$rss") CPU+=("$cpu")
done
echo "# min median max"
echo "active_ms $(stats "${ACTIVE[@]}")"
echo "log_ms    $(stats "${LOGGED[@]}")"
echo "cpu_ms    $(stats "${CPU[@]}")"
echo "rss_kb    $(stats "${RSS[@]}")"
