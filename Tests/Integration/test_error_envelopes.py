"""Every HTTP-level failure, at any layer, in the envelope of the API family that owns the path.

A raw socket sends each failure (400 malformed header, 404, 405, 408 slow headers, 411 a typed body without a
length, 413 over-long body, 414 over-long target, 431 over-long headers) to a path of each family; the body must be
that family's error format (VENDOR-NOTES §1.2, §2.2, §3, §4.2, §5.2), never the emulator's own.
"""
from __future__ import annotations

import json
import socket

import pytest

import dedicated

SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def secureauth_oauth(body, status):
    return {"error", "error_description", "status_code"} <= body.keys() and body["status_code"] == status


def secureauth_admin(body, status):
    return body.keys() == {"status_code", "error", "error_code", "details"} and body["status_code"] == status


def transmit_cis(body, status):
    return body.keys() == {"message", "error_code"} and body["error_code"] == status


def oauth_plain(body, status):
    return {"error", "error_description"} <= body.keys() and "status_code" not in body and "status" not in body


def identity_store_scim(body, status):
    return body.get("schemas") == [SCIM_ERROR] and str(body.get("status")) == str(status) and "detail" in body


def asgardeo_scim(body, status):
    return body.get("schemas") == [SCIM_ERROR] and body.get("status") == status and "detail" in body


def authlete(body, status):
    return body.keys() == {"resultCode", "resultMessage"} and isinstance(body["resultCode"], str)


def asgardeo_api(body, status):
    return {"code", "message", "description", "traceId"} <= body.keys()


def emulator(body, status):
    return body == {"error": body.get("error"), "status": status}


# family: (a path it owns that has routes, a method the path does not allow, a path under it with no route, checker)
FAMILIES = {
    "secureauth-oauth2": ("/acme/demo/oauth2/token", "DELETE", "/acme/nope/oauth2/x", secureauth_oauth),
    "secureauth-admin": ("/api/admin/acme/servers", "DELETE", "/api/admin/acme/nope/x", secureauth_admin),
    "transmit-cis": ("/cis/v1/applications", "PATCH", "/cis/v1/nope", transmit_cis),
    "transmit-oidc": ("/oidc/token", "PUT", "/oidc/nope", oauth_plain),
    "identity-store-scim": ("/api/v1/scim/ids/default/v2/Users", "PATCH", "/api/v1/scim/ids/default/v2/Users/a/b/c",
                            identity_store_scim),
    "authlete": ("/api/715948317/auth/token", "PUT", "/api/715948317/nope/x", authlete),
    "asgardeo-api": ("/t/acme/api/server/v1/applications", "PUT", "/t/acme/api/server/v1/nope", asgardeo_api),
    "asgardeo-scim2": ("/t/acme/scim2/Users", "PUT", "/t/acme/scim2/Users/a/b/c", asgardeo_scim),
    "asgardeo-oauth": ("/t/acme/oauth2/token", "PUT", "/t/acme/oauth2/nope", oauth_plain),
    "emulator": ("/_emulator/clock", "DELETE", "/_emulator/nope", emulator),
}


@pytest.fixture(scope="module")
def server(idemu_binary, tmp_path_factory):
    log = tmp_path_factory.mktemp("envelopes") / "idemu.log"
    with dedicated.serving(idemu_binary, log, "--header-timeout", "0.3", "--log-level", "warning") as running:
        yield running


def exchange(port: int, raw: bytes, timeout: float = 5) -> tuple[int, dict]:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        while b"\r\n\r\n" not in data or len(data) < header_end(data) + content_length(data):
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body[: content_length(data)] or b"null")


def header_end(data: bytes) -> int:
    return data.index(b"\r\n\r\n") + 4


def content_length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def failures(route: str, method: str, unrouted: str) -> dict[int, bytes]:
    return {
        400: f"GET {route} HTTP/1.1\r\nHost: x\r\nThis line has no colon\r\n\r\n".encode(),
        404: f"GET {unrouted} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(),
        405: f"{method} {route} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode(),
        408: f"POST {route} HTTP/1.1\r\nHost: x\r\n".encode(),
        411: f"POST {route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n".encode(),
        413: f"POST {route} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n".encode(),
        414: f"GET {route}?q={'a' * 9000} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
        431: f"GET {route} HTTP/1.1\r\nHost: x\r\nX-Padding: {'p' * 20000}\r\n\r\n".encode(),
    }


@pytest.mark.parametrize("family", FAMILIES)
def test_every_http_failure_uses_the_family_envelope(server, family):
    route, method, unrouted, check = FAMILIES[family]
    wrong = []
    for expected, raw in failures(route, method, unrouted).items():
        status, body = exchange(server.port, raw)
        if status != expected or not isinstance(body, dict) or not check(body, expected):
            wrong.append((expected, status, body))
    assert not wrong, f"{family}: {wrong}"


def test_four_hundred_fourteen_for_a_request_line_beyond_the_header_limit(server):
    status, body = exchange(server.port, f"GET /t/acme/scim2/Users?q={'a' * 40000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 414 and asgardeo_scim(body, 414), body
