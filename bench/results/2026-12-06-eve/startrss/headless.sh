#!/usr/bin/env bash
# headless.sh ROUNDS SECONDS HOME...: bin/mtce with stdin /dev/null (as a service runs), restarts in a kept home copy,
# VmRSS/RssAnon and CPU after SECONDS; interleaved across homes.
set -u
R=$1 S=$2; shift 2
i=0; for h in "$@"; do rm -rf /tmp/hl$i; cp -a $h /tmp/hl$i; (cd /tmp/hl$i && timeout 20 bin/mtce </dev/null >/dev/null 2>&1 & p=$!; sleep 4; kill -TERM $p; wait $p) ; i=$((i+1)); done
for ((r=0;r<R;r++)); do i=0; for h in "$@"; do
  cd /tmp/hl$i; bin/mtce </dev/null >out.log 2>&1 & p=$!; sleep $S
  echo "$(basename $h) rss_kb=$(awk '/VmRSS/{print $2}' /proc/$p/status) anon_kb=$(awk '/RssAnon/{print $2}' /proc/$p/status) cpu_ms=$(awk '{print ($14+$15)*10}' /proc/$p/stat) threads=$(ls /proc/$p/task | wc -l) load=$(cut -d' ' -f1 /proc/loadavg)"
  kill -TERM $p; wait $p; i=$((i+1)); done; done
