"""Authlete API 3.0: the default-seed contract of FIXTURES.md §4, driven with the real `authlete` Python SDK
(`apiVersion="V3"`, base URL = the emulator), playing the authorization server that calls Authlete.

Flows: authorization → issue → token → introspection → revocation → introspection, refresh, client credentials,
the password ticket flow, client CRUD, the service JWKS and configuration, and the error cases (bad token, missing
header, unknown client, reused code, wrong PKCE verifier, wrong secret). ID tokens are verified with PyJWT against
the JWKS the SDK fetched. Paths and fields come from `shared/specs/authlete/authlete-api-3.0.spec_next.yaml`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from authlete.api import AuthleteApiException, AuthleteApiImpl
from authlete.conf import AuthleteConfiguration
from authlete.dto import (
    AuthorizationAction,
    AuthorizationFailAction,
    AuthorizationFailReason,
    AuthorizationFailRequest,
    AuthorizationIssueAction,
    AuthorizationIssueRequest,
    AuthorizationRequest,
    Client,
    IntrospectionAction,
    IntrospectionRequest,
    PushedAuthReqAction,
    PushedAuthReqRequest,
    RevocationAction,
    RevocationRequest,
    Service,
    StandardIntrospectionAction,
    StandardIntrospectionRequest,
    TokenAction,
    TokenCreateAction,
    TokenCreateRequest,
    TokenFailAction,
    TokenFailReason,
    TokenFailRequest,
    TokenIssueAction,
    TokenIssueRequest,
    TokenRequest,
    UserInfoAction,
    UserInfoIssueAction,
    UserInfoIssueRequest,
    UserInfoRequest,
)
from authlete.types import ClientAuthMethod, ClientType, GrantType, ResponseType

TIMEOUT = 10

# The default seed (FIXTURES.md §4).
SERVICE_ID = 715948317
SERVICE_TOKEN = "demo-service-access-token"
BURST_TOKEN = "burst-service-access-token"
ORG_TOKEN = "demo-org-access-token"
CLIENT_ID, CLIENT_SECRET = 1234567890, "my-application-secret"
REDIRECT = "https://myapp.example.com/callback"
ISSUER = "https://as.example.com"


def sdk(idemu: str, token: str = SERVICE_TOKEN, service_id: int = SERVICE_ID) -> AuthleteApiImpl:
    conf = AuthleteConfiguration()
    conf.apiVersion = "V3"
    conf.baseUrl = idemu
    conf.serviceApiKey = str(service_id)
    conf.serviceAccessToken = token
    return AuthleteApiImpl(conf)


@pytest.fixture
def api(idemu: str) -> AuthleteApiImpl:
    return sdk(idemu)


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize(api: AuthleteApiImpl, scope: str = "openid profile email offline_access", challenge: str | None = None,
              state: str = "st-1", nonce: str = "n-1", subject: str = "jane") -> str:
    """The authorization server's part of the code flow: /auth/authorization then /auth/authorization/issue; the code."""
    params = {"response_type": "code", "client_id": str(CLIENT_ID), "redirect_uri": REDIRECT, "scope": scope,
              "state": state, "nonce": nonce}
    if challenge:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    request = AuthorizationRequest()
    request.parameters = urlencode(params)
    response = api.authorization(request)
    assert response.action == AuthorizationAction.INTERACTION, response.resultMessage
    assert response.resultCode == "A004001"
    assert response.client.clientId == CLIENT_ID and response.client.clientName == "My Application"
    assert [s.name for s in response.scopes] == scope.split()
    assert len(response.ticket) == 43

    issue = AuthorizationIssueRequest()
    issue.ticket = response.ticket
    issue.subject = subject
    issue.claims = json.dumps({"name": "Jane Doe", "email": "jane@example.com"})
    issued = api.authorizationIssue(issue)
    assert issued.action == AuthorizationIssueAction.LOCATION, issued.resultMessage
    location = urlsplit(issued.responseContent)
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["code"] == [issued.authorizationCode]
    assert query["state"] == [state]
    assert query["iss"] == [ISSUER]
    return issued.authorizationCode


def token_call(api: AuthleteApiImpl, parameters: dict, client_id=CLIENT_ID, secret=CLIENT_SECRET):
    request = TokenRequest()
    request.parameters = urlencode(parameters)
    request.clientId = str(client_id) if client_id is not None else None
    request.clientSecret = secret
    return api.token(request)


