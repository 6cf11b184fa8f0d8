import JSON
import OAuth
import Primitives
import Store

/// Services, their clients and the API access tokens in SQLite, with an in-memory cache of ready services that
/// every change refreshes. New services and clients get their ids, numbers and defaults here.
final class ServiceDirectory {
    /// Who an API access token speaks for: one service, or the whole organization (every service).
    enum TokenScope: Equatable {
        case service(Int64)
        case organization
    }

    let database: Database
    private var cache: [Int64: AuthleteService]?
    private var tokens: [[UInt8]: TokenScope]?

    init(database: Database) { self.database = database }

    func invalidateAll() {
        cache = nil
        tokens = nil
    }

    // MARK: API access tokens

    static func hash(_ token: String) -> [UInt8] { TokenHash.of(token) }

    func addAPIToken(_ token: String, scope: TokenScope) throws {
        let apiKey: SQLValue
        switch scope {
        case .service(let id): apiKey = .integer(id)
        case .organization: apiKey = .null
        }
        try database.run(
            "INSERT INTO authlete_api_tokens (hash, api_key) VALUES (?, ?)",
            [.blob(Self.hash(token)), apiKey])
        tokens = nil
    }

    /// The scope of an API access token, or nil when it is unknown (looked up by its SHA-256).
    func scope(ofAPIToken token: String) throws -> TokenScope? {
        if let tokens { return tokens[Self.hash(token)] }
        var loaded: [[UInt8]: TokenScope] = [:]
        try database.forEachRow("SELECT hash, api_key FROM authlete_api_tokens") { row in
            guard let hash = row.blob("hash") else { return }
            loaded[hash] = row.int("api_key").map(TokenScope.service) ?? .organization
        }
        tokens = loaded
        return loaded[Self.hash(token)]
    }

    // MARK: Services

    private func loaded() throws -> [Int64: AuthleteService] {
        if let cache { return cache }
        var services: [Int64: AuthleteService] = [:]
        try database.forEachRow("SELECT document FROM authlete_services") { row in
            guard let document = Self.document(row) else { return }
            let service = AuthleteService(document: document)
            services[service.apiKey] = service
        }
        try database.forEachRow("SELECT api_key, document FROM authlete_clients") { row in
            guard let apiKey = row.int("api_key"), let document = Self.document(row) else { return }
            let client = AuthleteClient(document: document)
            services[apiKey]?.clients[client.id] = client
        }
        cache = services
        return services
    }

    /// The stored document of a row; the emulator wrote it, so one that does not parse is skipped as absent.
    private static func document(_ row: Row) -> JSONObject? {
        row.string("document").flatMap { try? JSON.parse(Array($0.utf8)) }?.objectValue
    }

    func service(_ apiKey: Int64) throws -> AuthleteService? { try loaded()[apiKey] }

    /// Every service, in order of creation.
    func allServices() throws -> [AuthleteService] {
        try loaded().values.sorted { ($0.document["number"]?.intValue ?? 0) < ($1.document["number"]?.intValue ?? 0) }
    }

    /// The next `number` of a service or client (a sequence Authlete shows beside the ids).
    private func nextNumber(table: String) throws -> Int64 {
        (try database.queryOne("SELECT max(number) AS n FROM \(table)")?.int("n") ?? 0) + 1
    }

    /// A fresh id in Authlete's style (a random 12-to-14-digit number), not used by any service or client.
    private func freshID() throws -> Int64 {
        while true {
            let bytes = SecureRandom.bytes(8)
            let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let id = Int64(100_000_000_000 + value % 99_900_000_000_000)
            let used = try database.queryOne(
                """
                SELECT 1 FROM authlete_services WHERE api_key = ?1
                UNION ALL SELECT 1 FROM authlete_clients WHERE client_id = ?1
                """, [.integer(id)])
            if used == nil { return id }
        }
    }

