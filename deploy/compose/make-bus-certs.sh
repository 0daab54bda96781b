#!/usr/bin/env bash
# Makes the mesh's own CA and one node certificate it signs, for mutual TLS on the event bus
# (docs/deploy.md, "A secured event bus"), and the mesh's credentials, which a node must hold to join its cluster
# (docs/security.md). Usage: make-bus-certs.sh [OUT_DIR]   (default: tls/ beside this file)
# Every node of the mesh presents that certificate and trusts only that CA; keep ca.key offline. The credentials
# are made by the mesh's own command (TAU_MESH, default: the repository's ./tau-mesh).
set -euo pipefail
out=${1:-"$(dirname "${BASH_SOURCE[0]}")/tls"}
mkdir -p "$out"
umask 077
openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=tau-mesh bus CA" \
  -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
openssl req -newkey rsa:3072 -nodes -subj "/CN=tau-mesh node" -keyout "$out/node.key" -out "$out/node.csr" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' \
  > "$out/node.ext"
openssl x509 -req -in "$out/node.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -days 825 \
  -extfile "$out/node.ext" -out "$out/node.crt" 2>/dev/null
rm -f "$out/node.csr" "$out/node.ext" "$out/ca.srl"
# The node reads its key as the container's unprivileged user.
chmod 0644 "$out/node.key" "$out/node.crt" "$out/ca.crt"
tau_mesh=${TAU_MESH:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tau-mesh"}
"$tau_mesh" --mesh-credentials "$out/mesh" --mesh-credentials-export "$out/mesh-credentials.json" >/dev/null
chmod 0644 "$out/mesh-credentials.json"
chmod 0700 "$out"
echo "make-bus-certs: $out/{ca.crt,node.crt,node.key,mesh-credentials.json} (ca.key: keep it off the nodes)"
