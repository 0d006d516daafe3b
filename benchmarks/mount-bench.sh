#!/usr/bin/env bash
# mount-bench.sh - real tools on a real memvfs mount of the built-in sample, against the raw image.
# Prints one line per measurement; README figures come from here.
#   benchmarks/mount-bench.sh [BUILD]      (default win10-19041-x64)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-win10-19041-x64}
work=$(mktemp -d /tmp/memvfs-bench.XXXXXX)
image=$work/sample.raw
mnt=$work/mnt
mkdir -p "$mnt"
cd "$here"
./memvfs sample --build "$build" "$image" >/dev/null   # builds memvfs if needed
# a first mount records memvfs's class-data archive (as a user's first mount does); measure a later one
./memvfs mount "$image" "$mnt" >/dev/null 2>&1 &
first=$!
until ls "$mnt/pid" >/dev/null 2>&1; do sleep 0.05; done
kill -TERM "$first"; wait "$first" 2>/dev/null || true

cleanup() {
  [ -n "${pid:-}" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds() { echo "$2 - $1" | bc -l; }
mbps() { echo "$1 / 1048576 / $2" | bc -l; }

# mount to first listing: from starting the command to `ls pid/` answering
start=$(now)
./memvfs mount "$image" "$mnt" >"$work/mount.log" 2>&1 &
pid=$!
until ls "$mnt/pid" >/dev/null 2>&1; do sleep 0.01; done
first=$(now)
printf 'mount to first ls pid/:  %.2f s (%s processes)\n' "$(seconds "$start" "$first")" "$(ls "$mnt/pid" | wc -l)"

# physical memory through the mount vs the raw file (both from the page cache: read once first).
# Pass 1 also pays for the JIT compiling the read path and the image's pages being mapped in;
# later passes show the steady rate.
cat "$image" >/dev/null
size=$(stat -c %s "$image")
for pass in 1 2 3 4 5; do
  t0=$(now); dd if="$mnt/memory.pmem" of=/dev/null bs=1M status=none; t1=$(now)
  t2=$(now); dd if="$image" of=/dev/null bs=1M status=none; t3=$(now)
  printf 'memory.pmem pass %d:      %6.0f MB/s through the mount, %6.0f MB/s from the raw file (%d MiB)\n' "$pass" \
    "$(mbps "$size" "$(seconds "$t0" "$t1")")" "$(mbps "$size" "$(seconds "$t2" "$t3")")" $((size >> 20))
done

# the largest vmemd file
largest=$(find "$mnt"/pid/*/vmemd -type f -printf '%s %p\n' | sort -n | tail -1)
lsize=${largest%% *}; lpath=${largest#* }
t0=$(now); dd if="$lpath" of=/dev/null bs=1M status=none; t1=$(now)
printf 'largest vmemd file:      %6.0f MB/s (%d MiB, %s)\n' "$(mbps "$lsize" "$(seconds "$t0" "$t1")")" $((lsize >> 20)) "${lpath#$mnt/}"

# ls -R over the whole mount
t0=$(now); entries=$(ls -R "$mnt" | wc -l); t1=$(now)
printf 'ls -R:                   %.2f s (%d lines)\n' "$(seconds "$t0" "$t1")" "$entries"

# grep -r over every vmemd file of every process
total=$(find "$mnt"/pid/*/vmemd -type f -printf '%s\n' | awk '{s+=$1} END {printf "%d", s}')
t0=$(now); grep -r -l -F MEMVFS-SAMPLE-PLANTED "$mnt"/pid/*/vmemd >"$work/grep.out" || true; t1=$(now)
printf 'grep -r pid/*/vmemd:     %6.0f MB/s (%d MiB in %.2f s, hits: %s)\n' "$(mbps "$total" "$(seconds "$t0" "$t1")")" \
  $((total >> 20)) "$(seconds "$t0" "$t1")" "$(wc -l < "$work/grep.out")"
