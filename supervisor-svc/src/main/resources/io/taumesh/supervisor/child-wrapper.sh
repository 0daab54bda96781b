# Runs a supervised command so that it cannot outlive the supervisor, and so that only the supervisor
# signals it.
# - The command gets a process group of its own: a signal sent to the supervisor's whole group (Ctrl-C in
#   a terminal, `kill -TERM -PGID`) is the supervisor's to pass on, in its own order, once.
# - The supervisor holds this script's stdin open; when it closes (the supervisor exited or was killed),
#   the command gets SIGTERM.
# - The command gets SIGTERM when this script dies, however it dies (a SIGKILL to the supervisor's whole group
#   kills this script and its watcher too, and the command, in a group of its own, would hear nothing): a
#   parent-death signal, set where util-linux's setpriv is installed.
# - SIGTERM or SIGINT to this script is passed on as one SIGTERM, however many arrive.
# The exit status is the command's.
pdeath=()
if command -v setpriv >/dev/null 2>&1; then
  pdeath=(setpriv --pdeathsig TERM --)
fi
set -m
"${pdeath[@]}" "$@" </dev/null &
child=$!
set +m
# The watcher reads with a shell builtin, so that it is one process: killing it leaves nothing behind.
( while IFS= read -r _; do :; done; kill -TERM "$child" 2>/dev/null ) <&0 &
watcher=$!
forwarded=
stop_child() {
  if [ -z "$forwarded" ]; then
    forwarded=1
    kill -TERM "$child" 2>/dev/null
  fi
}
trap stop_child TERM INT
# A trapped signal interrupts `wait`; wait again until the command is gone, then read its own status.
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
done
wait "$child"
status=$?
kill "$watcher" 2>/dev/null
# Reaped here: where the supervisor is PID 1 (in a container), an orphan would stay a zombie that it never
# reaps, and a stop that waits for every process of the tree would wait for it.
wait "$watcher" 2>/dev/null
exit "$status"
