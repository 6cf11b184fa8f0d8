"""Strict client authentication (issue 20 item 4).

* RFC 7523 §3: a client assertion with `nbf` or `iat` in the future, or an `exp` beyond the one-hour bound, is
  `invalid_client` (none of the vendors documents a bound; see ClientAuthenticator).
* A malformed `Authorization` header (`Basic !!!`, `Bearer junk`) on a token request that also carries body
  credentials is refused with `invalid_client`, never skipped (SecureAuth Connect, Transmit, Asgardeo).
* A failed `code_verifier` spends the authorization code: the right verifier afterwards is `invalid_grant`.
"""
from __future__ import annotations

import secrets
import time
import uuid

import jwt
import pytest
import requests

from test_asgardeo import M2M_CLIENT, M2M_SECRET, WEB_CLIENT, WEB_REDIRECT, WEB_SECRET, Org, browser_login, code_from
from test_authlete import REDIRECT as AUTHLETE_REDIRECT
from test_authlete import api, authorize as authlete_authorize, pkce_pair, token_call  # noqa: F401 (api is a fixture)
from test_secureauth_connect import Workspace, authorize, spa_client

TIMEOUT = 10
JWT_CLIENT = "strict-jwt-client"
JWT_SECRET = "strict-jwt-client-secret-of-at-least-32-chars"
MALFORMED = ["Basic !!!", "Bearer junk", "Basic", "Negotiate abc"]


