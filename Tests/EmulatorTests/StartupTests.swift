import Emulator
import EmulatorTestSupport
import Foundation
import JSON
import TestSupport
import XCTest

/// Seed validation at start-up, persistence with a database file, and group commit.
final class StartupTests: XCTestCase {
    private func startupError(_ seed: [String: String]) throws -> String {
        let directory = try TestEmulator.writeSeed(seed)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try Emulator(
                configuration: EmulatorConfiguration(seed: .directory(directory.path), logLevel: .error),
                modules: [NotesModule()])
            return "started"
        } catch {
            return error.description
        }
    }

    func testMalformedSeedStopsStartupWithFilePathAndReason() throws {
        XCTAssertEqual(
            try startupError(["notes.json": #"{"notes": [{"id": "a"}]}"#]),
            "seed notes.json: $.notes[0].text: missing required field")
        XCTAssertTrue(
            try startupError(["notes.json": #"{"notes": [}"#]).hasPrefix("seed notes.json: $: invalid JSON at byte 11"))
        XCTAssertTrue(try startupError(["typo.json": "{}"]).contains("no module reads this file"))
        XCTAssertTrue(
            try startupError(["notes.json": #"{"notes": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}"#])
                .contains("UNIQUE constraint failed"))
    }

    func testMissingSeedFolderIsReported() throws {
        XCTAssertThrowsError(
            try Emulator(
                configuration: EmulatorConfiguration(seed: .directory("/nonexistent/seed")), modules: [NotesModule()])
        ) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/seed"))
        }
    }

    func testEmptySeedStartsAndBuiltInSeedNeedsItsModules() throws {
        XCTAssertNoThrow(try Emulator(configuration: EmulatorConfiguration(seed: .none), modules: [NotesModule()]))
        XCTAssertThrowsError(try Emulator(configuration: EmulatorConfiguration(seed: .builtIn), modules: [])) { error in
            XCTAssertTrue("\(error)".contains("no module reads this file"))
        }
    }

    func testDatabaseFileKeepsStateAcrossRestarts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idemu-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("idemu.db").path

        let first = try TestEmulator.notes(databasePath: path)
        XCTAssertEqual(
            try first.client().request("POST", "/notes", body: #"{"id":"kept","text":"across restarts"}"#).status, 201)
        first.stop()

        let second = try TestEmulator.notes(databasePath: path)
        defer { second.stop() }
        XCTAssertEqual(
            try JSON.parse(try second.client().request("GET", "/notes/kept").body)["text"], "across restarts")
        XCTAssertEqual(try second.client().request("GET", "/notes/a").status, 200, "the seed is not loaded twice")
    }

    func testGroupCommittedWritesAreAnsweredAndVisible() throws {
        let running = try TestEmulator.notes(transport: .socket)
        defer { running.stop() }
        let client = try running.socket()
        var pipeline = ""
        for i in 0..<50 {
            let body = #"{"id":"n\#(i)","text":"t"}"#
            pipeline += "POST /notes HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        try client.send(pipeline)
        for _ in 0..<50 { XCTAssertEqual(try client.readResponse().status, 201) }
        XCTAssertEqual(try client.request("GET", "/notes/n49").status, 200)
        XCTAssertEqual(try client.request("POST", "/notes", body: #"{"id":"n1","text":"dup"}"#).status, 409)
    }
}
