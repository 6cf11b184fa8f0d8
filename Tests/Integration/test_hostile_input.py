"""Extreme values that once stopped the process: each must get a 4xx (or a clamped 2xx) and leave the emulator up.

Found by a fuzzing run: integer overflows in paging and token lifetimes, and a SCIM filter nested deeply enough to
exhaust the stack (or long enough to take seconds to lex).
"""
import json
from pathlib import Path

import requests

TIMEOUT = 10
INT64_MAX = 9223372036854775807
ASGARDEO_M2M = ("wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa")
AUTHLETE_SERVICE = {"Authorization": "Bearer demo-service-access-token"}
IDS_USER = json.loads((Path(__file__).resolve().parents[2] / "seed-data" / "default" /
                       "secureauth-identity-store.json").read_text())["stores"][0]["users"][0]
IDS_CREDENTIAL = IDS_USER["urn:ietf:params:scim:schemas:extension:secureauth:2.0:User"]["apiCredentials"][0]


def assert_alive(idemu: str) -> None:
    assert requests.get(f"{idemu}/_emulator/health", timeout=TIMEOUT).status_code == 200


def asgardeo_token(idemu: str, scope: str) -> str:
    response = requests.post(f"{idemu}/t/acme/oauth2/token", auth=ASGARDEO_M2M, timeout=TIMEOUT,
                             data={"grant_type": "client_credentials", "scope": scope})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_asgardeo_paging_beyond_java_int_is_a_bad_request(idemu):
    headers = {"Authorization": "Bearer " + asgardeo_token(idemu, "internal_application_mgt_view")}
    for query in [f"offset={INT64_MAX}", f"limit={INT64_MAX}", "offset=2147483648"]:
        response = requests.get(f"{idemu}/t/acme/api/server/v1/applications?{query}", headers=headers, timeout=TIMEOUT)
        assert response.status_code == 400, (query, response.text)
    assert_alive(idemu)


def test_asgardeo_huge_token_lifetime_is_clamped(idemu):
    token = asgardeo_token(idemu, "internal_application_mgt_create")
    response = requests.post(f"{idemu}/t/acme/api/server/v1/applications", timeout=TIMEOUT,
                             headers={"Authorization": "Bearer " + token}, json={
                                 "name": "long-lived", "inboundProtocolConfiguration": {"oidc": {
                                     "clientId": "long-lived-client", "clientSecret": "long-lived-secret",
                                     "grantTypes": ["client_credentials"],
                                     "accessToken": {"type": "Default", "applicationAccessTokenExpiryInSeconds": 9223372037}}}})
    assert response.status_code == 201, response.text
    issued = requests.post(f"{idemu}/t/acme/oauth2/token", auth=("long-lived-client", "long-lived-secret"),
                           data={"grant_type": "client_credentials"}, timeout=TIMEOUT)
    assert issued.status_code == 200, issued.text
    assert issued.json()["expires_in"] > 10 ** 9
    assert_alive(idemu)


def test_authlete_list_start_near_int64_max(idemu):
    for path in ["/api/715948317/client/get/list", "/api/715948317/auth/token/get/list"]:
        response = requests.get(f"{idemu}{path}?start={INT64_MAX}", headers=AUTHLETE_SERVICE, timeout=TIMEOUT)
        assert response.status_code == 200, (path, response.text)
    response = requests.get(f"{idemu}/api/service/get/list?start={INT64_MAX}",
                            headers={"Authorization": "Bearer demo-org-access-token"}, timeout=TIMEOUT)
    assert response.status_code == 200 and response.json()["services"] == [], response.text
    assert_alive(idemu)


def test_authlete_huge_access_token_duration(idemu):
    response = requests.post(f"{idemu}/api/715948317/auth/token/create", headers=AUTHLETE_SERVICE, timeout=TIMEOUT,
                             json={"grantType": "CLIENT_CREDENTIALS", "clientId": 1234567890, "accessTokenDuration": INT64_MAX})
    assert response.status_code == 200, response.text
    assert response.json()["action"] == "OK"
    assert_alive(idemu)


def test_scim_filters_nested_or_chained_too_far_are_invalid_filters(idemu):
    token = requests.get(f"{idemu}/api/v1/privy/ids/default/g3/token", timeout=TIMEOUT,
                         auth=(IDS_CREDENTIAL["clientId"], IDS_CREDENTIAL["clientSecret"])).json()["access_token"]
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/scim+json"}
    term = 'userName eq "a"'
    for text in ["(" * 100_000 + term + ")" * 100_000, " or ".join([term] * 20_000)]:
        body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": text}
        response = requests.post(f"{idemu}/api/v1/scim/ids/default/v2/Users/.search", headers=headers, json=body,
                                 timeout=TIMEOUT)
        assert response.status_code == 400, response.text[:300]
        assert response.json()["scimType"] == "invalidFilter"
    assert_alive(idemu)


