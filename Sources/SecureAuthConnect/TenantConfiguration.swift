import JSON
import Store

/// A tenant's configuration as stored: the tenant document and the server, client and IdP documents (all of them,
/// or those of one workspace), in the order the Admin API lists them. Export formats render it.
struct StoredConfiguration {
    var tenant: JSONObject
    var servers: [JSONObject]
    var clients: [JSONObject]
    var idps: [JSONObject]

    var keys: EntityKeys {
        EntityKeys(
            servers: Set(servers.compactMap { $0["id"]?.stringValue }),
            clients: Set(clients.compactMap { $0["client_id"]?.stringValue }),
            idps: Set(idps.compactMap { IDPKey($0) }))
    }
}

/// A configuration read from an import body (or produced by a patch), each document with the JSON path it came
/// from, not yet validated.
struct IncomingConfiguration {
    /// The tenant document, when the body carries one.
    var tenant: IncomingEntity?
    var servers: [IncomingEntity] = []
    var clients: [IncomingEntity] = []
    var idps: [IncomingEntity] = []

    var keys: EntityKeys {
        EntityKeys(
            servers: Set(servers.compactMap { $0.document["id"]?.stringValue }),
            clients: Set(clients.compactMap { $0.document["client_id"]?.stringValue }),
            idps: Set(idps.compactMap { IDPKey($0.document) }))
    }
}

/// One server, client or IdP document of an import, and where it was in the body (`$.clients[2]`).
struct IncomingEntity {
    var document: JSONObject
    let path: String
}

/// Which servers, clients and IdPs a configuration holds (to find what a patch removed).
struct EntityKeys {
    var servers: Set<String> = []
    var clients: Set<String> = []
    var idps: Set<IDPKey> = []

    func subtracting(_ other: EntityKeys) -> EntityKeys {
        EntityKeys(
            servers: servers.subtracting(other.servers), clients: clients.subtracting(other.clients),
            idps: idps.subtracting(other.idps))
    }
}

/// An IdP is identified by its workspace and its id.
struct IDPKey: Hashable {
    let serverID: String
    let id: String

    init(serverID: String, id: String) {
        self.serverID = serverID
        self.id = id
    }

    init?(_ document: JSONObject) {
        guard let serverID = document["authorization_server_id"]?.stringValue, let id = document["id"]?.stringValue
        else { return nil }
        self.init(serverID: serverID, id: id)
    }
}

extension WorkspaceDirectory {
    /// The tenant's stored document (`{"id": …}` plus whatever an import gave it), or nil for an unknown tenant.
    func tenantDocument(_ id: String) -> JSONObject? {
        guard let row = try? database.queryOne("SELECT document FROM sac_tenants WHERE id = ?", [.text(id)]) else {
            return nil
        }
        return row.string("document").flatMap { try? JSON.parse($0) }?.objectValue ?? ["id": .string(id)]
    }

    func replaceTenant(_ id: String, _ document: JSONObject) throws {
        try database.run(
            "UPDATE sac_tenants SET document = ? WHERE id = ?", [.text(JSON.object(document).jsonString()), .text(id)])
    }

    /// The tenant's configuration, or only that of workspace `workspaceID`; nil when either does not exist.
    func configuration(_ tenantID: String, workspaceID: String? = nil) -> StoredConfiguration? {
        guard let tenant = tenantDocument(tenantID) else { return nil }
        var servers = self.servers(tenantID).compactMap(\.objectValue)
        if let workspaceID {
            servers = servers.filter { $0["id"]?.stringValue == workspaceID }
            guard !servers.isEmpty else { return nil }
        }
        let serverIDs = servers.compactMap { $0["id"]?.stringValue }
        let clients = workspaceID.map { self.clients(tenantID, serverID: $0) } ?? self.clients(tenantID)
        return StoredConfiguration(
            tenant: tenant, servers: servers, clients: clients.compactMap(\.objectValue),
            idps: serverIDs.flatMap { idps(tenantID, $0) }.compactMap(\.objectValue))
    }
}
