#!/usr/bin/env bash
# probe.sh HOME SECONDS CMD... : start a fresh copy of HOME via bin/mtce in a private netns (env MTCE_JAVA_OPTS passed),
# after SECONDS run CMD with $PID set (eval), then stop.
set -u
SRC=$1 S=$2; shift 2
W=$(mktemp -d /tmp/probe.XXXX); cp -a "$SRC" $W/home; rm -rf $W/home/data
mkfifo $W/in
exec unshare -n bash -c '
ip link set lo up
cd '$W'/home
exec 3<>'$W'/in
MTCE_JAVA_OPTS="${MTCE_JAVA_OPTS:-} -Dgosh.args=" bin/mtce <'$W'/in >'$W'/out.log 2>&1 &
PID=$!
sleep '$S'
'"$*"'
kill -TERM $PID; exec 3>&-; wait $PID
echo "# log: '$W'/out.log"
'
