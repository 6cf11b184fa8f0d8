"""A dedicated idemu process for tests that need their own flags, log file, database or peak-RSS reading."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

STARTUP_TIMEOUT_SECONDS = 15


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Running:
    url: str
    port: int
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def peak_rss_kib(self) -> int:
        """VmHWM: the highest resident set size of the process so far."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise AssertionError("no VmHWM in /proc status")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS in /proc status")


def start(binary: str, log_path: Path, *args: str, port: int | None = None, env: dict | None = None,
          health_headers: dict | None = None) -> Running:
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [binary, "serve", "--port", str(port), *args]
    if "--host" not in args:
        argv += ["--host", "127.0.0.1"]
    log = log_path.open("ab")
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})})
    log.close()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"idemu exited with {process.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(f"{url}/_emulator/health", timeout=1, headers=health_headers).status_code == 200:
                return Running(url, port, process, log_path)
        except requests.RequestException:
            pass
        time.sleep(0.05)  # start-up polling only
    process.kill()
    process.wait()
    raise AssertionError(f"idemu was not healthy within {STARTUP_TIMEOUT_SECONDS} s")


def stop(running: Running, kill: bool = False) -> int:
    if running.process.poll() is None:
        if kill:
            running.process.send_signal(signal.SIGKILL)
        else:
            running.process.send_signal(signal.SIGTERM)
        try:
            running.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()
    return running.process.returncode


@contextlib.contextmanager
def serving(binary: str, log_path: Path, *args: str, **kwargs):
    running = start(binary, log_path, *args, **kwargs)
    try:
        yield running
    finally:
        stop(running)
