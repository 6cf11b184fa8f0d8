"""Asgardeo, organization `acme`: the default-seed contract of FIXTURES.md §5, driven with real clients.

Both Asgardeo SDKs from PyPI run unchanged against the emulator: `asgardeo` (app-native username/password login, code
exchange, refresh) and `asgardeo-auth-python-sdk` (discovery, code exchange with ID-token validation against the JWKS,
refresh, revocation). client_credentials runs through authlib and requests-oauthlib with both client authentication
methods, and the seed's own two curl calls run through curl. Paths, fields, statuses and error shapes come from
FIXTURES.md §5, `specs/VENDOR-NOTES.md` §5, `specs/SDK-NOTES.md` §2–3 and `shared/specs/asgardeo/*.yaml`.

The module skips itself while the discovery document answers 404 (Asgardeo not served yet).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import shutil
import subprocess
import uuid
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session as OAuthlibSession

TIMEOUT = 10

# The default seed (FIXTURES.md §5).
ORG = "acme"
M2M_CLIENT, M2M_SECRET = "wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa"
WEB_CLIENT, WEB_SECRET = "acme-web-client", "acme-web-secret"
WEB_REDIRECT = "https://localhost:3000/callback"
JANE, JANE_PASSWORD, JANE_EMAIL = "janedoe", "Passw0rd!", "janedoe@acme.com"
APP_MGT_SCOPES = [f"internal_application_mgt_{action}" for action in ("view", "create", "update", "delete")]
BASIC_AUTHENTICATOR_ID = "QmFzaWNBdXRoZW50aWNhdG9yOkxPQ0FM"
DISCOVERY_KEYS = {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "revocation_endpoint",
                  "introspection_endpoint", "end_session_endpoint"}
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


@pytest.fixture(scope="session")
def asgardeo_served(idemu):
    status = requests.get(f"{idemu}/t/{ORG}/oauth2/token/.well-known/openid-configuration", timeout=TIMEOUT).status_code
    if status == 404:
        pytest.skip("Asgardeo is not served yet: its discovery document is 404")


pytestmark = pytest.mark.usefixtures("asgardeo_served")


# --- helpers ---------------------------------------------------------------------------------------------------------


class Org:
    """The endpoints of the root organization `acme` at the paths FIXTURES.md §5 fixes."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.base = f"{origin}/t/{ORG}"
        self.issuer = f"{self.base}/oauth2/token"
        self.token = f"{self.base}/oauth2/token"
        self.discovery = f"{self.base}/oauth2/token/.well-known/openid-configuration"
        self.jwks = f"{self.base}/oauth2/jwks"
        self.authorize = f"{self.base}/oauth2/authorize"
        self.authn = f"{self.base}/oauth2/authn"
        self.introspect = f"{self.base}/oauth2/introspect"
        self.revoke = f"{self.base}/oauth2/revoke"
        self.userinfo = f"{self.base}/oauth2/userinfo"
        self.logout = f"{self.base}/oidc/logout"
        self.api = f"{self.base}/api/server/v1"
        self.org_api = f"{self.base}/o/api/server/v1"


@pytest.fixture
def org(idemu) -> Org:
    return Org(idemu)


