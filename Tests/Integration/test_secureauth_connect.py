"""SecureAuth Connect, tenant `acme`: the default-seed contract of FIXTURES.md §1, driven with real clients.

OAuth flows use authlib's `OAuth2Session` (and requests-oauthlib once), tokens are verified with PyJWT against the
published JWKS, and the interactive login is done with plain `requests` following the HTML form, exactly as
FIXTURES.md "Interactive login" describes. Paths, fields and statuses come from FIXTURES.md §1 and
`shared/specs/secureauth-connect/{oauth2,admin}.yaml`.

The whole module skips itself while `GET /acme/demo/.well-known/openid-configuration` answers 404 (SecureAuth
Connect not served yet); the skip lifts itself as soon as discovery answers.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session as OAuthlibSession

TIMEOUT = 10

# The default seed (FIXTURES.md §1).
DEMO_CLIENT, DEMO_SECRET = "demo-client", "demo-secret"
DEMO_REDIRECT = "https://app.example.com/callback"
SPA_CLIENT, SPA_REDIRECT = "demo-spa", "https://spa.example.com/callback"
SHORT_CLIENT, SHORT_SECRET = "short-client", "short-secret"
ADMIN_CLIENT, ADMIN_SECRET = "admin-client", "admin-secret"
BURST_ADMIN_CLIENT, BURST_ADMIN_SECRET = "burst-admin", "burst-secret"
JANE, JANE_PASSWORD = "janedoe", "Passw0rd!"
UN1, UN1_PASSWORD = "un1", "pass1"
USER_SCOPES = "openid profile email offline_access"
CLIENT_CREDENTIALS_DEFAULT_SCOPES = {"introspect_tokens", "revoke_tokens"}

PRIVATE_JWK_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


# --- the module skips itself until SecureAuth Connect is served ----------------------------------------------------


@pytest.fixture(scope="session")
def secureauth_connect_served(idemu):
    """Probed once per session; a skip raised by a session fixture is cached and applies to every test here."""
    status = requests.get(f"{idemu}/acme/demo/.well-known/openid-configuration", timeout=TIMEOUT).status_code
    if status == 404:
        pytest.skip("SecureAuth Connect is not served yet: GET /acme/demo/.well-known/openid-configuration is 404")


# A `skipif` condition is evaluated before any fixture runs, so it cannot see the emulator started by the session
# fixture; the probe above is a session fixture instead, applied to every test of the module.
pytestmark = pytest.mark.usefixtures("secureauth_connect_served")


# --- workspaces and clients ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """The OAuth endpoints of one workspace, at the paths FIXTURES.md §1 fixes (`/{tid}/{aid}/...`)."""

    origin: str
    tenant: str
    server: str

    @property
    def issuer(self) -> str:
        return f"{self.origin}/{self.tenant}/{self.server}"

    @property
    def discovery(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def jwks(self) -> str:
        return f"{self.issuer}/.well-known/jwks.json"

    @property
    def token(self) -> str:
        return f"{self.issuer}/oauth2/token"

    @property
    def authorize(self) -> str:
        return f"{self.issuer}/oauth2/authorize"

    @property
    def introspect(self) -> str:
        return f"{self.issuer}/oauth2/introspect"

    @property
    def revoke(self) -> str:
        return f"{self.issuer}/oauth2/revoke"

    @property
    def userinfo(self) -> str:
        return f"{self.issuer}/userinfo"


@pytest.fixture
def demo(idemu) -> Workspace:
    return Workspace(idemu, "acme", "demo")


@pytest.fixture
def shortlived(idemu) -> Workspace:
    return Workspace(idemu, "acme", "shortlived")


@pytest.fixture
def admin_workspace(idemu) -> Workspace:
    return Workspace(idemu, "acme", "admin")


def oauth_client(client_id: str, client_secret: str | None = None, method: str | None = None, **kwargs) -> OAuth2Session:
    """An authlib session that also keeps every token-endpoint response (`.token_responses`) for status checks."""
    client = OAuth2Session(
        client_id,
        client_secret,
        token_endpoint_auth_method=method,
        revocation_endpoint_auth_method=method,
        default_timeout=TIMEOUT,
        **kwargs,
    )
    client.token_responses = []

    def keep(response):
        client.token_responses.append(response)
        return response

    client.register_compliance_hook("access_token_response", keep)
    client.register_compliance_hook("refresh_token_response", keep)
    return client


def demo_client(method: str = "client_secret_basic") -> OAuth2Session:
    return oauth_client(DEMO_CLIENT, DEMO_SECRET, method, redirect_uri=DEMO_REDIRECT, code_challenge_method="S256")


def spa_client() -> OAuth2Session:
    return oauth_client(SPA_CLIENT, None, "none", redirect_uri=SPA_REDIRECT, code_challenge_method="S256")


def client_credentials_token(ws: Workspace, client_id: str, secret: str, **kwargs) -> dict:
    return oauth_client(client_id, secret).fetch_token(ws.token, grant_type="client_credentials", **kwargs)


def token_error(client: OAuth2Session, call, *args, **kwargs) -> requests.Response:
    """Runs an authlib call that must fail with an OAuth error; returns the HTTP response it failed on."""
    with pytest.raises(OAuthError) as caught:
        call(*args, **kwargs)
    response = client.token_responses[-1]
    assert response.json()["error"] == caught.value.error
    return response


def assert_oauth_error(response: requests.Response, status: int, *errors: str) -> None:
    """RFC 6749 §5.2 error: the status, a JSON body, and an `error` among `errors`."""
    assert response.status_code == status, f"{response.status_code} {response.text}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    assert response.json()["error"] in errors, response.text


def assert_token_response(response: requests.Response, expires_in: int) -> dict:
    assert response.status_code == 200, response.text
    assert response.headers.get("Content-Type", "").startswith("application/json")
    assert "no-store" in response.headers.get("Cache-Control", "")
    body = response.json()
    assert body["token_type"].lower() == "bearer"
    assert type(body["expires_in"]) is int and body["expires_in"] == expires_in
    assert isinstance(body["scope"], str)
    return body


# --- JWT helpers -----------------------------------------------------------------------------------------------------


def b64url_decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def verify_jwt(ws: Workspace, token: str, audience: str) -> dict:
    """Checks an ES256 JWT with the workspace's published JWKS (by `kid`) and returns its claims."""
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256"
    assert header.get("kid")
    signing_key = jwt.PyJWKClient(ws.jwks, cache_jwk_set=False, timeout=TIMEOUT).get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        signing_key.key,
        algorithms=["ES256"],
        audience=audience,
        issuer=ws.issuer,
        options={"require": ["iss", "sub", "aud", "iat", "exp"]},
    )


