"""Transmit Security Mosaic CIS Applications API, tenant `acme`: the default-seed contract of FIXTURES.md §2, driven
with real clients.

Tokens come from authlib's `OAuth2Session` (client credentials, secret in the body or with Basic) and are verified
with PyJWT against `/cis/oidc/jwks`; the CIS calls go through the same sessions (Bearer tokens). Paths, fields and
statuses come from FIXTURES.md §2, VENDOR-NOTES.md §2 and `shared/specs/transmit-applications/*.openapi.json`.
"""

from __future__ import annotations

import jwt
import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError

TIMEOUT = 10

# The default seed (FIXTURES.md §2).
MGMT_CLIENT, MGMT_SECRET = "mgmt-client", "mgmt-secret"
DEMO_APP, DEMO_CLIENT, DEMO_SECRET = "demo-app", "demo-app-client", "demo-app-secret"
UNAUTHORIZED = {"message": "Unauthorized request: JWT access token is missing or invalid", "error_code": 401}


def session(idemu: str, client_id: str, secret: str, method: str = "client_secret_post", path: str = "/oidc/token") -> OAuth2Session:
    """An authlib client-credentials session holding a fresh token of `client_id`."""
    client = OAuth2Session(client_id, secret, token_endpoint_auth_method=method)
    client.fetch_token(f"{idemu}{path}", grant_type="client_credentials", timeout=TIMEOUT)
    return client


def verified_claims(idemu: str, token: str, audience: str = "userid-api") -> dict:
    """The claims of `token` after PyJWT checked its RS256 signature against the JWKS, its issuer and audience."""
    discovery = requests.get(f"{idemu}/cis/oidc/.well-known/openid-configuration", timeout=TIMEOUT).json()
    assert discovery["jwks_uri"] == f"{idemu}/cis/oidc/jwks"
    signing_key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(token)
    return jwt.decode(token, signing_key.key, algorithms=["RS256"], audience=audience, issuer=discovery["issuer"])


@pytest.fixture
def admin(idemu: str) -> OAuth2Session:
    return session(idemu, MGMT_CLIENT, MGMT_SECRET, method="client_secret_basic")


def test_provisioning_flow_with_a_real_oauth_client(idemu: str, admin: OAuth2Session) -> None:
    """Create an app with the management token, use its default client, add a second client, delete the app."""
    created = admin.post(f"{idemu}/cis/v1/applications", timeout=TIMEOUT,
                         json={"app_name": "Integration App", "client_display_name": "Integration client",
                               "redirect_uris": ["https://www.example.com/login"]})
    assert created.status_code == 201, created.text
    app = created.json()["result"]
    assert app["tenant_id"] == "acme" and app["client_type"] == "web" and app["client_auth_method"] == "client_secret_basic"
    assert app["allow_public_signup"] is False and app["invite_member_email_expiration_minutes"] == 2880

    default_client = session(idemu, app["client_id"], app["client_secret"])
    token = default_client.token
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600 and "scope" in token
    claims = verified_claims(idemu, token["access_token"])
    assert claims["sub"] == claims["client_id"] == app["client_id"]
    assert claims["app_id"] == app["app_id"] and claims["app_name"] == "Integration App" and claims["tid"] == "acme"
    assert claims["exp"] - claims["iat"] == 3600 and claims["roles"] == []
    assert default_client.get(f"{idemu}/cis/v1/applications/{app['app_id']}", timeout=TIMEOUT).status_code == 200
    assert default_client.get(f"{idemu}/cis/v1/applications/{DEMO_APP}", timeout=TIMEOUT).status_code == 403

    second = admin.post(f"{idemu}/cis/v1/applications/{app['app_id']}/clients", timeout=TIMEOUT,
                        json={"name": "Second client", "redirect_uris": ["https://www.example.com/second"]})
    assert second.status_code == 201, second.text
    second_client = second.json()["result"]
    second_session = session(idemu, second_client["client_id"], second_client["client_secret"],
                             method="client_secret_basic", path="/cis/oidc/token")
    assert verified_claims(idemu, second_session.token["access_token"])["sub"] == second_client["client_id"]
    listed = admin.get(f"{idemu}/cis/v1/applications/{app['app_id']}/clients", timeout=TIMEOUT).json()["result"]
    assert [c["client_id"] for c in listed] == [app["client_id"], second_client["client_id"]]

    assert admin.delete(f"{idemu}/cis/v1/applications/{app['app_id']}", timeout=TIMEOUT).status_code == 204
    for client_id, secret in [(app["client_id"], app["client_secret"]), (second_client["client_id"], second_client["client_secret"])]:
        with pytest.raises(OAuthError) as rejected:
            session(idemu, client_id, secret)
        assert rejected.value.error == "invalid_client"
    gone = default_client.get(f"{idemu}/cis/v1/applications/{app['app_id']}", timeout=TIMEOUT)
    assert gone.status_code == 401 and gone.json() == UNAUTHORIZED
    assert admin.get(f"{idemu}/cis/v1/applications/{app['app_id']}", timeout=TIMEOUT).status_code == 404


