#!/usr/bin/env bash
# Runs every Tau Mesh benchmark and updates bench/REPORT.md. Bounded: each benchmark stops at its
# --max-seconds (see 'java -jar bench/target/tau-bench.jar <name> --help'). Not part of 'mvn verify'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "bench: building (mvn -pl bench -am package)"
mvn -B -q -DskipTests -pl bench -am package

jar="$root/bench/target/tau-bench.jar"
report="$root/bench/REPORT.md"

# The mesh as configured by default (one event loop per node) ...
java -jar "$jar" transport --report "$report"
# ... and with Vert.x's own default of two event loops per core, to show what the single loop buys.
java -jar "$jar" transport --event-loops "$(( 2 * $(nproc) ))" --report "$report"

echo "bench: done; see bench/REPORT.md"