def jwks_of(ws: Workspace) -> list[dict]:
    response = requests.get(ws.jwks, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()["keys"]


def signing_keys(keys: list[dict]) -> list[dict]:
    return [k for k in keys if k.get("use") == "sig"]


def tampered(token: str) -> str:
    """The same token with its `sub` changed and the original signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(b64url_decode(payload))
    claims["sub"] = "mallory"
    return ".".join([header, b64url_encode(json.dumps(claims).encode()), signature])


# --- interactive login (FIXTURES.md §1 "Interactive login") ---------------------------------------------------------


@dataclass
class HTMLForm:
    method: str
    action: str | None
    inputs: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, value)

    @property
    def names(self) -> set[str]:
        return {name for name, _, _ in self.inputs}

    @property
    def hidden(self) -> dict[str, str]:
        return {name: value for name, kind, value in self.inputs if kind == "hidden"}


class FormParser(HTMLParser):
    """Collects every `<form>` of a page with its named `<input>` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[HTMLForm] = []
        self._current: HTMLForm | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._current = HTMLForm(attributes.get("method", "get").lower(), attributes.get("action"))
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attributes.get("name"):
            kind = attributes.get("type", "text").lower()
            self._current.inputs.append((attributes["name"], kind, attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def login_form(page: requests.Response) -> HTMLForm:
    parser = FormParser()
    parser.feed(page.text)
    for form in parser.forms:
        if form.method == "post" and {"username", "password"} <= form.names:
            return form
    pytest.fail(f"no <form method=post> with username and password inputs at {page.url}:\n{page.text[:2000]}")


def same_origin(url: str, origin: str) -> bool:
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def follow_on_origin(browser: requests.Session, method: str, url: str, origin: str, data=None) -> requests.Response:
    """Sends the request and follows redirects that stay on the emulator's origin (cookies kept by the session).
    Returns the first response that is not such a redirect: a page, an error, or a redirect to the client."""
    for _ in range(10):
        response = browser.request(method, url, data=data, allow_redirects=False, timeout=TIMEOUT)
        if response.status_code not in REDIRECT_STATUSES:
            return response
        location = urljoin(response.url, response.headers["Location"])
        if not same_origin(location, origin):
            return response
        if response.status_code in (301, 302, 303):
            method, data = "GET", None
        url = location
    pytest.fail(f"more than 10 redirects on the emulator's origin, last at {url}")


def log_in(authorize_url: str, username: str, password: str) -> requests.Response:
    """A browser-less user: GET the authorize URL, fill the login form, submit it; returns the final response."""
    origin = authorize_url
    browser = requests.Session()
    page = follow_on_origin(browser, "GET", authorize_url, origin)
    assert page.status_code == 200, f"authorize ended in {page.status_code} {page.headers} {page.text[:500]}"
    assert page.headers.get("Content-Type", "").startswith("text/html"), page.headers
    form = login_form(page)
    action = urljoin(page.url, form.action) if form.action else page.url
    fields = {**form.hidden, "username": username, "password": password}
    return follow_on_origin(browser, "POST", action, origin, data=fields)


def redirect_to_client(response: requests.Response, redirect_uri: str) -> dict[str, str]:
    """Asserts a 302/303 to `redirect_uri` and returns its (single-valued) query parameters."""
    assert response.status_code in (302, 303), f"{response.status_code} {response.text[:500]}"
    location = response.headers["Location"]
    target, expected = urlsplit(location), urlsplit(redirect_uri)
    assert (target.scheme, target.netloc, target.path) == (expected.scheme, expected.netloc, expected.path), location
    return {name: values[0] for name, values in parse_qs(target.query, keep_blank_values=True).items()}


@dataclass
class Authorization:
    """A completed login: what the client sent and what came back on its redirect URI."""

    callback: str
    params: dict[str, str]
    state: str
    nonce: str
    verifier: str | None


def authorize(
    ws: Workspace,
    client: OAuth2Session,
    username: str = JANE,
    password: str = JANE_PASSWORD,
    scope: str = USER_SCOPES,
    state: str | None = None,
    pkce: bool = True,
) -> Authorization:
    verifier = generate_token(48) if pkce else None
    nonce = generate_token(20)
    url, state = client.create_authorization_url(ws.authorize, state=state, code_verifier=verifier, nonce=nonce, scope=scope)
    response = log_in(url, username, password)
    params = redirect_to_client(response, client.redirect_uri)
    assert params.get("code"), params
    return Authorization(response.headers["Location"], params, state, nonce, verifier)


def exchange(ws: Workspace, client: OAuth2Session, auth: Authorization, **kwargs) -> dict:
    return client.fetch_token(
        ws.token, authorization_response=auth.callback, state=auth.state, code_verifier=auth.verifier, **kwargs
    )


def login_outcome(ws: Workspace, username: str, password: str) -> requests.Response:
    """The final response of a demo-client login attempt (a redirect with a code, or the 401 page)."""
    client = demo_client()
    url, _ = client.create_authorization_url(ws.authorize, code_verifier=generate_token(48), scope="openid")
    return log_in(url, username, password)


def assert_logs_in(ws: Workspace, username: str, password: str) -> None:
    assert redirect_to_client(login_outcome(ws, username, password), DEMO_REDIRECT).get("code")


def assert_login_refused(ws: Workspace, username: str, password: str) -> None:
    response = login_outcome(ws, username, password)
    assert response.status_code == 401, f"{response.status_code} {response.headers.get('Location')}"
    assert response.headers.get("Content-Type", "").startswith("text/html")
    assert not response.headers.get("Location", "").startswith(DEMO_REDIRECT)


# === discovery and keys ==============================================================================================


def test_discovery_describes_the_demo_workspace(demo):
    response = requests.get(demo.discovery, timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    doc = response.json()
    assert doc["issuer"] == demo.issuer
    assert doc["authorization_endpoint"] == demo.authorize
    assert doc["token_endpoint"] == demo.token
    assert doc["introspection_endpoint"] == demo.introspect
    assert doc["revocation_endpoint"] == demo.revoke
    assert doc["jwks_uri"] == demo.jwks
    assert doc["userinfo_endpoint"] == demo.userinfo
    assert "code" in doc["response_types_supported"]
    assert {"client_credentials", "authorization_code", "refresh_token"} <= set(doc["grant_types_supported"])
    assert {"client_secret_basic", "client_secret_post", "none"} <= set(doc["token_endpoint_auth_methods_supported"])
    assert "S256" in doc["code_challenge_methods_supported"]
    assert "ES256" in doc["id_token_signing_alg_values_supported"]


def test_issuer_follows_the_host_the_client_used(demo):
    response = requests.get(demo.discovery, headers={"Host": "idemu.test:8080"}, timeout=TIMEOUT)

    assert response.json()["issuer"] == "http://idemu.test:8080/acme/demo"
    assert response.json()["token_endpoint"] == "http://idemu.test:8080/acme/demo/oauth2/token"


def test_jwks_publishes_public_es256_signing_keys_with_kids(demo):
    keys = jwks_of(demo)

    assert keys
    for key in keys:
        assert key.get("kid"), key
        assert not PRIVATE_JWK_MEMBERS & set(key), f"private members published: {key}"
    assert any(
        k["kty"] == "EC" and k["crv"] == "P-256" and k.get("alg") == "ES256" for k in signing_keys(keys)
    ), keys


def test_each_workspace_has_its_own_keys(demo, shortlived):
    demo_keys, short_keys = signing_keys(jwks_of(demo)), signing_keys(jwks_of(shortlived))

    assert {k["kid"] for k in demo_keys}.isdisjoint(k["kid"] for k in short_keys)
    assert {(k["x"], k["y"]) for k in demo_keys}.isdisjoint((k["x"], k["y"]) for k in short_keys)


# === client credentials ==============================================================================================


def test_client_credentials_with_client_secret_basic(demo):
    client = demo_client("client_secret_basic")

    token = client.fetch_token(demo.token, grant_type="client_credentials")

    response = client.token_responses[-1]
    assert response.request.headers["Authorization"].startswith("Basic ")
    assert_token_response(response, expires_in=3600)
    assert set(token["scope"].split()) == CLIENT_CREDENTIALS_DEFAULT_SCOPES


def test_client_credentials_with_client_secret_post(demo):
    client = demo_client("client_secret_post")

    token = client.fetch_token(demo.token, grant_type="client_credentials")

    response = client.token_responses[-1]
    assert "Authorization" not in response.request.headers
    assert "client_secret=demo-secret" in response.request.body
    assert_token_response(response, expires_in=3600)
    assert set(token["scope"].split()) == CLIENT_CREDENTIALS_DEFAULT_SCOPES


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_admin_client_authenticates_with_basic_or_post(admin_workspace, method):
    client = oauth_client(ADMIN_CLIENT, ADMIN_SECRET, method)

    token = client.fetch_token(admin_workspace.token, grant_type="client_credentials")

    assert token["access_token"]
    assert client.token_responses[-1].status_code == 200


def test_requests_oauthlib_backend_client_gets_a_token(demo):
    session = OAuthlibSession(client=BackendApplicationClient(client_id=DEMO_CLIENT, scope=["introspect_tokens"]))

    token = session.fetch_token(demo.token, client_id=DEMO_CLIENT, client_secret=DEMO_SECRET, timeout=TIMEOUT)

    assert session.access_token == token["access_token"]
    assert token["token_type"].lower() == "bearer"
    assert token["expires_in"] == 3600
    assert token["scope"] == ["introspect_tokens"]


def test_client_credentials_access_token_claims(demo):
    token = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET)

    claims = verify_jwt(demo, token["access_token"], audience=DEMO_CLIENT)

    assert claims["iss"] == demo.issuer
    assert claims["sub"] == DEMO_CLIENT
    assert DEMO_CLIENT in ([claims["aud"]] if isinstance(claims["aud"], str) else claims["aud"])
    assert claims["exp"] == claims["iat"] + token["expires_in"]
    assert claims["jti"]
    assert isinstance(claims["scp"], list) and set(claims["scp"]) == set(token["scope"].split())
    assert claims["tid"] == "acme"
    assert claims["aid"] == "demo"


def test_every_access_token_has_a_unique_jti(demo):
    first = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET)["access_token"]
    second = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET)["access_token"]

    assert first != second
    assert verify_jwt(demo, first, DEMO_CLIENT)["jti"] != verify_jwt(demo, second, DEMO_CLIENT)["jti"]


@pytest.mark.parametrize("scope", ["introspect_tokens", "revoke_tokens", "openid email"])
def test_requested_scope_subset_is_granted_exactly(demo, scope):
    token = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET, scope=scope)

    assert set(token["scope"].split()) == set(scope.split())
    assert set(verify_jwt(demo, token["access_token"], DEMO_CLIENT)["scp"]) == set(scope.split())


