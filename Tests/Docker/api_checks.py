"""HTTP checks that `make docker-test` runs against the idemu container (Tests/Docker/run.sh).

    python api_checks.py token  BASE_URL                 a demo-client token verifies against the JWKS
    python api_checks.py create BASE_URL SERVER_ID       the Admin API creates a workspace
    python api_checks.py exists BASE_URL SERVER_ID       GET /api/admin/acme/servers/SERVER_ID answers 200
    python api_checks.py config BASE_URL KEY=VALUE...    /_emulator/config has these values
    python api_checks.py json-logs FILE                  every line of FILE is a JSON log record

Each prints one line on success and exits 1 with the reason otherwise. Only the standard library and pyjwt
(with cryptography, from the integration tests' pinned requirements) are used.
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode

import jwt


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


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    command, target = argv[1], argv[2].rstrip("/")
    if command == "token":
        check_token(target)
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
