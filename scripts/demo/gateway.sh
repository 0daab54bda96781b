#!/usr/bin/env bash
# The gateway runbook's deterministic demo (runbook 001): runs the healthy fixture through the gateway
# contract runner in small cycles, then prints the transport health and ends with the status JSON.
# State goes to --gateway-state-dir (TAU_GATEWAY_STATE_DIR, default .tau/gateway); an existing state dir
# is moved aside first, never deleted.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

state_dir="${TAU_GATEWAY_STATE_DIR:-.tau/gateway}"
fixture="fixtures/gateway/healthy.json"

# shellcheck source=scripts/demo/lib.sh
. "$root/scripts/demo/lib.sh"
move_aside "$state_dir"

echo "demo: running $fixture through the gateway contract runner (4 cases per cycle)" >&2
./tau-mesh --gateway-contract-runner --gateway-fixture "$fixture" --gateway-state-dir "$state_dir" \
  --gateway-queue-limit 4 >&2

echo "demo: transport health" >&2
./tau-mesh --gateway-state-dir "$state_dir" --transport-health-inspect gateway >&2

./tau-mesh --gateway-state-dir "$state_dir" --gateway-status-inspect --gateway-status-json
