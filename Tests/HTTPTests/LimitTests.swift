import Foundation
import HTTP
import XCTest

/// Every limit answers with its status and closes: 400, 408, 413, 431, 503, and idle timeouts.
final class LimitTests: XCTestCase {
    private func start(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> TestServer {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        return try TestServer(configuration) { router, http in EchoRoutes.install(on: router, server: http) }
    }

    func testHeadersOver16KiBGet431() throws {
        let server = try start()
        defer { server.stop() }
        let client = try server.client()
        try client.send(
            "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 17_000) + "\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 431)
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testHeadersJustUnderTheLimitPass() throws {
        let server = try start()
        defer { server.stop() }
        let client = try server.client()
        try client.send(
            "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 15_000) + "\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
    }

    func testBodyOverMaximumGets413ByLength() throws {
        let server = try start { $0.limits.maxBodyBytes = 1000 }
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 413)
        XCTAssertTrue(response.text.contains("too large"))
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testChunkedBodyOverMaximumGets413() throws {
        let server = try start { $0.limits.maxBodyBytes = 1000 }
        defer { server.stop() }
        let client = try server.client()
        let chunk = String(repeating: "z", count: 600)
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n"
        )
        XCTAssertEqual(try client.readResponse().status, 413)
    }

    func testExpectContinueOverLimitGets413WithoutContinue() throws {
        let server = try start { $0.limits.maxBodyBytes = 10 }
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 413)
    }

    func testMalformedRequestGets400AndClose() throws {
        let server = try start()
        defer { server.stop() }
        for garbage in [
            "GARBAGE\r\n\r\n", "GET /x HTTP/1.1\r\nBad Header\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        ] {
            let client = try server.client()
            try client.send(garbage)
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 400, garbage)
            XCTAssertTrue(client.isClosedByPeer(), garbage)
        }
    }

    func testUnsupportedVersionGets505() throws {
        let server = try start()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /hello HTTP/2.0\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 505)
    }

    func testSlowHeadersGet408() throws {
        let server = try start { $0.headerTimeoutMilliseconds = 200 }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testIdleKeepAliveConnectionIsClosed() throws {
        let server = try start { $0.idleTimeoutMilliseconds = 200 }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
        let started = Date()
        XCTAssertTrue(client.isClosedByPeer())
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testConnectionsBeyondMaximumGet503() throws {
        let server = try start { $0.maxConnections = 2 }
        defer { server.stop() }
        let first = try server.client(), second = try server.client()
        try first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        try second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try first.readResponse().status, 200)
        XCTAssertEqual(try second.readResponse().status, 200)
        let third = try server.client()
        XCTAssertEqual(try third.readResponse().status, 503)
        XCTAssertTrue(third.isClosedByPeer())
    }

    func testGracefulShutdownFinishesInFlightRequest() throws {
        let server = try start()
        let client = try server.client()
        try client.send("GET /slow/300 HTTP/1.1\r\nHost: x\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        server.server.requestStop()
        let response = try client.readResponse()
        XCTAssertEqual(response.text, "slow 300")
        XCTAssertEqual(response.header("Connection"), "close")
        server.stop()
        XCTAssertThrowsError(try RawClient(port: server.port), "the listener is closed after shutdown")
    }
}
