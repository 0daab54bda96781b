#!/usr/bin/env bash
# Assembles the root filesystem every Tau Mesh image starts from, offline: a jlink runtime of only the
# modules the mesh needs (with its class-data-sharing archive), the few shared libraries that runtime links,
# an unprivileged user and the writable folders. Nothing is downloaded; everything comes from this machine's JDK
# and C library. One shell, dash as /bin/sh: podman-compose runs every healthcheck through "/bin/sh -c", even one
# given as a command list. Beside it, in SHELL_DIR, bash and the libraries it adds: only the all-in-one image
# takes them, since its supervisor runs the relay as a process child through a bash wrapper.
# Usage: assemble-rootfs.sh OUT_DIR JAVA_MODULES SHELL_DIR
set -euo pipefail
out=$(realpath -m "${1:?output folder}")
modules=${2:?java modules}
shell_out=$(realpath -m "${3:?shell folder}")
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || { echo "assemble-rootfs: no jlink in $java_home (a JDK, not a JRE, builds the images)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/opt/tau" "$out/etc" "$out/tmp" "$out/var/lib/tau-mesh" "$out/lib64" "$out/lib/x86_64-linux-gnu" "$out/bin"

"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --generate-cds-archive --output "$out/opt/tau/jre"

# The libraries the runtime's binaries link, resolved on this host, copied as plain files to the paths the
# dynamic loader searches (symlinks would dangle in an image that has only these files).
libs=$(find "$out/opt/tau/jre" -type f \( -name java -o -name '*.so' \) -exec ldd {} + 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib64\// { print $1 }' | grep -v "^$out/" | sort -u)
# glibc's thread, dl and realtime stubs: the JVM and Netty's native transport open them by name.
for extra in libpthread.so.0 libdl.so.2 librt.so.1; do
  # awk reads to the end: leaving early would kill ldconfig with SIGPIPE, which pipefail turns into a failed build.
  path=$(ldconfig -p | awk -v n="$extra" '$1 == n && /x86-64/ && !found { print $NF; found = 1 }')
  [ -n "$path" ] && libs="$libs"$'\n'"$path"
done
dash=$(readlink -f "$(command -v dash)")
cp -L "$dash" "$out/bin/sh"
libs="$libs"$'\n'"$(ldd "$dash" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib64\// { print $1 }')"
libs=$(echo "$libs" | grep . | sort -u)
for lib in $libs; do
  case "$lib" in
    */ld-linux-x86-64.so.2) cp -L "$lib" "$out/lib64/ld-linux-x86-64.so.2" ;;
    *) cp -L "$lib" "$out/lib/x86_64-linux-gnu/$(basename "$lib")" ;;
  esac
done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
tau:x:10001:10001:Tau Mesh:/var/lib/tau-mesh:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
tau:x:10001:
GROUP
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"

rm -rf "$shell_out"
mkdir -p "$shell_out/bin" "$shell_out/lib/x86_64-linux-gnu"
cp -L "$(command -v bash)" "$shell_out/bin/bash"
for lib in $(ldd "$shell_out/bin/bash" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do
  [ -e "$out/lib/x86_64-linux-gnu/$(basename "$lib")" ] || cp -L "$lib" "$shell_out/lib/x86_64-linux-gnu/"
done
echo "assemble-rootfs: $(du -sh "$out" | cut -f1) in $out ($(echo "$libs" | wc -l) shared libraries)"
