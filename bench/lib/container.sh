# Shared by the harnesses in bench/ (sourced, not run): start the embedded-default
# container from a fresh copy of its home with Gogo reading a FIFO, ask SCR until every component is up, stop it.
# Callers set WORK (a private temp dir) and SRC_HOME, and trap EXIT to mtce_stop + rm -rf "$WORK".

# private_netns "$0" "$@": re-runs the calling script in a network namespace of its own (root, unshare and ip
# needed), so its fixed ports neither collide with, nor are disturbed by, another container on this machine.
# Without them it carries on in this namespace and the port checks below apply.
private_netns() {
    [[ -n "${MTCE_BENCH_NETNS:-}" ]] && { ip link set lo up; return 0; }
    if [[ $(id -u) == 0 ]] && command -v unshare >/dev/null && command -v ip >/dev/null && unshare -n true; then
        exec unshare -n env MTCE_BENCH_NETNS=1 bash "$@"
    fi
    echo "# no private network namespace (needs root, unshare, ip): using this one" >&2
}

# A snapshot of the home taken once, so that a rebuild of runtime/target during the runs cannot mix builds.
snapshot_home() {
    unzip -tq "$SRC_HOME/lib/mtce.jar" >/dev/null || { echo "$SRC_HOME/lib/mtce.jar is not a whole jar" >&2; exit 1; }
    cp -a "$SRC_HOME" "$WORK/src"
    SRC_HOME="$WORK/src"
    echo "# home: lib/mtce.jar of $(date -r "$SRC_HOME/lib/mtce.jar" -Iseconds), $(unzip -l "$SRC_HOME/lib/mtce.jar" \
        | grep -c ' jar/.*\.jar$') embedded jars, deploy/: $(cd "$SRC_HOME/deploy" && echo *.jar)"
}

# UDP ports of the embedded default (mtc.conf: agent 2101/2102, client 2115/2118/2119 on 127.0.0.1-3).
MTCE_PORTS_HEX="0835 0836 0843 0846 0847"
MTCE_PID=""
[[ ${MTCE_PREFIX+set} ]] || MTCE_PREFIX=() # a command that runs the JVM (see mtce_start); none by default

# now_ms VAR: sets VAR to the wall clock in ms, from bash's microsecond clock. A variable and not $(now_ms), which
# would fork a subshell: the harnesses read the clock in loops while the JVM they time starts on the same CPUs.
now_ms() {
    local _now_us=${EPOCHREALTIME/./}
    printf -v "$1" '%d' $((_now_us / 1000))
}

ports_busy() { # is any UDP socket in this network namespace bound to one of the embedded-default ports?
    local p
    for p in $MTCE_PORTS_HEX; do
        if awk -v p=":$p" 'NR > 1 && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
            /proc/net/udp; then
            return 0
        fi
    done
    return 1
}

wait_ports_free() {
    local now deadline
    now_ms now
    deadline=$((now + 15000))
    while ports_busy; do
        now_ms now
        if ((now > deadline)); then
            echo "embedded-default UDP ports still bound after 15 s (another container running?)" >&2
            ss -lunp 2>/dev/null | grep -E ':(2101|2102|2115|2118|2119)\b' >&2 || true
            return 1
        fi
        sleep 0.1
    done
}

# A fresh home as installed: copied with its timestamps (an AppCDS archive checks the jar's mtime), no data/
# unless KEEP_DATA=1 (a restart: the snapshot's data/, framework cache included, is kept).
fresh_home() {
    rm -rf "$WORK/home"
    cp -a "$SRC_HOME" "$WORK/home"
    [[ "${KEEP_DATA:-0}" == 1 ]] || rm -rf "$WORK/home/data"
}

# mtce_start JVM_FLAGS...: starts the JVM in $WORK/home; sets MTCE_PID and T0_MS (just before the fork). A command
# in the array MTCE_PREFIX (e.g. taskset -c 1) runs it.
# With MTCE_VIA_BIN=1 it runs the home's bin/mtce instead (its default JVM options, class-data sharing and kept
# framework cache), with JVM_FLAGS in MTCE_JAVA_OPTS after those defaults and -Dgosh.args= so that Gogo stays
# interactive on the FIFO. bin/mtce execs java, so MTCE_PID is the JVM either way.
# web_token: the admin's secret in the home's etc/mtce-web-users (the web bundle creates it, mode 600, on the first
# start); api_curl ARGS...: curl with it as a bearer token (the REST API needs a login).
web_token() {
    awk '$1 == "admin" && $2 == "admin" { print $3; exit }' "$WORK/home/etc/mtce-web-users" 2>/dev/null
}
api_curl() {
    curl -H "Authorization: Bearer $(web_token)" "$@"
}

