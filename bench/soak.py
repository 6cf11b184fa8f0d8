"""Soak: each token workload under load for a given time, with memory and throughput sampled as it runs.

For each workload (SecureAuth client_credentials ES256 JWT, Asgardeo client_credentials opaque UUID, Authlete token
API) a fresh idemu is driven by wrk in 30-second slices over the same connection count; after every slice it prints
the server's RSS and the slice's rate, then the rate per minute, the tokens issued, how flat the rate stayed (last
minute against the first), and finally the time of POST /_emulator/reset and the RSS after it.
"""
import os
import re
import subprocess
import time
import urllib.request

SLICE_SECONDS = 30
SOAK_WORKLOADS = [
    "SecureAuth client_credentials (ES256 JWT, Basic)",
    "Asgardeo client_credentials (opaque UUID, Basic)",
    "Authlete token API (client_credentials)",
]


def wrk_slice(url, seconds, connections, script):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return requests, int(non2xx.group(1)) if non2xx else 0


def timed_reset(port):
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/_emulator/reset", data=b"",
                                                       method="POST")) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def soak(binary, minutes, connections, only, helpers):
    """`helpers`: the runner's free_port, start_idemu, wrk_script, rss_mib and fill."""
    import tempfile
    workloads = [w for w in helpers["workloads"] if w["name"] in SOAK_WORKLOADS and (not only or only in w["name"])]
    directory = tempfile.mkdtemp(prefix="idemu-soak-")
    slices = max(2, int(minutes * 60 // SLICE_SECONDS))
    failed = False
    for workload in workloads:
        port = helpers["free_port"]()
        process = helpers["start_idemu"](binary, port, list(workload.get("flags", [])))
        try:
            workload = helpers["fill"](workload, {})
            script = helpers["wrk_script"](workload, directory)
            url = f"http://127.0.0.1:{port}{workload['path']}"
            print(f"\n== {workload['name']}: {slices * SLICE_SECONDS // 60} min {slices * SLICE_SECONDS % 60} s, "
                  f"wrk -t2 -c{connections}, RSS every {SLICE_SECONDS} s", flush=True)
            print(f"   start: RSS {helpers['rss_mib'](process.pid):.1f} MiB", flush=True)
            total, non2xx, rates, peak = 0, 0, [], 0.0
            for index in range(slices):
                requests, bad = wrk_slice(url, SLICE_SECONDS, connections, script)
                total += requests
                non2xx += bad
                rates.append(requests / SLICE_SECONDS)
                rss = helpers["rss_mib"](process.pid)
                peak = max(peak, rss)
                print(f"   {(index + 1) * SLICE_SECONDS:>4} s: RSS {rss:6.1f} MiB, {requests / SLICE_SECONDS:8.0f} req/s, "
                      f"{total:>9} tokens", flush=True)
            per_minute = [sum(rates[i:i + 2]) / len(rates[i:i + 2]) for i in range(0, len(rates), 2)]
            print("   req/s per minute: " + ", ".join(f"{rate:.0f}" for rate in per_minute))
            first, last = per_minute[0], per_minute[-1]
            print(f"   tokens issued: {total - non2xx} (non-2xx {non2xx}); peak RSS {peak:.1f} MiB; "
                  f"last minute vs first: {last / first:.3f}x")
            resets = [timed_reset(port)]
            rss_after = helpers["rss_mib"](process.pid)
            resets.append(timed_reset(port))
            print(f"   reset: {resets[0]:.1f} ms (then on the fresh seed {resets[1]:.1f} ms); RSS after {rss_after:.1f} MiB")
            failed = failed or non2xx > 0
        finally:
            process.terminate()
            process.wait(timeout=15)
    return 1 if failed else 0
