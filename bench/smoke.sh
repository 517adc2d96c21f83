#!/usr/bin/env bash
# A smoke run of every benchmark harness, so that none of them rots: each runs for a few seconds and must exit 0.
# The figures mean nothing and are thrown away (files a harness writes into bench/results/ are removed again).
# CI runs this after the tests (.ci/run). Needs what the harnesses need: root, ip netns, the built runtime home and
# bench/target/benchmarks.jar (both built by `mvn verify`).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
mkdir -p results
before=$(mktemp)
trap 'rm -f "$before"' EXIT
ls results >"$before"

step() {
    echo "bench smoke: $*"
    local t0=$SECONDS
    "$@" >"$before.out" 2>&1 || { echo "bench smoke FAILED: $*" >&2; cat "$before.out" >&2; exit 1; }
    echo "  ok ($((SECONDS - t0)) s): $(tail -1 "$before.out")"
}

step java -jar target/benchmarks.jar -f 1 -wi 0 -i 1 -r 100ms -foe true CodecBenchmark
step java -cp target/benchmarks.jar io.mtce.bench.FsyncLatency "${TMPDIR:-/tmp}" 10
step ./agent-scale.sh -H 200 -d 3 -w 2 -m "shared perhost" --csv "$before.csv"
step ./convergence.sh -n 10 -t 2 -w 2 # with the durable floor, the agent-knows time and the C peer (gcc)
step ./convergence-profile.sh -n 5 -t 0 -w 1 --no-cpeer
step ./container-start.sh -n 1 -s 1
step ./service-start.py -n 1 --restarts 1 -s 0.5
step ./hot-deploy.sh -n 1
# The soak fails (exit 1) on a wrong file after a lock or unlock, never on its figures.
step ./soak.sh --duration 2m --sample 20s --hosts 500 --out "$before-soak"
# fallback.sh runs Maven on itests alone, which takes the other modules from the local repository.
step bash -c 'cd .. && mvn -B -ntp -q -DskipTests install'
step ./fallback.sh -n 2 -w 1

comm -13 "$before" <(ls results) | sed 's|^|results/|' | xargs -r rm -f
rm -f "$before.out" "$before.csv" "${before}.png" "$before-soak".{tsv,txt,png}
echo "bench smoke: every harness ran"
