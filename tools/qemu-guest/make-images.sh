#!/usr/bin/env bash
# make-images.sh - the guest images memvfs's tests read, made once per machine and kept.
#   make-images.sh            configs A B C (see README.md), skipping any already made
#   make-images.sh A C        only these
# A config counts as made when its oracle.txt, raw.bin and elf.core exist. Outputs go to
# $QG_OUT (default /tmp/qemu-guest), never into the repository. Runs as root on Debian 12
# (setup.sh installs QEMU and downloads the guest kernel).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export QG_OUT=${QG_OUT:-/tmp/qemu-guest}
mkdir -p "$QG_OUT"
configs=${*:-A B C}

dir_of() {
  case $1 in
    A) echo x86-4l-kaslr-pti ;;
    B) echo x86-4l-nokaslr-4g ;;
    C) echo x86-5l-kaslr-2g ;;
    *) echo "unknown config '$1' (known: A B C)" >&2; exit 2 ;;
  esac
}

made() {
  local d="$QG_OUT/$(dir_of "$1")"
  [ -s "$d/oracle.txt" ] && [ -s "$d/raw.bin" ] && [ -s "$d/elf.core" ] && [ -s "$d/serial.log" ]
}

# One maker at a time per machine: test JVMs of several modules may ask at once.
exec 9>"$QG_OUT/.make-images.lock"
flock 9

todo=()
for c in $configs; do made "$c" || todo+=("$c"); done
[ ${#todo[@]} -eq 0 ] && { echo "[make-images] all made in $QG_OUT: $configs"; exit 0; }

"$HERE/setup.sh"
[ -s "$QG_OUT/initramfs.cpio.gz" ] || "$HERE/build-initramfs.sh"
for c in "${todo[@]}"; do
  d=$(dir_of "$c")
  rm -rf "${QG_OUT:?}/$d"
  case $c in
    A) python3 "$HERE/capture.py" --name "$d" --mem 512M --cpu max,-la57 --append 'pti=on' --kdump ;;
    B) python3 "$HERE/capture.py" --name "$d" --mem 4G --cpu max,-la57 --append 'nokaslr' ;;
    C) python3 "$HERE/capture.py" --name "$d" --mem 2G --cpu max ;;
  esac
  made "$c" || { echo "[make-images] config $c did not produce its images in $QG_OUT/$d" >&2; exit 1; }
done
echo "[make-images] made: ${todo[*]} in $QG_OUT"