def admin_token(idemu: str) -> str:
    response = requests.post(f"{idemu}/acme/admin/oauth2/token", auth=("admin-client", "admin-secret"),
                             data={"grant_type": "client_credentials"}, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture
def jwt_client(idemu) -> str:
    response = requests.post(f"{idemu}/api/admin/acme/clients", headers={"Authorization": "Bearer " + admin_token(idemu)},
                             json={"authorization_server_id": "demo", "client_id": JWT_CLIENT, "client_secret": JWT_SECRET,
                                   "client_name": "strict", "grant_types": ["client_credentials"],
                                   "token_endpoint_auth_method": "client_secret_jwt"}, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    return f"{idemu}/acme/demo/oauth2/token"


def emulator_now(idemu: str) -> int:
    return requests.get(f"{idemu}/_emulator/clock", timeout=TIMEOUT).json()["epoch_ms"] // 1000


def assertion_token(endpoint: str, **claims) -> requests.Response:
    body = {"iss": JWT_CLIENT, "sub": JWT_CLIENT, "aud": endpoint, "jti": str(uuid.uuid4()), **claims}
    body = {k: v for k, v in body.items() if v is not None}
    assertion = jwt.encode(body, JWT_SECRET, algorithm="HS256")
    return requests.post(endpoint, data={"grant_type": "client_credentials", "client_assertion": assertion,
                                         "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
                         timeout=TIMEOUT)


def test_client_assertion_times(idemu, jwt_client):
    now = emulator_now(idemu)
    assert assertion_token(jwt_client, iat=now, exp=now + 300).status_code == 200
    assert assertion_token(jwt_client, iat=now - 10, nbf=now - 10, exp=now + 3600).status_code == 200
    for name, claims in {
        "nbf in the future": {"iat": now, "nbf": now + 600, "exp": now + 900},
        "iat in the future": {"iat": now + 600, "exp": now + 900},
        "exp a century ahead": {"iat": now, "exp": now + 100 * 365 * 86400},
        "exp a day ahead": {"iat": now, "exp": now + 86400},
        "expired": {"iat": now - 900, "exp": now - 300},
        "nbf not a number": {"iat": now, "nbf": "soon", "exp": now + 300},
    }.items():
        response = assertion_token(jwt_client, **claims)
        assert response.status_code == 401, (name, response.text)
        assert response.json()["error"] == "invalid_client", (name, response.text)


@pytest.mark.parametrize("header", MALFORMED)
def test_malformed_authorization_header_is_refused_secureauth(idemu, header):
    response = requests.post(f"{idemu}/acme/demo/oauth2/token", headers={"Authorization": header}, timeout=TIMEOUT,
                             data={"grant_type": "client_credentials", "client_id": "demo-client", "client_secret": "demo-secret"})
    assert response.status_code == 401 and response.json()["error"] == "invalid_client", response.text
    assert response.json()["status_code"] == 401


@pytest.mark.parametrize("header", MALFORMED)
def test_malformed_authorization_header_is_refused_transmit(idemu, header):
    response = requests.post(f"{idemu}/oidc/token", headers={"Authorization": header}, timeout=TIMEOUT,
                             data={"grant_type": "client_credentials", "client_id": "mgmt-client", "client_secret": "mgmt-secret"})
    assert response.status_code == 401 and response.json()["error"] == "invalid_client", response.text


@pytest.mark.parametrize("header", MALFORMED)
def test_malformed_authorization_header_is_refused_asgardeo(idemu, header):
    response = requests.post(f"{idemu}/t/acme/oauth2/token", headers={"Authorization": header}, timeout=TIMEOUT,
                             data={"grant_type": "client_credentials", "client_id": M2M_CLIENT, "client_secret": M2M_SECRET})
    assert response.status_code == 401 and response.json()["error"] == "invalid_client", response.text


def test_well_formed_credentials_still_work(idemu):
    assert requests.post(f"{idemu}/acme/demo/oauth2/token", auth=("demo-client", "demo-secret"), timeout=TIMEOUT,
                         data={"grant_type": "client_credentials"}).status_code == 200
    assert requests.post(f"{idemu}/oidc/token", timeout=TIMEOUT, data={
        "grant_type": "client_credentials", "client_id": "mgmt-client", "client_secret": "mgmt-secret"}).status_code == 200
    assert requests.post(f"{idemu}/t/acme/oauth2/token", auth=(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT,
                         data={"grant_type": "client_credentials"}).status_code == 200


def test_wrong_verifier_spends_the_code_secureauth(idemu):
    ws = Workspace(idemu, "acme", "demo")
    client = spa_client()
    auth = authorize(ws, client)
    base = {"grant_type": "authorization_code", "code": auth.params["code"], "redirect_uri": client.redirect_uri,
            "client_id": "demo-spa"}
    wrong = requests.post(ws.token, data=base | {"code_verifier": secrets.token_urlsafe(48)}, timeout=TIMEOUT)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant", wrong.text
    right = requests.post(ws.token, data=base | {"code_verifier": auth.verifier}, timeout=TIMEOUT)
    assert right.status_code == 400 and right.json()["error"] == "invalid_grant", right.text


def test_wrong_verifier_spends_the_code_asgardeo(idemu):
    import base64
    import hashlib
    org = Org(idemu)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    response = browser_login(org, {"client_id": WEB_CLIENT, "redirect_uri": WEB_REDIRECT, "response_type": "code",
                                   "scope": "openid", "state": "s", "code_challenge": challenge, "code_challenge_method": "S256"})
    base = {"grant_type": "authorization_code", "code": code_from(response, WEB_REDIRECT, "s"), "redirect_uri": WEB_REDIRECT,
            "client_id": WEB_CLIENT, "client_secret": WEB_SECRET}
    wrong = requests.post(org.token, data=base | {"code_verifier": "w" * 50}, timeout=TIMEOUT)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    right = requests.post(org.token, data=base | {"code_verifier": verifier}, timeout=TIMEOUT)
    assert right.status_code == 400 and right.json()["error"] == "invalid_grant", right.text


def test_wrong_verifier_spends_the_code_authlete(api):  # noqa: F811
    import json
    verifier, challenge = pkce_pair()
    code = authlete_authorize(api, challenge=challenge)
    base = {"grant_type": "authorization_code", "code": code, "redirect_uri": AUTHLETE_REDIRECT}
    wrong = token_call(api, base | {"code_verifier": pkce_pair()[0]})
    assert json.loads(wrong.responseContent)["error"] == "invalid_grant"
    right = token_call(api, base | {"code_verifier": verifier})
    assert json.loads(right.responseContent)["error"] == "invalid_grant"
