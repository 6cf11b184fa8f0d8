import Emulator
import EmulatorTestSupport
import Foundation
import JSON
import TestSupport
import XCTest

/// `/_emulator`: health, config, clock, reset and the request journal, over a real socket.
final class ControlAPITests: XCTestCase {
    var running: TestEmulator!

    override func setUpWithError() throws { running = try TestEmulator.notes() }
    override func tearDown() { running.stop() }

    private func json(_ response: RawResponse) throws -> JSON { try JSON.parse(response.body) }

    func testHealth() throws {
        let response = try running.client().request("GET", "/_emulator/health")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Content-Type"), "application/json")
        let body = try json(response)
        XCTAssertEqual(body["status"], "ok")
        XCTAssertEqual(body["version"]?.stringValue, IdemuVersion.current)
        XCTAssertNotNil(body["uptime_ms"]?.intValue)
    }

    func testConfigReportsEffectiveSettings() throws {
        let body = try json(try running.client().request("GET", "/_emulator/config"))
        XCTAssertEqual(body["max_body"], 1_048_576)
        XCTAssertEqual(body["seed"]?.stringValue, running.seedDirectory!.path)
        XCTAssertEqual(body["db"], .null)
        XCTAssertEqual(body["public_url"], .null)
    }

    func testClockFreezeAdvanceResumeAndErrors() throws {
        let client = try running.client()
        let frozen = try json(
            try client.request("POST", "/_emulator/clock", body: #"{"action":"freeze","time":"2030-01-01T00:00:00Z"}"#))
        XCTAssertEqual(frozen["now"], "2030-01-01T00:00:00.000Z")
        XCTAssertEqual(frozen["frozen"], true)
        let advanced = try json(
            try client.request("POST", "/_emulator/clock", body: #"{"action":"advance","seconds":90}"#))
        XCTAssertEqual(advanced["now"], "2030-01-01T00:01:30.000Z")
        let more = try json(
            try client.request("POST", "/_emulator/clock", body: #"{"action":"advance","duration":"1h"}"#))
        XCTAssertEqual(more["now"], "2030-01-01T01:01:30.000Z")
        XCTAssertEqual(try json(try client.request("GET", "/_emulator/clock"))["epoch_ms"], 1_893_459_690_000)
        let resumed = try json(try client.request("POST", "/_emulator/clock", body: #"{"action":"resume"}"#))
        XCTAssertEqual(resumed["frozen"], false)
        XCTAssertEqual(
            Date().timeIntervalSince1970 < 1_893_459_690, true, "sanity: emulated time is ahead of the real one")

        for bad in [
            #"{"action":"warp"}"#, #"{"action":"advance"}"#, #"{"action":"advance","duration":"soon"}"#,
            #"{"action":"set","time":"tomorrow"}"#, "not json", #"["freeze"]"#, #"{"action":42}"#,
        ] {
            let response = try client.request("POST", "/_emulator/clock", body: bad)
            XCTAssertEqual(response.status, 400, bad)
            XCTAssertNotNil(try json(response)["error"]?.stringValue, bad)
        }
        let reset = try json(try client.request("POST", "/_emulator/clock", body: #"{"action":"reset"}"#))
        XCTAssertEqual(reset["offset_ms"]?.intValue.map { abs($0) < 1000 }, true)
    }

    func testResetDropsStateAndReloadsSeed() throws {
        let client = try running.client()
        XCTAssertEqual(try client.request("POST", "/notes", body: #"{"id":"b","text":"second"}"#).status, 201)
        XCTAssertEqual(try client.request("GET", "/notes/b").status, 200)
        _ = try client.request("POST", "/_emulator/clock", body: #"{"action":"advance","seconds":3600}"#)
        let reset = try client.request("POST", "/_emulator/reset")
        XCTAssertEqual(reset.status, 200)
        XCTAssertEqual(try json(reset)["files"], ["notes.json"])
        XCTAssertEqual(try client.request("GET", "/notes/b").status, 404, "created state is gone")
        XCTAssertEqual(try json(try client.request("GET", "/notes/a"))["text"], "first", "seeded state is back")
        XCTAssertEqual(
            try json(try client.request("GET", "/_emulator/clock"))["offset_ms"]?.intValue.map { abs($0) < 1000 }, true)
    }

    func testResetWithABrokenSeedChangesNothing() throws {
        let client = try running.client()
        XCTAssertEqual(try client.request("POST", "/notes", body: #"{"id":"b","text":"second"}"#).status, 201)
        try #"{"notes": [{"id": "c", "text": "ok"}, {"id": "d", "text": 7}]}"#
            .write(to: running.seedDirectory!.appendingPathComponent("notes.json"), atomically: true, encoding: .utf8)
        let response = try client.request("POST", "/_emulator/reset")
        XCTAssertEqual(response.status, 422)
        let body = try json(response)
        XCTAssertEqual(body["file"], "notes.json")
        XCTAssertEqual(body["path"], "$.notes[1].text")
        XCTAssertEqual(
            try client.request("GET", "/notes/b").status, 200, "state from before the failed reset is intact")
        XCTAssertEqual(try client.request("GET", "/notes/c").status, 404, "nothing of the broken seed was loaded")
    }

    func testJournalRecordsRedactedRequestsNewestFirst() throws {
        let client = try running.client()
        _ = try client.request("GET", "/notes/a?client_secret=s3cret&x=1")
        _ = try client.request("GET", "/missing")
        let body = try json(try client.request("GET", "/_emulator/requests?limit=2"))
        let entries = body["requests"]?.arrayValue ?? []
        XCTAssertEqual(entries.count, 2)
        XCTAssertEqual(entries[0]["path"], "/missing")
        XCTAssertEqual(entries[0]["status"], 404)
        XCTAssertEqual(entries[1]["path"], "/notes/a?client_secret=REDACTED&x=1")
        XCTAssertEqual(entries[1]["vendor"], "notes")
        XCTAssertEqual(entries[1]["route"], "/notes/{id}")
        XCTAssertNotNil(entries[1]["duration_ms"]?.doubleValue)
        let filtered = try json(try client.request("GET", "/_emulator/requests?vendor=notes"))
        XCTAssertTrue(filtered["requests"]!.arrayValue!.allSatisfy { $0["vendor"] == "notes" })
        XCTAssertEqual(try client.request("GET", "/_emulator/requests?limit=zero").status, 400)
        XCTAssertEqual(try client.request("DELETE", "/_emulator/requests").status, 204)
        XCTAssertEqual(try json(try client.request("GET", "/_emulator/requests"))["requests"]?.arrayValue?.count, 1)
    }

    func testRequestIdIsEchoedOrGenerated() throws {
        let client = try running.client()
        XCTAssertEqual(
            try client.request("GET", "/_emulator/health", headers: [("X-Request-Id", "abc-123")]).header(
                "X-Request-Id"), "abc-123")
        XCTAssertNotNil(try client.request("GET", "/_emulator/health").header("X-Request-Id"))
    }

    func testHTTPLevelErrorsUseTheOwningVendorsEnvelope() throws {
        let client = try running.client()
        let missing = try client.request("GET", "/notes/x/y")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(try json(missing)["code"], 404, "a path under /notes gets the notes envelope")
        let wrongMethod = try client.request("DELETE", "/notes/a")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.header("Allow"), "GET, HEAD")
        XCTAssertNotNil(try json(wrongMethod)["problem"])
        let overSocket = try TestEmulator.notes(transport: .socket)
        defer { overSocket.stop() }
        let tooBig = try overSocket.socket()
        try tooBig.send("POST /notes HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
        let response = try tooBig.readResponse()
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(try json(response)["code"], 413)
    }
}
