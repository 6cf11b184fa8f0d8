"""Slow and stalled clients: header trickle (slowloris), a stalled body, and a crowd of idle connections. Each slow
request is answered 408 in the envelope of its path's API family and closed; other clients are served meanwhile."""
from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import requests

import dedicated

SLOW = 150


@pytest.fixture(scope="module")
def server(idemu_binary, tmp_path_factory):
    log = tmp_path_factory.mktemp("slowloris") / "idemu.log"
    with dedicated.serving(idemu_binary, log, "--header-timeout", "1", "--idle-timeout", "1", "--max-connections", "400",
                           "--log-level", "warning") as running:
        yield running


def read_all(s: socket.socket, timeout: float = 5) -> bytes:
    s.settimeout(timeout)
    data = b""
    try:
        while chunk := s.recv(65536):
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    return data


def body_of(data: bytes) -> dict:
    return json.loads(data.partition(b"\r\n\r\n")[2])


def test_header_trickle_gets_408_in_the_family_envelope_and_others_are_served(server):
    sockets = []
    for i in range(SLOW):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        s.sendall(b"GET /t/acme/scim2/Users HTTP/1.1\r\nHost: x\r\n")
        sockets.append(s)
    worst = 0.0
    started = time.monotonic()
    while time.monotonic() - started < 0.8:
        for s in sockets[:20]:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
        t = time.monotonic()
        assert requests.get(f"{server.url}/_emulator/health", timeout=2).status_code == 200
        worst = max(worst, time.monotonic() - t)
        time.sleep(0.1)
    answers = [read_all(s) for s in sockets]
    for s in sockets:
        s.close()
    print(f"\n{SLOW} slowloris connections: worst health {worst * 1000:.1f} ms meanwhile; "
          f"{sum(a.startswith(b'HTTP/1.1 408') for a in answers)} answered 408")
    assert worst < 0.1
    assert all(a.startswith(b"HTTP/1.1 408") for a in answers), answers[0][:200]
    body = body_of(answers[0])
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"] and body["status"] == 408, body


def test_stalled_body_gets_408_in_the_family_envelope(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    s.sendall(b"POST /cis/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\"")
    data = read_all(s)
    s.close()
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert body_of(data) == {"message": body_of(data)["message"], "error_code": 408}


def test_idle_connections_are_closed_without_an_answer(server):
    sockets = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(100)]
    assert requests.get(f"{server.url}/_emulator/health", timeout=2).status_code == 200
    answers = [read_all(s, timeout=4) for s in sockets]
    for s in sockets:
        s.close()
    assert all(a == b"" for a in answers)


def test_full_server_answers_503_in_the_family_envelope(idemu_binary, tmp_path):
    with dedicated.serving(idemu_binary, tmp_path / "idemu.log", "--max-connections", "5") as running:
        held = [socket.create_connection(("127.0.0.1", running.port), timeout=5) for _ in range(5)]
        time.sleep(0.2)
        s = socket.create_connection(("127.0.0.1", running.port), timeout=5)
        s.sendall(b"GET /api/715948317/client/get/list HTTP/1.1\r\nHost: x\r\n\r\n")
        data = read_all(s)
        s.close()
        for h in held:
            h.close()
        assert data.startswith(b"HTTP/1.1 503"), data[:200]
        body = body_of(data)
        assert set(body) == {"resultCode", "resultMessage"}, body
