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

# Asgardeo: the seed's M2M app (opaque UUID tokens); a JWT app created in setup with known credentials; the
# applications list with a full default page (30: the 2 seeded apps and 28 created in setup).
ASGARDEO_M2M = basic("wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa")
ASGARDEO_ADMIN_TOKEN = {"path": "/t/acme/oauth2/token", "headers": FORM | {"Authorization": ASGARDEO_M2M},
                        "body": "grant_type=client_credentials&scope=SYSTEM", "capture": {"ASGARDEO_TOKEN": "access_token"}}
ASGARDEO_ADMIN = {"Authorization": "Bearer {ASGARDEO_TOKEN}", "Content-Type": "application/json"}


def asgardeo_app(name, oidc):
    return {"path": "/t/acme/api/server/v1/applications", "headers": ASGARDEO_ADMIN,
            "body": '{"name": "%s", "inboundProtocolConfiguration": {"oidc": %s}}' % (name, oidc)}


WORKLOADS += [
    {"name": "Asgardeo client_credentials (opaque UUID, Basic)", "path": "/t/acme/oauth2/token", "method": "POST",
     "headers": FORM | {"Authorization": ASGARDEO_M2M}, "body": "grant_type=client_credentials&scope=internal_application_mgt_view",
     "flags": NO_LIMITS},
    {"name": "Asgardeo client_credentials (RS256 JWT, Basic)", "path": "/t/acme/oauth2/token", "method": "POST",
     "headers": FORM | {"Authorization": basic("bench-jwt-client", "bench-jwt-secret")}, "body": "grant_type=client_credentials",
     "flags": NO_LIMITS,
     "setup": [ASGARDEO_ADMIN_TOKEN, asgardeo_app("Bench JWT", '{"grantTypes": ["client_credentials"], "clientId": "bench-jwt-client", '
                                                           '"clientSecret": "bench-jwt-secret", "accessToken": {"type": "JWT"}}')]},
    {"name": "Asgardeo applications list (30 apps)", "path": "/t/acme/api/server/v1/applications", "headers": ASGARDEO_ADMIN,
     "flags": NO_LIMITS,
     "setup": [ASGARDEO_ADMIN_TOKEN] + [asgardeo_app(f"Bench App {i:02d}", '{"grantTypes": ["client_credentials"]}') for i in range(28)]},
]
