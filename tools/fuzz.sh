#!/usr/bin/env bash
# The long fuzz run: corrupted sample images of every Windows build, opened as memvfs opens an image
# and walked whole through the fs-core API, for SECONDS (default 1800) from SEED (default: the
# clock). Each image is named PROFILE:SEED in the report; `tools/fuzz.sh --replay PROFILE:SEED`
# makes one again. Exits non-zero on a hang, an exception outside the MemoryException family, an
# answer that contradicts itself, a break not named where it was made, or a JVM crash.
#
#   tools/fuzz.sh [SECONDS [SEED]]        tools/fuzz.sh --replay PROFILE:SEED
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${MEMVFS_FUZZ_DIR:-/tmp/memvfs-fuzz}
mkdir -p "$work"
cp=$("$repo/tools/long-run-classpath.sh" fs-core "$work/classpath")
if [ "${1:-}" = "--replay" ]; then
  args=(--replay "$2")
else
  args=(--seconds "${1:-1800}" --seed "${2:-$(date +%s%N)}")
fi
log="$work/fuzz-$(date +%Y%m%d-%H%M%S).log"
cd "$work"
rm -f hs_err_pid*.log
set +e
java -Xmx2g -XX:+HeapDumpOnOutOfMemoryError -cp "$cp" org.memvfs.vfs.fuzz.Fuzzer "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if ls hs_err_pid*.log >/dev/null 2>&1 || [ "$status" -gt 128 ]; then
  echo "fuzz: the JVM crashed (status $status; see $work/hs_err_pid*.log)" | tee -a "$log"
  exit 3
fi
echo "fuzz: exit status $status; log in $log"
exit "$status"
