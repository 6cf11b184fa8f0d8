import ArgumentParser
import Emulator
import HTTP
import Vendors

#if canImport(Glibc)
    import Glibc
#endif

/// `idemu serve`: runs the emulator until SIGINT/SIGTERM. Every option falls back to an `IDEMU_*` variable.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the emulated APIs (the default command).")

    @Option(help: "Address to listen on (IDEMU_HOST). Use 0.0.0.0 in containers. [default: 127.0.0.1]")
    var host: String?
    @Option(help: "Port to listen on (IDEMU_PORT). [default: 8080]")
    var port: Int?
    @Option(help: "SQLite file that keeps state across restarts (IDEMU_DB). [default: in memory]")
    var db: String?
    @Option(help: "Seed: 'default', 'none', or a folder of JSON files (IDEMU_SEED). [default: default]")
    var seed: String?
    @Option(
        name: .customLong("public-url"),
        help: "Origin for issuers and links, e.g. http://idemu:8080 (IDEMU_PUBLIC_URL). [default: each request's Host]")
    var publicURL: String?
    @Option(name: .customLong("log-format"), help: "text or json (IDEMU_LOG_FORMAT). [default: text]")
    var logFormat: String?
    @Option(name: .customLong("log-level"), help: "debug, info, warning or error (IDEMU_LOG_LEVEL). [default: info]")
    var logLevel: String?
    @Option(
        name: .customLong("key-seed"),
        help:
            "Derive generated signing keys from this text so restarts publish the same keys (IDEMU_KEY_SEED). [default: random keys]"
    )
    var keySeed: String?
    @Option(
        name: .customLong("rate-limits"),
        help: "on or off: emulate the vendors' rate limits (IDEMU_RATE_LIMITS). [default: on]")
    var rateLimits: String?
    @Option(
        name: .customLong("max-tokens"),
        help:
            "Opaque and refresh tokens, codes, tickets and revocations kept per table; expired ones go first, then the oldest (IDEMU_MAX_TOKENS). [default: 50000]"
    )
    var maxTokens: Int?
    @Option(
        name: .customLong("max-body"),
        help: "Largest request body, e.g. 1048576 or 1MiB (IDEMU_MAX_BODY). [default: 1MiB]")
    var maxBody: String?
    @Option(
        name: .customLong("max-connections"),
        help: "Open connections allowed at once (IDEMU_MAX_CONNECTIONS). [default: 4096]")
    var maxConnections: Int?
    @Option(
        name: .customLong("idle-timeout"),
        help: "Seconds an idle keep-alive connection stays open (IDEMU_IDLE_TIMEOUT). [default: 60]")
    var idleTimeout: Double?
    @Option(
        name: .customLong("header-timeout"),
        help: "Seconds a client has to send its headers (IDEMU_HEADER_TIMEOUT). [default: 10]")
    var headerTimeout: Double?
    @Option(
        name: .customLong("control-token"),
        help:
            "Require this Bearer token on /_emulator/* except health (IDEMU_CONTROL_TOKEN). [default: the control API is open]"
    )
    var controlToken: String?

    func run() throws {
        let configuration = try resolve()
        let emulator: Emulator
        do {
            emulator = try Emulator(configuration: configuration, modules: VendorModules.all())
            try emulator.start()
        } catch {
            printError("idemu: \(error.description)")
            throw ExitCode(1)
        }
        emulator.run()
    }

    /// Flags first, then `IDEMU_*` variables, then defaults; invalid values stop with a usage error.
    func resolve() throws -> EmulatorConfiguration {
        var server = ServerConfiguration()
        server.host = host ?? Environment.value("IDEMU_HOST") ?? "127.0.0.1"
        server.port = try port ?? integer("IDEMU_PORT") ?? 8080
        guard (0...65535).contains(server.port) else { throw ValidationError("port must be 0-65535") }
        if let text = maxBody ?? Environment.value("IDEMU_MAX_BODY") {
            guard let bytes = ByteSize.parse(text), bytes > 0 else {
                throw ValidationError("--max-body: not a size like 1048576 or 1MiB: \(text)")
            }
            server.limits.maxBodyBytes = bytes
        }
        if let count = try maxConnections ?? integer("IDEMU_MAX_CONNECTIONS") {
            guard count > 0 else { throw ValidationError("--max-connections must be positive") }
            server.maxConnections = count
        }
        if let seconds = try idleTimeout ?? decimal("IDEMU_IDLE_TIMEOUT") {
            guard seconds > 0, seconds < 86_400 else {
                throw ValidationError("--idle-timeout must be between 0 and 86400 seconds")
            }
            server.idleTimeoutMilliseconds = UInt64(seconds * 1000)
        }
        if let seconds = try headerTimeout ?? decimal("IDEMU_HEADER_TIMEOUT") {
            guard seconds > 0, seconds < 86_400 else {
                throw ValidationError("--header-timeout must be between 0 and 86400 seconds")
            }
            server.headerTimeoutMilliseconds = UInt64(seconds * 1000)
        }
        let formatText = logFormat ?? Environment.value("IDEMU_LOG_FORMAT") ?? "text"
        guard let format = LogFormat(rawValue: formatText) else {
            throw ValidationError("--log-format must be text or json")
        }
        let levelText = logLevel ?? Environment.value("IDEMU_LOG_LEVEL") ?? "info"
        guard let level = LogLevel(rawValue: levelText) else {
            throw ValidationError("--log-level must be debug, info, warning or error")
        }
        let limitsText = rateLimits ?? Environment.value("IDEMU_RATE_LIMITS") ?? "on"
        guard limitsText == "on" || limitsText == "off" else {
            throw ValidationError("--rate-limits must be on or off")
        }
        let url = publicURL ?? Environment.value("IDEMU_PUBLIC_URL")
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--public-url must start with http:// or https://")
        }
        let token = controlToken ?? Environment.value("IDEMU_CONTROL_TOKEN")
        if let token, token.isEmpty || token.contains(where: { $0 == " " || $0.isNewline }) {
            throw ValidationError("--control-token must be a non-empty token without spaces")
        }
        let tokenCap = try maxTokens ?? integer("IDEMU_MAX_TOKENS") ?? EmulatorConfiguration().maxTokens
        guard tokenCap > 0 else { throw ValidationError("--max-tokens must be positive") }
        return EmulatorConfiguration(
            server: server, databasePath: db ?? Environment.value("IDEMU_DB"),
            seed: SeedSource(argument: seed ?? Environment.value("IDEMU_SEED") ?? "default"),
            publicURL: url, logFormat: format, logLevel: level,
            keySeed: keySeed ?? Environment.value("IDEMU_KEY_SEED"),
            rateLimitsEnabled: limitsText == "on", controlToken: token, maxTokens: tokenCap)
    }

    private func integer(_ variable: String) throws -> Int? {
        guard let text = Environment.value(variable) else { return nil }
        guard let value = Int(text) else { throw ValidationError("\(variable) is not an integer: \(text)") }
        return value
    }

    private func decimal(_ variable: String) throws -> Double? {
        guard let text = Environment.value(variable) else { return nil }
        guard let value = Double(text) else { throw ValidationError("\(variable) is not a number: \(text)") }
        return value
    }
}
