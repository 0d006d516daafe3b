#!/usr/bin/env bash
# run.sh - the mmu benchmarks on a real guest image (made by tools/qemu-guest/make-images.sh A
# if this machine has none). Prints JMH's table and writes benchmarks/target/jmh-result.json.
#   benchmarks/run.sh                    every benchmark, 1 fork, 3 x 2 s warm-up, 5 x 2 s measured
#   benchmarks/run.sh Translation -f 2   any JMH options after a benchmark pattern
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mvn -q -B -DskipTests package -pl benchmarks -am
tools/qemu-guest/make-images.sh A
pattern=${1:-.}
shift || true
exec java -Xmx2g -Dqemu.guest.out="${QG_OUT:-/tmp/qemu-guest}" -Dmemvfs.repo="$here" \
  -jar benchmarks/target/benchmarks.jar "$pattern" -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1 \
  -rf json -rff benchmarks/target/jmh-result.json "$@"