def basic(client_id: str, secret: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def m2m_token(org: Org, scope: str = " ".join(APP_MGT_SCOPES)) -> str:
    response = requests.post(org.token, data={"grant_type": "client_credentials", "scope": scope},
                             headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_valve_error(response: requests.Response, status: int) -> None:
    """The auth valve's body: `code` is the status as an integer, with message, description and traceId."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == status and isinstance(body["code"], int)
    assert body["message"] == {401: "Unauthorized", 403: "Forbidden"}[status]
    assert body["description"] and UUID_PATTERN.match(body["traceId"])


def assert_api_error(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    assert body["message"] and body["description"] and UUID_PATTERN.match(body["traceId"])
    return body


def verify_id_token(org: Org, token: str, audience: str) -> dict:
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["kid"]
    keys = {key["kid"]: key for key in requests.get(org.jwks, timeout=TIMEOUT).json()["keys"]}
    key = jwt.PyJWK(keys[header["kid"]]).key
    return jwt.decode(token, key, algorithms=["RS256"], audience=audience, issuer=org.issuer)


def catalogue_id(identifier: str) -> str:
    """The id of a system API resource. The emulator's catalogue ids are stable (README: the UUID-shaped first 16 bytes
    of SHA-256("api:" + identifier)), which breaks the cycle of needing the API Resources API's id to be authorized to
    read it; tests that read the catalogue check these ids against it."""
    digest = hashlib.sha256(("api:" + identifier).encode()).hexdigest()[:32]
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


def authorize_app(org: Org, token: str, app_id: str, identifier: str, scopes: list[str], collection: str | None = None) -> None:
    """Authorizes an application for scopes of a system API (the step of seed 004 that grants API scopes)."""
    collection = collection or f"{org.api}/applications"
    response = requests.post(f"{collection}/{app_id}/authorized-apis", headers=bearer(token),
                             json={"id": catalogue_id(identifier), "policyIdentifier": "RBAC", "scopes": scopes}, timeout=TIMEOUT)
    assert response.status_code == 201, response.text


def app_by_client_id(org: Org, token: str, client_id: str) -> dict:
    listed = requests.get(f"{org.api}/applications", params={"filter": f"clientId eq {client_id}"}, headers=bearer(token),
                          timeout=TIMEOUT)
    assert listed.status_code == 200, listed.text
    [app] = listed.json()["applications"]
    return app


def create_app(org: Org, token: str, body: dict, collection: str | None = None) -> tuple[str, dict]:
    """Creates an application; returns its id and its OIDC configuration (client id and secret)."""
    collection = collection or f"{org.api}/applications"
    created = requests.post(collection, json=body, headers=bearer(token), timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    assert created.content == b""
    location = created.headers["Location"]
    assert location.startswith(collection + "/")
    app_id = location.rsplit("/", 1)[1]
    oidc = requests.get(f"{collection}/{app_id}/inbound-protocols/oidc", headers=bearer(token), timeout=TIMEOUT)
    assert oidc.status_code == 200, oidc.text
    return app_id, oidc.json()


class FormParser(HTMLParser):
    """The first `<form method="post">` of a page: its action and its named inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.inputs: dict[str, str] = {}
        self.found = False
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and not self.found and attributes.get("method", "").lower() == "post":
            self.found, self._inside, self.action = True, True, attributes.get("action")
        elif tag == "input" and self._inside and attributes.get("name"):
            self.inputs[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def browser_login(org: Org, params: dict, username: str = JANE, password: str = JANE_PASSWORD) -> requests.Response:
    """FIXTURES.md "Interactive login": GET the authorize URL, fill the HTML form, submit it; returns the answer to the
    form post (a redirect to the client, or an error page)."""
    browser = requests.Session()
    page = browser.get(org.authorize, params=params, allow_redirects=False, timeout=TIMEOUT)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html"), page.text
    form = FormParser()
    form.feed(page.text)
    assert form.found and {"username", "password"} <= set(form.inputs)
    data = dict(form.inputs, username=username, password=password)
    return browser.post(urljoin(page.url, form.action or page.url), data=data, allow_redirects=False, timeout=TIMEOUT)


def code_from(response: requests.Response, redirect_uri: str, state: str | None = None) -> str:
    assert response.status_code in REDIRECT_STATUSES, response.text
    location = response.headers["Location"]
    assert location.startswith(redirect_uri + "?"), location
    query = parse_qs(urlsplit(location).query)
    if state is not None:
        assert query["state"] == [state]
    return query["code"][0]


def web_code(org: Org, scope: str = "openid profile email", state: str = "xyz") -> str:
    response = browser_login(org, {"client_id": WEB_CLIENT, "redirect_uri": WEB_REDIRECT, "response_type": "code",
                                   "scope": scope, "state": state})
    return code_from(response, WEB_REDIRECT, state)


def exchange(org: Org, code: str) -> requests.Response:
    """The seed's code exchange: client_secret_post with grant_type=authorization_code and the redirect URI."""
    return requests.post(org.token, data={"grant_type": "authorization_code", "code": code, "redirect_uri": WEB_REDIRECT,
                                          "client_id": WEB_CLIENT, "client_secret": WEB_SECRET}, timeout=TIMEOUT)


def start_direct(org: Org, **overrides) -> requests.Response:
    data = {"client_id": WEB_CLIENT, "client_secret": WEB_SECRET, "response_type": "code", "redirect_uri": WEB_REDIRECT,
            "scope": "openid profile email", "response_mode": "direct"} | overrides
    return requests.post(org.authorize, data={k: v for k, v in data.items() if v is not None},
                         headers={"Accept": "application/json"}, timeout=TIMEOUT)


def authn(org: Org, flow_id: str, username: str = JANE, password: str = JANE_PASSWORD,
          authenticator: str = BASIC_AUTHENTICATOR_ID) -> requests.Response:
    return requests.post(org.authn, json={"flowId": flow_id, "selectedAuthenticator": {
        "authenticatorId": authenticator, "params": {"username": username, "password": password}}}, timeout=TIMEOUT)


# --- the seed's curl calls -------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_seed_curl_calls(org):
    """Seed 004's two calls, as the README shows them: a token with scope internal_application_mgt_view (Basic), then
    the applications list with it."""
    token_call = subprocess.run(
        ["curl", "-s", "-X", "POST", org.token, "-H", "Content-Type: application/x-www-form-urlencoded",
         "-u", f"{M2M_CLIENT}:{M2M_SECRET}", "-d", "grant_type=client_credentials&scope=internal_application_mgt_view"],
        capture_output=True, text=True, check=True, timeout=TIMEOUT)
    token = json.loads(token_call.stdout)
    assert set(token) == {"access_token", "scope", "token_type", "expires_in"}
    assert UUID_PATTERN.match(token["access_token"]), "opaque UUID access tokens by default"
    assert token["scope"] == "internal_application_mgt_view"
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
    list_call = subprocess.run(["curl", "-s", "-X", "GET", f"{org.api}/applications",
                                "-H", f"Authorization: Bearer {token['access_token']}"],
                               capture_output=True, text=True, check=True, timeout=TIMEOUT)
    listed = json.loads(list_call.stdout)
    assert listed["totalResults"] == 2 and listed["startIndex"] == 1 and listed["count"] == 2 and listed["links"] == []
    by_client = {app["clientId"]: app for app in listed["applications"]}
    assert set(by_client) == {M2M_CLIENT, WEB_CLIENT}
    for app in listed["applications"]:
        assert app["self"] == f"/t/{ORG}/api/server/v1/applications/{app['id']}" and app["name"]


# --- token endpoint --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_client_credentials_with_authlib(org, method):
    session = OAuth2Session(M2M_CLIENT, M2M_SECRET, token_endpoint_auth_method=method, scope="internal_application_mgt_view")
    token = session.fetch_token(org.token, grant_type="client_credentials")
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
    assert token["scope"] == "internal_application_mgt_view"
    listed = requests.get(f"{org.api}/applications", headers=bearer(token["access_token"]), timeout=TIMEOUT)
    assert listed.status_code == 200


@pytest.mark.parametrize("include_client_id", [False, True])
def test_client_credentials_with_requests_oauthlib(org, include_client_id):
    """requests-oauthlib sends Basic (with only client_id in the body when asked), or everything in the body."""
    session = OAuthlibSession(client=BackendApplicationClient(client_id=M2M_CLIENT, scope=["internal_application_mgt_view"]))
    token = session.fetch_token(org.token, client_id=M2M_CLIENT, client_secret=M2M_SECRET, include_client_id=include_client_id)
    assert token["scope"] == ["internal_application_mgt_view"]
    assert session.get(f"{org.api}/applications", timeout=TIMEOUT).status_code == 200


def test_scopes_dropped_silently_and_system(org):
    def granted(scope):
        response = requests.post(org.token, data={"grant_type": "client_credentials", **({"scope": scope} if scope else {})},
                                 headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        return response.json().get("scope")

    assert granted("internal_application_mgt_view internal_user_mgt_list openid made_up") == "internal_application_mgt_view"
    assert granted("SYSTEM").split() == APP_MGT_SCOPES
    assert granted("internal_user_mgt_list") is None, "no authorized scope: no scope member"
    assert granted(None) is None, "no scope requested: no internal scopes"


def test_token_endpoint_errors(org):
    both = requests.post(org.token, data={"grant_type": "client_credentials", "client_id": M2M_CLIENT, "client_secret": M2M_SECRET},
                         headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
    assert both.status_code == 400
    assert both.json() == {"error": "invalid_request", "error_description": "Request body and headers contain authorization information"}
    wrong = requests.post(org.token, data={"grant_type": "client_credentials"}, headers=basic(M2M_CLIENT, "nope"), timeout=TIMEOUT)
    unknown = requests.post(org.token, data={"grant_type": "client_credentials"}, headers=basic("nobody", M2M_SECRET), timeout=TIMEOUT)
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.json() == {"error": "invalid_client", "error_description": "Client credentials are invalid."}
    missing = requests.post(org.token, data={}, headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    not_allowed = requests.post(org.token, data={"grant_type": "client_credentials"}, headers=basic(WEB_CLIENT, WEB_SECRET),
                                timeout=TIMEOUT)
    assert not_allowed.status_code == 400 and not_allowed.json()["error"] == "unauthorized_client"
    other_org = requests.post(f"{org.origin}/t/nowhere/oauth2/token", data={"grant_type": "client_credentials"},
                              headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
    assert other_org.status_code in (401, 404)


# --- discovery, JWKS and the legacy SDK ------------------------------------------------------------------------------


def test_discovery_and_jwks(org):
    document = requests.get(org.discovery, timeout=TIMEOUT).json()
    assert DISCOVERY_KEYS <= set(document)
    assert document["issuer"] == org.issuer
    assert document["token_endpoint"] == org.token and document["jwks_uri"] == org.jwks
    assert document["end_session_endpoint"] == org.logout
    assert "RS256" in document["id_token_signing_alg_values_supported"]
    keys = requests.get(org.jwks, timeout=TIMEOUT).json()["keys"]
    assert keys and all(key["kty"] == "RSA" and key["alg"] == "RS256" and key["kid"] for key in keys)
    assert not any({"d", "p", "q", "dp", "dq", "qi"} & set(key) for key in keys), "public keys only"
    assert requests.get(f"{org.origin}/t/nowhere/oauth2/token/.well-known/openid-configuration", timeout=TIMEOUT).status_code == 404


def legacy_sdk_flow(org: Org, client_id: str, client_secret: str | None, redirect: str):
    """asgardeo-auth-python-sdk 0.1.8's own objects: discovery in OPConfiguration, then OIDCFlow."""
    from asgardeo_auth.models.auth_config import AuthConfig
    from asgardeo_auth.models.op_Configuration import OPConfiguration
    from asgardeo_auth.oidc_flow import OIDCFlow

    config = {"server_origin": org.origin, "tenant_path": f"/t/{ORG}", "tenant": ORG, "client_id": client_id,
              "login_callback_url": redirect, "logout_callback_url": redirect, "scope": ["internal_login"],
              "enable_pkce": False}
    if client_secret:
        config["client_secret"] = client_secret
    auth_config = AuthConfig(config)
    op_configuration = OPConfiguration(auth_config)
    assert op_configuration.issuer == org.issuer
    return OIDCFlow(auth_config, op_configuration)


def test_legacy_sdk_code_exchange_refresh_and_revoke(org):
    """A public app made through the Applications API, then the legacy SDK: authorize URL, HTML login, token exchange
    with ID-token validation (RS256 against the JWKS, aud and iss), refresh (no secret: public client), revoke."""
    token = m2m_token(org)
    _, oidc = create_app(org, token, {"name": "Legacy SPA", "inboundProtocolConfiguration": {"oidc": {
        "grantTypes": ["authorization_code", "refresh_token"], "callbackURLs": ["http://localhost:5000/login"],
        "publicClient": True}}})
    client_id = oidc["clientId"]
    assert "clientSecret" not in oidc
    flow = legacy_sdk_flow(org, client_id, None, "http://localhost:5000/login")
    url, state = flow.get_authorize_url()
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(org.authorize) and query["scope"] == "internal_login openid"
    code = code_from(browser_login(org, query), "http://localhost:5000/login", state)
    tokens = flow.send_token_request(code)
    assert tokens.decoded_payload["aud"] == client_id and tokens.decoded_payload["iss"] == org.issuer
    assert tokens.token_response["scope"] == "internal_login openid"
    refreshed = flow.send_refresh_token_request(tokens.refresh_token)
    assert refreshed.access_token != tokens.access_token and refreshed.decoded_payload["aud"] == client_id
    assert flow.send_revoke_token_request(refreshed.access_token) == {}
    inactive = requests.post(org.introspect, data={"token": refreshed.access_token}, headers=basic(M2M_CLIENT, M2M_SECRET),
                             timeout=TIMEOUT)
    assert inactive.json() == {"active": False}


def test_legacy_sdk_with_the_confidential_web_app(org):
    flow = legacy_sdk_flow(org, WEB_CLIENT, WEB_SECRET, WEB_REDIRECT)
    url, state = flow.get_authorize_url()
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    tokens = flow.send_token_request(code_from(browser_login(org, query), WEB_REDIRECT, state))
    assert tokens.decoded_payload["sub"] and tokens.refresh_token
    # The SDK's refresh sends no secret, so a confidential client cannot refresh through it (SDK-NOTES §3).
    refused = requests.post(org.token, data={"client_id": WEB_CLIENT, "refresh_token": tokens.refresh_token,
                                             "grant_type": "refresh_token"}, timeout=TIMEOUT)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"


# --- browser login and the code flow ---------------------------------------------------------------------------------


def test_browser_login_code_exchange_and_id_token(org):
    response = exchange(org, web_code(org))
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert {"access_token", "id_token", "refresh_token", "expires_in"} <= set(body) and body["expires_in"] == 3600
    assert UUID_PATTERN.match(body["access_token"]) and UUID_PATTERN.match(body["refresh_token"])
    claims = verify_id_token(org, body["id_token"], WEB_CLIENT)
    assert claims["email"] == JANE_EMAIL and claims["given_name"] == "Jane" and UUID_PATTERN.match(claims["sub"])
    userinfo = requests.get(org.userinfo, headers=bearer(body["access_token"]), timeout=TIMEOUT)
    assert userinfo.status_code == 200 and userinfo.json()["sub"] == claims["sub"] and userinfo.json()["email"] == JANE_EMAIL
    made_up = exchange(org, "made-up-code")
    assert made_up.status_code == 400 and made_up.json()["error"] == "invalid_grant"
    reused = exchange(org, web_code(org))
    assert reused.status_code == 200


def test_browser_login_errors(org):
    wrong = browser_login(org, {"client_id": WEB_CLIENT, "redirect_uri": WEB_REDIRECT, "response_type": "code", "scope": "openid"},
                          password="wrong")
    assert wrong.status_code == 401 and "Location" not in wrong.headers
    unknown = requests.get(org.authorize, params={"client_id": "nobody", "redirect_uri": WEB_REDIRECT, "response_type": "code"},
                           allow_redirects=False, timeout=TIMEOUT)
    assert unknown.status_code == 400 and "Location" not in unknown.headers
    unregistered = requests.get(org.authorize, params={"client_id": WEB_CLIENT, "redirect_uri": "https://evil.example/cb",
                                                       "response_type": "code"}, allow_redirects=False, timeout=TIMEOUT)
    assert unregistered.status_code == 400 and "Location" not in unregistered.headers


def test_pkce_refresh_and_userinfo_errors(org):
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    response = browser_login(org, {"client_id": WEB_CLIENT, "redirect_uri": WEB_REDIRECT, "response_type": "code",
                                   "scope": "openid", "state": "s", "code_challenge": challenge, "code_challenge_method": "S256"})
    code = code_from(response, WEB_REDIRECT, "s")
    base = {"grant_type": "authorization_code", "code": code, "redirect_uri": WEB_REDIRECT, "client_id": WEB_CLIENT,
            "client_secret": WEB_SECRET}
    wrong = requests.post(org.token, data=base | {"code_verifier": "w" * 50}, timeout=TIMEOUT)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    code = code_from(browser_login(org, {"client_id": WEB_CLIENT, "redirect_uri": WEB_REDIRECT, "response_type": "code",
                                         "scope": "openid", "code_challenge": challenge, "code_challenge_method": "S256"}),
                     WEB_REDIRECT)
    tokens = requests.post(org.token, data=base | {"code": code, "code_verifier": verifier}, timeout=TIMEOUT).json()
    refreshed = requests.post(org.token, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                               "client_id": WEB_CLIENT, "client_secret": WEB_SECRET}, timeout=TIMEOUT)
    assert refreshed.status_code == 200 and refreshed.json()["access_token"] != tokens["access_token"]
    assert "id_token" in refreshed.json()
    stolen = requests.post(org.token, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
                           headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
    assert stolen.status_code == 400 and stolen.json()["error"] in ("invalid_grant", "unauthorized_client")
    no_token = requests.get(org.userinfo, timeout=TIMEOUT)
    assert no_token.status_code == 401 and no_token.json()["error"] == "invalid_token"
    client_token = requests.get(org.userinfo, headers=bearer(m2m_token(org)), timeout=TIMEOUT)
    assert client_token.status_code == 401


# --- app-native authentication ---------------------------------------------------------------------------------------


# asgardeo 0.2.3 posts its form with httpx's deprecated `data=<str>`; that warning is the SDK's, not the emulator's.
@pytest.mark.filterwarnings("ignore:Use 'content=<...>' to upload raw bytes/text content.:DeprecationWarning")
def test_asgardeo_sdk_app_native_login_code_exchange_and_refresh(org):
    """asgardeo 0.2.3: authenticate() starts the flow, authenticate(authenticator_id, params) completes it, get_token()
    exchanges the code (client_secret_post), and the token client refreshes."""
    from asgardeo import AsgardeoConfig, AsgardeoNativeAuthClient, AsgardeoTokenClient, FlowStatus

    config = AsgardeoConfig(base_url=f"{org.base}", client_id=WEB_CLIENT, client_secret=WEB_SECRET, redirect_uri=WEB_REDIRECT,
                            scope="openid profile email internal_login")

    async def run():
        async with AsgardeoNativeAuthClient(config) as client:
            started = await client.authenticate()
            assert started["flowStatus"] == FlowStatus.INCOMPLETE and started["flowType"] == "AUTHENTICATION"
            [authenticator] = started["nextStep"]["authenticators"]
            assert authenticator["requiredParams"] == ["username", "password"]
            done = await client.authenticate(authenticator_id=authenticator["authenticatorId"],
                                             params={"username": JANE, "password": JANE_PASSWORD})
            assert done["flowStatus"] == FlowStatus.SUCCESS_COMPLETED and client.auth_data["code"]
            token = await client.get_token()
        async with AsgardeoTokenClient(config) as token_client:
            refreshed = await token_client.refresh_access_token(token.refresh_token)
        return token, refreshed

    token, refreshed = asyncio.run(run())
    assert token.access_token and token.refresh_token and token.expires_in == 3600
    claims = verify_id_token(org, token.id_token, WEB_CLIENT)
    assert claims["email"] == JANE_EMAIL
    assert refreshed.access_token != token.access_token and refreshed.refresh_token != token.refresh_token
    assert set(token.scope.split()) == {"openid", "profile", "email", "internal_login"}


def test_app_native_flow_shapes(org):
    started = start_direct(org, state="st-1")
    assert started.status_code == 200, started.text
    body = started.json()
    assert body["flowStatus"] == "INCOMPLETE" and body["flowType"] == "AUTHENTICATION"
    assert body["nextStep"]["stepType"] == "AUTHENTICATOR_PROMPT"
    assert body["nextStep"]["authenticators"] == [{
        "authenticatorId": BASIC_AUTHENTICATOR_ID, "authenticator": "Username & Password", "idp": "LOCAL",
        "metadata": body["nextStep"]["authenticators"][0]["metadata"], "requiredParams": ["username", "password"]}]
    assert body["links"] == [{"name": "authentication", "href": org.authn, "method": "POST"}]
    flow_id = body["flowId"]
    failed = authn(org, flow_id, password="wrong")
    assert failed.status_code == 200
    assert failed.json()["flowStatus"] not in ("SUCCESS_COMPLETED",) and "authData" not in failed.json()
    assert failed.json()["flowId"] == flow_id
    done = authn(org, flow_id)
    assert done.json()["flowStatus"] == "SUCCESS_COMPLETED" and done.json()["authData"]["state"] == "st-1"
    tokens = exchange(org, done.json()["authData"]["code"])
    assert tokens.status_code == 200 and "id_token" in tokens.json()
    again = authn(org, flow_id)
    assert_api_error(again, 400, "ABA-60002")


def test_app_native_errors(org, advance_clock):
    expiring = start_direct(org).json()["flowId"]
    advance_clock(15 * 60 + 1)
    assert_api_error(authn(org, expiring), 400, "ABA-60002")
    assert_api_error(authn(org, str(uuid.uuid4())), 400, "ABA-60002")
    flow_id = start_direct(org).json()["flowId"]
    assert_api_error(authn(org, flow_id, authenticator="BasicAuthenticator"), 400, "ABA-60003")
    malformed = requests.post(org.authn, data="not json", headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert_api_error(malformed, 400, "ABA-60001")
    wrong_secret = start_direct(org, client_secret="nope")
    assert wrong_secret.status_code == 401 and wrong_secret.json()["error"] == "invalid_client"
    no_secret = start_direct(org, client_secret=None)
    assert no_secret.status_code == 401
    unregistered = start_direct(org, redirect_uri="https://evil.example/cb")
    assert unregistered.status_code == 400 and unregistered.json()["error"] == "invalid_request"
    token = m2m_token(org)
    _, oidc = create_app(org, token, {"name": "No native", "inboundProtocolConfiguration": {"oidc": {
        "grantTypes": ["authorization_code"], "callbackURLs": [WEB_REDIRECT]}}})
    disabled = start_direct(org, client_id=oidc["clientId"], client_secret=oidc["clientSecret"])
    assert_api_error(disabled, 400, "ABA-60004")


# --- introspection, revocation, logout -------------------------------------------------------------------------------


def test_introspection_and_revocation(org):
    token = m2m_token(org, "internal_application_mgt_view")
    active = requests.post(org.introspect, data={"token": token}, headers=basic(WEB_CLIENT, WEB_SECRET), timeout=TIMEOUT).json()
    assert active["active"] is True and active["client_id"] == M2M_CLIENT and active["token_type"] == "Bearer"
    assert active["scope"] == "internal_application_mgt_view" and active["exp"] - active["iat"] == 3600
    user_token = exchange(org, web_code(org)).json()["access_token"]
    user = requests.post(org.introspect, data={"token": user_token}, headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT).json()
    assert user["username"] == JANE and user["aut"] == "APPLICATION_USER"
    unauthenticated = requests.post(org.introspect, data={"token": token}, timeout=TIMEOUT)
    assert unauthenticated.status_code == 401
    both = requests.post(org.revoke, data={"token": token, "client_id": M2M_CLIENT, "client_secret": M2M_SECRET},
                         headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
    assert both.status_code == 401 and both.json()["error_description"] == "Client Authentication failed."
    foreign = requests.post(org.revoke, data={"token": token}, headers=basic(WEB_CLIENT, WEB_SECRET), timeout=TIMEOUT)
    assert foreign.status_code == 200, "RFC 7009: 200 even when nothing is revoked"
    assert requests.get(f"{org.api}/applications", headers=bearer(token), timeout=TIMEOUT).status_code == 200
    revoked = requests.post(org.revoke, data={"token": token, "token_type_hint": "access_token"},
                            headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)
    assert revoked.status_code == 200 and revoked.json() == {}
    assert requests.post(org.introspect, data={"token": token}, headers=basic(M2M_CLIENT, M2M_SECRET),
                         timeout=TIMEOUT).json() == {"active": False}
    assert_valve_error(requests.get(f"{org.api}/applications", headers=bearer(token), timeout=TIMEOUT), 401)


def test_logout(org):
    id_token = exchange(org, web_code(org)).json()["id_token"]
    redirected = requests.get(org.logout, params={"id_token_hint": id_token, "post_logout_redirect_uri": WEB_REDIRECT,
                                                  "state": "bye"}, allow_redirects=False, timeout=TIMEOUT)
    assert redirected.status_code == 302 and redirected.headers["Location"] == WEB_REDIRECT + "?state=bye"
    unregistered = requests.get(org.logout, params={"id_token_hint": id_token, "post_logout_redirect_uri": "https://evil.example/"},
                                allow_redirects=False, timeout=TIMEOUT)
    assert unregistered.status_code == 400
    page = requests.get(org.logout, timeout=TIMEOUT)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")


# --- Applications API ------------------------------------------------------------------------------------------------


def test_application_lifecycle_and_new_credentials(org):
    token = m2m_token(org)
    app_id, oidc = create_app(org, token, {"name": "Inventory Sync", "templateId": "m2m-application", "inboundProtocolConfiguration": {
        "oidc": {"grantTypes": ["client_credentials"]}}})
    assert oidc["grantTypes"] == ["client_credentials"] and oidc["accessToken"]["type"] == "Default" and oidc["clientSecret"]
    fresh = requests.post(org.token, data={"grant_type": "client_credentials"},
                          headers=basic(oidc["clientId"], oidc["clientSecret"]), timeout=TIMEOUT)
    assert fresh.status_code == 200, "a new app's credentials work at the token endpoint at once"
    got = requests.get(f"{org.api}/applications/{app_id}", headers=bearer(token), timeout=TIMEOUT).json()
    assert got["id"] == app_id and got["name"] == "Inventory Sync" and got["clientId"] == oidc["clientId"]
    assert got["inboundProtocols"] == [{"type": "oauth2", "self": f"/t/{ORG}/api/server/v1/applications/{app_id}/inbound-protocols/oidc"}]
    patched = requests.patch(f"{org.api}/applications/{app_id}", json={"description": "nightly", "name": "Inventory"},
                             headers=bearer(token), timeout=TIMEOUT)
    assert patched.status_code == 200
    got = requests.get(f"{org.api}/applications/{app_id}", headers=bearer(token), timeout=TIMEOUT).json()
    assert got["name"] == "Inventory" and got["description"] == "nightly"
    duplicate = requests.post(f"{org.api}/applications", json={"name": "Inventory"}, headers=bearer(token), timeout=TIMEOUT)
    assert_api_error(duplicate, 409, "APP-60007")
    rename = requests.patch(f"{org.api}/applications/{app_id}", json={"name": "M2M App"}, headers=bearer(token), timeout=TIMEOUT)
    assert_api_error(rename, 409, "APP-60007")
    deleted = requests.delete(f"{org.api}/applications/{app_id}", headers=bearer(token), timeout=TIMEOUT)
    assert deleted.status_code == 204
    assert_api_error(requests.get(f"{org.api}/applications/{app_id}", headers=bearer(token), timeout=TIMEOUT), 404, "APP-60006")
    assert_api_error(requests.delete(f"{org.api}/applications/{app_id}", headers=bearer(token), timeout=TIMEOUT), 404, "APP-60006")
    gone = requests.post(org.token, data={"grant_type": "client_credentials"}, headers=basic(oidc["clientId"], oidc["clientSecret"]),
                         timeout=TIMEOUT)
    assert gone.status_code == 401
    revoked = requests.post(org.introspect, data={"token": fresh.json()["access_token"]}, headers=basic(M2M_CLIENT, M2M_SECRET),
                            timeout=TIMEOUT)
    assert revoked.json() == {"active": False}


def test_application_validation_errors(org):
    token = m2m_token(org)
    for body in ({}, {"name": ""}, {"name": 3}, {"name": "x", "inboundProtocolConfiguration": {"oidc": {}}},
                 {"name": "x", "inboundProtocolConfiguration": {"oidc": {"grantTypes": ["authorization_code"]}}},
                 {"name": "x", "inboundProtocolConfiguration": {"oidc": {"grantTypes": ["client_credentials"], "publicClient": True}}},
                 {"name": "x", "inboundProtocolConfiguration": {"oidc": {"grantTypes": ["client_credentials"], "accessToken": {"type": "Magic"}}}}):
        assert_api_error(requests.post(f"{org.api}/applications", json=body, headers=bearer(token), timeout=TIMEOUT), 400, "APP-60001")
    malformed = requests.post(f"{org.api}/applications", data="{", headers=bearer(token) | {"Content-Type": "application/json"},
                              timeout=TIMEOUT)
    assert_api_error(malformed, 400, "APP-60001")
    taken = requests.post(f"{org.api}/applications", json={"name": "y", "inboundProtocolConfiguration": {"oidc": {
        "grantTypes": ["client_credentials"], "clientId": M2M_CLIENT}}}, headers=bearer(token), timeout=TIMEOUT)
    assert_api_error(taken, 409, "APP-60009")
    listed = requests.get(f"{org.api}/applications", headers=bearer(token), timeout=TIMEOUT).json()
    assert listed["totalResults"] == 2, "failed requests change nothing"


def test_application_list_paging_and_filters(org):
    token = m2m_token(org)
    for name in ("Alpha Portal", "Beta Portal", "Gamma Service"):
        create_app(org, token, {"name": name, "inboundProtocolConfiguration": {"oidc": {"grantTypes": ["client_credentials"]}}})

    def names(**params):
        response = requests.get(f"{org.api}/applications", params=params, headers=bearer(token), timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        return response.json()

    page = names(limit=2, offset=1)
    assert page["totalResults"] == 5 and page["startIndex"] == 2 and page["count"] == 2
    assert [app["name"] for app in page["applications"]] == ["Acme Web", "Alpha Portal"]
    assert {link["rel"] for link in page["links"]} == {"next", "previous"}
    assert names(limit=0)["count"] == 0
    assert [a["name"] for a in names(filter="name eq Beta Portal")["applications"]] == ["Beta Portal"]
    assert [a["name"] for a in names(filter="name sw Alpha")["applications"]] == ["Alpha Portal"]
    assert [a["name"] for a in names(filter="name ew Portal")["applications"]] == ["Alpha Portal", "Beta Portal"]
    assert [a["name"] for a in names(filter="name co Serv")["applications"]] == ["Gamma Service"]
    assert [a["name"] for a in names(filter="name co Portal and name sw Beta")["applications"]] == ["Beta Portal"]
    assert [a["name"] for a in names(filter="name eq Gamma Service or clientId eq acme-web-client")["applications"]] == \
        ["Acme Web", "Gamma Service"]
    assert names(filter="name co Portal and name sw Beta or name eq M2M App")["totalResults"] == 2
    for bad in ("description eq x", "name is x", "name"):
        response = requests.get(f"{org.api}/applications", params={"filter": bad}, headers=bearer(token), timeout=TIMEOUT)
        assert_api_error(response, 400, "APP-60004")
    assert requests.get(f"{org.api}/applications", params={"limit": -1}, headers=bearer(token), timeout=TIMEOUT).status_code == 400


def test_application_scope_checks(org):
    no_token = requests.get(f"{org.api}/applications", timeout=TIMEOUT)
    assert_valve_error(no_token, 401)
    assert no_token.headers["WWW-Authenticate"].startswith("Bearer")
    view = m2m_token(org, "internal_application_mgt_view")
    assert_valve_error(requests.post(f"{org.api}/applications", json={"name": "z"}, headers=bearer(view), timeout=TIMEOUT), 403)
    m2m_id = app_by_client_id(org, view, M2M_CLIENT)["id"]
    assert_valve_error(requests.delete(f"{org.api}/applications/{m2m_id}", headers=bearer(view), timeout=TIMEOUT), 403)
    assert_valve_error(requests.patch(f"{org.api}/applications/{m2m_id}", json={}, headers=bearer(view), timeout=TIMEOUT), 403)
    user_token = exchange(org, web_code(org)).json()["access_token"]
    assert_valve_error(requests.get(f"{org.api}/applications", headers=bearer(user_token), timeout=TIMEOUT), 403)


def test_inbound_oidc_jwt_access_tokens(org):
    token = m2m_token(org)
    app_id, oidc = create_app(org, token, {"name": "JWT M2M", "inboundProtocolConfiguration": {"oidc": {
        "grantTypes": ["client_credentials"]}}})
    oidc["accessToken"]["type"] = "JWT"
    oidc["accessToken"]["applicationAccessTokenExpiryInSeconds"] = 600
    put = requests.put(f"{org.api}/applications/{app_id}/inbound-protocols/oidc", json=oidc, headers=bearer(token), timeout=TIMEOUT)
    assert put.status_code == 200
    stored = requests.get(f"{org.api}/applications/{app_id}/inbound-protocols/oidc", headers=bearer(token), timeout=TIMEOUT).json()
    assert stored["accessToken"]["type"] == "JWT" and stored["clientSecret"] == oidc["clientSecret"]
    authorize_app(org, token, app_id, "/api/server/v1/applications", ["internal_application_mgt_view"])
    issued = requests.post(org.token, data={"grant_type": "client_credentials", "scope": "internal_application_mgt_view openid"},
                           headers=basic(oidc["clientId"], oidc["clientSecret"]), timeout=TIMEOUT).json()
    assert issued["expires_in"] == 600 and issued["scope"] == "internal_application_mgt_view"
    claims = verify_id_token(org, issued["access_token"], oidc["clientId"])
    assert claims["aut"] == "APPLICATION" and claims["client_id"] == oidc["clientId"] and claims["sub"] == oidc["clientId"]
    assert claims["scope"] == "internal_application_mgt_view" and claims["org_handle"] == ORG
    assert claims["exp"] - claims["iat"] == 600
    listed = requests.get(f"{org.api}/applications", headers=bearer(issued["access_token"]), timeout=TIMEOUT)
    assert listed.status_code == 200
    invalid = requests.put(f"{org.api}/applications/{app_id}/inbound-protocols/oidc", json={"grantTypes": []}, headers=bearer(token),
                           timeout=TIMEOUT)
    assert_api_error(invalid, 400, "APP-60001")


def test_authorized_apis_and_catalogue(org):
    token = m2m_token(org)
    m2m = app_by_client_id(org, token, M2M_CLIENT)
    listed = requests.get(f"{org.api}/applications/{m2m['id']}/authorized-apis", headers=bearer(token), timeout=TIMEOUT).json()
    [app_api] = listed
    assert app_api["identifier"] == "/api/server/v1/applications" and app_api["policyId"] == "RBAC"
    assert [scope["name"] for scope in app_api["authorizedScopes"]] == APP_MGT_SCOPES
    assert_valve_error(requests.get(f"{org.api}/api-resources", headers=bearer(token), timeout=TIMEOUT), 403)
    authorize_app(org, token, m2m["id"], "/api/server/v1/api-resources", ["internal_api_resource_view"])
    view = m2m_token(org, "internal_api_resource_view")
    resources = requests.get(f"{org.api}/api-resources", params={"limit": 100}, headers=bearer(view), timeout=TIMEOUT).json()
    ids = {item["identifier"]: item["id"] for item in resources["APIResources"]}
    assert {"/api/server/v1/applications", "/scim2/Users", "/api/server/v1/organizations"} <= set(ids)
    assert all(ids[identifier] == catalogue_id(identifier) for identifier in ids)
    assert app_api["id"] == ids["/api/server/v1/applications"]
    found = requests.get(f"{org.api}/api-resources", params={"filter": "identifier eq /scim2/Users"}, headers=bearer(view),
                         timeout=TIMEOUT).json()
    assert [item["identifier"] for item in found["APIResources"]] == ["/scim2/Users"] and found["totalResults"] == 1
    resource_id = ids["/scim2/Users"]
    one = requests.get(f"{org.api}/api-resources/{resource_id}", headers=bearer(view), timeout=TIMEOUT).json()
    assert "internal_user_mgt_list" in [scope["name"] for scope in one["scopes"]]
    scopes = requests.get(f"{org.api}/scopes", params={"filter": "name sw internal_user_mgt"}, headers=bearer(view), timeout=TIMEOUT)
    assert {s["name"] for s in scopes.json()} == {f"internal_user_mgt_{a}" for a in ("view", "list", "create", "update", "delete")}
    assert_api_error(requests.get(f"{org.api}/api-resources/nope", headers=bearer(view), timeout=TIMEOUT), 404, "APR-60005")
    # Authorize, then narrow with PATCH, then remove.
    authorize_app(org, token, m2m["id"], "/scim2/Users", ["internal_user_mgt_list", "internal_user_mgt_view"])
    granted = requests.post(org.token, data={"grant_type": "client_credentials", "scope": "internal_user_mgt_list internal_user_mgt_view"},
                            headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT).json()
    assert granted["scope"] == "internal_user_mgt_list internal_user_mgt_view"
    patched = requests.patch(f"{org.api}/applications/{m2m['id']}/authorized-apis/{resource_id}",
                             json={"removedScopes": ["internal_user_mgt_view"], "addedScopes": ["internal_user_mgt_create"]},
                             headers=bearer(token), timeout=TIMEOUT)
    assert patched.status_code == 200
    narrowed = requests.post(org.token, data={"grant_type": "client_credentials", "scope": "SYSTEM"},
                             headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT).json()["scope"].split()
    assert "internal_user_mgt_view" not in narrowed and {"internal_user_mgt_list", "internal_user_mgt_create"} <= set(narrowed)
    bad_scope = requests.post(f"{org.api}/applications/{m2m['id']}/authorized-apis", headers=bearer(token),
                              json={"id": resource_id, "scopes": ["internal_application_mgt_view"]}, timeout=TIMEOUT)
    assert_api_error(bad_scope, 400, "APP-60001")
    removed = requests.delete(f"{org.api}/applications/{m2m['id']}/authorized-apis/{resource_id}", headers=bearer(token),
                              timeout=TIMEOUT)
    assert removed.status_code == 204
    again = requests.post(org.token, data={"grant_type": "client_credentials", "scope": "internal_user_mgt_list"},
                          headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT).json()
    assert "scope" not in again


# --- organizations ---------------------------------------------------------------------------------------------------


def organization_admin_token(org: Org) -> str:
    """Authorizes the seed's M2M app for the organization APIs, then returns a token with every authorized scope."""
    token = m2m_token(org)
    m2m_id = app_by_client_id(org, token, M2M_CLIENT)["id"]
    authorize_app(org, token, m2m_id, "/api/server/v1/organizations",
                  ["internal_organization_view", "internal_organization_create", "internal_organization_delete"])
    authorize_app(org, token, m2m_id, "/o/api/server/v1/applications",
                  ["internal_org_application_mgt_view", "internal_org_application_mgt_create"])
    return m2m_token(org, "SYSTEM")


def switch(org: Org, root_token: str, org_id: str, scope: str = "SYSTEM") -> requests.Response:
    return requests.post(org.token, data={"grant_type": "organization_switch", "token": root_token, "switching_organization": org_id,
                                          "scope": scope}, headers=basic(M2M_CLIENT, M2M_SECRET), timeout=TIMEOUT)


def test_sub_organizations_and_organization_switch(org):
    root = organization_admin_token(org)
    created = requests.post(f"{org.api}/organizations", json={"name": "Acme Europe", "description": "EU branch"},
                            headers=bearer(root), timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    sub = created.json()
    assert created.headers["Location"].endswith(f"/t/{ORG}/api/server/v1/organizations/{sub['id']}")
    assert sub["name"] == "Acme Europe" and sub["status"] == "ACTIVE" and sub["orgHandle"] == "acmeeurope"
    duplicate = requests.post(f"{org.api}/organizations", json={"name": "Acme Europe"}, headers=bearer(root), timeout=TIMEOUT)
    assert_api_error(duplicate, 409, "ORG-60006")
    assert_api_error(requests.post(f"{org.api}/organizations", json={}, headers=bearer(root), timeout=TIMEOUT), 400, "ORG-60002")
    listed = requests.get(f"{org.api}/organizations", headers=bearer(root), timeout=TIMEOUT).json()
    assert [o["id"] for o in listed["organizations"]] == [sub["id"]]
    assert requests.get(f"{org.api}/organizations/{sub['id']}", headers=bearer(root), timeout=TIMEOUT).json()["parent"]["id"]

    switched = switch(org, root, sub["id"])
    assert switched.status_code == 200, switched.text
    sub_token = switched.json()["access_token"]
    assert set(switched.json()["scope"].split()) >= {"internal_org_application_mgt_view", "internal_org_application_mgt_create"}
    empty = requests.get(f"{org.org_api}/applications", headers=bearer(sub_token), timeout=TIMEOUT)
    assert empty.status_code == 200 and empty.json()["totalResults"] == 0, "a new sub-organization has no applications"
    create_app(org, sub_token, {"name": "EU Portal", "inboundProtocolConfiguration": {"oidc": {"grantTypes": ["client_credentials"]}}},
               collection=f"{org.org_api}/applications")
    assert requests.get(f"{org.org_api}/applications", headers=bearer(sub_token), timeout=TIMEOUT).json()["totalResults"] == 1
    root_list = requests.get(f"{org.api}/applications", headers=bearer(root), timeout=TIMEOUT).json()
    assert "EU Portal" not in [a["name"] for a in root_list["applications"]], "sub-organization data is isolated from the root"
    assert_valve_error(requests.get(f"{org.api}/applications", headers=bearer(sub_token), timeout=TIMEOUT), 401)
    assert_valve_error(requests.get(f"{org.org_api}/applications", headers=bearer(root), timeout=TIMEOUT), 401)
    narrow = switch(org, root, sub["id"], scope="internal_org_application_mgt_view").json()["access_token"]
    assert_valve_error(requests.post(f"{org.org_api}/applications", json={"name": "n"}, headers=bearer(narrow), timeout=TIMEOUT), 403)

    assert switch(org, "not-a-token", sub["id"]).json()["error"] == "invalid_grant"
    assert switch(org, root, str(uuid.uuid4())).json()["error"] == "invalid_grant"
    web_switch = requests.post(org.token, data={"grant_type": "organization_switch", "token": root, "switching_organization": sub["id"]},
                               headers=basic(WEB_CLIENT, WEB_SECRET), timeout=TIMEOUT)
    assert web_switch.status_code == 400 and web_switch.json()["error"] == "unauthorized_client"

    deleted = requests.delete(f"{org.api}/organizations/{sub['id']}", headers=bearer(root), timeout=TIMEOUT)
    assert deleted.status_code == 204
    assert_api_error(requests.get(f"{org.api}/organizations/{sub['id']}", headers=bearer(root), timeout=TIMEOUT), 404, "ORG-60015")
    assert_valve_error(requests.get(f"{org.org_api}/applications", headers=bearer(sub_token), timeout=TIMEOUT), 401)


def test_organization_scope_checks(org):
    token = m2m_token(org)
    assert_valve_error(requests.get(f"{org.api}/organizations", headers=bearer(token), timeout=TIMEOUT), 403)
    assert_valve_error(requests.get(f"{org.api}/organizations", timeout=TIMEOUT), 401)


def freeze_clock(org: Org) -> None:
    response = requests.post(f"{org.origin}/_emulator/clock", json={"action": "freeze"}, timeout=TIMEOUT)
    assert response.status_code == 200, response.text


# --- rate limits -----------------------------------------------------------------------------------------------------


def test_rate_limit_per_endpoint_group(org):
    """200 requests a minute per client IP and endpoint group: the 201st is refused with Retry-After, in the OAuth
    error envelope; the management API group is counted apart. The clock is frozen: no allowance comes back meanwhile."""
    freeze_clock(org)
    session = requests.Session()
    statuses = [session.get(org.discovery, timeout=TIMEOUT).status_code for _ in range(200)]
    assert statuses == [200] * 200
    refused = session.get(org.discovery, timeout=TIMEOUT)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["error"] == "too_many_requests"
    token_refused = session.post(org.token, data={"grant_type": "client_credentials"}, headers=basic(M2M_CLIENT, M2M_SECRET),
                                 timeout=TIMEOUT)
    assert token_refused.status_code == 429, "the token endpoint is in the same /oauth2 group"
    api = session.get(f"{org.api}/applications", timeout=TIMEOUT)
    assert api.status_code == 401, "the /api/server group has its own allowance"


# --- SCIM2 -----------------------------------------------------------------------------------------------------------

SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
USER_SCOPES = [f"internal_user_mgt_{a}" for a in ("view", "list", "create", "update", "delete")]
GROUP_SCOPES = [f"internal_group_mgt_{a}" for a in ("view", "create", "update", "delete")]


def scim_token(org: Org, scopes: list[str] | None = None) -> str:
    """Authorizes the M2M app for the SCIM2 APIs (as an Asgardeo admin does in the console), then gets a token."""
    token = m2m_token(org)
    m2m_id = app_by_client_id(org, token, M2M_CLIENT)["id"]
    authorize_app(org, token, m2m_id, "/scim2/Users", USER_SCOPES)
    authorize_app(org, token, m2m_id, "/scim2/Groups", GROUP_SCOPES)
    authorize_app(org, token, m2m_id, "/scim2/Bulk", ["internal_bulk_resource_create"])
    return m2m_token(org, " ".join(scopes) if scopes else "SYSTEM")


def assert_scim_error(response: requests.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [SCIM_ERROR] and body["status"] == status and isinstance(body["status"], int), body
    return body


def test_scim_users_groups_and_scopes(org):
    scim = f"{org.base}/scim2"
    token = scim_token(org)
    listed = requests.get(f"{scim}/Users", params={"filter": 'userName eq "janedoe"'}, headers=bearer(token), timeout=TIMEOUT).json()
    assert listed["totalResults"] == 1 and listed["Resources"][0]["emails"][0]["value"] == JANE_EMAIL
    assert "password" not in listed["Resources"][0]
    created = requests.post(f"{scim}/Users", json={"schemas": [SCIM_USER], "userName": "kim", "password": "Kim-pass-1",
                                                   "name": {"givenName": "Kim", "familyName": "Lee"},
                                                   "emails": [{"value": "kim@acme.com", "primary": True}]},
                            headers=bearer(token) | {"Content-Type": "application/scim+json"}, timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    kim = created.json()
    assert created.headers["Location"] == f"{scim}/Users/{kim['id']}" and kim["meta"]["resourceType"] == "User"
    conflict = requests.post(f"{scim}/Users", json={"schemas": [SCIM_USER], "userName": "kim"}, headers=bearer(token), timeout=TIMEOUT)
    assert assert_scim_error(conflict, 409)["scimType"] == "uniqueness"
    group = requests.post(f"{scim}/Groups", json={"schemas": [SCIM_GROUP], "displayName": "engineers",
                                                  "members": [{"value": kim["id"]}]}, headers=bearer(token), timeout=TIMEOUT)
    assert group.status_code == 201, group.text
    read = requests.get(f"{scim}/Users/{kim['id']}", headers=bearer(token), timeout=TIMEOUT).json()
    assert [g["display"] for g in read["groups"]] == ["engineers"]
    searched = requests.post(f"{scim}/Users/.search", json={"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                                                            "filter": 'emails.value co "acme.com"', "startIndex": 1, "count": 10},
                             headers=bearer(token), timeout=TIMEOUT).json()
    assert searched["totalResults"] == 2
    patched = requests.patch(f"{scim}/Users/{kim['id']}", json={"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                                                "Operations": [{"op": "replace", "path": "name.givenName", "value": "Kimberly"}]},
                             headers=bearer(token), timeout=TIMEOUT)
    assert patched.status_code == 200 and patched.json()["name"]["givenName"] == "Kimberly"
    # A SCIM-created user logs in at once (the browser flow).
    tokens = exchange(org, code_from(browser_login(org, {"client_id": WEB_CLIENT, "redirect_uri": WEB_REDIRECT, "response_type": "code",
                                                         "scope": "openid profile email", "state": "k"}, "kim", "Kim-pass-1"),
                                     WEB_REDIRECT, "k")).json()
    assert verify_id_token(org, tokens["id_token"], WEB_CLIENT)["given_name"] == "Kimberly"
    assert requests.delete(f"{scim}/Users/{kim['id']}", headers=bearer(token), timeout=TIMEOUT).status_code == 204
    assert_scim_error(requests.get(f"{scim}/Users/{kim['id']}", headers=bearer(token), timeout=TIMEOUT), 404)
    assert requests.get(f"{scim}/Groups/{group.json()['id']}", headers=bearer(token), timeout=TIMEOUT).json().get("members", []) == []
    assert_scim_error(requests.get(f"{scim}/Users", timeout=TIMEOUT), 401)
    list_only = scim_token(org, ["internal_user_mgt_list"])
    assert requests.get(f"{scim}/Users", headers=bearer(list_only), timeout=TIMEOUT).status_code == 200
    assert_scim_error(requests.post(f"{scim}/Users", json={"schemas": [SCIM_USER], "userName": "x"}, headers=bearer(list_only),
                                    timeout=TIMEOUT), 403)
    assert_scim_error(requests.get(f"{scim}/Groups", headers=bearer(list_only), timeout=TIMEOUT), 403)
    bad_filter = requests.get(f"{scim}/Users", params={"filter": "userName eq"}, headers=bearer(token), timeout=TIMEOUT)
    assert assert_scim_error(bad_filter, 400)["scimType"] == "invalidFilter"
    discovery = requests.get(f"{scim}/ResourceTypes", timeout=TIMEOUT)
    assert discovery.status_code == 200 and {r["name"] for r in discovery.json()["Resources"]} == {"User", "Group"}


def test_scim_me(org):
    tokens = exchange(org, web_code(org, scope="openid internal_login")).json()
    me = requests.get(f"{org.base}/scim2/Me", headers=bearer(tokens["access_token"]), timeout=TIMEOUT)
    assert me.status_code == 200 and me.headers["Content-Type"].startswith("application/scim+json")
    assert me.json()["userName"] == JANE and me.json()["id"] == verify_id_token(org, tokens["id_token"], WEB_CLIENT)["sub"]
    without_login = exchange(org, web_code(org, scope="openid")).json()["access_token"]
    assert_scim_error(requests.get(f"{org.base}/scim2/Me", headers=bearer(without_login), timeout=TIMEOUT), 403)
    assert_scim_error(requests.get(f"{org.base}/scim2/Me", headers=bearer("garbage"), timeout=TIMEOUT), 401)


def test_scim_bulk_with_bulk_ids_and_its_rate_limit(org):
    freeze_clock(org)
    token = scim_token(org)
    bulk = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
        {"method": "POST", "path": "/Users", "bulkId": "u1", "data": {"schemas": [SCIM_USER], "userName": "bulk-one", "password": "Pw-1-bulk"}},
        {"method": "POST", "path": "/Groups", "bulkId": "g1", "data": {"schemas": [SCIM_GROUP], "displayName": "bulkers",
                                                                      "members": [{"value": "bulkId:u1"}]}},
        {"method": "POST", "path": "/Users", "bulkId": "dup", "data": {"schemas": [SCIM_USER], "userName": "janedoe"}},
        {"method": "DELETE", "path": "/Users/bulkId:u1"},
    ]}
    response = requests.post(f"{org.base}/scim2/Bulk", json=bulk, headers=bearer(token), timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    results = response.json()["Operations"]
    assert [r["status"]["code"] for r in results] == [201, 201, 409, 204]
    assert results[0]["location"].startswith(f"{org.base}/scim2/Users/") and results[2]["response"]["status"] == 409
    limited = requests.post(f"{org.base}/scim2/Bulk", json={**bulk, "failOnErrors": 1, "Operations": bulk["Operations"][2:]},
                            headers=bearer(token), timeout=TIMEOUT)
    assert len(limited.json()["Operations"]) == 1, "failOnErrors stops after the first error"
    statuses = [requests.post(f"{org.base}/scim2/Bulk", json={"schemas": bulk["schemas"], "Operations": []}, headers=bearer(token),
                              timeout=TIMEOUT).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429], "Bulk allows 5 requests a minute per client IP"
    assert requests.get(f"{org.base}/scim2/Users", headers=bearer(token), timeout=TIMEOUT).status_code == 200


def test_sub_organization_scim_is_isolated(org):
    root = organization_admin_token(org)
    token = m2m_token(org)
    m2m_id = app_by_client_id(org, token, M2M_CLIENT)["id"]
    authorize_app(org, token, m2m_id, "/o/scim2/Users", ["internal_org_user_mgt_list", "internal_org_user_mgt_create"])
    sub = requests.post(f"{org.api}/organizations", json={"name": "Acme Asia"}, headers=bearer(root), timeout=TIMEOUT).json()
    sub_token = switch(org, m2m_token(org, "SYSTEM"), sub["id"]).json()["access_token"]
    users = requests.get(f"{org.base}/o/scim2/Users", headers=bearer(sub_token), timeout=TIMEOUT).json()
    assert users["totalResults"] == 0
    created = requests.post(f"{org.base}/o/scim2/Users", json={"schemas": [SCIM_USER], "userName": "janedoe"}, headers=bearer(sub_token),
                            timeout=TIMEOUT)
    assert created.status_code == 201, "the same userName is free in another organization"
    assert created.json()["meta"]["location"].startswith(f"{org.base}/o/scim2/Users/")
    assert_scim_error(requests.get(f"{org.base}/scim2/Users", headers=bearer(sub_token), timeout=TIMEOUT), 401)
