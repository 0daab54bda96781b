#!/usr/bin/env bash
# Makes a service image's application class-data archive (AppCDS) by starting the image's own entrypoint, offline,
# in a chroot of the image's unpacked layers: the JVM accepts an archive only where every jar has the path,
# size and time it had when the archive was written, so it is written at the paths the container has (/app/...), by
# the image's own runtime (/opt/tau/jre), with the image's own flags. The service starts alone (no members, free
# loopback ports), reports ready and is stopped with SIGTERM, twice: the first start makes the mesh's credentials,
# the second reads them as a container does and its JVM writes the classes it loaded as it exits.
# Runs unprivileged through a user and mount namespace (util-linux unshare); as root it needs nothing more.
# Usage: train-app-archive.sh UNTRAINED_IMAGE_TAR OUT_DIR WORK_DIR
# Writes OUT_DIR/opt/tau/app.jsa, the path the entrypoint's -XX:SharedArchiveFile names.
set -euo pipefail
image_tar=$(realpath "${1:?untrained image archive}")
out=$(realpath -m "${2:?output folder}")
work=$(realpath -m "${3:?work folder}")
archive_in_image=/opt/tau/app.jsa
name=$(basename "$image_tar" .tar)
name=${name%-untrained-image}

fail() { echo "train-app-archive: $name: $*" >&2; exit 1; }
command -v unshare >/dev/null || fail "needs unshare (util-linux) to run the image's entrypoint in a chroot"

rm -rf "$work" "$out"
mkdir -p "$work/oci" "$work/root" "$out/$(dirname "$archive_in_image")"
tar -xf "$image_tar" -C "$work/oci"
blob() { echo "$work/oci/blobs/sha256/${1#sha256:}"; }
manifest=$(blob "$(grep -o 'sha256:[0-9a-f]*' "$work/oci/index.json" | head -1)")
config=$(blob "$(grep -o '"config":{[^}]*}' "$manifest" | grep -o 'sha256:[0-9a-f]*')")
# Layers in order, each over the last, as the container's root filesystem is stacked.
for layer in $(grep -o '"layers":.*' "$manifest" | grep -o 'sha256:[0-9a-f]*'); do
  tar --warning=no-unknown-keyword -xzf "$(blob "$layer")" -C "$work/root"
done
mkdir -p "$work/root/proc" "$work/root/dev"

# The entrypoint as the image's config states it, one argument per line, with the archive's flag turned from
# "use" into "write". jib writes the config compact and no argument of ours holds a quote or a comma.
entrypoint=$(grep -o '"Entrypoint":\[[^]]*\]' "$config" | sed 's/^"Entrypoint":\[//; s/\]$//' | sed 's/","/\n/g; s/"//g')
grep -qx -- "-XX:SharedArchiveFile=$archive_in_image" <<<"$entrypoint" \
  || fail "the entrypoint does not name -XX:SharedArchiveFile=$archive_in_image"
writing=$(sed "s#^-XX:SharedArchiveFile=$archive_in_image\$#-XX:ArchiveClassesAtExit=/tmp/app.jsa#; 1s#^java\$#/opt/tau/jre/bin/java#" <<<"$entrypoint")
plain=$(grep -vx -- "-XX:SharedArchiveFile=$archive_in_image" <<<"$entrypoint" | sed '1s#^java$#/opt/tau/jre/bin/java#')
quote() { while IFS= read -r arg; do printf "'%s' " "$arg"; done <<<"$1"; }
started=$(date +%s)

# One start of the service alone: a cluster of its own with no members, every port chosen by the kernel, on
# loopback; stopped with SIGTERM once ready. $1: the entrypoint, quoted; $2: TAU_MESH_CREDENTIALS (empty: default).
start_once() {
  local log="$work/training.log"
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/tau-mesh \
    TAU_CLUSTER_NAME="train-$name-$$" TAU_CLUSTER_HOST=127.0.0.1 TAU_CLUSTER_PORT=0 TAU_CLUSTER_MEMBERS=none \
    TAU_CLUSTER_LITE_MEMBER=false TAU_EVENTBUS_PORT=0 TAU_OPS_HOST=127.0.0.1 TAU_OPS_PORT=0 TAU_UI_PORT=0 \
    TAU_GATEWAY_HTTP_PORT=0 ${2:+TAU_MESH_CREDENTIALS=$2} \
    unshare --user --map-root-user --mount sh -c \
    'mount --bind /proc "$1/proc" && mount --rbind /dev "$1/dev" && exec chroot "$1" /bin/sh -c "cd /var/lib/tau-mesh && exec $2"' \
    train "$work/root" "$1" >"$log" 2>&1 &
  local pid=$! since
  since=$(date +%s)
  until grep -q ': ready;' "$log"; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; fail "the service ended before it was ready (log: $log)"; }
    [ $(( $(date +%s) - since )) -lt 120 ] || { kill -KILL "$pid"; tail -20 "$log" >&2; fail "not ready within 120 s"; }
    sleep 0.2
  done
  kill -TERM "$pid"
  wait "$pid" || fail "the service did not stop cleanly on SIGTERM (log: $log)"
}

# The first start makes the mesh's credentials; the second, which writes the archive, reads them as a file, as a
# container is given them (compose's secret): the archive then holds the classes of the start that containers make.
start_once "$(quote "$plain")" ""
credentials=/var/lib/tau-mesh/.tau/credentials/credentials.json
[ -s "$work/root$credentials" ] || fail "the first start made no credentials at $credentials"
start_once "$(quote "$writing")" "$credentials"
[ -s "$work/root/tmp/app.jsa" ] || fail "the JVM wrote no archive at exit (log: $log)"
cp "$work/root/tmp/app.jsa" "$out$archive_in_image"
chmod 644 "$out$archive_in_image"
echo "train-app-archive: $name: $(du -m "$out$archive_in_image" | cut -f1) MiB archive in $(( $(date +%s) - started )) s"
rm -rf "$work"
