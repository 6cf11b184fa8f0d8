"""`--control-token` (IDEMU_CONTROL_TOKEN) protects `/_emulator/*` except health; without it, binding a
non-loopback address logs that the control API is open."""
from __future__ import annotations

import json

import requests

import dedicated

TIMEOUT = 10
TOKEN = "control-token-for-tests-4b1d"


def test_control_token_required(idemu_binary, tmp_path):
    with dedicated.serving(idemu_binary, tmp_path / "idemu.log", env={"IDEMU_CONTROL_TOKEN": TOKEN}) as running:
        url = running.url
        assert requests.get(f"{url}/_emulator/health", timeout=TIMEOUT).status_code == 200
        for method, path in [("GET", "/_emulator/requests"), ("POST", "/_emulator/reset"), ("GET", "/_emulator/config"),
                             ("POST", "/_emulator/clock"), ("GET", "/_emulator/rate-limits"), ("DELETE", "/_emulator/requests"),
                             ("GET", "/_emulator/transmit/rate-limits"), ("GET", "/_emulator/nope")]:
            for headers in [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic " + TOKEN},
                            {"Authorization": "Bearer " + TOKEN + "x"}]:
                response = requests.request(method, f"{url}{path}", headers=headers, timeout=TIMEOUT, json={})
                assert response.status_code == 401, (method, path, headers, response.text)
                assert response.json() == {"error": response.json()["error"], "status": 401}
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
        ok = {"Authorization": "Bearer " + TOKEN}
        assert requests.get(f"{url}/_emulator/requests", headers=ok, timeout=TIMEOUT).status_code == 200
        assert requests.post(f"{url}/_emulator/reset", headers=ok, timeout=TIMEOUT).status_code == 200
        config = requests.get(f"{url}/_emulator/config", headers=ok, timeout=TIMEOUT).json()
        assert config["control_token"] is True and TOKEN not in json.dumps(config)
        # Vendor APIs are not affected.
        assert requests.get(f"{url}/acme/demo/.well-known/openid-configuration", timeout=TIMEOUT).status_code == 200
    assert TOKEN not in (tmp_path / "idemu.log").read_text()


def test_flag_wins_and_open_api_warns_on_wildcard_address(idemu_binary, tmp_path):
    with dedicated.serving(idemu_binary, tmp_path / "open.log", "--host", "0.0.0.0") as running:
        assert requests.get(f"{running.url}/_emulator/config", timeout=TIMEOUT).status_code == 200
        log = running.log()
    assert "the control API is open" in log
    with dedicated.serving(idemu_binary, tmp_path / "flag.log", "--host", "0.0.0.0", "--control-token", TOKEN,
                           env={"IDEMU_CONTROL_TOKEN": "other"}) as running:
        assert requests.get(f"{running.url}/_emulator/config", headers={"Authorization": "Bearer " + TOKEN},
                            timeout=TIMEOUT).status_code == 200
        log = running.log()
    assert "the control API is open" not in log
    with dedicated.serving(idemu_binary, tmp_path / "loopback.log") as running:
        log = running.log()
    assert "the control API is open" not in log
