#!/usr/bin/env bash
# The dashboard runbook's deterministic demo (runbook 000): runs the widget fixture and the control-action
# fixture through the dashboard contract runner, checks that replaying the event log rebuilds the same
# widget views, prints the transport health and the canary phases, and ends with the status JSON.
# State goes to --dashboard-state-dir (TAU_DASHBOARD_STATE_DIR, default .tau/dashboard); an existing state
# dir is moved aside first, never deleted.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

state_dir="${TAU_DASHBOARD_STATE_DIR:-.tau/dashboard}"

# shellcheck source=scripts/demo/lib.sh
. "$root/scripts/demo/lib.sh"
move_aside "$state_dir"

echo "demo: widget updates, then control actions routed to the gateway" >&2
./tau-mesh --dashboard-contract-runner --dashboard-state-dir "$state_dir" \
  --dashboard-fixture fixtures/dashboard/healthy.json,fixtures/dashboard/control.json --dashboard-queue-limit 6 >&2

echo "demo: rebuilding the widget views from runtime-events.jsonl" >&2
./tau-mesh --dashboard-state-dir "$state_dir" --dashboard-reproject >&2

echo "demo: transport health and canary phases" >&2
./tau-mesh --dashboard-state-dir "$state_dir" --transport-health-inspect dashboard >&2
./tau-mesh --dashboard-state-dir "$state_dir" --dashboard-canary-inspect >&2

./tau-mesh --dashboard-state-dir "$state_dir" --dashboard-status-inspect --dashboard-status-json
