import JOSE
import JSON
import OAuth
import Primitives
import RateLimit
import Store

/// Transmit tenants, apps (ordinary and management) and their clients in SQLite, one JSON document per row, with
/// an in-memory snapshot that every read uses and every write drops (rebuilt on the next read).
final class TransmitDirectory {
    static let migrations = [
        Migration(
            version: 1, name: "tenants, apps, clients, signing keys",
            sql: """
                CREATE TABLE tr_tenants (
                    id TEXT PRIMARY KEY,
                    rate INTEGER,
                    burst INTEGER,
                    period_ns INTEGER
                );
                CREATE TABLE tr_apps (
                    tenant_id TEXT NOT NULL REFERENCES tr_tenants (id) ON DELETE CASCADE,
                    app_id TEXT NOT NULL,
                    management INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, app_id)
                );
                CREATE UNIQUE INDEX tr_apps_name ON tr_apps (tenant_id, name);
                CREATE TABLE tr_clients (
                    client_id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    app_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    document TEXT NOT NULL,
                    FOREIGN KEY (tenant_id, app_id) REFERENCES tr_apps (tenant_id, app_id) ON DELETE CASCADE
                );
                CREATE UNIQUE INDEX tr_clients_name ON tr_clients (tenant_id, app_id, name);
                CREATE TABLE tr_signing_keys (kid TEXT PRIMARY KEY, jwk TEXT NOT NULL);
                """)
    ]

    /// One app with its clients, the first of which is the default client.
    struct App {
        var document: JSONObject
        let isManagement: Bool
        var clients: [JSONObject]

        var id: String { document["app_id"]?.stringValue ?? "" }
        var name: String { document["app_name"]?.stringValue ?? "" }
        var defaultClient: JSONObject? { clients.first }
    }

    /// Everything of one tenant, apps in creation order.
    struct Tenant {
        var apps: [App] = []
        var rateLimit: RateQuota?
    }

    private final class Snapshot {
        var tenants: [String: Tenant] = [:]
        var clients: [String: RegisteredClient] = [:]
        /// Rendered list bodies by `tenant|kind`, built on first use.
        var bodies: [String: [UInt8]] = [:]
        var hasRateLimits = false
    }

    let database: Database
    private var snapshot: Snapshot?

    init(database: Database) { self.database = database }

    /// Drops the snapshot; the next read loads the store again.
    func invalidate() { snapshot = nil }

    // MARK: Reads

    func tenant(_ id: String) -> Tenant? { current().tenants[id] }

    var tenantIDs: [String] { current().tenants.keys.sorted() }

    func app(_ tenantID: String, _ appID: String) -> App? {
        current().tenants[tenantID]?.apps.first { $0.id == appID }
    }

    func apps(_ tenantID: String, management: Bool) -> [App] {
        current().tenants[tenantID]?.apps.filter { $0.isManagement == management } ?? []
    }

    func client(_ clientID: String) -> RegisteredClient? { current().clients[clientID] }

    /// Whether any tenant has a rate limit (when none has, requests skip the limiter's lookups).
    var hasRateLimits: Bool { current().hasRateLimits }

    /// A response body rendered once per snapshot under `key` (lists of apps: large, read often, changed rarely).
    func cachedBody(_ key: String, render: () -> JSON) -> [UInt8] {
        let snapshot = current()
        if let body = snapshot.bodies[key] { return body }
        let body = render().serialized()
        snapshot.bodies[key] = body
        return body
    }

    // MARK: Writes (each atomic; the snapshot is dropped after)

    func insertTenant(_ id: String) throws {
        try database.run("INSERT INTO tr_tenants (id) VALUES (?)", [.text(id)])
        invalidate()
    }

    func setRateLimit(_ quota: RateQuota?, tenant: String) throws {
        try database.run(
            "UPDATE tr_tenants SET rate = ?, burst = ?, period_ns = ? WHERE id = ?",
            [
                quota.map { .integer(Int64($0.rate)) } ?? .null,
                quota.map { .integer(Int64($0.burst)) } ?? .null,
                quota.map { .integer($0.period.nanoseconds) } ?? .null, .text(tenant),
            ])
        invalidate()
    }

