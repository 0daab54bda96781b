# Runs a supervised command so that it cannot outlive the supervisor: the supervisor holds this
# script's stdin open; when it closes (the supervisor exited or was killed), the command gets SIGTERM.
# SIGTERM to this script is passed on too. The exit status is the command's.
"$@" </dev/null &
child=$!
# The watcher reads with a shell builtin, so that it is one process: killing it leaves nothing behind.
( while IFS= read -r _; do :; done; kill -TERM "$child" 2>/dev/null ) <&0 &
watcher=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
status=0
while :; do
  wait "$child"; status=$?
  kill -0 "$child" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null
exit "$status"