    /// A new service from checked members: a fresh API key and number, stamped `now` (epoch ms), with the
    /// defaults; stored.
    func createService(_ members: JSONObject, now: Int64) throws -> JSONObject {
        var document = members
        document["apiKey"] = .int(try freshID())
        document["number"] = .int(try nextNumber(table: "authlete_services"))
        document["createdAt"] = .int(now)
        document["modifiedAt"] = .int(now)
        ServiceDocument.complete(&document)
        try insertService(document)
        return document
    }

    func insertService(_ document: JSONObject) throws {
        try database.run(
            "INSERT INTO authlete_services (api_key, number, document) VALUES (?, ?, ?)",
            [
                .integer(document["apiKey"]?.intValue ?? 0), .integer(document["number"]?.intValue ?? 0),
                .text(JSON.object(document).jsonString()),
            ])
        cache = nil
    }

    func replaceService(_ document: JSONObject) throws {
        try database.run(
            "UPDATE authlete_services SET document = ? WHERE api_key = ?",
            [.text(JSON.object(document).jsonString()), .integer(document["apiKey"]?.intValue ?? 0)])
        cache = nil
    }

    /// Deletes a service with its clients and the API tokens scoped to it.
    func deleteService(_ apiKey: Int64) throws {
        try database.transaction {
            try database.run("DELETE FROM authlete_clients WHERE api_key = ?", [.integer(apiKey)])
            try database.run("DELETE FROM authlete_api_tokens WHERE api_key = ?", [.integer(apiKey)])
            try database.run("DELETE FROM authlete_granted_scopes WHERE api_key = ?", [.integer(apiKey)])
            try database.run("DELETE FROM authlete_services WHERE api_key = ?", [.integer(apiKey)])
        }
        invalidateAll()
    }

    // MARK: Clients

    /// A new client of `service` from checked members: a fresh id, secret and number, stamped `now` (epoch ms),
    /// with the defaults; stored. Dynamic registration passes the hash of the registration access token.
    func createClient(
        _ members: JSONObject, service: AuthleteService, now: Int64,
        registrationTokenHash: String? = nil
    ) throws -> JSONObject {
        var document = JSONObject()
        document["clientId"] = .int(try freshID())
        document["clientSecret"] = .string(ClientDocument.newSecret())
        for (name, value) in members where !ClientDocument.serverOwned.contains(name) { document[name] = value }
        document["number"] = .int(try nextNumber(table: "authlete_clients"))
        document["serviceNumber"] = service.document["number"] ?? .null
        document["createdAt"] = .int(now)
        document["modifiedAt"] = .int(now)
        document["dynamicallyRegistered"] = .bool(registrationTokenHash != nil)
        ClientDocument.complete(&document)
        if let registrationTokenHash { document["registrationAccessTokenHash"] = .string(registrationTokenHash) }
        try insertClient(document, service: service.apiKey)
        return document
    }

    func insertClient(_ document: JSONObject, service apiKey: Int64) throws {
        try database.run(
            "INSERT INTO authlete_clients (client_id, api_key, number, document) VALUES (?, ?, ?, ?)",
            [
                .integer(document["clientId"]?.intValue ?? 0), .integer(apiKey),
                .integer(document["number"]?.intValue ?? 0), .text(JSON.object(document).jsonString()),
            ])
        cache = nil
    }

    func replaceClient(_ document: JSONObject) throws {
        try database.run(
            "UPDATE authlete_clients SET document = ? WHERE client_id = ?",
            [.text(JSON.object(document).jsonString()), .integer(document["clientId"]?.intValue ?? 0)])
        cache = nil
    }

    func deleteClient(_ clientID: Int64) throws {
        try database.transaction {
            try database.run("DELETE FROM authlete_granted_scopes WHERE client_id = ?", [.integer(clientID)])
            try database.run("DELETE FROM authlete_clients WHERE client_id = ?", [.integer(clientID)])
        }
        cache = nil
    }
}
