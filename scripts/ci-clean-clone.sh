#!/usr/bin/env bash
# Runs CI the way CI does: on a fresh clone of what is committed (untracked and ignored files stay behind).
# Usage: scripts/ci-clean-clone.sh [DIR]   (default DIR: a new temporary directory)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$(mktemp -d -t tau-mesh-ci.XXXXXX)}"
git clone -q "$root" "$dir/repo"
echo "ci-clean-clone: running .ci/run in $dir/repo"
cd "$dir/repo"
CI=true bash .ci/run
