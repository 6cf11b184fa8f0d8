import JSON
import Store

/// SecureAuth tenants, servers, clients and IdPs in SQLite (one JSON document per row), with a cache of ready
/// `Workspace`s that every change invalidates.
final class WorkspaceDirectory {
    static let migrations = [
        Migration(
            version: 1, name: "tenants, servers, clients, idps",
            sql: """
                CREATE TABLE sac_tenants (id TEXT PRIMARY KEY, document TEXT NOT NULL);
                CREATE TABLE sac_servers (
                    tenant_id TEXT NOT NULL REFERENCES sac_tenants (id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    document TEXT NOT NULL,
                    created_seq INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                );
                CREATE TABLE sac_clients (
                    tenant_id TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    server_id TEXT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, client_id),
                    FOREIGN KEY (tenant_id, server_id) REFERENCES sac_servers (tenant_id, id) ON DELETE CASCADE
                );
                CREATE INDEX sac_clients_server ON sac_clients (tenant_id, server_id);
                CREATE TABLE sac_idps (
                    tenant_id TEXT NOT NULL,
                    server_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, server_id, id),
                    FOREIGN KEY (tenant_id, server_id) REFERENCES sac_servers (tenant_id, id) ON DELETE CASCADE
                );
                """)
    ]

    let database: Database
    private var cache: [String: Workspace] = [:]
    private var missing: Set<String> = []

    init(database: Database) { self.database = database }

    func invalidate(_ tenantID: String, _ serverID: String) {
        cache[tenantID + "/" + serverID] = nil
        missing.remove(tenantID + "/" + serverID)
    }

    func invalidateAll() {
        cache.removeAll()
        missing.removeAll()
    }

    // MARK: Tenants

    func tenantExists(_ id: String) -> Bool {
        (try? database.queryOne("SELECT 1 FROM sac_tenants WHERE id = ?", [.text(id)])) != nil
    }

    func insertTenant(_ id: String, document: JSON) throws {
        try database.run(
            "INSERT INTO sac_tenants (id, document) VALUES (?, ?)", [.text(id), .text(document.jsonString())])
    }

    // MARK: Workspaces

    /// The ready workspace, or nil when the tenant or server does not exist.
    func workspace(_ tenantID: String, _ serverID: String) -> Workspace? {
        let key = tenantID + "/" + serverID
        if let cached = cache[key] { return cached }
        if missing.contains(key) { return nil }
        guard let document = server(tenantID, serverID)?.objectValue,
            let workspace = try? Workspace(
                tenantID: tenantID, document: document, clients: clients(tenantID, serverID: serverID),
                idps: idps(tenantID, serverID))
        else {
            if missing.count > 10_000 { missing.removeAll() }
            missing.insert(key)
            return nil
        }
        cache[key] = workspace
        return workspace
    }

    func servers(_ tenantID: String) -> [JSON] {
        documents("SELECT document FROM sac_servers WHERE tenant_id = ? ORDER BY created_seq", [.text(tenantID)])
    }

    func server(_ tenantID: String, _ serverID: String) -> JSON? {
        documents(
            "SELECT document FROM sac_servers WHERE tenant_id = ? AND id = ?", [.text(tenantID), .text(serverID)]
        ).first
    }

    func insertServer(_ tenantID: String, _ document: JSONObject) throws {
        let id = document["id"]?.stringValue ?? ""
        try database.run(
            """
            INSERT INTO sac_servers (tenant_id, id, document, created_seq)
            VALUES (?, ?, ?, (SELECT coalesce(max(created_seq), 0) + 1 FROM sac_servers))
            """, [.text(tenantID), .text(id), .text(JSON.object(document).jsonString())])
        invalidate(tenantID, id)
    }

    func replaceServer(_ tenantID: String, _ serverID: String, _ document: JSONObject) throws {
        try database.run(
            "UPDATE sac_servers SET document = ? WHERE tenant_id = ? AND id = ?",
            [.text(JSON.object(document).jsonString()), .text(tenantID), .text(serverID)])
        invalidate(tenantID, serverID)
    }

