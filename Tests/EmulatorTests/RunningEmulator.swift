import Emulator
import Foundation
import TestSupport

/// An emulator serving on a free port from a background thread, with a seed folder written for the test.
final class RunningEmulator: @unchecked Sendable {
    let emulator: Emulator
    let seedDirectory: URL
    private let stopped = DispatchSemaphore(value: 0)

    /// Writes `seed` (file name → JSON text) to a temporary folder and starts an emulator on it.
    init(seed: [String: String] = ["notes.json": #"{"notes": [{"id": "a", "text": "first"}]}"#],
         databasePath: String? = nil, configure: (inout EmulatorConfiguration) -> Void = { _ in }) throws {
        seedDirectory = try Self.writeSeed(seed)
        var configuration = EmulatorConfiguration(databasePath: databasePath, seed: .directory(seedDirectory.path), logLevel: .error)
        configuration.server.port = 0
        configure(&configuration)
        emulator = try Emulator(configuration: configuration, modules: [NotesModule()])
        try emulator.start()
        let server = emulator.server, stopped = self.stopped
        Thread.detachNewThread {
            server.run()
            stopped.signal()
        }
    }

    static func writeSeed(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idemu-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    func client() throws -> RawClient { try RawClient(port: emulator.port) }

    func stop() {
        emulator.server.requestStop()
        _ = stopped.wait(timeout: .now() + 15)
        try? FileManager.default.removeItem(at: seedDirectory)
    }
}
