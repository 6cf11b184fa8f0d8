#!/usr/bin/env python3
"""Benchmark runner: starts idemu (release build) and nginx (`return 200`, 1 worker) side by side, drives each
workload with wrk over 32 keep-alive connections, and prints requests/s, p50/p99 latency, server RSS and the
ratio to the nginx baseline measured in the same run.

Workloads live in bench/workloads.py; later issues add theirs there.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import WORKLOADS  # noqa: E402

IDEMU_PORT = 18080
NGINX_PORT = 18081


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
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url, seconds, connections, script=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_latency(re.search(r"50%\s+(\S+)", output).group(1))
    p99 = parse_latency(re.search(r"99%\s+(\S+)", output).group(1))
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
    return process


def start_idemu(binary, extra):
    process = subprocess.Popen([binary, "serve", "--port", str(IDEMU_PORT)] + extra,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(IDEMU_PORT)
    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", help="run only workloads whose name contains this")
    args = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="idemu-bench-")
    for sub in ["body", "proxy", "fcgi", "uwsgi", "scgi"]:
        os.makedirs(os.path.join(directory, sub))
    nginx = start_nginx(directory)
    rows = []
    try:
        baseline = run_wrk(f"http://127.0.0.1:{NGINX_PORT}/", args.seconds, args.connections)
        rows.append(("nginx return 200 (baseline)", baseline, rss_mib(nginx.pid)))
        for workload in WORKLOADS:
            if args.only and args.only not in workload["name"]:
                continue
            idemu = start_idemu(args.binary, workload.get("flags", []))
            try:
                for step in workload.get("setup", []):
                    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{IDEMU_PORT}{step['path']}",
                                                                  data=step.get("body", "").encode(),
                                                                  method=step.get("method", "POST"),
                                                                  headers=step.get("headers", {})))
                script = wrk_script(workload, directory)
                result = run_wrk(f"http://127.0.0.1:{IDEMU_PORT}{workload['path']}", args.seconds, args.connections,
                                 script)
                rows.append((workload["name"], result, rss_mib(idemu.pid)))
            finally:
                idemu.send_signal(signal.SIGTERM)
                idemu.wait(timeout=15)
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=15)
        shutil.rmtree(directory, ignore_errors=True)

    print(f"\nwrk -t1 -c{args.connections} -d{args.seconds}s on {os.cpu_count()} cores; RSS after load")
    print(f"{'workload':<48} {'req/s':>10} {'vs nginx':>9} {'p50 ms':>8} {'p99 ms':>8} {'RSS MiB':>8}  notes")
    for name, r, rss in rows:
        ratio = r["rps"] / baseline["rps"]
        notes = (f"non-2xx {r['non2xx']} " if r["non2xx"] else "") + r["errors"]
        print(f"{name:<48} {r['rps']:>10.0f} {ratio:>8.2f}x {r['p50']:>8.3f} {r['p99']:>8.3f} {rss:>8.1f}  {notes}")
    if any(r["non2xx"] for name, r, _ in rows if not name.startswith("nginx")):
        print("some workloads answered non-2xx: check their setup", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
