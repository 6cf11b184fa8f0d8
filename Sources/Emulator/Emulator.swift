import CLibUV
import HTTP
import JSON
import Primitives
import RateLimit
import Store

/// Why the emulator could not start.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
}

/// The composition root: one server, one router, one store, one clock, and the vendor modules on them.
public final class Emulator {
    public let configuration: EmulatorConfiguration
    public let clock: Clock
    public let database: Database
    public let router: Router
    public let server: HTTPServer
    public let logger: Logger
    public let journal: RequestJournal
    public let context: EmulatorContext
    let modules: [VendorModule]
    let startedAt: UInt64

    private static let metaModule = "emulator"
    private static let metaMigrations = [
        Migration(
            version: 1, name: "emulator metadata",
            sql: "CREATE TABLE _emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    ]

    /// Opens the store, applies migrations, registers routes and loads the seed (unless the database file
    /// already holds a seeded state, which is kept).
    public init(
        configuration: EmulatorConfiguration, modules: [VendorModule], clock: Clock = Clock()
    ) throws(StartupError) {
        startedAt = uv_hrtime()
        self.configuration = configuration
        self.clock = clock
        self.modules = modules
        do {
            database = try Database(path: configuration.databasePath)
        } catch {
            throw StartupError(
                description: "cannot open the database \(configuration.databasePath ?? ":memory:"): \(error.message)")
        }
        logger = Logger(format: configuration.logFormat, level: configuration.logLevel, clock: clock)
        journal = RequestJournal(capacity: configuration.journalCapacity)
        router = Router(fallbackEnvelope: .emulator)
        let router = self.router
        server = HTTPServer(configuration: configuration.server) { router.respond(to: $0) }
        let rateLimits = RateLimitMiddleware(clock: clock, enabled: configuration.rateLimitsEnabled)
        context = EmulatorContext(
            clock: clock, database: database, workers: server.workers, logger: logger,
            configuration: configuration, rateLimits: rateLimits)
        wireServer()
        database.bounds.maxRows = configuration.maxTokens
        database.bounds.onFirstLiveEviction = { [logger] table, cap in
            logger.log(
                .warning,
                "the store is full: the oldest unexpired rows are being evicted (raise --max-tokens to keep more)",
                ["table": .string(table), "max_tokens": .int(Int64(cap))])
        }
        router.use(RequestIDMiddleware())
        router.use(ObservationMiddleware(logger: logger, journal: journal, clock: clock))
        if let token = configuration.controlToken { router.use(ControlAccessMiddleware(token: token)) }
        router.use(rateLimits)
        ControlAPI(emulator: self).register(on: router)
        for module in modules { module.registerRoutes(on: router, context: context) }
        do {
            try migrateAll()
            let seeded = try database.queryOne("SELECT value FROM _emulator_meta WHERE key = 'seed'") != nil
            if seeded {
                logger.log(
                    .info, "keeping the state stored in the database", ["db": .string(configuration.databasePath ?? "")]
                )
            } else {
                _ = try reloadSeed()
            }
        } catch let error as SeedError {
            throw StartupError(description: error.description)
        } catch {
            throw StartupError(description: "cannot prepare the database: \(error)")
        }
    }

    private func wireServer() {
        let database = self.database, logger = self.logger, clock = self.clock, router = self.router
        server.errorResponder = { status, message, target in
            let envelope =
                target.map { router.envelope(forPath: Request(method: .GET, target: $0, headers: [:]).path) }
                ?? .emulator
            return envelope.response(status: status, message: message)
        }
        router.onUnexpectedError = { request, error in
            logger.log(
                .error, "request failed",
                [
                    "request_id": .string(request.id), "route": .string(request.route?.pattern ?? ""),
                    "error": .string("\(error)"),
                ])
        }
        server.beforeFlush = [
            {
                do { try database.commitBatch() } catch {
                    logger.log(.error, "group commit failed", ["error": .string("\(error)")])
                }
            }
        ]
        server.afterFlush = [{ logger.flush() }]
        server.epochSeconds = { clock.now().epochSeconds }
        server.onStopped = {
            do {
                try database.close()
            } catch {
                logger.log(.error, "the last group commit failed", ["error": .string("\(error)")])
            }
            logger.log(.info, "stopped")
            logger.flush()
        }
    }

    /// The port the server listens on (after `start()`).
    public var port: Int { server.port }

    /// Binds the listening socket.
    public func start() throws(StartupError) {
        do {
            try server.start()
        } catch {
            throw StartupError(description: error.description)
        }
        logger.log(
            .info, "listening",
            [
                "url": .string("http://\(configuration.server.host):\(server.port)"),
                "seed": .string(configuration.seed.description),
                "version": .string(IdemuVersion.current),
                "control_api": .string(configuration.controlToken == nil ? "open" : "token"),
            ])
        if configuration.controlToken == nil && !Self.isLoopback(configuration.server.host) {
            logger.log(
                .warning,
                "the control API is open: anyone who can reach this address can reset the state, move the clock and read the journal; set --control-token (IDEMU_CONTROL_TOKEN)",
                ["host": .string(configuration.server.host), "port": .int(Int64(server.port))])
        }
        logger.flush()
    }

    /// True for addresses only this machine can reach.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Serves until SIGINT/SIGTERM (or `server.requestStop()`), then stops gracefully.
    public func run() {
        server.installSignalHandlers()
        server.run()
    }

    private func migrateAll() throws {
        try Migrator.migrate(database, module: Self.metaModule, migrations: Self.metaMigrations)
        var shared: [String: SharedSchema] = [:]
        for module in modules { for schema in module.sharedSchemas { shared[schema.name] = schema } }
        for schema in shared.values.sorted(by: { $0.name < $1.name }) {
            try Migrator.migrate(database, module: schema.name, migrations: schema.migrations)
        }
        for module in modules { try Migrator.migrate(database, module: module.name, migrations: module.migrations) }
    }

    /// Drops all state and loads the configured seed again, atomically: on failure nothing changes.
    /// Returns the seed files loaded.
    ///
    /// An in-memory store is replaced by a new, empty database (the old one is closed only once the seed has
    /// loaded, and kept on failure), and the freed memory is handed back to the system: a reset costs the same
    /// after a million requests as after none. A database file has its tables dropped instead.
    @discardableResult
    func reloadSeed() throws(SeedError) -> [String] {
        let byFile = Dictionary(
            modules.compactMap { m in m.seedFileName.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        let files = try SeedLoader.read(configuration.seed, knownFiles: Set(byFile.keys))
        func load() throws {
            for module in modules { module.resetState() }
            for file in files {
                do {
                    try byFile[file.name]!.loadSeed(JSONReader(file.document), context: context)
                } catch let error as JSONReadError {
                    throw SeedError(file: file.name, path: error.path, reason: error.reason)
                } catch let error as SeedError {
                    throw error
                } catch {
                    throw SeedError(file: file.name, path: "$", reason: "\(error)")
                }
            }
            try database.run(
                "INSERT INTO _emulator_meta (key, value) VALUES ('seed', ?)", [.text(configuration.seed.description)])
        }
        var aside: Database.SetAside?
        do {
            try database.commitBatch()
            if database.path == nil {
                aside = try database.replaceWithEmptyDatabase()
                try database.transaction {
                    try migrateAll()
                    try load()
                }
            } else {
                try database.transaction {
                    try database.dropAllTables()
                    try migrateAll()
                    try load()
                }
            }
        } catch {
            if let aside { database.restore(aside) }
            for module in modules { module.resetState() }
            throw (error as? SeedError) ?? SeedError(file: "(store)", path: "$", reason: "\(error)")
        }
        if let aside {
            database.release(aside)
            MemoryTrim.returnFreedMemory()
        }
        database.bounds.clearCounters()
        clock.reset()
        journal.clear()
        context.rateLimits.limiter.reset()
        return files.map(\.name)
    }
}