    /// Stores a new app with its first clients.
    func insertApp(_ tenantID: String, _ document: JSONObject, management: Bool, clients: [JSONObject]) throws {
        defer { invalidate() }
        try database.transaction {
            try database.run(
                "INSERT INTO tr_apps (tenant_id, app_id, management, name, document) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(tenantID), .text(document["app_id"]?.stringValue ?? ""), .integer(management ? 1 : 0),
                    .text(document["app_name"]?.stringValue ?? ""), .text(JSON.object(document).jsonString()),
                ])
            for client in clients { try insertClientRow(tenantID, client) }
        }
    }

    /// Replaces an app's document and, when given, its default client's.
    func replaceApp(_ tenantID: String, _ document: JSONObject, defaultClient: JSONObject?) throws {
        defer { invalidate() }
        try database.transaction {
            try database.run(
                "UPDATE tr_apps SET name = ?, document = ? WHERE tenant_id = ? AND app_id = ?",
                [
                    .text(document["app_name"]?.stringValue ?? ""), .text(JSON.object(document).jsonString()),
                    .text(tenantID), .text(document["app_id"]?.stringValue ?? ""),
                ])
            if let defaultClient { try replaceClientRow(defaultClient) }
        }
    }

    func deleteApp(_ tenantID: String, _ appID: String) throws {
        defer { invalidate() }
        try database.run("DELETE FROM tr_apps WHERE tenant_id = ? AND app_id = ?", [.text(tenantID), .text(appID)])
    }

    func insertClient(_ tenantID: String, _ document: JSONObject) throws {
        defer { invalidate() }
        try insertClientRow(tenantID, document)
    }

    func replaceClient(_ document: JSONObject) throws {
        defer { invalidate() }
        try replaceClientRow(document)
    }

    /// Deletes one client (`clientID`) or all of an app's clients (nil).
    func deleteClients(_ tenantID: String, appID: String, clientID: String?) throws {
        defer { invalidate() }
        if let clientID {
            try database.run(
                "DELETE FROM tr_clients WHERE client_id = ? AND tenant_id = ? AND app_id = ?",
                [.text(clientID), .text(tenantID), .text(appID)])
        } else {
            try database.run(
                "DELETE FROM tr_clients WHERE tenant_id = ? AND app_id = ?", [.text(tenantID), .text(appID)])
        }
    }

    // MARK: Signing keys

    /// The stored keys; a row that does not parse is skipped (the seed loader checked every key it stored).
    func signingKeys() -> [SigningKey] {
        let rows = (try? database.query("SELECT jwk FROM tr_signing_keys ORDER BY rowid")) ?? []
        return rows.compactMap { row in
            row.string("jwk").flatMap { try? JSON.parse($0) }.flatMap { try? SigningKey(jwk: $0) }
        }
    }

    func insertSigningKey(_ key: SigningKey) throws {
        try database.run(
            "INSERT OR REPLACE INTO tr_signing_keys (kid, jwk) VALUES (?, ?)",
            [.text(key.kid), .text(key.privateJWK().jsonString())])
    }

    // MARK: Private

    private func insertClientRow(_ tenantID: String, _ document: JSONObject) throws {
        try database.run(
            "INSERT INTO tr_clients (client_id, tenant_id, app_id, name, document) VALUES (?, ?, ?, ?, ?)",
            [
                .text(document["client_id"]?.stringValue ?? ""), .text(tenantID),
                .text(document["app_id"]?.stringValue ?? ""), .text(document["name"]?.stringValue ?? ""),
                .text(JSON.object(document).jsonString()),
            ])
    }

    private func replaceClientRow(_ document: JSONObject) throws {
        try database.run(
            "UPDATE tr_clients SET name = ?, document = ? WHERE client_id = ?",
            [
                .text(document["name"]?.stringValue ?? ""), .text(JSON.object(document).jsonString()),
                .text(document["client_id"]?.stringValue ?? ""),
            ])
    }

    /// The snapshot, loaded on first use. A failed read leaves its rows out (their tokens and apps are unknown: 401 and
    /// 404), and the next write reloads it.
    private func current() -> Snapshot {
        if let snapshot { return snapshot }
        let loaded = Snapshot()
        try? database.forEachRow("SELECT id, rate, burst, period_ns FROM tr_tenants") { row in
            var tenant = Tenant()
            if let rate = row.int("rate"), let burst = row.int("burst"), let period = row.int("period_ns") {
                tenant.rateLimit = RateQuota(rate: Int(rate), period: Duration(nanoseconds: period), burst: Int(burst))
            }
            loaded.tenants[row.string("id") ?? ""] = tenant
        }
        var positions: [String: Int] = [:]
        try? database.forEachRow("SELECT tenant_id, management, document FROM tr_apps ORDER BY rowid") { row in
            guard let tenantID = row.string("tenant_id"),
                let document = row.string("document").flatMap({ try? JSON.parse($0) })?.objectValue
            else { return }
            let app = App(document: document, isManagement: row.bool("management") ?? false, clients: [])
            positions[tenantID + "/" + app.id] = loaded.tenants[tenantID]?.apps.count
            loaded.tenants[tenantID]?.apps.append(app)
        }
        try? database.forEachRow("SELECT tenant_id, app_id, document FROM tr_clients ORDER BY rowid") { row in
            guard let tenantID = row.string("tenant_id"), let appID = row.string("app_id"),
                let index = positions[tenantID + "/" + appID],
                let document = row.string("document").flatMap({ try? JSON.parse($0) })?.objectValue
            else { return }
            loaded.tenants[tenantID]!.apps[index].clients.append(document)
            let app = loaded.tenants[tenantID]!.apps[index]
            let oauth = ClientDocument.oauthClient(document)
            loaded.clients[oauth.id] = RegisteredClient(
                tenantID: tenantID, appID: appID, appName: app.name,
                isManagement: app.isManagement, oauth: oauth,
                accessTokenTTL: ClientDocument.accessTokenTTL(document))
        }
        loaded.hasRateLimits = loaded.tenants.values.contains { $0.rateLimit != nil }
        snapshot = loaded
        return loaded
    }
}
