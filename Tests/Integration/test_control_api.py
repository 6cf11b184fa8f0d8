"""The emulator's own control API (`/_emulator`), as README.md documents it."""

from __future__ import annotations

import subprocess
import uuid

import pytest
import requests

from conftest import free_port


def get(idemu: str, path: str, **kwargs) -> requests.Response:
    return requests.get(f"{idemu}{path}", timeout=10, **kwargs)


def post_clock(idemu: str, body: dict) -> requests.Response:
    return requests.post(f"{idemu}/_emulator/clock", json=body, timeout=10)


def clock(idemu: str) -> dict:
    response = get(idemu, "/_emulator/clock")
    assert response.status_code == 200
    return response.json()


def journal(idemu: str, query: str = "") -> list[dict]:
    response = get(idemu, f"/_emulator/requests{query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()["requests"]


# --- health -----------------------------------------------------------------------------------------------------


def test_health_reports_ok_version_and_uptime(idemu):
    response = get(idemu, "/_emulator/health")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ok"
    assert isinstance(body["version"], str) and body["version"]
    assert isinstance(body["uptime_ms"], int) and body["uptime_ms"] >= 0


def test_health_command_exits_0_for_a_running_emulator(idemu, idemu_binary):
    result = subprocess.run([idemu_binary, "health", "--url", idemu], capture_output=True, timeout=10)

    assert result.returncode == 0, result.stderr


def test_health_command_exits_1_when_nothing_listens(idemu_binary):
    result = subprocess.run(
        [idemu_binary, "health", "--url", f"http://127.0.0.1:{free_port()}"], capture_output=True, timeout=10
    )

    assert result.returncode == 1


def test_every_response_carries_a_request_id(idemu):
    assert get(idemu, "/_emulator/health").headers.get("X-Request-Id")


def test_a_client_request_id_is_echoed(idemu):
    response = get(idemu, "/_emulator/health", headers={"X-Request-Id": "it-request-42"})

    assert response.headers["X-Request-Id"] == "it-request-42"


def test_unknown_control_path_answers_404_in_the_control_error_format(idemu):
    response = get(idemu, "/_emulator/no-such-thing")

    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404
    assert isinstance(body["error"], str)


# --- config -----------------------------------------------------------------------------------------------------


def test_config_shows_the_effective_settings(idemu):
    port = int(idemu.rsplit(":", 1)[1])

    response = get(idemu, "/_emulator/config")

    assert response.status_code == 200
    config = response.json()
    assert config["port"] == port
    assert config["host"] == "127.0.0.1"
    assert config["seed"] == "default"


# --- clock ------------------------------------------------------------------------------------------------------


def test_clock_runs_on_the_system_clock_by_default(idemu):
    state = clock(idemu)

    assert set(state) >= {"now", "epoch_ms", "frozen", "offset_ms"}
    assert state["frozen"] is False
    assert abs(state["offset_ms"]) < 1000


def test_frozen_clock_stands_still(idemu):
    frozen = post_clock(idemu, {"action": "freeze"})

    assert frozen.status_code == 200
    assert frozen.json()["frozen"] is True
    assert clock(idemu)["epoch_ms"] == frozen.json()["epoch_ms"]
    assert clock(idemu)["epoch_ms"] == frozen.json()["epoch_ms"]


def test_freeze_at_a_given_time(idemu):
    state = post_clock(idemu, {"action": "freeze", "time": "2030-01-01T00:00:00Z"}).json()

    assert state["frozen"] is True
    assert state["epoch_ms"] == 1_893_456_000_000
    assert state["now"].startswith("2030-01-01T00:00:00")


def test_advance_by_seconds_moves_a_frozen_clock_exactly(idemu):
    start = post_clock(idemu, {"action": "freeze"}).json()["epoch_ms"]

    state = post_clock(idemu, {"action": "advance", "seconds": 90}).json()

    assert state["epoch_ms"] == start + 90_000
    assert clock(idemu)["epoch_ms"] == start + 90_000


def test_advance_by_go_duration(idemu):
    start = post_clock(idemu, {"action": "freeze"}).json()["epoch_ms"]

    state = post_clock(idemu, {"action": "advance", "duration": "1h30m"}).json()

    assert state["epoch_ms"] == start + 5_400_000


def test_advance_helper_moves_a_running_clock(idemu, advance_clock):
    before = clock(idemu)

    state = advance_clock(3600)

    assert state["frozen"] is False
    assert state["epoch_ms"] - before["epoch_ms"] >= 3_600_000
    assert state["offset_ms"] >= 3_599_000


def test_resume_continues_from_the_frozen_time_without_a_jump(idemu):
    frozen_at = post_clock(idemu, {"action": "freeze"}).json()["epoch_ms"]
    post_clock(idemu, {"action": "advance", "seconds": 90})

    resumed = post_clock(idemu, {"action": "resume"}).json()

    assert resumed["frozen"] is False
    assert 0 <= resumed["epoch_ms"] - (frozen_at + 90_000) < 5_000
    assert clock(idemu)["epoch_ms"] >= resumed["epoch_ms"]


def test_set_moves_the_clock_and_keeps_it_running(idemu):
    state = post_clock(idemu, {"action": "set", "time": "2031-06-15T12:00:00Z"}).json()

    assert state["frozen"] is False
    assert 0 <= state["epoch_ms"] - 1_939_291_200_000 < 5_000


def test_clock_reset_returns_to_the_system_clock(idemu):
    post_clock(idemu, {"action": "freeze", "time": "2030-01-01T00:00:00Z"})

    state = post_clock(idemu, {"action": "reset"}).json()

    assert state["frozen"] is False
    assert abs(state["offset_ms"]) < 1000


@pytest.mark.parametrize(
    "body",
    [
        {"action": "warp"},
        {"action": "advance"},
        {"action": "advance", "duration": "soon"},
        {"action": "freeze", "time": "yesterday"},
        {"seconds": 5},
    ],
    ids=["unknown-action", "advance-without-amount", "bad-duration", "bad-time", "no-action"],
)
def test_invalid_clock_command_answers_400_and_changes_nothing(idemu, body):
    before = clock(idemu)

    response = post_clock(idemu, body)

    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert isinstance(response.json()["error"], str)
    after = clock(idemu)
    assert after["frozen"] == before["frozen"]
    assert abs(after["offset_ms"] - before["offset_ms"]) < 1000


def test_clock_command_that_is_not_json_answers_400(idemu):
    response = requests.post(f"{idemu}/_emulator/clock", data="{not json", timeout=10)

    assert response.status_code == 400
    assert response.json()["status"] == 400


# --- journal ----------------------------------------------------------------------------------------------------


def test_journal_lists_requests_newest_first_with_their_fields(idemu):
    marker = uuid.uuid4().hex
    get(idemu, f"/_emulator/health?first={marker}")
    get(idemu, f"/_emulator/health?second={marker}")

    entries = [e for e in journal(idemu) if marker in e["path"]]

    assert [e["path"] for e in entries] == [
        f"/_emulator/health?second={marker}",
        f"/_emulator/health?first={marker}",
    ]
    entry = entries[0]
    assert set(entry) >= {"id", "time", "method", "path", "status", "duration_ms", "vendor", "route"}
    assert entry["method"] == "GET"
    assert entry["status"] == 200


def test_journal_entry_id_is_the_response_request_id(idemu):
    response = get(idemu, "/_emulator/health?which=this-one")

    entry = next(e for e in journal(idemu) if e["path"] == "/_emulator/health?which=this-one")

    assert entry["id"] == response.headers["X-Request-Id"]


@pytest.mark.parametrize("parameter", ["client_secret", "password", "code", "token"])
def test_journal_redacts_secret_query_values(idemu, parameter):
    get(idemu, f"/_emulator/health?{parameter}=hunter2&keep=visible")

    paths = [e["path"] for e in journal(idemu) if e["path"].startswith("/_emulator/health?")]

    assert paths == [f"/_emulator/health?{parameter}=REDACTED&keep=visible"]
    assert not any("hunter2" in e["path"] for e in journal(idemu))


def test_journal_limit_returns_the_newest_entries(idemu):
    for n in range(5):
        get(idemu, f"/_emulator/health?n={n}")

    entries = journal(idemu, "?limit=2")

    assert len(entries) == 2
    assert entries[0]["path"] == "/_emulator/health?n=4"
    assert entries[1]["path"] == "/_emulator/health?n=3"


def test_journal_filters_by_vendor(idemu):
    get(idemu, "/_emulator/health")

    entries = journal(idemu, "?vendor=emulator")
    other = journal(idemu, "?vendor=no-such-vendor")

    assert entries and all(e["vendor"] == "emulator" for e in entries)
    assert other == []


def test_journal_delete_empties_it(idemu):
    get(idemu, "/_emulator/health?before=delete")

    response = requests.delete(f"{idemu}/_emulator/requests", timeout=10)

    assert 200 <= response.status_code < 300
    assert not any("before=delete" in e["path"] for e in journal(idemu))


# --- reset ------------------------------------------------------------------------------------------------------


def test_reset_answers_ok_with_the_seed_and_its_files(idemu):
    response = requests.post(f"{idemu}/_emulator/reset", timeout=10)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["seed"] == "default"
    assert isinstance(body["files"], list)


def test_reset_restores_the_system_clock(idemu, advance_clock):
    post_clock(idemu, {"action": "freeze"})
    advance_clock(86_400)

    requests.post(f"{idemu}/_emulator/reset", timeout=10)

    state = clock(idemu)
    assert state["frozen"] is False
    assert abs(state["offset_ms"]) < 1000


def test_reset_empties_the_journal(idemu):
    get(idemu, "/_emulator/health?before=reset")

    requests.post(f"{idemu}/_emulator/reset", timeout=10)

    assert not any("before=reset" in e["path"] for e in journal(idemu))