def introspect(api: AuthleteApiImpl, token: str, scopes=None, subject=None):
    request = IntrospectionRequest()
    request.token = token
    request.scopes = scopes
    request.subject = subject
    return api.introspection(request)


def jwks_keys(api: AuthleteApiImpl) -> dict:
    return {key["kid"]: key for key in json.loads(api.getServiceJwks(pretty=True, includePrivateKeys=False))["keys"]}


# --- the full code flow -------------------------------------------------------------------------------------------


def test_code_flow_introspection_revocation(api):
    verifier, challenge = pkce_pair()
    code = authorize(api, challenge=challenge)
    response = token_call(api, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                                "code_verifier": verifier})
    assert response.action == TokenAction.OK, response.resultMessage
    assert response.resultCode == "A050001"
    assert response.grantType == GrantType.AUTHORIZATION_CODE
    assert response.clientId == CLIENT_ID and response.subject == "jane"
    assert response.scopes == ["openid", "profile", "email", "offline_access"]
    assert response.accessTokenDuration == 3600
    assert len(response.accessToken) == 43 and len(response.refreshToken) == 43
    assert response.accessTokenExpiresAt > 1_600_000_000_000, "milliseconds"
    content = json.loads(response.responseContent)
    assert content["access_token"] == response.accessToken
    assert content["refresh_token"] == response.refreshToken
    assert content["token_type"] == "Bearer" and content["expires_in"] == 3600
    assert content["id_token"] == response.idToken

    # The ID token: RS256 with the service's published key, iss/aud/nonce as FIXTURES.md §4 says.
    header = jwt.get_unverified_header(response.idToken)
    assert header["alg"] == "RS256"
    key = jwt.PyJWK(jwks_keys(api)[header["kid"]])
    claims = jwt.decode(response.idToken, key.key, algorithms=["RS256"], audience=str(CLIENT_ID), issuer=ISSUER)
    assert claims["sub"] == "jane" and claims["nonce"] == "n-1"
    assert claims["name"] == "Jane Doe" and claims["email"] == "jane@example.com"

    valid = introspect(api, response.accessToken, scopes=["profile"], subject="jane")
    assert valid.action == IntrospectionAction.OK and valid.resultCode == "A056001"
    assert (valid.usable, valid.existent, valid.sufficient, valid.refreshable) == (True, True, True, True)
    assert valid.clientId == CLIENT_ID and valid.subject == "jane"
    assert valid.expiresAt == response.accessTokenExpiresAt

    insufficient = introspect(api, response.accessToken, scopes=["admin"])
    assert insufficient.action == IntrospectionAction.FORBIDDEN
    assert insufficient.sufficient is False and insufficient.usable is True
    assert 'error="insufficient_scope"' in insufficient.responseContent

    standard = StandardIntrospectionRequest()
    standard.parameters = urlencode({"token": response.accessToken})
    active = api.standardIntrospection(standard)
    assert active.action == StandardIntrospectionAction.OK
    body = json.loads(active.responseContent)
    assert body["active"] is True and body["client_id"] == str(CLIENT_ID) and body["sub"] == "jane"

    revocation = RevocationRequest()
    revocation.parameters = urlencode({"token": response.accessToken, "token_type_hint": "access_token"})
    revocation.clientId = str(CLIENT_ID)
    revocation.clientSecret = CLIENT_SECRET
    revoked = api.revocation(revocation)
    assert revoked.action == RevocationAction.OK and revoked.resultCode == "A113001"

    gone = introspect(api, response.accessToken)
    assert gone.action == IntrospectionAction.UNAUTHORIZED
    assert (gone.existent, gone.usable) == (False, False)
    assert 'error="invalid_token"' in gone.responseContent
    assert json.loads(api.standardIntrospection(standard).responseContent) == {"active": False}