mtce_start() {
    rm -f "$WORK/in" "$WORK/out.log" "$WORK/nap"
    mkfifo "$WORK/in" "$WORK/nap"
    exec 3<>"$WORK/in" # held open read-write, so the JVM's open does not block; closing it stops Gogo
    exec 5<>"$WORK/nap"
    : >"$WORK/out.log"
    exec 4<"$WORK/out.log" # wait_for_line's read position
    LOG_PARTIAL=""
    POLL_SEQ=0
    EXPECTED_PIDS=""
    now_ms T0_MS
    if [[ "${MTCE_VIA_BIN:-0}" == 1 ]]; then
        (cd "$WORK/home" && MTCE_JAVA_OPTS="$* -Dgosh.args=" exec "${MTCE_PREFIX[@]}" bin/mtce <"$WORK/in" \
            >"$WORK/out.log" 2>&1 3>&- 4<&- 5<&-) &
    else
        (cd "$WORK/home" && exec "${MTCE_PREFIX[@]}" java "$@" -jar lib/mtce.jar <"$WORK/in" >"$WORK/out.log" 2>&1 \
            3>&- 4<&- 5<&-) &
    fi
    MTCE_PID=$!
}

# mtce_stop [eof|term]: stops the JVM by Gogo's EOF (default: the framework stops, then the JVM exits) or by SIGTERM
# (what a service manager sends: io.mtce.lifecycle's shutdown hook stops the framework). With SIGTERM, Gogo's stdin
# is closed right after the signal, as a service has none: HotSpot waits up to 300 ms at exit for a thread blocked
# in a read, such as Gogo's on the FIFO. A JVM that is not gone after 15 s is killed. Sets STOP_MS, from the EOF or
# the signal to the JVM's exit (writing a CDS archive at exit included).
mtce_stop() {
    STOP_MS=-
    [[ -n "$MTCE_PID" ]] || return 0
    local i t0 t1
    now_ms t0
    if [[ "${1:-eof}" == term ]]; then
        kill -TERM "$MTCE_PID" 2>/dev/null || true
    fi
    exec 3>&-
    for ((i = 0; i < 1500; i++)); do
        kill -0 "$MTCE_PID" 2>/dev/null || break
        nap 0.01
    done
    if kill -0 "$MTCE_PID" 2>/dev/null; then
        echo "JVM $MTCE_PID did not stop on ${1:-eof}; killing it" >&2
        kill -9 "$MTCE_PID" 2>/dev/null || true
    else
        now_ms t1
        STOP_MS=$((t1 - t0))
    fi
    wait "$MTCE_PID" 2>/dev/null || true
    MTCE_PID=""
    exec 3>&- 4<&- 5<&-
}

# nap SECONDS: a wait without a fork (read with a timeout from a FIFO nobody writes to). When the harness forked
# grep, sleep and a subshell every 5 ms, the JVM it timed took twice as long to start on 2 vCPUs.
nap() {
    read -r -t "$1" -u 5 _ || true
}

# wait_for_line FIXED-STRING TIMEOUT-MS: reads the log on from where the last wait stopped (fd 4, bash builtins
# only) until a line holds the string; the callers wait for lines in the order they are written.
wait_for_line() {
    local now deadline line
    now_ms now
    deadline=$((now + $2))
    while :; do
        if IFS= read -r -u 4 line; then
            line="$LOG_PARTIAL$line"
            LOG_PARTIAL=""
            [[ "$line" == *"$1"* ]] && return 0
            continue
        fi
        LOG_PARTIAL+="$line" # at the end of the log, part of a line may have been read
        [[ "$LOG_PARTIAL" == *"$1"* ]] && return 0
        kill -0 "$MTCE_PID" 2>/dev/null || { echo "JVM exited; log:" >&2; cat "$WORK/out.log" >&2; return 1; }
        now_ms now
        ((now < deadline)) || { echo "timed out waiting for '$1'" >&2; return 1; }
        nap 0.005
    done
}