def test_shortlived_tokens_carry_the_workspace_ttl(shortlived):
    client = oauth_client(SHORT_CLIENT, SHORT_SECRET)

    client.fetch_token(shortlived.token, grant_type="client_credentials")

    assert_token_response(client.token_responses[-1], expires_in=2)


# --- token endpoint errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_wrong_secret_is_invalid_client(demo, method):
    client = oauth_client(DEMO_CLIENT, "not-the-secret", method)

    response = token_error(client, client.fetch_token, demo.token, grant_type="client_credentials")

    assert_oauth_error(response, 401, "invalid_client")


def test_unknown_client_is_invalid_client(demo):
    client = oauth_client("no-such-client", "whatever")

    response = token_error(client, client.fetch_token, demo.token, grant_type="client_credentials")

    assert_oauth_error(response, 401, "invalid_client")


@pytest.mark.parametrize(
    ("workspace", "client_id", "secret"),
    [("demo", SHORT_CLIENT, SHORT_SECRET), ("shortlived", DEMO_CLIENT, DEMO_SECRET), ("admin", DEMO_CLIENT, DEMO_SECRET)],
)
def test_client_of_another_workspace_is_invalid_client(idemu, workspace, client_id, secret):
    ws = Workspace(idemu, "acme", workspace)
    client = oauth_client(client_id, secret)

    response = token_error(client, client.fetch_token, ws.token, grant_type="client_credentials")

    assert_oauth_error(response, 401, "invalid_client")


