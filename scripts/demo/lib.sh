# Shared by the demo scripts (sourced, not run).

# move_aside DIR: a demo starts from an empty state dir; an existing one is renamed, never deleted.
move_aside() {
  local dir="$1"
  if [ -e "$dir" ]; then
    local kept
    kept="$dir.before-demo-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$dir" "$kept"
    echo "demo: moved the existing state dir to $kept" >&2
  fi
}
