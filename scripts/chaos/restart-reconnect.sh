#!/usr/bin/env bash
# The restart/reconnect chaos drill, in full, at 2, 3 and 5 members: at each size FAULTS faults (SIGKILL and
# SIGTERM of every standalone service and of the all-in-one node, SIGSTOP/SIGCONT pauses past the failure
# detection, network partitions of each member, kills in the middle of a cycle) under a steady load, with the
# budgets checked. Each member runs on a host of its own, a network namespace, so that a partition is real: that
# needs root and iproute2 (without them the drill runs on loopback, without partitions, and says so). Writes
# docs/reports/restart-reconnect.md's figures to target/restart-reconnect.md, a section per size, and exits non-zero
# when a budget is missed.
#
#   scripts/chaos/restart-reconnect.sh [FAULTS] [SEED] [SIZES]   (defaults: 40 faults per size, a seed from the clock,
#                                                                 sizes 2,3,5)
#
# Runs offline when the Maven repository already holds the build's dependencies (TAU_MVN_OFFLINE=0 to go online).
set -euo pipefail
cd "$(dirname "$0")/../.."

faults="${1:-40}"
seed="${2:-$(date +%s%N)}"
sizes="${3:-2,3,5}"
if [ "$faults" -lt 1 ]; then
  echo "restart-reconnect: FAULTS must be at least 1" >&2
  exit 2
fi
offline="-o"
[ "${TAU_MVN_OFFLINE:-1}" = "0" ] && offline=""
report="$PWD/target/restart-reconnect.md"
mkdir -p target
rm -f "$report"

echo "restart-reconnect: $faults faults at each of $sizes members, seed $seed; report in $report"
status=0
mvn -B $offline -q -pl launcher -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=RestartReconnectDrillIT -Dtau.drill.faults="$faults" -Dtau.drill.seed="$seed" -Dtau.drill.sizes="$sizes" \
  -Dtau.drill.report="$report" || status=$?

grep -h "^drill:" launcher/target/failsafe-reports/io.taumesh.launcher.RestartReconnectDrillIT-output.txt 2>/dev/null || true
if [ -f "$report" ]; then
  cat "$report"
fi
if [ "$status" -ne 0 ]; then
  echo "restart-reconnect: FAILED (a budget was missed, or the drill could not run): exit $status" >&2
  exit 1
fi
echo "restart-reconnect: every budget held"
