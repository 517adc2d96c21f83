#!/usr/bin/env bash
# train.sh SRC DST MODE: DST = copy of SRC with lib/mtce.jsa trained headless (stdin /dev/null, NOTIFY_SOCKET set,
# stopped by SIGTERM) on a first start (MODE=first) or on a restart (MODE=restart).
set -euo pipefail
SRC=$1 DST=$2 MODE=$3
rm -rf "$DST"; cp -a "$SRC" "$DST"; rm -rf "$DST/data" "$DST/log"
cd "$DST"
run() { # run EXTRA_OPTS
  unshare -n bash -c 'ip link set lo up; NOTIFY_SOCKET=$PWD/nowhere MTCE_JAVA_OPTS="$0" bin/mtce </dev/null >>train.log 2>&1 & p=$!; sleep 6; kill -TERM $p; wait $p || true' "$1"
}
[ "$MODE" = restart ] && run "-Dx=1"
run "-XX:ArchiveClassesAtExit=lib/mtce.jsa.new -Xlog:cds=off"
mv lib/mtce.jsa.new lib/mtce.jsa
rm -rf data log train.log nowhere
ls -la lib/mtce.jsa
