#!/usr/bin/env python3
"""Start time of a service image as built against the same image with one entrypoint flag dropped, or against
another build of the image (an earlier commit's), interleaved.

Each start: podman run as the startup bench runs the images (host networking, read-only root, no capabilities,
256 MiB, the mesh's credentials mounted as compose mounts its secret), timed from `podman run` to /readiness
answering 200. The image is loaded into a podman store of its own, removed afterwards.

  bench/scripts/image-flag-ab.py --image gateway-svc/target/gateway-image.tar \\
      --drop=-Dkeystore.pkcs12.keyPbeIterationCount=1 --credentials .tau/credentials/credentials.json --runs 7
  bench/scripts/image-flag-ab.py --image gateway-svc/target/gateway-image.tar \\
      --against /tmp/earlier/gateway-svc/target/gateway-image.tar --credentials ... --runs 7
"""
import argparse, json, os, shutil, socket, statistics, subprocess, tempfile, time, urllib.request

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--image", required=True, help="an image archive that -Pimages built")
baseline_kind = parser.add_mutually_exclusive_group(required=True)
baseline_kind.add_argument("--drop", help="the entrypoint argument to leave out in the baseline")
baseline_kind.add_argument("--against", help="the baseline: another archive of the same image, run as built")
parser.add_argument("--credentials", required=True, help="a mesh's credentials.json (any node's .tau/credentials/)")
parser.add_argument("--idle-seconds", type=float, default=0,
                    help="also read each start's resident memory this long after ready (default 0: not read)")
parser.add_argument("--runs", type=int, default=7, help="starts of each variant (default 7, at most 50)")
args = parser.parse_args()
runs = max(1, min(args.runs, 50))

store = tempfile.mkdtemp(prefix="tau-ab-")
podman = ["podman", "--root", store + "/storage", "--runroot", store + "/run", "--tmpdir", store + "/tmp"]
secret = store + "/mesh-credentials"
shutil.copy(args.credentials, secret)
# Readable by the containers' user (10001), as compose mounts a secret; the store is removed afterwards.
os.chmod(secret, 0o644)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resident(name):
    """The container's JVM (its first process) resident MiB, args.idle_seconds after ready; None when not asked."""
    if args.idle_seconds <= 0:
        return None
    time.sleep(args.idle_seconds)
    pid = subprocess.run(podman + ["inspect", "--format", "{{.State.Pid}}", name], check=True, capture_output=True,
                         text=True).stdout.strip()
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


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
                        ready = int((time.monotonic() - began) * 1000)
                        return ready, resident(name)
            except OSError:
                pass
            if time.monotonic() - began > 60:
                logs = subprocess.run(podman + ["logs", name], capture_output=True, text=True)
                raise SystemExit(f"{name} not ready in 60 s; its log ends:\n{(logs.stdout + logs.stderr)[-3000:]}")
            time.sleep(0.01)
    finally:
        subprocess.run(podman + ["rm", "--force", "--time", "5", name], capture_output=True)


def load(archive):
    """Loads an image archive into the store; its id, so that two builds of one image name stay apart."""
    loaded = subprocess.run(podman + ["load", "--quiet", "--input", archive], check=True, capture_output=True,
                            text=True).stdout
    name = loaded.strip().split("Loaded image: ")[-1].split()[0]
    return subprocess.run(podman + ["image", "inspect", "--format", "{{.Id}}", name], check=True,
                          capture_output=True, text=True).stdout.strip()


def summary(label, starts):
    times = [ready for ready, _ in starts]
    line = f"{label}: median {statistics.median(times):.0f} ms {sorted(times)}"
    memory = [rss for _, rss in starts if rss is not None]
    if memory:
        line += f", resident {statistics.median(memory):.0f} MiB"
    print(line)
    return statistics.median(times)


try:
    image = load(args.image)
    if args.against:
        other = load(args.against)
        baseline_image, baseline_entrypoint, baseline_label = other, None, f"as built, {args.against}"
    else:
        entrypoint = json.loads(subprocess.run(podman + ["image", "inspect", "--format",
                                                         "{{json .Config.Entrypoint}}", image],
                                               check=True, capture_output=True, text=True).stdout)
        baseline_entrypoint = [a for a in entrypoint if a != args.drop]
        if len(baseline_entrypoint) != len(entrypoint) - 1:
            raise SystemExit(f"{args.image}: its entrypoint has no {args.drop}: {entrypoint}")
        baseline_image, baseline_label = image, f"without {args.drop}"
    built, baseline = [], []
    for i in range(runs):
        built.append(start(f"built-{i}", image, None))
        baseline.append(start(f"baseline-{i}", baseline_image, baseline_entrypoint))
    print(f"{args.image}, {runs} starts each, interleaved")
    b = summary(f"as built, {args.image}", built)
    w = summary(baseline_label, baseline)
    print(f"as built / baseline: {b / w:.2f}x")
finally:
    subprocess.run(podman + ["rm", "--force", "--all", "--time", "5"], capture_output=True)
    subprocess.run(podman + ["rmi", "--force", "--all"], capture_output=True)
    shutil.rmtree(store, ignore_errors=True)
