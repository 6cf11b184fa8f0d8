"""No token, code, ticket or secret reaches the access log or `GET /_emulator/requests`, wherever the client put it:
a path parameter (`/auth/token/delete/{accessTokenIdentifier}`), a query parameter, a form body or a header.

The test runs its own emulator with a log file, sends every secret it knows, then greps both outputs for each one.
"""
from __future__ import annotations

import base64
import json

import pytest
import requests

import dedicated

TIMEOUT = 10
AUTHLETE = {"Authorization": "Bearer demo-service-access-token"}
SID = 715948317


@pytest.fixture(scope="module")
def server(idemu_binary, tmp_path_factory):
    log = tmp_path_factory.mktemp("secrets") / "idemu.log"
    with dedicated.serving(idemu_binary, log, "--log-format", "json") as running:
        yield running


def test_no_secret_in_journal_or_log(server):
    url = server.url
    used: list[str] = ["demo-service-access-token", "demo-secret", "mgmt-secret", "0sGhSGN8n31rEBzRF92bSutnHEAa",
                       "my-application-secret"]

    # Authlete: a token chosen by the caller, then deleted by putting it in the path.
    for token in ["PathTokenValue-1a2b3c4d5e6f", "path.token~with-odd_chars.99"]:
        created = requests.post(f"{url}/api/{SID}/auth/token/create", headers=AUTHLETE, timeout=TIMEOUT,
                                json={"grantType": "CLIENT_CREDENTIALS", "clientId": 1234567890, "accessToken": token})
        assert created.status_code == 200 and created.json()["action"] == "OK", created.text
        deleted = requests.delete(f"{url}/api/{SID}/auth/token/delete/{token}", headers=AUTHLETE, timeout=TIMEOUT)
        assert deleted.status_code == 204, deleted.text
        used.append(token)

    # Query parameters with secret names, in every spelling.
    query_secrets = {"token": "QueryToken-77aa", "access_token": "QueryAccess-88bb", "accessToken": "QueryCamel-99cc",
                     "client_secret": "QuerySecret-11dd", "code": "QueryCode-22ee", "ticket": "QueryTicket-33ff",
                     "password": "QueryPassword-44gg", "refreshToken": "QueryRefresh-55hh", "id_token_hint": "QueryHint-66ii"}
    requests.get(f"{url}/api/{SID}/service/jwks/get", params=query_secrets, headers=AUTHLETE, timeout=TIMEOUT)
    requests.get(f"{url}/acme/demo/oauth2/authorize", params=query_secrets, timeout=TIMEOUT)
    used += query_secrets.values()

    # Bodies and headers: client secrets, issued tokens, passwords.
    issued = []
    r = requests.post(f"{url}/acme/demo/oauth2/token", timeout=TIMEOUT,
                      data={"grant_type": "client_credentials", "client_id": "demo-client", "client_secret": "demo-secret"})
    issued.append(r.json()["access_token"])
    r = requests.post(f"{url}/oidc/token", timeout=TIMEOUT,
                      data={"grant_type": "client_credentials", "client_id": "mgmt-client", "client_secret": "mgmt-secret"})
    issued.append(r.json()["access_token"])
    r = requests.post(f"{url}/t/acme/oauth2/token", auth=("wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa"),
                      data={"grant_type": "client_credentials"}, timeout=TIMEOUT)
    issued.append(r.json()["access_token"])
    r = requests.post(f"{url}/acme/demo/oauth2/token", timeout=TIMEOUT, auth=("demo-client", "demo-secret"),
                      data={"grant_type": "password", "username": "janedoe", "password": "Passw0rd!"})
    used.append("Passw0rd!")
    for token in issued:
        requests.post(f"{url}/acme/demo/oauth2/introspect", auth=("demo-client", "demo-secret"), data={"token": token},
                      timeout=TIMEOUT)
        requests.get(f"{url}/cis/v1/applications", headers={"Authorization": "Bearer " + token}, timeout=TIMEOUT)
    used += issued
    used.append(base64.b64encode(b"demo-client:demo-secret").decode())

    journal = requests.get(f"{url}/_emulator/requests?limit=1000", timeout=TIMEOUT)
    assert journal.status_code == 200
    text = journal.text
    paths = [entry["path"] for entry in journal.json()["requests"]]
    assert any(p == f"/api/{SID}/auth/token/delete/REDACTED" for p in paths), paths
    log = server.log()
    assert f"/api/{SID}/auth/token/delete/REDACTED" in log
    leaked = [(secret, where) for secret in used for where, body in (("journal", text), ("log", log)) if secret in body]
    assert not leaked, leaked
    print(f"\n{len(used)} secrets sent (path, query, body, headers); none in the journal ({len(paths)} entries) "
          f"or the access log ({len(log.splitlines())} lines)")
