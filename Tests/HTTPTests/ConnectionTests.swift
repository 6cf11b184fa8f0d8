import Foundation
import HTTP
import XCTest

/// Keep-alive, pipelining, bodies, HEAD, HTTP/1.0 and `Expect: 100-continue` over a real socket.
final class ConnectionTests: XCTestCase {
    var server: TestServer!

    override func setUpWithError() throws {
        server = try TestServer { router, http in EchoRoutes.install(on: router, server: http) }
    }

    override func tearDown() { server.stop() }

    func testGetAddsDateAndContentLength() throws {
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "hello")
        XCTAssertEqual(response.header("Content-Length"), "5")
        XCTAssertTrue(response.header("Date")?.hasSuffix(" GMT") ?? false)
        XCTAssertNil(response.header("Connection"))
    }

    func testKeepAliveServesManyRequestsOnOneConnection() throws {
        let client = try server.client()
        for i in 0..<20 {
            try client.send("GET /n/\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(try client.readResponse().text, "\(i)")
        }
    }

    func testPipelinedRequestsAreAnsweredInOrderEvenWhenOneIsDeferred() throws {
        let client = try server.client()
        try client.send(
            "GET /slow/50 HTTP/1.1\r\nHost: x\r\n\r\nGET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /n/4 HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "slow 50")
        XCTAssertEqual(try client.readResponse().text, "2")
        XCTAssertEqual(try client.readResponse().text, "abc")
        XCTAssertEqual(try client.readResponse().text, "4")
    }

    func testRequestSentOneByteAtATime() throws {
        let client = try server.client()
        for byte in Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".utf8) {
            try client.send([byte])
        }
        XCTAssertEqual(try client.readResponse().text, "hello")
    }

    func testChunkedBodyWithExtensionsAndTrailers() throws {
        let client = try server.client()
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.text, "hello world")
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "hello", "the connection stays usable after trailers")
    }

    func testExpectContinueGetsInterimResponseBeforeBody() throws {
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 100)
        try client.send("data")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "data")
    }

    func testHeadOmitsBodyButKeepsLength() throws {
        let client = try server.client()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(head: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "5")
        XCTAssertEqual(try client.readResponse().text, "hello", "no stray body bytes after HEAD")
    }

    func testHTTP10ClosesUnlessKeepAliveAsked() throws {
        let client = try server.client()
        try client.send("GET /hello HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.text, "hello")
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer())

        let keepAlive = try server.client()
        try keepAlive.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try keepAlive.readResponse().header("Connection"), "keep-alive")
        try keepAlive.send("GET /n/7 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try keepAlive.readResponse().text, "7")
    }

    func testConnectionCloseIsHonoured() throws {
        let client = try server.client()
        try client.send(
            "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.isClosedByPeer(), "nothing is answered after Connection: close")
    }

    func testHalfClosedClientStillGetsItsAnswer() throws {
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        client.shutdownWrite()
        XCTAssertEqual(try client.readResponse().text, "hello")
        XCTAssertTrue(client.isClosedByPeer())
    }

    func testAbruptCloseMidRequestLeavesServerHealthy() throws {
        for _ in 0..<10 {
            let client = try server.client()
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial")
        }
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "hello")
    }

    func testWorkerPoolAnswersLater() throws {
        let client = try server.client()
        try client.send("GET /slow/10 HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "slow 10")
    }
}
