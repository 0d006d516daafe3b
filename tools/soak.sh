#!/usr/bin/env bash
# The long soak: `memvfs mount` of the sample image in a JVM of its own, 16 readers for SECONDS
# (default 1800) — random reads checked against the image, grep -r, ls -R, virt.txt writes checked
# against the page tables, xxd, cat, find — with the mount's heap, resident size, threads and file
# descriptors sampled. Exits non-zero on any failed operation or a leaked file descriptor or thread.
# Runs as root (FUSE), as the tests do.
#
#   tools/soak.sh [SECONDS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${MEMVFS_SOAK_DIR:-/tmp/memvfs-soak}
mkdir -p "$work"
cp=$("$repo/tools/long-run-classpath.sh" fs-mount "$work/classpath")
log="$work/soak-$(date +%Y%m%d-%H%M%S).log"
cd "$work"
set +e
java -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$cp" org.memvfs.mount.MountSoak --seconds "${1:-1800}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo "soak: exit status $status; log in $log"
exit "$status"
