#!/usr/bin/env bash
# ab.sh OUT ROUNDS 'name|ENV=..|home|flags' ... : interleaved A/B of bench/container-start.sh --bin -n 1 --restarts 2 -s 1
set -uo pipefail
OUT=$1 ROUNDS=$2; shift 2
B=/work/wt/startrss/bench/container-start.sh
echo "# $(date -Iseconds) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
for ((r=1;r<=ROUNDS;r++)); do
  for v in "$@"; do
    IFS='|' read -r name envs home flags <<<"$v"
    env $envs $B --bin -n 1 --restarts ${RESTARTS:-2} -s ${SETTLE:-1} --home "$home" -- $flags 2>&1 \
      | awk -v n="$name" '/^[0-9]+ (first|restart) /{print n, $0}' >>"$OUT"
  done
done
echo "# end $(date -Iseconds) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
