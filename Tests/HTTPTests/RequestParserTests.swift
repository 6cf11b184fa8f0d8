import HTTP
import XCTest

/// The parser glue without sockets: every split point, pipelines, limits and failures.
final class RequestParserTests: XCTestCase {
    private let pipeline = Array(
        ("POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /b HTTP/1.1\r\nHost: h\r\nX-Multi: 1\r\nX-Multi: 2\r\n\r\n"
            + "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nxyz\r\n0\r\nTrailer: t\r\n\r\n").utf8)

    private func check(_ requests: [Request], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(requests.map(\.method), [.POST, .GET, .PUT], file: file, line: line)
        XCTAssertEqual(requests.map(\.target), ["/a?x=1", "/b", "/c"], file: file, line: line)
        XCTAssertEqual(
            requests.map { String(decoding: $0.body, as: UTF8.self) }, ["abc", "", "xyz"], file: file, line: line)
        XCTAssertEqual(requests[1].headers.values("x-multi"), ["1", "2"], file: file, line: line)
        XCTAssertNil(requests[2].headers["Trailer"], "trailers are not request headers", file: file, line: line)
    }

    func testSplitAtEveryByte() {
        for split in 0...pipeline.count {
            let parser = RequestParser()
            XCTAssertTrue(parser.feed(Array(pipeline[0..<split])))
            XCTAssertTrue(parser.feed(Array(pipeline[split...])))
            check(parser.completed)
        }
    }

    func testOneByteAtATime() {
        let parser = RequestParser()
        for byte in pipeline { XCTAssertTrue(parser.feed([byte])) }
        check(parser.completed)
        XCTAssertFalse(parser.readingMessage)
    }

    func testReadingStateTracksPartialHeaders() {
        let parser = RequestParser()
        parser.feed(Array("GET / HTTP/1.1\r\nHo".utf8))
        XCTAssertTrue(parser.readingHeaders)
        parser.feed(Array("st: x\r\n\r\n".utf8))
        XCTAssertFalse(parser.readingHeaders)
        XCTAssertEqual(parser.completed.count, 1)
    }

    func testKeepAliveRules() {
        let parser = RequestParser()
        parser.feed(Array("GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nConnection: close\r\n\r\n".utf8))
        XCTAssertEqual(parser.completed.map(\.keepAlive), [true, false])
        let old = RequestParser()
        old.feed(Array("GET / HTTP/1.0\r\n\r\n".utf8))
        XCTAssertEqual(old.completed.first?.keepAlive, false)
    }

    func testHeaderLimitCountsRequestLineAndHeaders() {
        let parser = RequestParser(limits: RequestLimits(maxHeaderBytes: 100, maxBodyBytes: 10))
        XCTAssertFalse(parser.feed(Array(("GET /" + String(repeating: "p", count: 120) + " HTTP/1.1\r\n\r\n").utf8)))
        XCTAssertEqual(parser.failure, .headersTooLarge)
    }

    func testBodyLimitByLengthAndByChunks() {
        let byLength = RequestParser(limits: RequestLimits(maxHeaderBytes: 1000, maxBodyBytes: 10))
        XCTAssertFalse(byLength.feed(Array("POST /p HTTP/1.1\r\nContent-Length: 11\r\n\r\n".utf8)))
        XCTAssertEqual(byLength.failure, .bodyTooLarge)
        XCTAssertEqual(byLength.failedTarget, "/p")
        let byChunks = RequestParser(limits: RequestLimits(maxHeaderBytes: 1000, maxBodyBytes: 10))
        XCTAssertFalse(
            byChunks.feed(
                Array("POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\naaaaaa\r\n6\r\naaaaaa\r\n".utf8)))
        XCTAssertEqual(byChunks.failure, .bodyTooLarge)
    }

    func testMalformedInputFailsAndStaysFailed() {
        let parser = RequestParser()
        XCTAssertFalse(parser.feed(Array("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".utf8)))
        guard case .malformed = parser.failure else {
            return XCTFail("expected malformed, got \(String(describing: parser.failure))")
        }
        XCTAssertFalse(parser.feed(Array("GET / HTTP/1.1\r\n\r\n".utf8)))
        XCTAssertTrue(parser.completed.isEmpty)
    }

    func testExpectContinueIsFlaggedOnlyWithABody() {
        let parser = RequestParser()
        parser.feed(Array("POST / HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-Continue\r\n\r\n".utf8))
        XCTAssertTrue(parser.awaitingContinue)
        parser.feed(Array("ok".utf8))
        XCTAssertFalse(parser.awaitingContinue)
        XCTAssertEqual(parser.completed.count, 1)
    }
}