# The PIDs configured in an etc/ folder (FileInstall: <pid>.cfg, <factoryPid>-<name>.cfg -> factoryPid~name);
# FileInstall's own are not components.
expected_pids_of() {
    local f name
    for f in "$1/"*.cfg; do
        name=$(basename "$f" .cfg)
        [[ $name == org.apache.felix.* ]] && continue
        [[ $name == *-* ]] && name="${name%%-*}~${name#*-}"
        echo "$name"
    done
}

# What wait_all_active waits for: EXPECT_PIDS (space-separated) when set, else every PID configured in etc/.
expected_pids() {
    if [[ -n "${EXPECT_PIDS:-}" ]]; then
        tr -s ' ' '\n' <<<"$EXPECT_PIDS" | grep -v '^$'
    else
        expected_pids_of "$WORK/home/etc"
    fi
}

# One scr:list round trip; succeeds when every component instance is ACTIVE or SATISFIED and every expected PID is
# an instance. Leaves its answer in $WORK/scr.txt. One awk per poll: the polls run while the JVM starts, on the same
# CPUs, so the harness forks as little as it can.
scr_all_up() {
    POLL_SEQ=$((POLL_SEQ + 1))
    local mark="@@scr-$POLL_SEQ@@"
    printf 'scr:list\necho %s\n' "$mark" >&3
    wait_for_line "$mark" 10000 || return 2
    [[ -n "$EXPECTED_PIDS" ]] || EXPECTED_PIDS=$(expected_pids | tr '\n' ' ')
    awk -v prev="@@scr-$((POLL_SEQ - 1))@@" -v mark="$mark" -v pids="$EXPECTED_PIDS" -v out="$WORK/scr.txt" '
        BEGIN { printf "" > out }
        index($0, prev) { body = 1; next }
        index($0, mark) { exit }
        !(body || prev == "@@scr-0@@") || !/State:|Command not found/ { next }
        { print > out }
        /State:/ { states++; if ($0 ~ /State:(ACTIVE|SATISFIED)([^A-Za-z_]|$)/) up = up "\n" $0; else down++ }
        END {
            if (!states || down) exit 1
            n = split(pids, p, " ")
            for (i = 1; i <= n; i++) if (!index(up, "[" p[i] "]")) exit 1
        }' "$WORK/out.log"
}

# Polls SCR from the Gogo banner on; sets ACTIVE_MS (T0 to the answer that showed everything up) and POLLS.
wait_all_active() {
    wait_for_line "Welcome to Apache Felix Gogo" 60000
    local now deadline rc
    now_ms now
    deadline=$((now + 60000))
    while :; do
        rc=0
        scr_all_up || rc=$?
        ((rc == 0)) && break
        ((rc == 2)) && return 1
        now_ms now
        ((now < deadline)) || { echo "components not all up after 60 s:" >&2; cat "$WORK/scr.txt" >&2; return 1; }
        nap 0.01
    done
    now_ms now
    ACTIVE_MS=$((now - T0_MS))
    POLLS=$POLL_SEQ
}

# log_ms REGEX [first|last]: ms from T0_MS to the last (or first) log line matching REGEX, by the log line's
# timestamp; "-" when there is none.
log_ms() {
    local ts pick=tail
    [[ "${2:-last}" == first ]] && pick=head
    ts=$(grep -E -- "$1" "$WORK/out.log" | grep -oE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]{12}' | sort | $pick -1 || true)
    if [[ -z "$ts" ]]; then
        echo "-"
    else
        echo $(($(date -d "$ts" +%s%3N) - T0_MS))
    fi
}

proc_kb() { # proc_kb FIELD: VmRSS, VmHWM, RssAnon, RssFile... of the JVM in kB
    awk -v f="$1:" '$1 == f { print $2 }' "/proc/$MTCE_PID/status"
}

cpu_ms() { # user+system CPU time of the JVM so far, plus that of the children it waited for before it was exec'd
    local stat # (bin/mtce's short java -version checks; 0 for java -jar)
    stat=$(<"/proc/$MTCE_PID/stat")
    stat=${stat##*) } # fields after the command name: state is 1st, utime 12th, stime 13th, cutime 14th, cstime 15th
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($12 + $13 + $14 + $15) * 1000 / hz }' <<<"$stat"
}

stats() { # stats VALUES...: "min median max" of integers
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%d %d %d\n", v[1], m, v[NR] }'
}
