import HTTP
import JSON
import Store

/// Where the emulator's initial state comes from.
public enum SeedSource: Equatable, Sendable {
    /// The default seed compiled into the binary (`seed-data/default`).
    case builtIn
    /// A folder of `*.json` files, one per vendor module.
    case directory(String)
    /// Start empty.
    case none

    /// Parses the `--seed` value: `default`, `none`, or a folder path.
    public init(argument: String) {
        switch argument {
        case "default", "": self = .builtIn
        case "none": self = .none
        default: self = .directory(argument)
        }
    }

    public var description: String {
        switch self {
        case .builtIn: return "default"
        case .none: return "none"
        case .directory(let path): return path
        }
    }
}

/// The effective settings of one emulator process (flags, `IDEMU_*` variables, defaults).
public struct EmulatorConfiguration: Sendable {
    public var server: ServerConfiguration
    /// SQLite file; nil keeps everything in memory.
    public var databasePath: String?
    public var seed: SeedSource
    /// The origin that issuers and links use (`https://idemu.test`); nil uses each request's own `Host`.
    public var publicURL: String?
    public var logFormat: LogFormat
    public var logLevel: LogLevel
    /// How many requests `GET /_emulator/requests` remembers.
    public var journalCapacity: Int
    /// Whether the vendors' rate limits apply (`--rate-limits on|off`; the bench runs with them off).
    public var rateLimitsEnabled: Bool
    /// How many rows each table that grows with traffic keeps (opaque and refresh tokens, codes, tickets,
    /// revocations): expired rows go first, then the oldest (`--max-tokens`).
    public var maxTokens: Int
    /// Derives generated keys from this text, so a restarted emulator publishes the same keys; nil for random keys.
    public var keySeed: String?
    /// When set, every `/_emulator/*` call but `GET /_emulator/health` needs `Authorization: Bearer <token>`.
    public var controlToken: String?

    public init(
        server: ServerConfiguration = ServerConfiguration(), databasePath: String? = nil,
        seed: SeedSource = .builtIn, publicURL: String? = nil, logFormat: LogFormat = .text,
        logLevel: LogLevel = .info, journalCapacity: Int = 1000, keySeed: String? = nil, rateLimitsEnabled: Bool = true,
        controlToken: String? = nil, maxTokens: Int = StoreBounds.defaultMaxRows
    ) {
        self.server = server
        self.databasePath = databasePath
        self.seed = seed
        self.publicURL = publicURL
        self.logFormat = logFormat
        self.logLevel = logLevel
        self.journalCapacity = journalCapacity
        self.keySeed = keySeed
        self.rateLimitsEnabled = rateLimitsEnabled
        self.controlToken = controlToken
        self.maxTokens = max(1, maxTokens)
    }

    /// The settings as `GET /_emulator/config` reports them.
    public var json: JSON {
        [
            "host": .string(server.host),
            "port": .int(Int64(server.port)),
            "db": databasePath.map(JSON.string) ?? .null,
            "seed": .string(seed.description),
            "public_url": publicURL.map(JSON.string) ?? .null,
            "log_format": .string(logFormat.rawValue),
            "log_level": .string(logLevel.rawValue),
            "max_body": .int(Int64(server.limits.maxBodyBytes)),
            "max_header_bytes": .int(Int64(server.limits.maxHeaderBytes)),
            "max_connections": .int(Int64(server.maxConnections)),
            "idle_timeout_ms": .int(Int64(server.idleTimeoutMilliseconds)),
            "header_timeout_ms": .int(Int64(server.headerTimeoutMilliseconds)),
            "journal_capacity": .int(Int64(journalCapacity)),
            "key_seed": .bool(keySeed != nil),
            "rate_limits": .string(rateLimitsEnabled ? "on" : "off"),
            "control_token": .bool(controlToken != nil),
            "max_tokens": .int(Int64(maxTokens)),
        ]
    }
}
