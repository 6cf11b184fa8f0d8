"""kill -9 during concurrent writes to all five vendors, with `--db`: after a restart on the same file every
acknowledged write is there, tokens issued before the kill still work, and every JWKS is unchanged."""
from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from pathlib import Path

import requests

import dedicated

TIMEOUT = 5
RUNS = 3
WRITE_SECONDS = 1.5
SID = 715948317
AUTHLETE = {"Authorization": "Bearer demo-service-access-token"}
ASGARDEO_M2M = ("wmUFnhcleXRMHQYoobRLyTf4MLEa", "0sGhSGN8n31rEBzRF92bSutnHEAa")
IDS_USER = json.loads((Path(__file__).resolve().parents[2] / "seed-data" / "default" /
                       "secureauth-identity-store.json").read_text())["stores"][0]["users"][0]
IDS_CREDENTIAL = IDS_USER["urn:ietf:params:scim:schemas:extension:secureauth:2.0:User"]["apiCredentials"][0]


def bearer(token: str) -> dict:
    return {"Authorization": "Bearer " + token}


def tokens(url: str) -> dict[str, str]:
    def form_token(path, auth=None, **data):
        r = requests.post(url + path, auth=auth, data={"grant_type": "client_credentials", **data}, timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        return r.json()["access_token"]
    ids = requests.get(f"{url}/api/v1/privy/ids/default/g3/token", timeout=TIMEOUT,
                       auth=(IDS_CREDENTIAL["clientId"], IDS_CREDENTIAL["clientSecret"]))
    assert ids.status_code == 200, ids.text
    return {
        "secureauth": form_token("/acme/admin/oauth2/token", auth=("admin-client", "admin-secret")),
        "transmit": form_token("/oidc/token", client_id="mgmt-client", client_secret="mgmt-secret"),
        "identity-store": ids.json()["access_token"],
        "asgardeo": form_token("/t/acme/oauth2/token", auth=ASGARDEO_M2M,
                               scope="internal_application_mgt_create internal_application_mgt_view"),
    }


def jwks(url: str) -> dict[str, str]:
    paths = ["/acme/demo/.well-known/jwks.json", "/cis/oidc/jwks", "/t/acme/oauth2/jwks"]
    out = {p: requests.get(url + p, timeout=TIMEOUT).text for p in paths}
    out["authlete"] = requests.get(f"{url}/api/{SID}/service/jwks/get", headers=AUTHLETE, timeout=TIMEOUT).text
    return out


class Writer(threading.Thread):
    """Creates resources of one vendor until stopped or the server dies; keeps the ids it got a 2xx for."""

    def __init__(self, url: str, vendor: str, token: str | None):
        super().__init__(daemon=True)
        self.url, self.vendor, self.token = url, vendor, token
        self.acknowledged: list[str] = []
        self.stop = threading.Event()

    def create(self, session: requests.Session, name: str) -> str | None:
        u, t = self.url, self.token
        if self.vendor == "secureauth":
            r = session.post(f"{u}/api/admin/acme/clients", headers=bearer(t), timeout=TIMEOUT, json={
                "authorization_server_id": "demo", "client_id": name, "client_name": name, "grant_types": ["client_credentials"]})
            return r.json()["client_id"] if r.status_code == 201 else None
        if self.vendor == "transmit":
            r = session.post(f"{u}/cis/v1/applications", headers=bearer(t), timeout=TIMEOUT,
                             json={"app_name": name, "client_display_name": name, "redirect_uris": ["https://e.example/cb"]})
            return r.json()["result"]["app_id"] if r.status_code == 201 else None
        if self.vendor == "identity-store":
            r = session.post(f"{u}/api/v1/scim/ids/default/v2/Users", timeout=TIMEOUT,
                             headers=bearer(t) | {"Content-Type": "application/scim+json"},
                             json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": name})
            return r.json()["id"] if r.status_code == 201 else None
        if self.vendor == "authlete":
            r = session.post(f"{u}/api/{SID}/client/create", headers=AUTHLETE, json={"clientName": name}, timeout=TIMEOUT)
            return str(r.json()["clientId"]) if r.status_code in (200, 201) else None
        r = session.post(f"{u}/t/acme/api/server/v1/applications", headers=bearer(t), timeout=TIMEOUT, json={
            "name": name, "inboundProtocolConfiguration": {"oidc": {"grantTypes": ["client_credentials"]}}})
        return r.headers["Location"].rsplit("/", 1)[1] if r.status_code == 201 else None

    def run(self):
        with requests.Session() as session:
            while not self.stop.is_set():
                try:
                    made = self.create(session, f"k9-{self.vendor}-{uuid.uuid4().hex[:12]}")
                except (requests.RequestException, ValueError, KeyError):
                    return
                if made:
                    self.acknowledged.append(made)


def exists(url: str, vendor: str, token: str, ident: str) -> bool:
    path = {"secureauth": f"/api/admin/acme/clients/{ident}", "transmit": f"/cis/v1/applications/{ident}",
            "identity-store": f"/api/v1/scim/ids/default/v2/Users/{ident}",
            "authlete": f"/api/{SID}/client/get/{ident}",
            "asgardeo": f"/t/acme/api/server/v1/applications/{ident}"}[vendor]
    headers = AUTHLETE if vendor == "authlete" else bearer(token)
    return requests.get(url + path, headers=headers, timeout=TIMEOUT).status_code == 200


def test_kill_9_keeps_every_acknowledged_write(idemu_binary, tmp_path):
    db = tmp_path / "idemu.db"
    log = tmp_path / "idemu.log"
    running = dedicated.start(idemu_binary, log, "--db", str(db), "--rate-limits", "off")
    port = running.port
    issued = tokens(running.url)
    keys = jwks(running.url)
    acknowledged: dict[str, list[str]] = {v: [] for v in ["secureauth", "transmit", "identity-store", "authlete", "asgardeo"]}
    try:
        for run in range(RUNS):
            writers = [Writer(running.url, v, issued.get(v)) for v in acknowledged]
            for w in writers:
                w.start()
            time.sleep(WRITE_SECONDS)
            dedicated.stop(running, kill=True)
            for w in writers:
                w.stop.set()
                w.join(timeout=10)
                acknowledged[w.vendor] += w.acknowledged
            running = dedicated.start(idemu_binary, log, "--db", str(db), "--rate-limits", "off", port=port)
            missing = {v: [i for i in ids if not exists(running.url, v, issued.get(v, ""), i)] for v, ids in acknowledged.items()}
            assert all(not m for m in missing.values()), (run, missing)
            assert jwks(running.url) == keys, run
        counts = {v: len(ids) for v, ids in acknowledged.items()}
        print(f"\n{RUNS} kill -9 runs, acknowledged writes per vendor: {counts}; all present after restart, "
              f"tokens still valid, JWKS unchanged")
        assert all(n > 0 for n in counts.values()), counts
    finally:
        dedicated.stop(running)