def test_missing_grant_type_is_invalid_request(demo):
    response = requests.post(demo.token, data={"scope": "introspect_tokens"}, auth=(DEMO_CLIENT, DEMO_SECRET), timeout=TIMEOUT)

    assert_oauth_error(response, 400, "invalid_request")


@pytest.mark.parametrize("scope", ["manage_configuration", "introspect_tokens manage_configuration"])
def test_scope_outside_the_allowed_set_is_invalid_scope(demo, scope):
    client = demo_client()

    response = token_error(client, client.fetch_token, demo.token, grant_type="client_credentials", scope=scope)

    assert_oauth_error(response, 400, "invalid_scope")


def test_grant_the_client_may_not_use_is_refused(shortlived):
    response = requests.post(
        shortlived.token,
        data={"grant_type": "password", "username": UN1, "password": UN1_PASSWORD},
        auth=(SHORT_CLIENT, SHORT_SECRET),
        timeout=TIMEOUT,
    )

    assert_oauth_error(response, 400, "unsupported_grant_type", "unauthorized_client")


# === authorization code + PKCE =======================================================================================


def test_spa_logs_a_user_in_with_pkce(demo):
    spa = spa_client()
    auth = authorize(demo, spa)

    token = exchange(demo, spa, auth)

    body = assert_token_response(spa.token_responses[-1], expires_in=3600)
    assert set(body["scope"].split()) == set(USER_SCOPES.split())
    assert token["id_token"] and token["refresh_token"]
    claims = verify_jwt(demo, token["access_token"], audience=SPA_CLIENT)
    assert claims["sub"] == JANE
    assert set(claims["scp"]) == set(USER_SCOPES.split())


def test_confidential_client_logs_a_user_in_with_pkce(demo):
    client = demo_client()
    auth = authorize(demo, client)

    token = exchange(demo, client, auth)

    assert client.token_responses[-1].request.headers["Authorization"].startswith("Basic ")
    assert_token_response(client.token_responses[-1], expires_in=3600)
    assert verify_jwt(demo, token["access_token"], audience=DEMO_CLIENT)["sub"] == JANE


def test_id_token_carries_nonce_audience_and_subject(demo):
    client = demo_client()
    auth = authorize(demo, client)

    token = exchange(demo, client, auth)

    claims = verify_jwt(demo, token["id_token"], audience=DEMO_CLIENT)
    assert claims["nonce"] == auth.nonce
    assert claims["aud"] == DEMO_CLIENT or claims["aud"] == [DEMO_CLIENT]
    assert claims["sub"] == JANE
    assert claims["iss"] == demo.issuer


def test_the_other_seeded_user_logs_in_too(demo):
    spa = spa_client()
    auth = authorize(demo, spa, username=UN1, password=UN1_PASSWORD)

    token = exchange(demo, spa, auth)

    assert verify_jwt(demo, token["access_token"], audience=SPA_CLIENT)["sub"] == UN1


def test_state_is_echoed_byte_for_byte(demo):
    state = "a b+c/d?e=f&g%20h~ü"

    auth = authorize(demo, spa_client(), state=state)

    assert auth.params["state"] == state


