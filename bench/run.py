#!/usr/bin/env python3
"""Benchmark runner: starts nginx (`return 200`, 1 worker) and one idemu (release build) per workload side by side,
drives each with wrk over 32 keep-alive connections, and prints requests/s, p50/p99 latency, server RSS and the
ratio to the nginx baseline.

The machine's speed drifts from minute to minute, so targets are measured interleaved, in several rounds, and the
medians are compared: each ratio is against nginx runs taken seconds apart, not minutes.

Workloads live in bench/workloads.py; later issues add theirs there.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import WORKLOADS  # noqa: E402



def free_port():
    """A port nothing listens on now (so a stray server cannot answer in place of the one started)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


NGINX_PORT = free_port()


def wait_for_port(port, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on port {port}")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def parse_latency(text):
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not match:
        raise RuntimeError(f"unexpected wrk latency {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url, seconds, connections, script=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_latency(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = parse_latency(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": errors.group(0) if errors else ""}


def wrk_script(workload, directory):
    """A wrk Lua script for workloads with a method, headers or a body."""
    if not (workload.get("method") or workload.get("headers") or workload.get("body")):
        return None
    path = os.path.join(directory, workload["name"] + ".lua")
    lines = [f'wrk.method = "{workload.get("method", "GET")}"']
    if workload.get("body") is not None:
        body = workload["body"].replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'wrk.body = "{body}"')
    for name, value in workload.get("headers", {}).items():
        lines.append(f'wrk.headers["{name}"] = "{value}"')
    with open(path, "w") as script:
        script.write("\n".join(lines) + "\n")
    return path


def fill(item, captured):
    """`item` (a workload or setup step) with `{name}` in its path, body and header values replaced by values that
    earlier setup steps captured (a step's `capture` maps names to members of its JSON response, e.g. a token)."""
    def replace(text):
        for name, value in captured.items():
            text = text.replace("{" + name + "}", str(value))
        return text
    filled = item | {"path": replace(item["path"]),
                     "headers": {key: replace(value) for key, value in item.get("headers", {}).items()}}
    if "body" in item:
        filled["body"] = replace(item["body"])
    return filled


