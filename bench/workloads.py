"""Benchmark workloads: each is a request wrk repeats against its own idemu started with `flags`.

Keys: name, path, and optionally method, headers, body, flags (extra `idemu serve` arguments), setup
(requests sent once before the load: {method, path, body, headers}) and rate_limits (SecureAuth per-tenant
overrides written into a copy of the default seed).
"""
import base64

QUIET = ["--log-level", "warning"]
NO_LIMITS = QUIET + ["--rate-limits", "off"]


def basic(client_id, secret):
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}

WORKLOADS = [
    {"name": "GET /_emulator/health", "path": "/_emulator/health", "flags": QUIET},
    {"name": "GET /_emulator/health (rate limits off)", "path": "/_emulator/health", "flags": NO_LIMITS},
    {"name": "GET /_emulator/health (access log on)", "path": "/_emulator/health"},
    {"name": "SecureAuth client_credentials (ES256 JWT, Basic)", "path": "/acme/demo/oauth2/token", "method": "POST",
     "headers": FORM | {"Authorization": basic("demo-client", "demo-secret")}, "body": "grant_type=client_credentials",
     "flags": NO_LIMITS},
    {"name": "SecureAuth discovery document", "path": "/acme/demo/.well-known/openid-configuration", "flags": NO_LIMITS},
    # The limiter's own cost: the same route counted in its OAuth2 bucket, with a quota that never refuses.
    {"name": "SecureAuth discovery (rate limited, never refused)", "path": "/acme/demo/.well-known/openid-configuration",
     "flags": QUIET, "rate_limits": {"oauth2": {"rate": 1_000_000_000, "burst": 1_000_000_000, "period": "1m0s"}}},
]