    /// Deletes the server with its clients and IdPs; false when it did not exist.
    func deleteServer(_ tenantID: String, _ serverID: String) throws -> Bool {
        let changed = try database.run(
            "DELETE FROM sac_servers WHERE tenant_id = ? AND id = ?", [.text(tenantID), .text(serverID)])
        invalidate(tenantID, serverID)
        return changed > 0
    }

    // MARK: Clients

    func clients(_ tenantID: String, serverID: String? = nil) -> [JSON] {
        if let serverID {
            return documents(
                "SELECT document FROM sac_clients WHERE tenant_id = ? AND server_id = ? ORDER BY rowid",
                [.text(tenantID), .text(serverID)])
        }
        return documents("SELECT document FROM sac_clients WHERE tenant_id = ? ORDER BY rowid", [.text(tenantID)])
    }

    func client(_ tenantID: String, _ clientID: String) -> JSON? {
        documents(
            "SELECT document FROM sac_clients WHERE tenant_id = ? AND client_id = ?",
            [.text(tenantID), .text(clientID)]
        ).first
    }

    func insertClient(_ tenantID: String, _ document: JSONObject) throws {
        let serverID = document["authorization_server_id"]?.stringValue ?? ""
        try database.run(
            "INSERT INTO sac_clients (tenant_id, client_id, server_id, document) VALUES (?, ?, ?, ?)",
            [
                .text(tenantID), .text(document["client_id"]?.stringValue ?? ""), .text(serverID),
                .text(JSON.object(document).jsonString()),
            ])
        invalidate(tenantID, serverID)
    }

    func replaceClient(_ tenantID: String, _ clientID: String, _ document: JSONObject) throws {
        try database.run(
            "UPDATE sac_clients SET document = ? WHERE tenant_id = ? AND client_id = ?",
            [.text(JSON.object(document).jsonString()), .text(tenantID), .text(clientID)])
        invalidate(tenantID, document["authorization_server_id"]?.stringValue ?? "")
    }

    func deleteClient(_ tenantID: String, _ clientID: String, serverID: String) throws {
        try database.run(
            "DELETE FROM sac_clients WHERE tenant_id = ? AND client_id = ?", [.text(tenantID), .text(clientID)])
        invalidate(tenantID, serverID)
    }

    // MARK: Identity providers

    func idps(_ tenantID: String, _ serverID: String) -> [JSON] {
        documents(
            "SELECT document FROM sac_idps WHERE tenant_id = ? AND server_id = ? ORDER BY rowid",
            [.text(tenantID), .text(serverID)])
    }

    func idp(_ tenantID: String, _ serverID: String, _ id: String) -> JSON? {
        documents(
            "SELECT document FROM sac_idps WHERE tenant_id = ? AND server_id = ? AND id = ?",
            [.text(tenantID), .text(serverID), .text(id)]
        ).first
    }

    func insertIDP(_ tenantID: String, _ serverID: String, _ document: JSONObject) throws {
        try database.run(
            "INSERT INTO sac_idps (tenant_id, server_id, id, document) VALUES (?, ?, ?, ?)",
            [
                .text(tenantID), .text(serverID), .text(document["id"]?.stringValue ?? ""),
                .text(JSON.object(document).jsonString()),
            ])
        invalidate(tenantID, serverID)
    }

    func replaceIDP(_ tenantID: String, _ serverID: String, _ id: String, _ document: JSONObject) throws {
        try database.run(
            "UPDATE sac_idps SET document = ? WHERE tenant_id = ? AND server_id = ? AND id = ?",
            [.text(JSON.object(document).jsonString()), .text(tenantID), .text(serverID), .text(id)])
        invalidate(tenantID, serverID)
    }

    func deleteIDP(_ tenantID: String, _ serverID: String, _ id: String) throws -> Bool {
        let changed = try database.run(
            "DELETE FROM sac_idps WHERE tenant_id = ? AND server_id = ? AND id = ?",
            [.text(tenantID), .text(serverID), .text(id)])
        invalidate(tenantID, serverID)
        return changed > 0
    }

    private func documents(_ sql: String, _ params: [SQLValue]) -> [JSON] {
        ((try? database.query(sql, params)) ?? []).compactMap { $0.string("document").flatMap { try? JSON.parse($0) } }
    }
}
