"""Runs one idemu binary for the whole session and resets it to the default seed before every test.

`IDEMU_BINARY` names the binary (`make integration` sets it to the debug build). Every test talks to it over
127.0.0.1 only; time-dependent behaviour is driven with the emulator's clock (`advance_clock`), never with sleeps.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

# requests-oauthlib refuses plain http:// token URLs unless told otherwise; the emulator serves http on 127.0.0.1.
os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")

STARTUP_TIMEOUT_SECONDS = 10
SHUTDOWN_TIMEOUT_SECONDS = 10


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the binary does not report the one it picks)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _log_tail(log_path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_until_healthy(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"idemu exited with {process.returncode} during start-up:\n{_log_tail(log_path)}")
        try:
            response = requests.get(f"{base_url}/_emulator/health", timeout=1)
            if response.status_code == 200:
                return
            last_error = AssertionError(f"health answered {response.status_code}: {response.text}")
        except requests.RequestException as error:
            last_error = error
        time.sleep(0.05)  # start-up polling only; tests never sleep
    process.kill()
    process.wait()
    pytest.fail(f"idemu was not healthy within {STARTUP_TIMEOUT_SECONDS} s ({last_error}):\n{_log_tail(log_path)}")


@pytest.fixture(scope="session")
def idemu_binary() -> str:
    binary = os.environ.get("IDEMU_BINARY")
    if not binary:
        pytest.fail("IDEMU_BINARY is not set: run `make integration`, or point it at a built idemu binary")
    if not os.access(binary, os.X_OK):
        pytest.fail(f"IDEMU_BINARY={binary} is not an executable file")
    return binary


@pytest.fixture(scope="session")
def idemu(idemu_binary: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Base URL (`http://127.0.0.1:PORT`) of an `idemu serve` serving the built-in default seed."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # The access log goes to a file: a pipe nobody drains would block the server once it fills up.
    log_path = tmp_path_factory.mktemp("idemu") / "idemu.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [idemu_binary, "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(process, base_url, log_path)
        yield base_url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=SHUTDOWN_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                pytest.fail(f"idemu did not stop within {SHUTDOWN_TIMEOUT_SECONDS} s of SIGTERM:\n{_log_tail(log_path)}")
    assert process.returncode == 0, f"idemu exited with {process.returncode} after SIGTERM:\n{_log_tail(log_path)}"


@pytest.fixture(autouse=True)
def reset(idemu: str) -> None:
    """Every test starts from the default seed, the system clock and an empty journal."""
    response = requests.post(f"{idemu}/_emulator/reset", timeout=10)
    assert response.status_code == 200, f"reset failed: {response.status_code} {response.text}"


@pytest.fixture
def advance_clock(idemu: str):
    """`advance_clock(seconds)` moves the emulator's clock forward and returns the new clock state."""

    def advance(seconds: float) -> dict:
        response = requests.post(f"{idemu}/_emulator/clock", json={"action": "advance", "seconds": seconds}, timeout=10)
        assert response.status_code == 200, f"clock advance failed: {response.status_code} {response.text}"
        return response.json()

    return advance


def pytest_terminal_summary(terminalreporter) -> None:
    """One line per distinct skip reason (a module that skips itself skips every test with the same reason)."""
    reasons = Counter(
        report.longrepr[2] for report in terminalreporter.stats.get("skipped", []) if isinstance(report.longrepr, tuple)
    )
    for reason, count in reasons.items():
        terminalreporter.write_line(f"{count} skipped: {reason}")