def test_seeded_clients_and_admin_claims(idemu: str, admin: OAuth2Session) -> None:
    claims = verified_claims(idemu, admin.token["access_token"])
    assert claims["role"] == ["Admin"] and claims["client_id"] == MGMT_CLIENT and claims["tid"] == "acme"
    demo = session(idemu, DEMO_CLIENT, DEMO_SECRET)
    assert verified_claims(idemu, demo.token["access_token"])["app_id"] == DEMO_APP
    apps = admin.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT).json()["result"]
    assert [(a["app_id"], a["app_name"], a["client_id"], a["redirect_uris"]) for a in apps] == [
        (DEMO_APP, "Demo App", DEMO_CLIENT, ["https://www.example.com/login"])]
    resource = OAuth2Session(DEMO_CLIENT, DEMO_SECRET, token_endpoint_auth_method="client_secret_post")
    resource.fetch_token(f"{idemu}/oidc/token", grant_type="client_credentials", resource="https://verify.identity.security",
                         timeout=TIMEOUT)
    assert verified_claims(idemu, resource.token["access_token"], audience="https://verify.identity.security")["aud"] == \
        "https://verify.identity.security"


def test_wrong_secret_is_invalid_client(idemu: str) -> None:
    with pytest.raises(OAuthError) as rejected:
        session(idemu, DEMO_CLIENT, "wrong")
    assert rejected.value.error == "invalid_client"
    raw = requests.post(f"{idemu}/oidc/token", timeout=TIMEOUT,
                        data={"grant_type": "client_credentials", "client_id": DEMO_CLIENT, "client_secret": "wrong"})
    assert raw.status_code == 401 and raw.json()["error"] == "invalid_client"


def test_error_bodies(idemu: str, admin: OAuth2Session) -> None:
    bad = admin.post(f"{idemu}/cis/v1/applications", json={"client_type": "mobile"}, timeout=TIMEOUT)
    assert bad.status_code == 400
    body = bad.json()
    assert body["error_code"] == 400 and isinstance(body["message"], list)
    assert "app_name should not be empty" in body["message"]
    assert "client_type must be one of the following values: web, native" in body["message"]
    malformed = admin.post(f"{idemu}/cis/v1/applications", data="{oops", headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert malformed.status_code == 400 and malformed.json()["message"][0].startswith("Invalid JSON body")
    taken = admin.post(f"{idemu}/cis/v1/applications", json={"app_name": "Demo App", "client_display_name": "x"}, timeout=TIMEOUT)
    assert taken.status_code == 409 and taken.json()["error_code"] == 409 and isinstance(taken.json()["message"], str)
    missing = admin.get(f"{idemu}/cis/v1/applications/nope", timeout=TIMEOUT)
    assert missing.status_code == 404 and missing.json()["error_code"] == 404
    assert requests.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT).json() == UNAUTHORIZED


def test_expired_token_with_the_clock(idemu: str, admin: OAuth2Session, advance_clock) -> None:
    assert admin.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT).status_code == 200
    advance_clock(3600)
    expired = admin.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT)
    assert expired.status_code == 401 and expired.json() == UNAUTHORIZED


def test_management_app_gives_new_admin_credentials(idemu: str, admin: OAuth2Session) -> None:
    created = admin.post(f"{idemu}/cis/v1/management/applications", json={"app_name": "CI"}, timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    app = created.json()["result"]
    ci = session(idemu, app["client_id"], app["client_secret"])
    assert verified_claims(idemu, ci.token["access_token"])["role"] == ["Admin"]
    assert ci.post(f"{idemu}/cis/v1/applications", json={"app_name": "By CI", "client_display_name": "c"},
                   timeout=TIMEOUT).status_code == 201
    assert admin.delete(f"{idemu}/cis/v1/management/applications/{app['app_id']}", timeout=TIMEOUT).status_code == 204
    assert ci.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT).status_code == 401


def test_rate_limit_is_off_until_a_tenant_gets_a_quota(idemu: str, admin: OAuth2Session) -> None:
    requests.post(f"{idemu}/_emulator/clock", json={"action": "freeze"}, timeout=TIMEOUT)
    free = admin.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT)
    assert "X-Ratelimit-Limit" not in free.headers
    quota = requests.put(f"{idemu}/_emulator/transmit/rate-limits/acme", json={"rate": 60, "burst": 1, "period": "1m0s"},
                         timeout=TIMEOUT)
    assert quota.status_code == 200
    statuses = [admin.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[0].headers["X-Ratelimit-Limit"] == "2"
    assert statuses[2].json() == {"message": "ThrottlerException: Too Many Requests", "error_code": 429}
    assert statuses[2].headers["Retry-After"] == "1"


def test_reset_restores_the_seed(idemu: str, admin: OAuth2Session) -> None:
    admin.post(f"{idemu}/cis/v1/applications", json={"app_name": "Temporary", "client_display_name": "t"}, timeout=TIMEOUT)
    assert requests.post(f"{idemu}/_emulator/reset", timeout=TIMEOUT).status_code == 200
    fresh = session(idemu, MGMT_CLIENT, MGMT_SECRET)
    names = [a["app_name"] for a in fresh.get(f"{idemu}/cis/v1/applications", timeout=TIMEOUT).json()["result"]]
    assert names == ["Demo App"]
