"""The attack run's good results, kept: 4,000 concurrent connections all answered without an error, and a barrage of
malformed and mutated requests to every API family that never gets a 5xx, a hang or a crash."""
from __future__ import annotations

import random
import resource
import selectors
import socket
import time

import pytest
import requests

import dedicated

CONNECTIONS = 4000
GARBAGE = 3000
FAMILY_REQUESTS = [
    b"POST /acme/demo/oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 29\r\n\r\ngrant_type=client_credentials",
    b"GET /api/admin/acme/servers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n\r\n",
    b"POST /cis/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
    b"POST /oidc/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\na=b&c",
    b"GET /api/v1/scim/ids/default/v2/Users?filter=userName%20eq%20%22x%22 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /api/715948317/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"parameters\":1}",
    b"GET /t/acme/api/server/v1/applications?limit=5 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /t/acme/scim2/Users HTTP/1.1\r\nHost: x\r\nContent-Type: application/scim+json\r\nContent-Length: 12\r\n\r\n{\"schemas\":1",
    b"POST /t/acme/oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nx=%",
]


@pytest.fixture(scope="module")
def server(idemu_binary, tmp_path_factory):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < CONNECTIONS + 200:
        pytest.skip(f"needs {CONNECTIONS + 200} file descriptors, the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, CONNECTIONS * 2 + 200)), hard))
    log = tmp_path_factory.mktemp("crowds") / "idemu.log"
    with dedicated.serving(idemu_binary, log, "--max-connections", str(CONNECTIONS + 100), "--log-level", "warning",
                           "--rate-limits", "off") as running:
        yield running


def test_four_thousand_connections_all_answered(server):
    sockets = []
    for _ in range(CONNECTIONS):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        s.setblocking(False)
        sockets.append(s)
    selector = selectors.DefaultSelector()
    for s in sockets:
        s.send(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        selector.register(s, selectors.EVENT_READ, bytearray())
    answered = errors = 0
    deadline = time.monotonic() + 60
    while selector.get_map() and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            try:
                chunk = key.fileobj.recv(65536)
            except OSError:
                chunk = b""
                errors += 1
            if chunk:
                key.data.extend(chunk)
                continue
            selector.unregister(key.fileobj)
            if key.data.startswith(b"HTTP/1.1 200"):
                answered += 1
            else:
                errors += 1
    for s in sockets:
        s.close()
    print(f"\n{CONNECTIONS} concurrent connections: {answered} answered 200, {errors} errors")
    assert answered == CONNECTIONS and errors == 0


def mutate(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        i = rng.randrange(len(data))
        if choice < 0.3:
            data[i] = rng.randrange(256)
        elif choice < 0.5:
            del data[i:i + rng.randint(1, 8)]
        elif choice < 0.7:
            data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif choice < 0.85:
            data[i:i] = rng.choice([b"\r\n", b"\r\n\r\n", b"%", b"%00", b"{", b"\"", b"Transfer-Encoding: chunked\r\n",
                                    b"Content-Length: 99999999999999999999\r\n", b"\x00", b"\xff\xfe"])
        else:
            data += data[: rng.randint(1, 64)]
        if not data:
            data = bytearray(raw)
    return bytes(data)


def test_malformed_and_mutated_requests_never_get_a_5xx(server):
    rng = random.Random(20)
    statuses: dict[int, int] = {}
    silent = 0
    for n in range(GARBAGE):
        raw = mutate(rng, rng.choice(FAMILY_REQUESTS))
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
            try:
                s.sendall(raw)
                s.shutdown(socket.SHUT_WR)
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
            except (ConnectionResetError, BrokenPipeError):
                data = b""
        if not data:
            silent += 1
            continue
        for line in data.split(b"\r\n"):
            if line.startswith(b"HTTP/1."):
                status = int(line.split(b" ")[1])
                statuses[status] = statuses.get(status, 0) + 1
                assert status < 500 or status in (501, 505), (raw, data[:500])  # 505: not HTTP/1.x
    assert requests.get(f"{server.url}/_emulator/health", timeout=5).status_code == 200
    print(f"\n{GARBAGE} mutated requests: statuses {dict(sorted(statuses.items()))}, {silent} closed without an answer")
