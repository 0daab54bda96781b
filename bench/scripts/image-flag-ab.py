#!/usr/bin/env python3
"""Start time of a service image as built against the same image with one entrypoint flag dropped, interleaved.

Each start: podman run as the startup bench runs the images (host networking, read-only root, no capabilities,
256 MiB, the mesh's credentials mounted as compose mounts its secret), timed from `podman run` to /readiness
answering 200. The image is loaded into a podman store of its own, removed afterwards.

  bench/scripts/image-flag-ab.py --image gateway-svc/target/gateway-image.tar \\
      --drop=-Dkeystore.pkcs12.keyPbeIterationCount=1 --credentials .tau/credentials/credentials.json --runs 7
"""
import argparse, json, shutil, socket, statistics, subprocess, tempfile, time, urllib.request

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--image", required=True, help="an image archive that -Pimages built")
parser.add_argument("--drop", required=True, help="the entrypoint argument to leave out in the baseline")
parser.add_argument("--credentials", required=True, help="a mesh's credentials.json (any node's .tau/credentials/)")
parser.add_argument("--runs", type=int, default=7, help="starts of each variant (default 7, at most 50)")
args = parser.parse_args()
runs = max(1, min(args.runs, 50))

store = tempfile.mkdtemp(prefix="tau-ab-")
podman = ["podman", "--root", store + "/storage", "--runroot", store + "/run", "--tmpdir", store + "/tmp"]
secret = store + "/mesh-credentials"
shutil.copy(args.credentials, secret)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name, image, entrypoint):
    ops = free_port()
    env = {"TAU_CLUSTER_NAME": "ab-" + name, "TAU_CLUSTER_HOST": "127.0.0.1", "TAU_CLUSTER_PORT": "0",
           "TAU_CLUSTER_MEMBERS": "none", "TAU_CLUSTER_LITE_MEMBER": "false", "TAU_EVENTBUS_PORT": "0",
           "TAU_OPS_HOST": "127.0.0.1", "TAU_OPS_PORT": str(ops), "TAU_UI_PORT": "0", "TAU_GATEWAY_HTTP_PORT": "0",
           "TAU_MESH_CREDENTIALS": "/run/secrets/mesh-credentials"}
    command = podman + ["run", "--detach", "--name", name, "--network", "host", "--read-only", "--cap-drop", "ALL",
                        "--security-opt", "no-new-privileges", "--memory", "256m",
                        "--volume", secret + ":/run/secrets/mesh-credentials:ro"]
    for key, value in env.items():
        command += ["--env", f"{key}={value}"]
    if entrypoint is not None:
        command += ["--entrypoint", json.dumps(entrypoint)]
    began = time.monotonic()
    subprocess.run(command + [image], check=True, capture_output=True)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{ops}/readiness", timeout=1) as answer:
                    if answer.status == 200:
                        return int((time.monotonic() - began) * 1000)
            except OSError:
                pass
            if time.monotonic() - began > 60:
                raise SystemExit(name + " not ready in 60 s")
            time.sleep(0.01)
    finally:
        subprocess.run(podman + ["rm", "--force", "--time", "5", name], capture_output=True)


try:
    loaded = subprocess.run(podman + ["load", "--quiet", "--input", args.image], check=True, capture_output=True,
                            text=True).stdout
    image = loaded.strip().split("Loaded image: ")[-1].split()[0]
    entrypoint = json.loads(subprocess.run(podman + ["image", "inspect", "--format", "{{json .Config.Entrypoint}}",
                                                     image], check=True, capture_output=True, text=True).stdout)
    baseline = [a for a in entrypoint if a != args.drop]
    if len(baseline) != len(entrypoint) - 1:
        raise SystemExit(f"{image}: its entrypoint has no {args.drop}: {entrypoint}")
    built, without = [], []
    for i in range(runs):
        built.append(start(f"built-{i}", image, None))
        without.append(start(f"without-{i}", image, baseline))
    b, w = statistics.median(built), statistics.median(without)
    print(f"{image}, {runs} starts each, interleaved")
    print(f"as built: median {b:.0f} ms {sorted(built)}")
    print(f"without {args.drop}: median {w:.0f} ms {sorted(without)}")
    print(f"as built / without: {b / w:.2f}x")
finally:
    subprocess.run(podman + ["rm", "--force", "--all", "--time", "5"], capture_output=True)
    subprocess.run(podman + ["rmi", "--force", "--all"], capture_output=True)
    shutil.rmtree(store, ignore_errors=True)