def test_clock_at_the_ends_of_time_keeps_every_vendor_answering(idemu):
    """Time saturates at year 2262 (and 1677) instead of wrapping; moving back empties the rate-limit buckets."""
    calls = [
        lambda: requests.post(f"{idemu}/acme/demo/oauth2/token", auth=("demo-client", "demo-secret"),
                              data={"grant_type": "client_credentials"}, timeout=TIMEOUT),
        lambda: requests.get(f"{idemu}/acme/demo/.well-known/openid-configuration", timeout=TIMEOUT),
        lambda: requests.post(f"{idemu}/t/acme/oauth2/token", auth=ASGARDEO_M2M, data={"grant_type": "client_credentials"},
                              timeout=TIMEOUT),
        lambda: requests.post(f"{idemu}/api/715948317/auth/token", headers=AUTHLETE_SERVICE, timeout=TIMEOUT, json={
            "parameters": "grant_type=client_credentials", "clientId": 1234567890, "clientSecret": "my-application-secret"}),
        lambda: requests.post(f"{idemu}/oidc/token", auth=("mgmt-client", "mgmt-secret"),
                              data={"grant_type": "client_credentials"}, timeout=TIMEOUT),
    ]
    for seconds in [8999999999, 8999999999, -8999999999, -8999999999, -8999999999, -8999999999, 8999999999]:
        moved = requests.post(f"{idemu}/_emulator/clock", json={"action": "advance", "seconds": seconds}, timeout=TIMEOUT)
        assert moved.status_code == 200, moved.text
        assert 1677 <= int(moved.json()["now"][:4]) <= 2262, moved.text
        for call in calls:
            response = call()
            assert response.status_code == 200, (seconds, response.request.url, response.text[:200])
    assert_alive(idemu)


def test_authlete_huge_service_durations_are_capped(idemu):
    updated = requests.post(f"{idemu}/api/715948317/service/update", headers=AUTHLETE_SERVICE, timeout=TIMEOUT,
                            json={"pushedAuthReqDuration": INT64_MAX, "accessTokenDuration": INT64_MAX})
    assert updated.status_code == 200, updated.text
    pushed = requests.post(f"{idemu}/api/715948317/pushed_auth_req", headers=AUTHLETE_SERVICE, timeout=TIMEOUT, json={
        "parameters": "response_type=code&client_id=1234567890&redirect_uri=https://myapp.example.com/callback",
        "clientId": "1234567890", "clientSecret": "my-application-secret"})
    assert pushed.status_code == 200 and pushed.json()["action"] == "CREATED", pushed.text
    assert_alive(idemu)


def test_clock_advance_beyond_the_int64_range_is_refused(idemu):
    for seconds in [9999999999, -9999999999, 1e300]:
        response = requests.post(f"{idemu}/_emulator/clock", json={"action": "advance", "seconds": seconds}, timeout=TIMEOUT)
        assert response.status_code == 400, response.text
    assert_alive(idemu)


def test_json_patches_that_would_nest_or_grow_without_bound_are_refused(idemu):
    system = requests.post(f"{idemu}/acme/system/oauth2/token", auth=("system-client", "system-secret"), timeout=TIMEOUT,
                           data={"grant_type": "client_credentials", "scope": "manage_configuration"}).json()["access_token"]
    url, headers = f"{idemu}/api/system/acme/configuration", {"Authorization": "Bearer " + system}
    assert requests.patch(url, headers=headers, json=[{"op": "add", "path": "/clients/0/zz", "value": {}}],
                          timeout=TIMEOUT).status_code in (200, 204)
    nesting = [{"op": "copy", "from": "/clients/0/zz", "path": "/clients/0/zz/a"}] * 1000
    response = requests.patch(url, headers=headers, json=nesting, timeout=TIMEOUT)
    assert response.status_code == 422 and "deeper than 256" in response.json()["error"], response.text
    doubling = [{"op": "add", "path": "/x", "value": [1]}] + [{"op": "copy", "from": "/x", "path": "/x/-"}] * 40
    response = requests.get(f"{idemu}/api/715948317/service/configuration", headers=AUTHLETE_SERVICE, timeout=TIMEOUT,
                            params={"pretty": "false", "patch": json.dumps(doubling)})
    assert response.status_code == 400 and "more than 200000 values" in response.json()["resultMessage"], response.text
    assert_alive(idemu)