def test_userinfo_returns_the_user_profile(demo):
    spa = spa_client()
    token = exchange(demo, spa, authorize(demo, spa))

    response = requests.get(demo.userinfo, headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=TIMEOUT)

    assert response.status_code == 200
    profile = response.json()
    assert profile["sub"] == JANE
    assert profile["name"] == "Jane Doe"
    assert profile["email"] == "janedoe@acme.com"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token"], ids=["no-token", "garbage-token"])
def test_userinfo_without_a_valid_token_is_401(demo, authorization):
    headers = {"Authorization": authorization} if authorization else {}

    response = requests.get(demo.userinfo, headers=headers, timeout=TIMEOUT)

    assert response.status_code == 401


def test_code_is_single_use(demo):
    client = demo_client()
    auth = authorize(demo, client)
    exchange(demo, client, auth)

    response = token_error(client, exchange, demo, client, auth)

    assert_oauth_error(response, 400, "invalid_grant")


def test_wrong_code_verifier_is_invalid_grant(demo):
    spa = spa_client()
    auth = authorize(demo, spa)
    auth.verifier = generate_token(48)

    response = token_error(spa, exchange, demo, spa, auth)

    assert_oauth_error(response, 400, "invalid_grant")


def test_code_is_bound_to_its_client(demo):
    spa = spa_client()
    auth = authorize(demo, spa)
    thief = demo_client()

    response = token_error(
        thief, thief.fetch_token, demo.token, grant_type="authorization_code",
        code=auth.params["code"], redirect_uri=SPA_REDIRECT, code_verifier=auth.verifier,
    )

    assert_oauth_error(response, 400, "invalid_grant")


def test_code_is_bound_to_its_redirect_uri(demo):
    client = demo_client()
    auth = authorize(demo, client)

    response = token_error(client, exchange, demo, client, auth, redirect_uri="https://app.example.com/elsewhere")

    assert_oauth_error(response, 400, "invalid_grant")


def test_made_up_code_is_invalid_grant(demo):
    client = demo_client()

    response = token_error(
        client, client.fetch_token, demo.token, grant_type="authorization_code",
        code="made-up-code", code_verifier=generate_token(48),
    )

    assert_oauth_error(response, 400, "invalid_grant")


# --- authorize errors -------------------------------------------------------------------------------------------------


def authorize_params(**overrides) -> dict:
    params = {
        "response_type": "code",
        "client_id": DEMO_CLIENT,
        "redirect_uri": DEMO_REDIRECT,
        "scope": "openid",
        "state": "st-123",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


@pytest.mark.parametrize(
    "overrides",
    [{"client_id": "no-such-client"}, {"redirect_uri": "https://evil.example.com/callback"}],
    ids=["unknown-client", "unregistered-redirect-uri"],
)
def test_bad_client_or_redirect_uri_gets_400_never_a_redirect(demo, overrides):
    response = requests.get(demo.authorize, params=authorize_params(**overrides), allow_redirects=False, timeout=TIMEOUT)

    assert response.status_code == 400
    assert "Location" not in response.headers


def test_public_client_without_code_challenge_is_redirected_with_invalid_request(demo):
    params = authorize_params(client_id=SPA_CLIENT, redirect_uri=SPA_REDIRECT, code_challenge=None, code_challenge_method=None)

    response = requests.get(demo.authorize, params=params, allow_redirects=False, timeout=TIMEOUT)

    query = redirect_to_client(response, SPA_REDIRECT)
    assert query["error"] == "invalid_request"
    assert query["state"] == "st-123"
    assert "code" not in query


@pytest.mark.parametrize(("username", "password"), [(JANE, "wrong-password"), ("nobody", "Passw0rd!")])
def test_wrong_credentials_give_401_html_and_no_redirect(demo, username, password):
    assert_login_refused(demo, username, password)


# === refresh ==========================================================================================================


def test_refresh_token_issues_a_new_access_token(demo):
    client = demo_client()
    first = exchange(demo, client, authorize(demo, client))

    refreshed = client.refresh_token(demo.token, refresh_token=first["refresh_token"])

    assert_token_response(client.token_responses[-1], expires_in=3600)
    assert refreshed["access_token"] != first["access_token"]
    assert verify_jwt(demo, refreshed["access_token"], DEMO_CLIENT)["sub"] == JANE


def test_public_client_refreshes_without_a_secret(demo):
    spa = spa_client()
    first = exchange(demo, spa, authorize(demo, spa))

    refreshed = spa.refresh_token(demo.token, refresh_token=first["refresh_token"])

    assert refreshed["access_token"] != first["access_token"]


def test_refresh_token_of_another_client_is_invalid_grant(demo):
    spa = spa_client()
    spa_token = exchange(demo, spa, authorize(demo, spa))
    other = demo_client()

    response = token_error(other, other.refresh_token, demo.token, refresh_token=spa_token["refresh_token"])

    assert_oauth_error(response, 400, "invalid_grant")


def test_revoked_refresh_token_is_invalid_grant(demo):
    client = demo_client()
    token = exchange(demo, client, authorize(demo, client))
    revoked = client.revoke_token(demo.revoke, token=token["refresh_token"], token_type_hint="refresh_token")
    assert revoked.status_code == 200

    response = token_error(client, client.refresh_token, demo.token, refresh_token=token["refresh_token"])

    assert_oauth_error(response, 400, "invalid_grant")


# === introspection and revocation ====================================================================================


def introspect(ws: Workspace, client: OAuth2Session, token: str) -> dict:
    response = client.introspect_token(ws.introspect, token=token)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


def assert_inactive(result: dict) -> None:
    assert result["active"] is False
    for name in ("sub", "scope", "client_id", "exp"):
        assert not result.get(name), f"inactive token reveals {name}: {result}"


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_introspection_of_an_active_token(demo, method):
    client = demo_client(method)
    token = client.fetch_token(demo.token, grant_type="client_credentials")

    result = introspect(demo, client, token["access_token"])

    assert result["active"] is True
    assert result["client_id"] == DEMO_CLIENT
    assert result["sub"] == DEMO_CLIENT
    assert set(result["scope"].split()) == set(token["scope"].split())
    assert result["exp"] == verify_jwt(demo, token["access_token"], DEMO_CLIENT)["exp"]


def test_introspection_of_a_user_token(demo):
    client = demo_client()
    token = exchange(demo, client, authorize(demo, client))

    result = introspect(demo, client, token["access_token"])

    assert result["active"] is True
    assert result["sub"] == JANE
    assert result["client_id"] == DEMO_CLIENT


def test_introspection_requires_client_authentication(demo):
    token = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET)["access_token"]

    response = requests.post(demo.introspect, data={"token": token}, timeout=TIMEOUT)

    assert response.status_code == 401


