#!/usr/bin/env bash
# bench/convergence.sh under Java Flight Recorder, then where a lock's time goes inside the container
# (bench/lib/jfr-chain.py: the chain's fsyncs one by one from jdk.FileForce events at threshold 0, the time between
# them, and the contended monitors). The recording is a copy of the JDK's profile settings with jdk.FileForce,
# jdk.JavaMonitorEnter and jdk.ThreadPark at threshold 0 and method sampling every 1 ms; it is kept as
# bench/results/convergence-profile-<stamp>.jfr when KEEP_JFR=1 (it is a few MB).
#   bench/convergence-profile.sh [convergence.sh options...] [-- JVM_FLAGS...]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
command -v jfr >/dev/null || { echo "no jfr tool (JDK bin/jfr) on PATH" >&2; exit 1; }
JH=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
TMP=$(mktemp -d /tmp/mtce-conv-profile.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
python3 - "$JH/lib/jfr/profile.jfc" "$TMP/chain.jfc" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
def setting(event, key, value):
    global s
    block = re.search(r'<event name="%s">.*?</event>' % re.escape(event), s, re.S).group(0)
    s = s.replace(block, re.sub(r'(<setting name="%s"[^>]*>)[^<]*(</setting>)' % key, r'\g<1>%s\g<2>' % value, block))
setting('jdk.FileForce', 'threshold', '0 ms')
setting('jdk.JavaMonitorEnter', 'threshold', '0 ms')
setting('jdk.ThreadPark', 'threshold', '0 ms')
setting('jdk.ExecutionSample', 'period', '1 ms')
open(sys.argv[2], 'w').write(s)
PY
ARGS=()
FLAGS=()
while (($#)); do
    if [[ "$1" == -- ]]; then shift; FLAGS=("$@"); break; fi
    ARGS+=("$1"); shift
done
# the container runs in a private network namespace but on this file system: the recording lands in $TMP
"$HERE/convergence.sh" "${ARGS[@]}" -- "${FLAGS[@]}" \
    "-XX:StartFlightRecording=filename=$TMP/chain.jfr,settings=$TMP/chain.jfc"
echo "# inside the container (JFR, $(basename "$TMP")/chain.jfr)"
python3 "$HERE/lib/jfr-chain.py" "$TMP/chain.jfr"
if [[ "${KEEP_JFR:-0}" == 1 ]]; then
    cp "$TMP/chain.jfr" "$HERE/results/convergence-profile-$(date +%Y%m%dT%H%M%S).jfr"
fi
