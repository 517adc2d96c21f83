#!/usr/bin/env bash
# Start time and resident memory of the embedded-default container (runtime/target/mtce), RUNS times in a row.
# Each run starts `java FLAGS -jar lib/mtce.jar` (or, with --bin, the home's bin/mtce) from a fresh copy of the home
# (no data/), with Gogo reading a FIFO, and reports:
#   active_ms  process start (just before the fork) to the first `scr:list` answer in which every component
#              instance is ACTIVE or SATISFIED and every PID configured in etc/ has one (polled back to back)
#   log_ms     process start to the last 'transport UP' / flag-file line in the log (a lower bound, cross-check)
#   cpu_ms     CPU time the JVM had used by then (user + system, all threads; with --bin also bin/mtce's short
#              java -version checks, which run in the same process before it execs java)
#   rss_kb     VmRSS after SETTLE seconds more; anon_kb and file_kb are its RssAnon and RssFile parts (file: the
#              mapped JDK modules, CDS archives and jars), hwm_kb is VmHWM (peak RSS), at the same moment
#   stop_ms    then SIGTERM to the JVM's exit (the framework stops, then the JVM exits; Gogo's stdin is closed with
#              the signal, as a service has none; plus writing a CDS archive when one is made at exit), or with
#              --stop eof Gogo's EOF to the JVM's exit
#   load1      the 1-minute load average when the run began (other work on this machine)
# Options:
#   --cds          first make a dynamic AppCDS archive (one training run with -XX:ArchiveClassesAtExit), then run
#                  with -XX:SharedArchiveFile
#   --bin          start through the home's bin/mtce, i.e. what ships: its default JVM options, the CDS archive
#                  lib/mtce.jsa the build made, and its kept framework cache; JVM_FLAGS go into MTCE_JAVA_OPTS, after
#                  its defaults
#   --stop HOW     term (default: SIGTERM, as a service manager stops it) or eof (Gogo's EOF, as Ctrl-D does)
#   --restarts R   after each first start, R restarts in the same home (data/ kept); rows and summaries are split
#                  into "first" (the first start after an install: data/ empty) and "restart"
# KEEP_LOG=FILE keeps the last run's log; KEEP_DATA=1 starts every run from the home's data/ as it was copied.
# Runs in a network namespace of its own when it can (root): the ports are fixed, and other containers exist. The
# embedded default's UDP ports are fixed: runs are sequential, each waits for them free.
set -euo pipefail

usage() {
    echo "usage: $0 [-n RUNS] [-s SETTLE_SECONDS] [--cds | --bin] [--stop term|eof] [--restarts R] [--home MTCE_HOME] [-- JVM_FLAGS...]" >&2
    exit 2
}

HERE=$(cd "$(dirname "$0")" && pwd)
ARGS=("$@")
RUNS=10
SETTLE=5
CDS=0
VIA_BIN=0
RESTARTS=0
STOP=term
SRC_HOME="$HERE/../runtime/target/mtce"
while (($#)); do
    case "$1" in
        -n) RUNS=${2:?}; shift 2 ;;
        -s) SETTLE=${2:?}; shift 2 ;;
        --cds) CDS=1; shift ;;
        --bin) VIA_BIN=1; shift ;;
        --restarts) RESTARTS=${2:?}; shift 2 ;;
        --stop) STOP=${2:?}; shift 2 ;;
        --home) SRC_HOME=${2:?}; shift 2 ;;
        --) shift; break ;;
        -h | --help) usage ;;
        *) usage ;;
    esac
done
FLAGS=("$@")
[[ $STOP == term || $STOP == eof ]] || usage
((CDS && VIA_BIN)) && { echo "--cds and --bin exclude each other (bin/mtce makes its own archive)" >&2; exit 2; }
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

if ((VIA_BIN)); then
    export MTCE_VIA_BIN=1
    WHAT="bin/mtce (MTCE_JAVA_OPTS=${FLAGS[*]})"
else
    WHAT="java ${FLAGS[*]} -jar lib/mtce.jar"
fi
echo "# $(date -Iseconds) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $WHAT; $RESTARTS restart(s) per run; stop by $STOP"
echo "# run phase active_ms log_ms cpu_ms polls rss_kb anon_kb file_kb hwm_kb stop_ms load1"
declare -A ACTIVE LOGGED RSS CPU STOPPED
one_start() { # one_start PHASE: start in $WORK/home as it is, measure, stop
    local load1 cpu logged rss anon file hwm
    load1=$(cut -d' ' -f1 /proc/loadavg)
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
    mtce_stop "$STOP"
    [[ -z "${KEEP_LOG:-}" ]] || cp "$WORK/out.log" "$KEEP_LOG"
    echo "$run $1 $ACTIVE_MS $logged $cpu $POLLS $rss $anon $file $hwm $STOP_MS $load1"
    ACTIVE[$1]+=" $ACTIVE_MS" LOGGED[$1]+=" $logged" RSS[$1]+=" $rss" CPU[$1]+=" $cpu" STOPPED[$1]+=" $STOP_MS"
}
for ((run = 1; run <= RUNS; run++)); do
    fresh_home
    one_start first
    for ((r = 1; r <= RESTARTS; r++)); do
        one_start restart
    done
done
for phase in first restart; do
    [[ -n "${ACTIVE[$phase]:-}" ]] || continue
    echo "# $phase: min median max"
    # shellcheck disable=SC2086
    {
        echo "active_ms $(stats ${ACTIVE[$phase]})"
        echo "log_ms    $(stats ${LOGGED[$phase]//-/})"
        echo "cpu_ms    $(stats ${CPU[$phase]})"
        echo "rss_kb    $(stats ${RSS[$phase]})"
        echo "stop_ms   $(stats ${STOPPED[$phase]//-/})"
    }
done
