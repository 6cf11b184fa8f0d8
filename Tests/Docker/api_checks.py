"""HTTP checks that `make docker-test` runs against the idemu container (Tests/Docker/run.sh).

    python api_checks.py token  BASE_URL                 a demo-client token verifies against the JWKS
    python api_checks.py vendors BASE_URL                one default-seed call per other vendor answers as documented
    python api_checks.py create BASE_URL SERVER_ID       the Admin API creates a workspace
    python api_checks.py exists BASE_URL SERVER_ID       GET /api/admin/acme/servers/SERVER_ID answers 200
    python api_checks.py config BASE_URL KEY=VALUE...    /_emulator/config has these values
    python api_checks.py json-logs FILE                  every line of FILE is a JSON log record

Each prints one line on success and exits 1 with the reason otherwise. Only the standard library and pyjwt
(with cryptography, from the integration tests' pinned requirements) are used.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode

import jwt

## The default seed, read for the Identity Store user's API credentials (generated strings, not worth repeating here).
SEED_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "seed-data", "default")


def request(method, url, *, body=None, headers=None, basic=None):
    headers = dict(headers or {})
    if basic:
        headers["Authorization"] = "Basic " + b64encode(f"{basic[0]}:{basic[1]}".encode()).decode()
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(url, **kwargs):
    status, body = request("GET", url, **kwargs)
    if status != 200:
        fail(f"GET {url} answered {status}: {body[:300]!r}")
    return json.loads(body)


def client_credentials(base, workspace, client_id, secret):
    form = urllib.parse.urlencode({"grant_type": "client_credentials"}).encode()
    status, body = request("POST", f"{base}/acme/{workspace}/oauth2/token", body=form, basic=(client_id, secret),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        fail(f"token for {client_id} answered {status}: {body[:300]!r}")
    return json.loads(body)


def admin_token(base):
    return client_credentials(base, "admin", "admin-client", "admin-secret")["access_token"]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check_token(base):
    discovery = get_json(f"{base}/acme/demo/.well-known/openid-configuration")
    issuer = f"{base}/acme/demo"
    if discovery.get("issuer") != issuer:
        fail(f"discovery issuer {discovery.get('issuer')!r}, expected {issuer!r}")
    jwks = get_json(discovery["jwks_uri"])
    response = client_credentials(base, "demo", "demo-client", "demo-secret")
    token = response["access_token"]
    kid = jwt.get_unverified_header(token).get("kid")
    keys = {key.key_id: key for key in jwt.PyJWKSet.from_dict(jwks).keys}
    if kid not in keys:
        fail(f"token kid {kid!r} is not in the JWKS ({sorted(keys)})")
    claims = jwt.decode(token, keys[kid].key, algorithms=["ES256"], audience="demo-client", issuer=issuer,
                        options={"require": ["iss", "sub", "aud", "iat", "exp", "jti"]})
    if claims["sub"] != "demo-client" or claims["exp"] - claims["iat"] != response["expires_in"]:
        fail(f"unexpected claims {claims}")
    print(f"token: ES256 JWT from {issuer} verified against the JWKS (kid {kid[:12]}…, scope {response['scope']!r})")


def create_server(base, server_id):
    body = json.dumps({"id": server_id, "name": "Docker test", "tenant_id": "acme", "jwks": {"keys": []}}).encode()
    status, answer = request("POST", f"{base}/api/admin/acme/servers", body=body,
                             headers={"Authorization": f"Bearer {admin_token(base)}",
                                      "Content-Type": "application/json"})
    if status != 201 and status != 200:
        fail(f"POST /api/admin/acme/servers answered {status}: {answer[:300]!r}")
    print(f"admin: created server {server_id!r} ({status})")


def server_exists(base, server_id):
    status, answer = request("GET", f"{base}/api/admin/acme/servers/{server_id}",
                             headers={"Authorization": f"Bearer {admin_token(base)}"})
    if status != 200 or json.loads(answer).get("id") != server_id:
        fail(f"GET /api/admin/acme/servers/{server_id} answered {status}: {answer[:300]!r}")
    print(f"admin: GET /api/admin/acme/servers/{server_id} -> 200")


def check_config(base, pairs):
    config = get_json(f"{base}/_emulator/config")
    for pair in pairs:
        key, _, expected = pair.partition("=")
        if str(config.get(key)) != expected:
            fail(f"/_emulator/config {key} = {config.get(key)!r}, expected {expected!r}")
    print("config: " + ", ".join(pairs))


def check_json_logs(path):
    lines = [line for line in open(path, encoding="utf-8").read().splitlines() if line.strip()]
    if not lines:
        fail("no log lines")
    requests = 0
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            fail(f"not a JSON log line: {line[:200]!r}")
        if not {"time", "level", "msg"} <= record.keys():
            fail(f"log record without time/level/msg: {line[:200]!r}")
        requests += record["msg"] == "request"
    if requests == 0:
        fail("no access-log records")
    print(f"logs: {len(lines)} JSON lines on stdout, {requests} access-log records")


def form_token(url, basic, fields):
    status, body = request("POST", url, body=urllib.parse.urlencode(fields).encode(), basic=basic,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        fail(f"POST {url} answered {status}: {body[:300]!r}")
    return json.loads(body)["access_token"]


def check_vendors(base):
    """Transmit, Identity Store, Authlete and Asgardeo each answer their seed's first call from the image."""
    token = form_token(f"{base}/oidc/token", ("demo-app-client", "demo-app-secret"), {"grant_type": "client_credentials"})
    keys = get_json(f"{base}/cis/oidc/jwks")["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWK(next(k for k in keys if k["kid"] == kid))
    claims = jwt.decode(token, key, algorithms=["RS256"], audience="userid-api")
    if claims.get("app_id") != "demo-app":
        fail(f"Transmit token claims {claims}")
    with open(SEED_DIR + "/secureauth-identity-store.json") as f:
        user = json.load(f)["stores"][0]["users"][0]
    credential = next(v["apiCredentials"][0] for v in user.values() if isinstance(v, dict) and v.get("apiCredentials"))
    ids = get_json(f"{base}/api/v1/privy/ids/default/g3/token", basic=(credential["clientId"], credential["clientSecret"]))
    me = get_json(f"{base}/api/v1/ismanager/ids/default/Me", headers={"Authorization": "Bearer " + ids["access_token"]})
    if me.get("userName") != "Jane Doe":
        fail(f"Identity Store Me is {me.get('userName')!r}")
    status, body = request("POST", f"{base}/api/715948317/auth/token", headers={
        "Authorization": "Bearer demo-service-access-token", "Content-Type": "application/json"},
        body=json.dumps({"parameters": "grant_type=client_credentials", "clientId": 1234567890,
                         "clientSecret": "my-application-secret"}).encode())
    if status != 200 or json.loads(body).get("action") != "OK":
        fail(f"Authlete auth/token answered {status}: {body[:300]!r}")
    asgardeo = form_token(f"{base}/t/acme/oauth2/token", ("wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa"),
                          {"grant_type": "client_credentials", "scope": "internal_application_mgt_view"})
    apps = get_json(f"{base}/t/acme/api/server/v1/applications", headers={"Authorization": "Bearer " + asgardeo})
    if not apps.get("applications"):
        fail(f"Asgardeo applications list is {apps}")
    print(f"vendors: Transmit token verified (kid {kid[:12]}…), Identity Store Me {me['userName']!r}, Authlete auth/token OK, "
          f"Asgardeo {len(apps['applications'])} applications")


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    command, target = argv[1], argv[2].rstrip("/")
    if command == "token":
        check_token(target)
    elif command == "vendors":
        check_vendors(target)
    elif command == "create":
        create_server(target, argv[3])
    elif command == "exists":
        server_exists(target, argv[3])
    elif command == "config":
        check_config(target, argv[3:])
    elif command == "json-logs":
        check_json_logs(argv[2])
    else:
        fail(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv)
