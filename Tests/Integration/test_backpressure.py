"""Clients that pipeline and vanish, and clients that never read: the server must keep answering everyone else.

The reproducers of issue 20 item 1: 1,000 journal entries, then N connections that each pipeline 50
`GET /_emulator/requests?limit=1000` and close at once. Throughout, `GET /_emulator/health` on a fresh connection
must answer within 100 ms (plus the worst latency the same machine shows without the attack, so a loaded CI runner
does not fail it), and the server's peak RSS must stay under 64 MiB.
"""
from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import time

import pytest
import requests

import dedicated

HEALTH_DEADLINE_SECONDS = 0.1
PEAK_RSS_LIMIT_KIB = 64 * 1024
PIPELINED = b"GET /_emulator/requests?limit=1000 HTTP/1.1\r\nHost: x\r\n\r\n" * 50


@pytest.fixture(scope="module")
def server(idemu_binary, tmp_path_factory):
    log = tmp_path_factory.mktemp("backpressure") / "idemu.log"
    with dedicated.serving(idemu_binary, log, "--log-level", "warning") as running:
        yield running


def health_latency(url: str) -> float:
    """Seconds for one health check on a new connection (1 s cap: a timeout counts as 1 s)."""
    start = time.monotonic()
    try:
        status = requests.get(f"{url}/_emulator/health", timeout=1).status_code
        assert status == 200
    except requests.RequestException:
        return 1.0
    return time.monotonic() - start


PROBE_SCRIPT = r"""
import http.client, json, sys, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
worst, count, end = 0.0, 0, time.monotonic() + seconds
while time.monotonic() < end:
    start = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        c.request("GET", "/_emulator/health")
        ok = c.getresponse().status == 200
        c.close()
        latency = time.monotonic() - start if ok else 1.0
    except OSError:
        latency = 1.0
    worst, count = max(worst, latency), count + 1
    time.sleep(0.01)
print(json.dumps({"worst": worst, "count": count}))
"""


class HealthProbe:
    """Checks health every 10 ms for `seconds` from a separate process (the attack in this process must not delay
    the probe's own measurements); keeps the worst latency."""

    def __init__(self, port: int, seconds: float):
        self.process = subprocess.Popen([sys.executable, "-c", PROBE_SCRIPT, str(port), str(seconds)],
                                        stdout=subprocess.PIPE, text=True)
        self.worst = 0.0
        self.count = 0

    def join(self):
        result = json.loads(self.process.communicate(timeout=60)[0])
        self.worst, self.count = result["worst"], result["count"]


def fill_journal(server) -> None:
    with requests.Session() as session:
        for _ in range(1000):
            assert session.get(f"{server.url}/_emulator/health", timeout=5).status_code == 200


def pipeline_and_close(port: int, connections: int, reset: bool = False) -> None:
    for _ in range(connections):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if reset:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.sendall(PIPELINED)
        s.close()


def journal_requests_answered(server) -> int:
    entries = requests.get(f"{server.url}/_emulator/requests?limit=100000", timeout=10).json()["requests"]
    return sum(1 for e in entries if e["path"].startswith("/_emulator/requests?limit=1000"))


def attack_once(server, connections) -> tuple[bool, str]:
    requests.delete(f"{server.url}/_emulator/requests", timeout=5)
    fill_journal(server)
    # What this machine needs for a health check without any attack: a loaded CI runner adds its own delay.
    quiet = max(health_latency(server.url) for _ in range(20))
    limit = HEALTH_DEADLINE_SECONDS + quiet
    probe = HealthProbe(server.port, seconds=2.5)
    time.sleep(0.3)  # the probe process is running
    pipeline_and_close(server.port, connections)
    # The reproducer's check: health right after the attack, then for a while.
    after = [health_latency(server.url) for _ in range(20)]
    probe.join()
    rss = server.peak_rss_kib()
    figures = (f"{connections} connections x 50 pipelined: worst health {probe.worst * 1000:.1f} ms over {probe.count} probes, "
               f"right after {max(after) * 1000:.1f} ms (worst without attack {quiet * 1000:.1f} ms), peak RSS {rss / 1024:.1f} MiB")
    assert rss < PEAK_RSS_LIMIT_KIB, figures
    return max(after) < limit and probe.worst < limit, figures


@pytest.mark.parametrize("connections", [30, 300])
def test_vanishing_pipeliners_do_not_stall_health(server, connections):
    # A second attempt absorbs one scheduling spike of a shared machine; a server that stalls fails both.
    results = []
    for _ in range(2):
        ok, figures = attack_once(server, connections)
        print("\n" + figures)
        results.append(figures)
        if ok:
            break
    assert ok, results


def test_closed_connections_queue_is_dropped(server):
    """A client that resets after pipelining gets (almost) none of its 50 requests executed."""
    requests.delete(f"{server.url}/_emulator/requests", timeout=5)
    fill_journal(server)
    pipeline_and_close(server.port, 20, reset=True)
    pipeline_and_close(server.port, 20)
    time.sleep(0.5)
    answered = journal_requests_answered(server)
    print(f"\n40 vanished connections x 50 pipelined requests: {answered} of 2000 executed")
    assert answered < 200


def test_client_that_never_reads_is_paused_not_buffered(server):
    """A client that pipelines without reading stops being answered once its unread output is large; memory stays
    bounded and other clients are served."""
    fill_journal(server)
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        for _ in range(20):
            s.sendall(PIPELINED[: len(PIPELINED) // 50] * 50)
        time.sleep(0.5)
        assert health_latency(server.url) < HEALTH_DEADLINE_SECONDS
        assert server.rss_kib() < PEAK_RSS_LIMIT_KIB
        answered = journal_requests_answered(server)
        assert answered < 1000, answered
    finally:
        s.close()


def test_pipelined_requests_of_a_reading_client_are_all_answered(server):
    """Interleaving keeps every answer: 100 pipelined requests on one connection that reads them."""
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    s.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n" * 99 +
              b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    assert data.count(b"HTTP/1.1 200 OK") == 100


def test_half_closed_client_still_gets_its_answers(server):
    """FIN after the requests (`printf ... | nc`): the answers still arrive."""
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    s.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n" * 10)
    s.shutdown(socket.SHUT_WR)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    assert data.count(b"HTTP/1.1 200 OK") == 10