def test_revoked_access_token_introspects_inactive(demo):
    client = demo_client()
    token = client.fetch_token(demo.token, grant_type="client_credentials")

    revoked = client.revoke_token(demo.revoke, token=token["access_token"])

    assert revoked.status_code == 200
    assert_inactive(introspect(demo, client, token["access_token"]))


def test_revoking_an_unknown_token_answers_200(demo):
    response = demo_client().revoke_token(demo.revoke, token="never-issued")

    assert response.status_code == 200


def test_garbage_token_introspects_inactive(demo):
    assert_inactive(introspect(demo, demo_client(), "not-a-token"))


def test_tampered_token_introspects_inactive(demo):
    client = demo_client()
    token = client.fetch_token(demo.token, grant_type="client_credentials")

    assert_inactive(introspect(demo, client, tampered(token["access_token"])))


def test_shortlived_token_expires_after_its_2s_ttl(shortlived, advance_clock):
    client = oauth_client(SHORT_CLIENT, SHORT_SECRET)
    token = client.fetch_token(shortlived.token, grant_type="client_credentials")
    assert introspect(shortlived, client, token["access_token"])["active"] is True

    advance_clock(3)

    assert_inactive(introspect(shortlived, client, token["access_token"]))


def test_demo_token_is_active_until_its_hour_is_over(demo, advance_clock):
    client = demo_client()
    token = client.fetch_token(demo.token, grant_type="client_credentials")

    advance_clock(3590)
    assert introspect(demo, client, token["access_token"])["active"] is True

    advance_clock(11)
    assert_inactive(introspect(demo, client, token["access_token"]))


# === tenant and workspace isolation ==================================================================================


def test_demo_token_does_not_verify_with_another_workspace_keys(demo, shortlived):
    token = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET)["access_token"]
    other_keys = signing_keys(jwks_of(shortlived))

    assert other_keys
    for key in other_keys:
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(token, jwt.PyJWK(key).key, algorithms=["ES256"], options={"verify_aud": False})


def test_token_of_another_workspace_introspects_inactive(demo, shortlived):
    token = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET)["access_token"]

    assert_inactive(introspect(shortlived, oauth_client(SHORT_CLIENT, SHORT_SECRET), token))


OAUTH_ENDPOINTS = [
    ("GET", "/.well-known/openid-configuration"),
    ("GET", "/.well-known/jwks.json"),
    ("POST", "/oauth2/token"),
    ("GET", "/oauth2/authorize"),
    ("POST", "/oauth2/introspect"),
    ("POST", "/oauth2/revoke"),
    ("GET", "/userinfo"),
]


def call_endpoint(base: str, method: str, path: str) -> requests.Response:
    """Calls one OAuth endpoint with otherwise valid-looking input (demo-client credentials)."""
    url = base + path
    if path == "/oauth2/token":
        return requests.post(url, data={"grant_type": "client_credentials"}, auth=(DEMO_CLIENT, DEMO_SECRET), timeout=TIMEOUT)
    if method == "POST":
        return requests.post(url, data={"token": "some-token"}, auth=(DEMO_CLIENT, DEMO_SECRET), timeout=TIMEOUT)
    if path == "/oauth2/authorize":
        return requests.get(url, params=authorize_params(), allow_redirects=False, timeout=TIMEOUT)
    if path == "/userinfo":
        return requests.get(url, headers={"Authorization": "Bearer some-token"}, timeout=TIMEOUT)
    return requests.get(url, timeout=TIMEOUT)


@pytest.mark.parametrize("prefix", ["/nope/demo", "/acme/nope", "/burst/demo"])
@pytest.mark.parametrize(("method", "path"), OAUTH_ENDPOINTS, ids=[p for _, p in OAUTH_ENDPOINTS])
def test_unknown_tenant_or_workspace_is_404(idemu, prefix, method, path):
    response = call_endpoint(idemu + prefix, method, path)

    assert response.status_code == 404, f"{method} {prefix}{path}: {response.status_code} {response.text[:300]}"


# === Admin API =======================================================================================================


