"""A bounded schemathesis run over each vendor's implemented operations: generated requests (valid and invalid) from
the vendors' own OpenAPI files must never get a 5xx the spec does not document as 501, and every error body must be
in the vendor's envelope.

The specs live beside the checkout in ../shared/specs (IDEMU_SPECS overrides); without them the test skips.
An operation counts as implemented when a probe with the seed's ids is not answered by the router's own 404/405.
Every implemented operation is probed; then each vendor gets EXAMPLES generated cases per operation, in spec order,
for at most VENDOR_SECONDS of wall time (5 s by default: the run stays bounded, and later operations of large specs
are probed but not fuzzed).
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

import dedicated
from test_error_envelopes import (asgardeo_api, asgardeo_scim, authlete, identity_store_scim, oauth_plain,
                                  secureauth_admin, secureauth_oauth, transmit_cis)

SPECS = Path(os.environ.get("IDEMU_SPECS", Path(__file__).resolve().parents[3] / "shared" / "specs"))
EXAMPLES = int(os.environ.get("IDEMU_SCHEMATHESIS_EXAMPLES", "4"))
VENDOR_SECONDS = float(os.environ.get("IDEMU_SCHEMATHESIS_SECONDS", "5"))
ROUTER_TEXTS = ("The requested resource was not found", "is not allowed for this resource")
SID = 715948317
IDS_USER = json.loads((Path(__file__).resolve().parents[2] / "seed-data" / "default" /
                       "secureauth-identity-store.json").read_text())["stores"][0]["users"][0]
IDS_CREDENTIAL = IDS_USER["urn:ietf:params:scim:schemas:extension:secureauth:2.0:User"]["apiCredentials"][0]

pytestmark = pytest.mark.skipif(not SPECS.is_dir(), reason=f"vendor specs not found at {SPECS} (set IDEMU_SPECS)")


def form_token(url, auth=None, **data):
    r = requests.post(url, auth=auth, data={"grant_type": "client_credentials", **data}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def vendors(url: str):
    """name: (spec files, base URL, headers, path parameter values, error checker(path) -> checker)."""
    admin = form_token(f"{url}/acme/admin/oauth2/token", auth=("admin-client", "admin-secret"))
    transmit = form_token(f"{url}/oidc/token", client_id="mgmt-client", client_secret="mgmt-secret")
    ids = requests.get(f"{url}/api/v1/privy/ids/default/g3/token", timeout=10,
                       auth=(IDS_CREDENTIAL["clientId"], IDS_CREDENTIAL["clientSecret"])).json()["access_token"]
    asgardeo = form_token(f"{url}/t/acme/oauth2/token", auth=("wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa"),
                          scope="SYSTEM")
    return {
        "secureauth-connect-admin": (["secureauth-connect/admin.yaml"], f"{url}/api/admin/acme", {"Authorization": f"Bearer {admin}"},
                                     {"wid": "demo", "aid": "demo", "cid": "demo-client", "iid": "test-idp"}, lambda p: secureauth_admin),
        "secureauth-connect-oauth2": (["secureauth-connect/oauth2.yaml"], f"{url}/acme/demo", {}, {}, lambda p: secureauth_oauth),
        "transmit": (["transmit-applications/apps.openapi.json", "transmit-applications/management-apps.openapi.json"],
                     f"{url}/cis", {"Authorization": f"Bearer {transmit}"}, {"appId": "demo-app"}, lambda p: transmit_cis),
        "transmit-oidc": (["transmit-applications/token.openapi.json"], url, {}, {}, lambda p: oauth_plain),
        "identity-store": (["secureauth-identity-store/identity-store.derived.openapi.yaml"], url,
                           {"Authorization": f"Bearer {ids}"}, {"ids_id": "default", "id": IDS_USER["id"]},
                           lambda p: identity_store_scim),
        "authlete": (["authlete/authlete-api-3.0.spec_next.yaml"], url, {"Authorization": "Bearer demo-service-access-token"},
                     {"serviceId": str(SID), "clientId": "1234567890"}, lambda p: authlete),
        "asgardeo-api": (["asgardeo/applications.yaml"], f"{url}/t/acme/api/server/v1", {"Authorization": f"Bearer {asgardeo}"},
                         {}, lambda p: asgardeo_api),
        "asgardeo-scim2": (["asgardeo/scim2.yaml"], f"{url}/t/acme/scim2", {"Authorization": f"Bearer {asgardeo}"},
                           {}, lambda p: asgardeo_scim),
    }


@pytest.fixture(scope="module")
def server(idemu_binary, tmp_path_factory):
    log = tmp_path_factory.mktemp("schemathesis") / "idemu.log"
    with dedicated.serving(idemu_binary, log, "--rate-limits", "off", "--log-level", "warning") as running:
        yield running


def content_type(response) -> str:
    """The Content-Type of a schemathesis response (its headers map lower-case names to lists of values)."""
    for name, value in response.headers.items():
        if name.lower() == "content-type":
            return value[0] if isinstance(value, list) else value
    return ""


def documented_statuses(operation) -> set[str]:
    return {str(code) for code in (operation.definition.raw.get("responses") or {})}


def implemented(operation, base_url, headers, values) -> bool:
    path = re.sub(r"\{([^}]+)\}", lambda m: values.get(m.group(1), "x"), operation.path)
    r = requests.request(operation.method.upper(), base_url + path, headers=headers, timeout=10)
    return not any(text in r.text for text in ROUTER_TEXTS)


@pytest.mark.parametrize("vendor", ["secureauth-connect-admin", "secureauth-connect-oauth2", "transmit", "transmit-oidc",
                                    "identity-store", "authlete", "asgardeo-api", "asgardeo-scim2"])
def test_generated_requests_get_no_5xx_and_vendor_envelopes(server, vendor):
    # Generated DELETEs may remove seeded ids: every vendor starts from the seed.
    assert requests.post(f"{server.url}/_emulator/reset", timeout=30).status_code == 200
    files, base_url, headers, values, checker_for = vendors(server.url)[vendor]
    problems: list[tuple] = []
    counts = {"operations": 0, "implemented": 0, "requests": 0}
    operations = []
    for file in files:
        schema = schemathesis.openapi.from_path(SPECS / file)
        for result in schema.get_all_operations():
            operation = result.ok()
            counts["operations"] += 1
            if implemented(operation, base_url, headers, values):
                operations.append(operation)
    counts["implemented"] = len(operations)
    counts["fuzzed"] = 0
    deadline = time.monotonic() + VENDOR_SECONDS
    for operation in operations:
        if time.monotonic() > deadline:
            break
        counts["fuzzed"] += 1
        allowed_5xx = {int(s) for s in documented_statuses(operation) if s == "501"}

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
        @hypothesis.given(case=operation.as_strategy())
        def run(case):
            for name, value in values.items():
                if case.path_parameters and name in case.path_parameters:
                    case.path_parameters[name] = value
            try:
                response = case.call(base_url=base_url, headers=headers, timeout=10)
            except requests.exceptions.InvalidHeader:
                return  # a header value the client library refuses to send
            counts["requests"] += 1
            status = response.status_code
            if status >= 500 and status not in allowed_5xx:
                problems.append((operation.label, status, response.text[:300]))
            elif status >= 400 and content_type(response).startswith("text/html") and "authorize" in operation.path:
                return  # the browser-facing authorization endpoint answers errors with an HTML page
            elif status >= 400 and response.content:
                try:
                    body = response.json()
                except ValueError:
                    body = None
                if not isinstance(body, dict) or not checker_for(operation.path)(body, status):
                    problems.append((operation.label, status, response.text[:300]))

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            pass
    print(f"\n{vendor}: {counts['implemented']} of {counts['operations']} spec operations implemented, "
          f"{counts['fuzzed']} fuzzed, {counts['requests']} generated requests, {len(problems)} problems")
    assert counts["implemented"] > 0
    assert not problems, problems[:20]
