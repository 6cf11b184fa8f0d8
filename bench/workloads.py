"""Benchmark workloads: each is a request wrk repeats against its own idemu started with `flags`.

Keys: name, path, and optionally method, headers, body, flags (extra `idemu serve` arguments), setup
(requests sent once before the load: {method, path, body, headers, capture}; `capture` names members of the
step's JSON response, which later steps and the workload use as `{name}`), rate_limits (SecureAuth per-tenant
overrides written into a copy of the default seed) and seed (a function that rewrites files of that copy).
"""
import base64
import json
import os

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
    # Authlete: the authorization server's token call (client_credentials, opaque token) and a resource server's
    # introspection of a token created once with a known value (auth/token/create accepts `accessToken`).
    {"name": "Authlete token API (client_credentials)", "path": "/api/715948317/auth/token", "method": "POST",
     "headers": {"Content-Type": "application/json", "Authorization": "Bearer demo-service-access-token"},
     "body": '{"parameters":"grant_type=client_credentials","clientId":"1234567890","clientSecret":"my-application-secret"}',
     "flags": NO_LIMITS},
    {"name": "Authlete introspection API", "path": "/api/715948317/auth/introspection", "method": "POST",
     "headers": {"Content-Type": "application/json", "Authorization": "Bearer demo-service-access-token"},
     "body": '{"token":"bench-authlete-access-token","scopes":["profile"]}', "flags": NO_LIMITS,
     "setup": [{"method": "POST", "path": "/api/715948317/auth/token/create",
                "headers": {"Content-Type": "application/json", "Authorization": "Bearer demo-service-access-token"},
                "body": '{"grantType":"CLIENT_CREDENTIALS","clientId":1234567890,"scopes":["profile"],"accessToken":"bench-authlete-access-token","accessTokenDuration":86400}'}]},
]

# Transmit: the management app's token, captured once, authorizes the 99 apps created beside the seeded one.
TRANSMIT_ADMIN_TOKEN = {"path": "/oidc/token", "headers": FORM, "capture": {"TOKEN": "access_token"},
                        "body": "grant_type=client_credentials&client_id=mgmt-client&client_secret=mgmt-secret"}
TRANSMIT_ADMIN = {"Authorization": "Bearer {TOKEN}", "Content-Type": "application/json"}
WORKLOADS += [
    {"name": "Transmit client_credentials (RS256 JWT, form body)", "path": "/oidc/token", "method": "POST",
     "headers": FORM, "body": "grant_type=client_credentials&client_id=demo-app-client&client_secret=demo-app-secret",
     "flags": NO_LIMITS},
    {"name": "Transmit GET applications (100 apps)", "path": "/cis/v1/applications", "headers": TRANSMIT_ADMIN,
     "flags": NO_LIMITS,
     "setup": [TRANSMIT_ADMIN_TOKEN] + [
         {"path": "/cis/v1/applications", "headers": TRANSMIT_ADMIN,
          "body": f'{{"app_name": "Bench app {i}", "client_display_name": "Bench app {i}", '
                  f'"redirect_uris": ["https://www.example.com/login"]}}'}
         for i in range(1, 100)]},
]


# Identity Store: a copy of the default seed whose store `default` also holds 10,000 users and a fixed bearer token
# (the seed's `accessTokens`) for Jane Doe, so wrk can send it; the store's own token endpoint issues random ones.
IDS_TOKEN = "bench-identity-store-token"
IDS_SCIM = "/api/v1/scim/ids/default/v2"


def identity_store_with_10k_users(seed_dir):
    path = os.path.join(seed_dir, "secureauth-identity-store.json")
    with open(path) as f:
        document = json.load(f)
    store = document["stores"][0]
    store["users"] += [{
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": f"user{i:05d}",
        "name": {"givenName": "User", "familyName": f"{i:05d}"},
        "emails": [{"value": f"user{i:05d}@example.com", "type": "work", "primary": True}],
        "active": True,
    } for i in range(10_000)]
    store["accessTokens"] = [{"token": IDS_TOKEN, "userId": store["users"][0]["id"], "expiresIn": 86_400}]
    with open(path, "w") as f:
        json.dump(document, f)


IDS_BEARER = {"Authorization": "Bearer " + IDS_TOKEN}
WORKLOADS += [
    {"name": "Identity Store GET Me", "path": "/api/v1/ismanager/ids/default/Me", "headers": IDS_BEARER,
     "flags": QUIET, "seed": identity_store_with_10k_users},
    {"name": "Identity Store GET Users userName eq (10k users)",
     "path": IDS_SCIM + "/Users?filter=userName%20eq%20%22user05000%22", "headers": IDS_BEARER,
     "flags": QUIET, "seed": identity_store_with_10k_users},
    # No index serves `co`: every user is read and tested, the worst case of a filtered list.
    {"name": "Identity Store GET Users emails co (10k users, scan)",
     "path": IDS_SCIM + "/Users?filter=emails.value%20co%20%22user05000%40%22", "headers": IDS_BEARER,
     "flags": QUIET, "seed": identity_store_with_10k_users},
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
