#!/usr/bin/env bash
# probe2.sh HOMEDIR SECONDS CMD : like probe.sh but in HOMEDIR as is (data/ kept: a restart)
set -u
H=$1 S=$2; shift 2
W=$(mktemp -d /tmp/probe.XXXX); mkfifo $W/in
exec unshare -n bash -c '
ip link set lo up
cd '$H'
exec 3<>'$W'/in
MTCE_JAVA_OPTS="${MTCE_JAVA_OPTS:-} -Dgosh.args=" bin/mtce <'$W'/in >'$W'/out.log 2>&1 &
PID=$!
sleep '$S'
'"$*"'
kill -TERM $PID; exec 3>&-; wait $PID
echo "# log: '$W'/out.log"
'
