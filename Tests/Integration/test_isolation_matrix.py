"""Each vendor's tokens are refused by every other vendor, tenant, store, service and organization.

Tokens: SecureAuth Connect (acme/admin, acme/demo, burst/admin), Transmit (management app), Identity Store (store
`default`), Authlete (service access token, organization token), Asgardeo (acme M2M app). Targets: one protected
read per vendor and tenant. A token may only ever be accepted by its own target; everything else must be a 4xx.
"""
from __future__ import annotations

import json
from pathlib import Path

import requests

TIMEOUT = 10
SID = 715948317
ASGARDEO_M2M = ("wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa")
IDS_USER = json.loads((Path(__file__).resolve().parents[2] / "seed-data" / "default" /
                       "secureauth-identity-store.json").read_text())["stores"][0]["users"][0]
IDS_CREDENTIAL = IDS_USER["urn:ietf:params:scim:schemas:extension:secureauth:2.0:User"]["apiCredentials"][0]


def form_token(url: str, auth=None, **data) -> str:
    r = requests.post(url, auth=auth, data={"grant_type": "client_credentials", **data}, timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def issue_tokens(idemu: str) -> dict[str, str]:
    ids = requests.get(f"{idemu}/api/v1/privy/ids/default/g3/token", timeout=TIMEOUT,
                       auth=(IDS_CREDENTIAL["clientId"], IDS_CREDENTIAL["clientSecret"]))
    return {
        "secureauth-acme-admin": form_token(f"{idemu}/acme/admin/oauth2/token", auth=("admin-client", "admin-secret")),
        "secureauth-acme-demo": form_token(f"{idemu}/acme/demo/oauth2/token", auth=("demo-client", "demo-secret")),
        "secureauth-burst-admin": form_token(f"{idemu}/burst/admin/oauth2/token", auth=("burst-admin", "burst-secret")),
        "transmit-acme": form_token(f"{idemu}/oidc/token", client_id="mgmt-client", client_secret="mgmt-secret"),
        "identity-store-default": ids.json()["access_token"],
        "authlete-service": "demo-service-access-token",
        "authlete-organization": "demo-org-access-token",
        "asgardeo-acme": form_token(f"{idemu}/t/acme/oauth2/token", auth=ASGARDEO_M2M,
                                    scope="internal_application_mgt_view internal_user_mgt_list internal_org_view"),
    }


def second_authlete_service(idemu: str) -> int:
    r = requests.post(f"{idemu}/api/service/create", headers={"Authorization": "Bearer demo-org-access-token"},
                      json={"serviceName": "isolation"}, timeout=TIMEOUT)
    assert r.status_code in (200, 201), r.text
    return r.json()["apiKey"]


def targets(idemu: str, other_service: int) -> dict[str, tuple[str, str, set[str]]]:
    """name: (method, url, tokens it accepts)."""
    return {
        "secureauth-admin-acme": ("GET", f"{idemu}/api/admin/acme/servers", {"secureauth-acme-admin"}),
        "secureauth-admin-burst": ("GET", f"{idemu}/api/admin/burst/servers", {"secureauth-burst-admin"}),
        "secureauth-system-acme": ("GET", f"{idemu}/api/system/acme/configuration", set()),
        "secureauth-userinfo-shortlived": ("GET", f"{idemu}/acme/shortlived/userinfo", set()),
        "transmit-cis": ("GET", f"{idemu}/cis/v1/applications", {"transmit-acme"}),
        "identity-store-me-default": ("GET", f"{idemu}/api/v1/ismanager/ids/default/Me", {"identity-store-default"}),
        "identity-store-scim-default": ("GET", f"{idemu}/api/v1/scim/ids/default/v2/Users", {"identity-store-default"}),
        "identity-store-scim-other": ("GET", f"{idemu}/api/v1/scim/ids/other/v2/Users", set()),
        "authlete-service": ("GET", f"{idemu}/api/{SID}/client/get/list", {"authlete-service", "authlete-organization"}),
        "authlete-other-service": ("GET", f"{idemu}/api/{other_service}/client/get/list", {"authlete-organization"}),
        # A service token lists its own service only (checked below).
        "authlete-service-list": ("GET", f"{idemu}/api/service/get/list", {"authlete-organization", "authlete-service"}),
        "asgardeo-apps-acme": ("GET", f"{idemu}/t/acme/api/server/v1/applications", {"asgardeo-acme"}),
        "asgardeo-apps-other-org": ("GET", f"{idemu}/t/other/api/server/v1/applications", set()),
        "asgardeo-sub-org-apps": ("GET", f"{idemu}/t/acme/o/api/server/v1/applications", set()),
    }


def test_isolation_matrix(idemu):
    tokens = issue_tokens(idemu)
    other = second_authlete_service(idemu)
    accepted_wrongly = []
    refused_rightly = 0
    own_refused = []
    for target, (method, url, owners) in targets(idemu, other).items():
        for name, token in tokens.items():
            r = requests.request(method, url, headers={"Authorization": "Bearer " + token}, timeout=TIMEOUT)
            if name in owners:
                if r.status_code != 200:
                    own_refused.append((target, name, r.status_code, r.text[:200]))
            elif r.status_code < 400 or r.status_code >= 500:
                accepted_wrongly.append((target, name, r.status_code, r.text[:200]))
            else:
                refused_rightly += 1
    own = requests.get(f"{idemu}/api/service/get/list", headers={"Authorization": "Bearer demo-service-access-token"},
                       timeout=TIMEOUT).json()
    assert [s["apiKey"] for s in own["services"]] == [SID], own
    print(f"\nisolation matrix: {refused_rightly} cross-tenant/cross-vendor requests, all refused")
    assert not accepted_wrongly, accepted_wrongly
    assert not own_refused, own_refused
