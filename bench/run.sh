#!/usr/bin/env bash
# Runs every Tau Mesh benchmark and updates bench/REPORT.md (about 15 minutes on 2 cores, most of it the startup bench). Bounded:
# each benchmark stops at its --max-seconds (see 'java -jar bench/target/tau-bench.jar <name> --help').
# Not part of 'mvn verify'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "bench: building (mvn -pl bench -am package)"
mvn -B -q -DskipTests -pl bench,launcher -am package

jar="$root/bench/target/tau-bench.jar"
report="$root/bench/REPORT.md"

# Event bus vs raw socket between two JVMs: the mesh as configured by default (one event loop per node) ...
java -jar "$jar" transport --report "$report"
# ... and with Vert.x's own default of two event loops per core, to show what the single loop buys.
java -jar "$jar" transport --event-loops "$(( 2 * $(nproc) ))" --report "$report"

# The gateway contract runner at 1k, 10k and 100k cases vs parsing the same fixture.
java -jar "$jar" runner --report "$report"

# Supervisor restart latency: verticle children, and process children against a bare JVM start.
java -jar "$jar" supervisor --report "$report"

# Widget fan-out through the web UI's bridge to 1, 100 and 500 clients.
java -jar "$jar" fanout --report "$report"

# A control action from a page until its widget update reached 1 and 100 open pages, on the all-in-one mesh.
java -jar "$jar" control --report "$report"

# Opening a gateway state dir with 1k against 1M committed cycles (the large one written directly).
java -jar "$jar" history --report "$report"
# The page's history query: 5 min, 1 h and 24 h windows over 1k against 1M cycles.
java -jar "$jar" history-query --report "$report"

# The cost of a Prometheus scrape of a busy mesh node vs a bare Vert.x node with JVM metrics only.
java -jar "$jar" scrape --report "$report"

# The gateway's durable HTTP ingress (group commit) vs a route that writes nothing vs one fsync per line, with wrk.
java -jar "$jar" ingress --report "$report"

# Commands that ask a running mesh (a daemon), as an operator runs them, vs a bare JVM start and curl /health.
java -jar "$jar" operator --report "$report"

# Cold start and idle memory of each service (defaults, container-sized flags, + AppCDS), each image run by
# podman, and the image sizes; builds the images first (no daemon, no pull).
mvn -B -q -DskipTests package -Pimages
java -jar "$jar" startup --report "$report"

echo "bench: done; see bench/REPORT.md"