class AdminAPI:
    """`/api/admin/{tid}` with a Bearer token (an authlib session holding it)."""

    def __init__(self, origin: str, tenant: str, session: requests.Session):
        self.base = f"{origin}/api/admin/{tenant}"
        self.session = session

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=TIMEOUT, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.session.post(self.base + path, timeout=TIMEOUT, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return self.session.put(self.base + path, timeout=TIMEOUT, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return self.session.delete(self.base + path, timeout=TIMEOUT, **kwargs)


def admin_session(origin: str, tenant: str, client_id: str, secret: str) -> OAuth2Session:
    session = oauth_client(client_id, secret)
    session.fetch_token(Workspace(origin, tenant, "admin").token, grant_type="client_credentials")
    return session


def bearer_session(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


@pytest.fixture
def admin(idemu) -> AdminAPI:
    return AdminAPI(idemu, "acme", admin_session(idemu, "acme", ADMIN_CLIENT, ADMIN_SECRET))


def new_server(server_id: str = "it-workspace", **overrides) -> dict:
    server = {
        "id": server_id,
        "name": "Integration workspace",
        "tenant_id": "acme",
        "type": "regular",
        "key_type": "ecdsa",
        "access_token_strategy": "jwt",
        "access_token_ttl": "10m0s",
        "grant_types": ["client_credentials", "authorization_code", "refresh_token"],
        "jwks": {"keys": []},
    }
    server.update(overrides)
    return server


def new_static_idp(idp_id: str = "it-idp", password: str = "alice-pass", **overrides) -> dict:
    idp = {
        "id": idp_id,
        "name": "Integration IdP",
        "method": "static",
        "disabled": False,
        "credentials": {
            "users": [{"username": "alice", "password": password, "authentication_context": {"name": "Alice"}}]
        },
    }
    idp.update(overrides)
    return idp


def assert_admin_error(response: requests.Response, *statuses: int) -> dict:
    """An Admin API error: one of `statuses`, with a JSON body (the Go SDK decodes error bodies as JSON)."""
    assert response.status_code in statuses, f"{response.status_code} {response.text[:500]}"
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    return response.json()


# --- Admin API authorization ------------------------------------------------------------------------------------------


def test_admin_api_without_a_token_is_401(idemu):
    response = requests.get(f"{idemu}/api/admin/acme/servers", timeout=TIMEOUT)

    assert_admin_error(response, 401)


def test_admin_api_with_a_garbage_token_is_401_invalid_access_token(idemu):
    response = bearer_session("not-a-token").get(f"{idemu}/api/admin/acme/servers", timeout=TIMEOUT)

    assert assert_admin_error(response, 401)["error_code"] == "invalid_access_token"


def test_admin_api_with_an_expired_token_is_401_invalid_access_token(admin, advance_clock):
    assert admin.get("/servers").status_code == 200

    advance_clock(3601)

    assert assert_admin_error(admin.get("/servers"), 401)["error_code"] == "invalid_access_token"


def test_admin_api_refuses_a_token_of_a_regular_workspace(idemu, demo):
    token = client_credentials_token(demo, DEMO_CLIENT, DEMO_SECRET)["access_token"]

    response = bearer_session(token).get(f"{idemu}/api/admin/acme/servers", timeout=TIMEOUT)

    assert_admin_error(response, 401, 403)


def test_admin_api_refuses_an_admin_token_of_another_tenant(idemu):
    burst = AdminAPI(idemu, "acme", admin_session(idemu, "burst", BURST_ADMIN_CLIENT, BURST_ADMIN_SECRET))

    assert_admin_error(burst.get("/servers"), 401, 403)


def test_acme_admin_token_does_not_reach_tenant_burst(idemu, admin):
    other = AdminAPI(idemu, "burst", admin.session)

    assert_admin_error(other.get("/servers"), 401, 403)


def test_burst_admin_manages_its_own_tenant(idemu):
    burst = AdminAPI(idemu, "burst", admin_session(idemu, "burst", BURST_ADMIN_CLIENT, BURST_ADMIN_SECRET))

    response = burst.get("/servers")

    assert response.status_code == 200
    assert "admin" in {s["id"] for s in response.json()["servers"]}


# --- servers -----------------------------------------------------------------------------------------------------------


def test_list_servers_includes_admin_and_demo(admin):
    response = admin.get("/servers")

    assert response.status_code == 200
    assert {"admin", "demo"} <= {s["id"] for s in response.json()["servers"]}


def test_get_server_returns_the_seeded_demo_workspace(admin):
    response = admin.get("/servers/demo")

    assert response.status_code == 200
    server = response.json()
    assert server["id"] == "demo"
    assert server["tenant_id"] == "acme"
    assert server["access_token_strategy"] == "jwt"
    assert server["key_type"] == "ecdsa"
    assert server["access_token_ttl"] == "1h0m0s"
    assert {"client_credentials", "authorization_code", "refresh_token"} <= set(server["grant_types"])


def test_get_unknown_server_is_404(admin):
    assert_admin_error(admin.get("/servers/no-such-server"), 404)


def test_create_server_generates_keys(admin):
    response = admin.post("/servers", json=new_server())

    assert response.status_code == 201, response.text
    created = response.json()
    for name, value in new_server().items():
        if name != "jwks":
            assert created[name] == value, name
    keys = created["jwks"]["keys"]
    sig = [k for k in keys if k.get("use") == "sig"]
    enc = [k for k in keys if k.get("use") == "enc"]
    assert len(sig) == 1 and len(enc) >= 1, keys
    assert (sig[0]["kty"], sig[0]["crv"], sig[0]["alg"]) == ("EC", "P-256", "ES256")
    assert sig[0]["kid"] and sig[0]["d"]
    assert (enc[0]["kty"], enc[0]["alg"], enc[0]["e"]) == ("RSA", "RSA-OAEP-256", "AQAB")


def test_created_server_is_live_at_once_with_its_signing_key(idemu, admin):
    created = admin.post("/servers", json=new_server()).json()
    sig_kid = next(k["kid"] for k in created["jwks"]["keys"] if k.get("use") == "sig")
    ws = Workspace(idemu, "acme", "it-workspace")

    discovery = requests.get(ws.discovery, timeout=TIMEOUT)

    assert discovery.status_code == 200
    assert discovery.json()["issuer"] == ws.issuer
    published = jwks_of(ws)
    assert sig_kid in {k["kid"] for k in signing_keys(published)}
    assert not any(PRIVATE_JWK_MEMBERS & set(k) for k in published)
    assert "it-workspace" in {s["id"] for s in admin.get("/servers").json()["servers"]}


def test_create_duplicate_server_is_409(admin):
    assert admin.post("/servers", json=new_server()).status_code == 201

    assert_admin_error(admin.post("/servers", json=new_server()), 409)


def test_create_server_with_the_id_of_a_seeded_one_is_409(admin):
    assert_admin_error(admin.post("/servers", json=new_server("demo")), 409)


def test_create_server_with_invalid_json_is_400(admin):
    response = admin.post("/servers", data="{not json", headers={"Content-Type": "application/json"})

    assert_admin_error(response, 400)


def test_create_server_with_an_invalid_id_is_400_or_422(admin):
    assert_admin_error(admin.post("/servers", json=new_server("bad id!")), 400, 422)


def test_update_server_replaces_it(admin):
    admin.post("/servers", json=new_server())
    server = admin.get("/servers/it-workspace").json()
    server["name"] = "Renamed workspace"
    server["access_token_ttl"] = "30m0s"

    response = admin.put("/servers/it-workspace", json=server)

    assert response.status_code == 200, response.text
    stored = admin.get("/servers/it-workspace").json()
    assert stored["name"] == "Renamed workspace"
    assert stored["access_token_ttl"] == "30m0s"


def test_delete_server_removes_it_and_its_oauth_endpoints(idemu, admin):
    admin.post("/servers", json=new_server())
    ws = Workspace(idemu, "acme", "it-workspace")
    assert requests.get(ws.discovery, timeout=TIMEOUT).status_code == 200

    response = admin.delete("/servers/it-workspace")

    assert response.status_code == 204
    assert_admin_error(admin.get("/servers/it-workspace"), 404)
    for method, path in OAUTH_ENDPOINTS:
        assert call_endpoint(ws.issuer, method, path).status_code == 404, path
    assert_admin_error(admin.delete("/servers/it-workspace"), 404)


# --- static IdPs -------------------------------------------------------------------------------------------------------


def test_create_static_idp_and_its_user_logs_in(admin, demo):
    response = admin.post("/servers/demo/idps/static", json=new_static_idp())

    assert response.status_code == 201, response.text
    idp = response.json()
    assert idp["id"] == "it-idp"
    assert idp["tenant_id"] == "acme"
    assert idp["authorization_server_id"] == "demo"
    assert idp["method"] == "static"
    assert idp["disabled"] is False
    assert [u["username"] for u in idp["credentials"]["users"]] == ["alice"]
    assert_logs_in(demo, "alice", "alice-pass")


def test_create_duplicate_static_idp_is_refused(admin):
    assert admin.post("/servers/demo/idps/static", json=new_static_idp()).status_code == 201

    assert_admin_error(admin.post("/servers/demo/idps/static", json=new_static_idp()), 400, 409, 422)


def test_create_static_idp_on_an_unknown_server_is_404(admin):
    assert_admin_error(admin.post("/servers/no-such-server/idps/static", json=new_static_idp()), 404)


def test_get_the_seeded_static_idp(admin):
    response = admin.get("/servers/demo/idps/static/test-idp")

    assert response.status_code == 200
    idp = response.json()
    assert idp["id"] == "test-idp"
    assert idp["method"] == "static"
    assert {u["username"] for u in idp["credentials"]["users"]} == {UN1, JANE}


def test_disabled_static_idp_no_longer_logs_users_in(admin, demo):
    idp = admin.get("/servers/demo/idps/static/test-idp").json()
    idp["disabled"] = True

    response = admin.put("/servers/demo/idps/static/test-idp", json=idp)

    assert response.status_code == 200, response.text
    assert admin.get("/servers/demo/idps/static/test-idp").json()["disabled"] is True
    assert_login_refused(demo, JANE, JANE_PASSWORD)


def test_changed_password_takes_effect_at_once(admin, demo):
    admin.post("/servers/demo/idps/static", json=new_static_idp(password="old-pass"))
    assert_logs_in(demo, "alice", "old-pass")

    response = admin.put("/servers/demo/idps/static/it-idp", json=new_static_idp(password="new-pass"))

    assert response.status_code == 200, response.text
    assert_logs_in(demo, "alice", "new-pass")
    assert_login_refused(demo, "alice", "old-pass")


def test_deleted_idp_is_gone_and_its_users_can_no_longer_log_in(admin, demo):
    assert_logs_in(demo, UN1, UN1_PASSWORD)

    response = admin.delete("/servers/demo/idps/test-idp")

    assert response.status_code == 204
    assert_admin_error(admin.get("/servers/demo/idps/static/test-idp"), 404)
    assert_login_refused(demo, UN1, UN1_PASSWORD)
    assert_login_refused(demo, JANE, JANE_PASSWORD)
