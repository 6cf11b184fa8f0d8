"""Benchmark workloads: each is a request wrk repeats against a fresh idemu started with `flags`.

Keys: name, path, and optionally method, headers, body, flags (extra `idemu serve` arguments) and setup
(requests sent once before the load: {method, path, body, headers}).
"""

WORKLOADS = [
    {"name": "GET /_emulator/health", "path": "/_emulator/health", "flags": ["--log-level", "warning"]},
    {"name": "GET /_emulator/health (access log on)", "path": "/_emulator/health"},
]
