#!/usr/bin/env bash
# Shared by tools/fuzz.sh and tools/soak.sh: builds memvfs (tests compiled, not run) and copies the
# test classpath of MODULE into a snapshot directory, so that a long run is not disturbed by a
# rebuild of the working tree while it runs. Prints the classpath.
set -euo pipefail
module=$1
snapshot=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
mvn -q -B install -DskipTests >&2
rm -rf "$snapshot"
mkdir -p "$snapshot/lib"
mvn -q -B -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$snapshot/deps.txt" >&2
tr ':' '\n' < "$snapshot/deps.txt" | while read -r jar; do
  [ -n "$jar" ] && cp "$jar" "$snapshot/lib/"
done
cp -r "$module/target/classes" "$snapshot/classes"
cp -r "$module/target/test-classes" "$snapshot/test-classes"
echo "$snapshot/test-classes:$snapshot/classes:$snapshot/lib/*"
