import Emulator
import Foundation
import HTTP
import TestSupport
import Vendors

/// The one test harness: an emulator with the whole default seed (or the modules and seed a test chooses), reached
/// either in-process (requests go through the router with no socket, and the test's thread drives the loop) or over
/// a real socket (the loop runs on a thread of its own). `IDEMU_TEST_TRANSPORT=socket` runs every test that does not
/// choose a transport over the socket, so the same tests cover both paths.
public final class TestEmulator: @unchecked Sendable {
    /// How requests reach the emulator.
    public enum Transport: Sendable {
        case inProcess
        case socket

        /// `socket` when `IDEMU_TEST_TRANSPORT=socket`, else `inProcess`.
        public static var fromEnvironment: Transport {
            ProcessInfo.processInfo.environment["IDEMU_TEST_TRANSPORT"] == "socket" ? .socket : .inProcess
        }
    }

    public let emulator: Emulator
    public let transport: Transport
    /// The seed folder the harness wrote for `seedFiles`, removed by `stop()`.
    public let seedDirectory: URL?
    private var loop: LoopThread?

    /// `configure` adjusts the configuration (seed, database, key seed, public URL, …) before the emulator starts.
    public init(
        modules: [VendorModule] = VendorModules.all(), transport: Transport = .fromEnvironment,
        seedFiles: [String: String]? = nil,
        configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = EmulatorConfiguration(seed: .builtIn, logLevel: .error)
        if let seedFiles {
            let directory = try Self.writeSeed(seedFiles)
            seedDirectory = directory
            configuration.seed = .directory(directory.path)
        } else {
            seedDirectory = nil
        }
        configure(&configuration)
        configuration.server.port = 0
        self.transport = transport
        emulator = try Emulator(configuration: configuration, modules: modules)
        if transport == .socket {
            try emulator.start()
            let server = emulator.server
            loop = LoopThread(run: { server.run() }, requestStop: { server.requestStop() })
        }
    }

    /// The listening port (socket transport only).
    public var port: Int { emulator.port }

    /// A client of this emulator's transport.
    public func client() throws -> TestClient {
        switch transport {
        case .inProcess: return InProcessClient(emulator: emulator)
        case .socket: return try RawClient(port: emulator.port)
        }
    }

    /// A raw socket to the server, for tests of the wire itself (socket transport only).
    public func socket() throws -> RawClient {
        precondition(transport == .socket, "socket() needs TestEmulator(transport: .socket)")
        return try RawClient(port: emulator.port)
    }

    /// Sends one request through a fresh client.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String = ""
    ) throws -> RawResponse {
        try client().request(method, target, headers: headers, body: body)
    }

    /// Stops the server (socket transport) and removes the seed folder the harness wrote.
    public func stop() {
        if let loop {
            loop.stop()
        } else {
            try? emulator.database.close()
        }
        if let seedDirectory { try? FileManager.default.removeItem(at: seedDirectory) }
    }

    /// Writes `files` (file name → JSON text) to a new temporary folder.
    public static func writeSeed(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idemu-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// The repository's `seed-data/default`.
    public static let defaultSeedDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../seed-data/default").standardized

    /// The default seed's files named in `names`, as `seedFiles` takes them (so a test can run one vendor module on
    /// its own: a seed file that no loaded module reads is an error).
    public static func defaultSeedFiles(_ names: [String]) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in names {
            files[name] = try String(contentsOf: defaultSeedDirectory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }
}

/// Sends requests through the emulator's router on the calling thread, driving the loop until deferred replies
/// (work on the worker pool) resolve, then commits the store's batch as the server does before it answers.
struct InProcessClient: TestClient {
    let emulator: Emulator

    func request(_ method: String, _ target: String, headers: [(String, String)], body: [UInt8]) throws -> RawResponse {
        var fields = HTTPHeaders()
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { fields.add("Host", "localhost") }
        for (name, value) in headers { fields.add(name, value) }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            fields.add("Content-Length", String(body.count))
        }
        let request = Request(method: HTTPMethod(method), target: target, headers: fields, body: body)
        var response: Response?
        emulator.router.respond(to: request).whenReady { response = $0 }
        while response == nil { emulator.server.runLoopOnce() }
        try emulator.database.commitBatch()
        let answered = response!
        var pairs = answered.headers.map { ($0.name, $0.value) }
        let bodyless = method == "HEAD" || answered.status == 204 || answered.status == 304
        pairs.append(("Content-Length", String(answered.body.count)))
        return RawResponse(status: answered.status, headers: pairs, body: bodyless ? [] : answered.body)
    }
}