def test_refresh_token_rotates(api):
    code = authorize(api)
    first = token_call(api, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    assert first.action == TokenAction.OK
    refreshed = token_call(api, {"grant_type": "refresh_token", "refresh_token": first.refreshToken})
    assert refreshed.action == TokenAction.OK, refreshed.resultMessage
    assert refreshed.grantType == GrantType.REFRESH_TOKEN
    assert refreshed.accessToken != first.accessToken and refreshed.refreshToken != first.refreshToken
    assert refreshed.subject == "jane"
    assert introspect(api, refreshed.accessToken).action == IntrospectionAction.OK
    reused = token_call(api, {"grant_type": "refresh_token", "refresh_token": first.refreshToken})
    assert reused.action == TokenAction.BAD_REQUEST
    assert json.loads(reused.responseContent)["error"] == "invalid_grant"


def test_client_credentials(api):
    response = token_call(api, {"grant_type": "client_credentials", "scope": "profile"})
    assert response.action == TokenAction.OK, response.resultMessage
    assert response.grantType == GrantType.CLIENT_CREDENTIALS
    assert response.refreshToken is None and response.idToken is None and response.subject is None
    assert response.scopes == ["profile"]
    content = json.loads(response.responseContent)
    assert "refresh_token" not in content and content["expires_in"] == 3600
    assert introspect(api, response.accessToken).action == IntrospectionAction.OK


def test_userinfo(api):
    code = authorize(api, scope="openid email")
    tokens = token_call(api, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    request = UserInfoRequest()
    request.token = tokens.accessToken
    info = api.userinfo(request)
    assert info.action == UserInfoAction.OK and info.subject == "jane"
    assert info.claims == ["email", "email_verified"]
    issue = UserInfoIssueRequest()
    issue.token = tokens.accessToken
    issue.claims = json.dumps({"email": "jane@example.com", "name": "not released without profile"})
    issued = api.userinfoIssue(issue)
    assert issued.action == UserInfoIssueAction.JSON
    assert json.loads(issued.responseContent) == {"sub": "jane", "email": "jane@example.com"}


def test_authorization_fail_and_pushed_request(api):
    request = AuthorizationRequest()
    request.parameters = urlencode({"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "state": "s9"})
    ticket = api.authorization(request).ticket
    fail = AuthorizationFailRequest()
    fail.ticket = ticket
    fail.reason = AuthorizationFailReason.DENIED
    failed = api.authorizationFail(fail)
    assert failed.action == AuthorizationFailAction.LOCATION
    query = parse_qs(urlsplit(failed.responseContent).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["s9"]

    push = PushedAuthReqRequest()
    push.parameters = urlencode({"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "scope": "openid"})
    push.clientId = str(CLIENT_ID)
    push.clientSecret = CLIENT_SECRET
    pushed = api.pushAuthorizationRequest(push)
    assert pushed.action == PushedAuthReqAction.CREATED
    assert pushed.requestUri.startswith("urn:ietf:params:oauth:request_uri:")
    request.parameters = urlencode({"client_id": CLIENT_ID, "request_uri": pushed.requestUri})
    assert api.authorization(request).action == AuthorizationAction.INTERACTION
    assert api.authorization(request).action == AuthorizationAction.BAD_REQUEST, "a request_uri is used once"


def test_password_ticket_flow(api):
    service = api.getService(SERVICE_ID)
    service.supportedGrantTypes = service.supportedGrantTypes + [GrantType.PASSWORD]
    assert GrantType.PASSWORD in api.updateService(service).supportedGrantTypes
    client = api.getClient(CLIENT_ID)
    client.grantTypes = client.grantTypes + [GrantType.PASSWORD]
    api.updateClient(client)

    response = token_call(api, {"grant_type": "password", "username": "jane", "password": "pw", "scope": "openid"})
    assert response.action == TokenAction.PASSWORD, response.resultMessage
    assert (response.username, response.password) == ("jane", "pw")
    issue = TokenIssueRequest()
    issue.ticket = response.ticket
    issue.subject = "jane"
    issued = api.tokenIssue(issue)
    assert issued.action == TokenIssueAction.OK and issued.resultCode == "A054001"
    assert issued.subject == "jane" and len(issued.accessToken) == 43
    assert "id_token" in json.loads(issued.responseContent)
    assert api.tokenIssue(issue).action == TokenIssueAction.INTERNAL_SERVER_ERROR, "a ticket is used once"

    again = token_call(api, {"grant_type": "password", "username": "jane", "password": "bad"})
    fail = TokenFailRequest()
    fail.ticket = again.ticket
    fail.reason = TokenFailReason.INVALID_RESOURCE_OWNER_CREDENTIALS
    failed = api.tokenFail(fail)
    assert failed.action == TokenFailAction.BAD_REQUEST and failed.resultCode == "A067301"
    assert json.loads(failed.responseContent)["error"] == "invalid_grant"


def test_token_create_and_list(api):
    create = TokenCreateRequest()
    create.grantType = GrantType.AUTHORIZATION_CODE
    create.clientId = CLIENT_ID
    create.subject = "john"
    create.scopes = ["profile"]
    created = api.tokenCreate(create)
    assert created.action == TokenCreateAction.OK and created.grantType == GrantType.AUTHORIZATION_CODE
    assert introspect(api, created.accessToken, subject="john").action == IntrospectionAction.OK
    listed = api.getTokenList(clientIdentifier=str(CLIENT_ID), subject="john")
    assert listed.totalCount == 1 and listed.accessTokens[0].subject == "john"
    expected_hash = base64.urlsafe_b64encode(hashlib.sha256(created.accessToken.encode()).digest()).rstrip(b"=").decode()
    assert listed.accessTokens[0].accessTokenHash == expected_hash
    api.tokenDelete(created.accessToken)
    assert introspect(api, created.accessToken).existent is False

    create.accessToken = "a-token-value-chosen-by-the-caller"
    assert api.tokenCreate(create).accessToken == "a-token-value-chosen-by-the-caller"
    assert introspect(api, "a-token-value-chosen-by-the-caller", subject="john").action == IntrospectionAction.OK
    assert api.tokenCreate(create).action == TokenCreateAction.BAD_REQUEST, "a value already in use"


# --- management -----------------------------------------------------------------------------------------------------


def test_client_crud(api):
    client = Client()
    client.clientName = "Created by the SDK"
    client.clientType = ClientType.CONFIDENTIAL
    client.redirectUris = ["https://new.example.com/cb"]
    client.grantTypes = [GrantType.AUTHORIZATION_CODE]
    client.responseTypes = [ResponseType.CODE]
    client.tokenAuthMethod = ClientAuthMethod.CLIENT_SECRET_BASIC
    created = api.createClient(client)
    assert isinstance(created.clientId, int) and created.clientId != CLIENT_ID
    assert created.clientSecret and created.clientName == "Created by the SDK"
    assert api.getClient(created.clientId).redirectUris == ["https://new.example.com/cb"]

    created.clientName = "Renamed"
    assert api.updateClient(created).clientName == "Renamed"
    listed = api.getClientList()
    assert listed.totalCount == 2
    assert {c.clientId for c in listed.clients} == {CLIENT_ID, created.clientId}

    refreshed = api.refreshClientSecret(created.clientId)
    assert refreshed.oldClientSecret == created.clientSecret and refreshed.newClientSecret != created.clientSecret

    api.deleteClient(created.clientId)
    with pytest.raises(AuthleteApiException) as missing:
        api.getClient(created.clientId)
    assert missing.value.response.status_code == 404


def test_requestable_and_granted_scopes_and_lock(api):
    assert api.setRequestableScopes(CLIENT_ID, ["openid", "profile"]) == ["openid", "profile"]
    assert api.getRequestableScopes(CLIENT_ID) == ["openid", "profile"]
    request = AuthorizationRequest()
    request.parameters = urlencode({"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "scope": "email"})
    refused = api.authorization(request)
    assert refused.action == AuthorizationAction.LOCATION and "invalid_scope" in refused.responseContent
    api.deleteRequestableScopes(CLIENT_ID)
    assert api.getRequestableScopes(CLIENT_ID) == []

    authorize(api, scope="openid profile", subject="sam")
    assert api.getGrantedScopes(CLIENT_ID, "sam").latestGrantedScopes is None, "recorded when tokens are issued"
    code = authorize(api, scope="openid profile", subject="sam")
    token_call(api, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    assert api.getGrantedScopes(CLIENT_ID, "sam").latestGrantedScopes == ["openid", "profile"]

    api.updateClientLockFlag(CLIENT_ID, True)
    assert api.getClient(CLIENT_ID).locked is True
    with pytest.raises(AuthleteApiException) as locked:
        token_call(api, {"grant_type": "client_credentials"})
    assert locked.value.response.status_code == 403 and "A001215" in str(locked.value)


def test_service_jwks_configuration_and_list(idemu, api):
    keys = json.loads(api.getServiceJwks(pretty=True, includePrivateKeys=False))["keys"]
    assert len(keys) == 1 and keys[0]["alg"] == "RS256" and keys[0]["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & keys[0].keys()
    private = json.loads(api.getServiceJwks(pretty=False, includePrivateKeys=True))["keys"][0]
    assert "d" in private

    configuration = json.loads(api.getServiceConfiguration())
    assert configuration["issuer"] == ISSUER
    assert configuration["scopes_supported"] == ["openid", "profile", "email", "offline_access"]
    assert set(configuration["grant_types_supported"]) == {"authorization_code", "refresh_token", "client_credentials"}
    assert configuration["response_types_supported"] == ["code"]
    assert configuration["id_token_signing_alg_values_supported"] == ["RS256"]
    assert configuration["token_endpoint"] == f"{ISSUER}/token"

    services = api.getServiceList()
    assert services.totalCount == 1 and services.services[0].apiKey == SERVICE_ID
    assert services.services[0].serviceName == "Demo Service"

    org = sdk(idemu, ORG_TOKEN)
    service = Service()
    service.serviceName = "Created by the SDK"
    service.issuer = "https://other.example.com"
    service.supportedGrantTypes = [GrantType.CLIENT_CREDENTIALS]
    created = org.createService(service)
    assert isinstance(created.apiKey, int) and created.serviceName == "Created by the SDK"
    assert org.getServiceList().totalCount == 2
    assert api.getServiceList().totalCount == 1, "a service token sees its own service only"
    assert sdk(idemu, ORG_TOKEN, created.apiKey).getService(created.apiKey).issuer == "https://other.example.com"
    with pytest.raises(AuthleteApiException) as foreign:
        sdk(idemu, SERVICE_TOKEN, created.apiKey).getService(created.apiKey)
    assert foreign.value.response.status_code == 403
    sdk(idemu, ORG_TOKEN, created.apiKey).deleteService(created.apiKey)
    assert org.getServiceList().totalCount == 1


# --- errors ---------------------------------------------------------------------------------------------------------


def test_bad_token_and_missing_header(idemu):
    with pytest.raises(AuthleteApiException) as bad:
        sdk(idemu, "not-a-token").getService(SERVICE_ID)
    assert bad.value.response.status_code == 401
    assert bad.value.response.json()["resultCode"] == "A001203"
    assert str(bad.value).startswith("[A001203]")

    missing = requests.get(f"{idemu}/api/{SERVICE_ID}/service/get", timeout=TIMEOUT)
    assert missing.status_code == 401
    assert missing.json() == {"resultCode": "A001202", "resultMessage": "[A001202] /service/get, Authorization header is missing."}


def test_unknown_client_and_bad_redirect(api):
    request = AuthorizationRequest()
    request.parameters = urlencode({"response_type": "code", "client_id": "999", "redirect_uri": REDIRECT})
    unknown = api.authorization(request)
    assert unknown.action == AuthorizationAction.BAD_REQUEST and unknown.ticket is None
    assert json.loads(unknown.responseContent)["error"] == "invalid_client"
    request.parameters = urlencode({"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": "https://evil.example.com/"})
    assert api.authorization(request).action == AuthorizationAction.BAD_REQUEST
    with pytest.raises(AuthleteApiException) as missing:
        api.getClient(999)
    assert missing.value.response.status_code == 404


def test_reused_code_and_wrong_verifier_and_wrong_secret(api):
    code = authorize(api)
    assert token_call(api, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}).action == TokenAction.OK
    reused = token_call(api, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    assert reused.action == TokenAction.BAD_REQUEST
    assert json.loads(reused.responseContent)["error"] == "invalid_grant"

    verifier, challenge = pkce_pair()
    code = authorize(api, challenge=challenge)
    wrong = token_call(api, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                             "code_verifier": pkce_pair()[0]})
    assert wrong.action == TokenAction.BAD_REQUEST
    assert json.loads(wrong.responseContent)["error"] == "invalid_grant"

    secret = token_call(api, {"grant_type": "client_credentials"}, secret="wrong")
    assert secret.action == TokenAction.INVALID_CLIENT
    assert json.loads(secret.responseContent)["error"] == "invalid_client"
    stranger = token_call(api, {"grant_type": "client_credentials"}, client_id=42)
    assert stranger.action == TokenAction.INVALID_CLIENT


def test_form_body_and_rate_limit_headers(idemu):
    response = requests.post(f"{idemu}/api/{SERVICE_ID}/auth/token", timeout=TIMEOUT,
                             headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
                             data={"parameters": "grant_type=client_credentials", "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET})
    assert response.status_code == 200 and response.json()["action"] == "OK"
    assert response.headers["X-RateLimit-Limit"] == "100"
    assert int(response.headers["X-RateLimit-Remaining"]) == 199
    assert int(response.headers["X-RateLimit-Reset"]) > 1_600_000_000, "an epoch second"
