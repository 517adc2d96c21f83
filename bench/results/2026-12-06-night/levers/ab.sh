#!/usr/bin/env bash
# ab.sh OUT ROUNDS VARIANT... : interleaved rounds of bench/service-start.py -n 1 --restarts 2 over homes h-VARIANT;
# a VARIANT may be NAME=FLAGS to pass JVM flags (home h-NAME%%+*).
set -euo pipefail
OUT=$1 R=$2; shift 2
cd /work/scratch/startab
: > "$OUT"
for ((r=1;r<=R;r++)); do for v in "$@"; do
  name=${v%%=*}; flags=""; [[ $v == *=* ]] && flags=${v#*=}
  home=h-${name%%+*}
  /work/main/bench/service-start.py -n 1 --restarts 2 -s 1 --label "$name" --home "$home" -- $flags | grep -v '^#' >> "$OUT"
done; done
python3 - "$OUT" <<'PY'
import sys,statistics,collections
rows=[l.split() for l in open(sys.argv[1]) if l.strip()]
d=collections.defaultdict(list)
for r in rows: d[(r[0],r[2])].append(r)
print(f"{'variant':16} {'phase':8} n  ready_ms(min/med)  cpu_ms  web_ms  rss_kb  stop_ms")
for (v,p),rs in sorted(d.items(), key=lambda x:(x[0][1],x[0][0])):
    col=lambda i: [int(r[i]) for r in rs]
    print(f"{v:16} {p:8} {len(rs):2d} {min(col(3)):5d}/{statistics.median(col(3)):6.0f} {statistics.median(col(4)):7.0f} {statistics.median(col(5)):7.0f} {statistics.median(col(6)):7.0f} {statistics.median(col(9)):5.0f}")
PY