def start_nginx(directory):
    config = os.path.join(directory, "nginx.conf")
    with open(config, "w") as f:
        f.write(f"""daemon off; worker_processes 1; pid {directory}/nginx.pid; error_log {directory}/nginx.err warn;
events {{ worker_connections 4096; }}
http {{ access_log off; keepalive_requests 1000000; keepalive_timeout 75s;
  client_body_temp_path {directory}/body; proxy_temp_path {directory}/proxy; fastcgi_temp_path {directory}/fcgi;
  uwsgi_temp_path {directory}/uwsgi; scgi_temp_path {directory}/scgi;
  server {{ listen 127.0.0.1:{NGINX_PORT}; location / {{ default_type application/json; return 200 '{{"status":"ok"}}'; }} }} }}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen([nginx, "-c", config, "-e", f"{directory}/nginx.err"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    wait_for_port(NGINX_PORT)
    if process.poll() is not None:
        raise RuntimeError(f"nginx exited at start; see {directory}/nginx.err")
    return process


def seed_for(directory, index, workload):
    """A copy of the default seed for one workload: its SecureAuth tenants get the workload's `rate_limits`, and its
    `seed` function (if any) then rewrites files of the copy (e.g. adds 10,000 users)."""
    seed_dir = seed_with_overrides(os.path.join(directory, f"seed-{index}"), workload.get("rate_limits"))
    if "seed" in workload:
        workload["seed"](seed_dir)
    return seed_dir


def seed_with_overrides(seed_dir, overrides):
    """A copy of the default seed in `seed_dir` whose SecureAuth tenants get `overrides` as their rate limits."""
    import json
    os.makedirs(seed_dir, exist_ok=True)
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seed-data", "default")
    for name in os.listdir(source):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(source, name)) as f:
            document = json.load(f)
        if name == "secureauth-connect.json" and overrides is not None:
            for tenant in document["tenants"]:
                tenant["rate_limits"] = overrides
        with open(os.path.join(seed_dir, name), "w") as f:
            json.dump(document, f)
    return seed_dir


def start_idemu(binary, port, extra):
    process = subprocess.Popen([binary, "serve", "--port", str(port)] + extra,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    if process.poll() is not None:
        raise RuntimeError(f"idemu exited at start (exit {process.returncode}); is port {port} taken?")
    return process


def start_to_healthy_ms(binary, port, attempts=5):
    """Median time from exec to the first 200 from /_emulator/health, over a few fresh starts."""
    timings = []
    for _ in range(attempts):
        started = time.perf_counter()
        process = subprocess.Popen([binary, "serve", "--port", str(port)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/health", timeout=1) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if time.perf_counter() - started > 10:
                        raise RuntimeError("idemu did not become healthy within 10 s")
                    time.sleep(0.001)
            timings.append((time.perf_counter() - started) * 1000)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=15)
    return statistics.median(timings)


def median_result(results):
    return {key: statistics.median(r[key] for r in results) for key in ("rps", "p50", "p99", "non2xx")} | {
        "errors": next((r["errors"] for r in results if r["errors"]), "")}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "5")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", help="run only workloads whose name contains this")
    parser.add_argument("--soak", type=float, metavar="MINUTES",
                        help="instead of the comparison: run each token workload this long, sampling RSS and throughput")
    args = parser.parse_args()
    if args.soak:
        from soak import soak
        sys.exit(soak(args.binary, args.soak, args.connections, args.only,
                      {"workloads": WORKLOADS, "free_port": free_port, "start_idemu": start_idemu,
                       "wrk_script": wrk_script, "rss_mib": rss_mib, "fill": fill}))

    workloads = [w for w in WORKLOADS if not args.only or args.only in w["name"]]
    startup = start_to_healthy_ms(args.binary, free_port())
    directory = tempfile.mkdtemp(prefix="idemu-bench-")
    for sub in ["body", "proxy", "fcgi", "uwsgi", "scgi"]:
        os.makedirs(os.path.join(directory, sub))
    processes = {"nginx": start_nginx(directory)}
    targets = [("nginx return 200 (baseline)", f"http://127.0.0.1:{NGINX_PORT}/", None, "nginx")]
    try:
        for index, workload in enumerate(workloads):
            port = free_port()
            flags = list(workload.get("flags", []))
            if "rate_limits" in workload or "seed" in workload:
                flags += ["--seed", seed_for(directory, index, workload)]
            processes[workload["name"]] = start_idemu(args.binary, port, flags)
            captured = {}
            for step in workload.get("setup", []):
                step = fill(step, captured)
                with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{step['path']}",
                                                                   data=step.get("body", "").encode(),
                                                                   method=step.get("method", "POST"),
                                                                   headers=step.get("headers", {}))) as response:
                    if step.get("capture"):
                        document = json.load(response)
                        captured.update({name: document[member] for name, member in step["capture"].items()})
            workload = fill(workload, captured)
            targets.append((workload["name"], f"http://127.0.0.1:{port}{workload['path']}",
                            wrk_script(workload, directory), workload["name"]))
        results = {name: [] for name, _, _, _ in targets}
        for _ in range(args.rounds):
            for name, url, script, _ in targets:
                results[name].append(run_wrk(url, args.seconds, args.connections, script))
        rss = {name: rss_mib(processes[key].pid) for name, _, _, key in targets}
    finally:
        processes.pop("nginx").send_signal(signal.SIGQUIT)
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            process.wait(timeout=15)
        shutil.rmtree(directory, ignore_errors=True)

    rows = [(name, median_result(results[name]), rss[name]) for name, _, _, _ in targets]
    baseline = rows[0][1]
    print(f"\nwrk -t1 -c{args.connections}, {args.rounds} interleaved rounds of {args.seconds}s, medians; "
          f"{os.cpu_count()} cores; RSS after load")
    print(f"{'workload':<48} {'req/s':>10} {'vs nginx':>9} {'p50 ms':>8} {'p99 ms':>8} {'RSS MiB':>8}  notes")
    for name, r, mib in rows:
        ratio = r["rps"] / baseline["rps"]
        notes = (f"non-2xx {int(r['non2xx'])} " if r["non2xx"] else "") + r["errors"]
        print(f"{name:<48} {r['rps']:>10.0f} {ratio:>8.2f}x {r['p50']:>8.3f} {r['p99']:>8.3f} {mib:>8.1f}  {notes}")
    print(f"start to first healthy answer (median of 5 starts, default seed): {startup:.1f} ms")
    if any(r["non2xx"] for name, r, _ in rows[1:]):
        print("some workloads answered non-2xx: check their setup", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
