import JOSE
import JSON

/// The writes an import makes, decided before any of them happens.
struct ImportPlan {
    var tenant: JSONObject?
    var createdServers: [JSONObject] = []
    var updatedServers: [JSONObject] = []
    var createdClients: [JSONObject] = []
    var updatedClients: [JSONObject] = []
    var createdIDPs: [JSONObject] = []
    var updatedIDPs: [JSONObject] = []
    var deletedServers: [String] = []
    var deletedClients: [(id: String, serverID: String)] = []
    var deletedIDPs: [IDPKey] = []
    /// New servers that came without keys: their keys must be generated (off the loop) before the plan applies.
    var keysNeeded: [(serverID: String, keyType: String)] = []
}

/// Decides what importing a configuration into a tenant changes. Every server, client and IdP goes through the
/// Admin API's validation and defaults (`ServerDefaults.complete`, `ClientDocument.complete`,
/// `StaticIDPDocument.complete`); an entity that already exists is handled by the insert mode; entities a patch
/// removed are deleted. Reads the store, writes nothing, and throws the first problem found (422 naming the JSON
/// path for an invalid document, 409 for a conflict in `fail` mode).
///
/// Like the Admin API's PUT, an update keeps the existing server `secret` and keys, client secret and IdP
/// credentials when the imported document leaves them out (the Hub exports them only `with_credentials`).
struct ImportPlanner {
    let directory: WorkspaceDirectory
    let tenantID: String
    let mode: InsertMode
    /// Entities a patch removed from the configuration; empty for an import, which never deletes.
    var removed = EntityKeys()
    /// A patch hands over the whole configuration, changed or not: entities it left as they are are skipped,
    /// whatever the mode. An import applies the mode to every entity it names.
    var skipUnchanged = false

    /// - Parameter generatedKeys: `{"keys": [...]}` by server id, for the servers of an earlier plan's `keysNeeded`.
    func plan(
        _ incoming: IncomingConfiguration, generatedKeys: [String: JSON] = [:]
    ) throws(SecureAuthError) -> ImportPlan {
        guard let storedTenant = directory.tenantDocument(tenantID) else { throw .notFound("Tenant \(tenantID)") }
        let stored = Stored(directory, tenantID)
        var plan = ImportPlan()
        if let tenant = incoming.tenant { try planTenant(tenant, stored: storedTenant, into: &plan) }

        // Deleted workspaces take their clients and IdPs with them.
        for id in removed.servers.sorted() {
            guard let existing = stored.servers[id] else { continue }
            let type = existing["type"]?.stringValue ?? "regular"
            if type == "admin" || type == "system" {
                throw .unprocessable("The \(type) workspace \(id) cannot be deleted")
            }
            if try decide(existing: "Server \(id)", path: nil) { plan.deletedServers.append(id) }
        }
        let deleted = Set(plan.deletedServers)
        let remaining = Set(stored.servers.keys).subtracting(deleted)
            .union(incoming.servers.compactMap { $0.document["id"]?.stringValue })

        var seen = Set<String>()
        for entity in incoming.servers {
            let existing = entity.document["id"]?.stringValue.flatMap {
                deleted.contains($0) ? nil : stored.servers[$0]
            }
            try planServer(entity, existing: existing, seen: &seen, generatedKeys: generatedKeys, into: &plan)
        }
        seen = []
        for entity in incoming.clients {
            let serverID = try workspace(of: entity, among: remaining)
            let existing = entity.document["client_id"]?.stringValue.flatMap { stored.clients[$0] }
                .flatMap { deleted.contains($0["authorization_server_id"]?.stringValue ?? "") ? nil : $0 }
            try planClient(entity, serverID: serverID, existing: existing, seen: &seen, into: &plan)
        }
        var seenIDPs = Set<IDPKey>()
        for entity in incoming.idps {
            let serverID = try workspace(of: entity, among: remaining)
            let existing =
                deleted.contains(serverID)
                ? nil
                : entity.document["id"]?.stringValue.flatMap { stored.idps[IDPKey(serverID: serverID, id: $0)] }
            try planIDP(entity, serverID: serverID, existing: existing, seen: &seenIDPs, into: &plan)
        }

        for id in removed.clients.sorted() {
            guard let existing = stored.clients[id], let serverID = existing["authorization_server_id"]?.stringValue,
                !deleted.contains(serverID)
            else { continue }
            if try decide(existing: "Client \(id)", path: nil) { plan.deletedClients.append((id, serverID)) }
        }
        for key in removed.idps.sorted(by: { ($0.serverID, $0.id) < ($1.serverID, $1.id) }) {
            guard stored.idps[key] != nil, !deleted.contains(key.serverID) else { continue }
            if try decide(existing: "IDP \(key.id)", path: nil) { plan.deletedIDPs.append(key) }
        }
        return plan
    }

    /// The tenant's servers, clients and IdPs as stored, by id.
    private struct Stored {
        var servers: [String: JSONObject] = [:]
        var clients: [String: JSONObject] = [:]
        var idps: [IDPKey: JSONObject] = [:]

        init(_ directory: WorkspaceDirectory, _ tenantID: String) {
            for server in directory.servers(tenantID).compactMap(\.objectValue) {
                guard let id = server["id"]?.stringValue else { continue }
                servers[id] = server
                for idp in directory.idps(tenantID, id).compactMap(\.objectValue) {
                    if let key = IDPKey(idp) { idps[key] = idp }
                }
            }
            for client in directory.clients(tenantID).compactMap(\.objectValue) {
                if let id = client["client_id"]?.stringValue { clients[id] = client }
            }
        }
    }

    /// Whether to write over (or delete) an existing entity: `update` yes, `ignore` no, `fail` a 409.
    private func decide(existing what: String, path: String?) throws(SecureAuthError) -> Bool {
        switch mode {
        case .update: return true
        case .ignore: return false
        case .fail: throw .conflict("\(what) already exists (mode fail)", path: path)
        }
    }

    /// The tenant itself is the import's target, so it always exists: only a document that differs is a change.
    private func planTenant(
        _ entity: IncomingEntity, stored: JSONObject, into plan: inout ImportPlan
    ) throws(SecureAuthError) {
        var tenant = entity.document
        if let id = tenant["id"], id != .null, id.stringValue != tenantID {
            throw .unprocessable("id must be \(tenantID)", path: entity.path)
        }
        tenant["id"] = .string(tenantID)
        if tenant != stored, try decide(existing: "Tenant \(tenantID)", path: entity.path) { plan.tenant = tenant }
    }

    private func planServer(
        _ entity: IncomingEntity, existing: JSONObject?, seen: inout Set<String>,
        generatedKeys: [String: JSON], into plan: inout ImportPlan
    ) throws(SecureAuthError) {
        var server = entity.document
        if let existing {
            if server["secret"] == nil || server["secret"] == .null { server["secret"] = existing["secret"] }
            if (server["jwks"]?["keys"]?.arrayValue ?? []).isEmpty { server["jwks"] = existing["jwks"] }
        }
        let keys = try checkKeys(server["jwks"], path: entity.path)
        if let reason = ServerDefaults.complete(&server, tenantID: tenantID) {
            throw .unprocessable(reason, path: entity.path)
        }
        let id = server["id"]!.stringValue!
        guard seen.insert(id).inserted else { throw .unprocessable("server \(id) appears twice", path: entity.path) }
        guard let existing else {
            if keys.isEmpty {
                if let generated = generatedKeys[id] {
                    server["jwks"] = generated
                } else {
                    plan.keysNeeded.append((id, server["key_type"]?.stringValue ?? "ecdsa"))
                }
            }
            plan.createdServers.append(server)
            return
        }
        if skipUnchanged && server == existing { return }
        guard try decide(existing: "Server \(id)", path: entity.path) else { return }
        if server != existing { plan.updatedServers.append(server) }
    }

    private func planClient(
        _ entity: IncomingEntity, serverID: String, existing: JSONObject?, seen: inout Set<String>,
        into plan: inout ImportPlan
    ) throws(SecureAuthError) {
        var client = entity.document
        if let existing, client["client_secret"] == nil || client["client_secret"] == .null {
            client["client_secret"] = existing["client_secret"]
        }
        if let reason = ClientDocument.complete(&client, tenantID: tenantID, serverID: serverID) {
            throw .unprocessable(reason, path: entity.path)
        }
        let id = client["client_id"]!.stringValue!
        guard seen.insert(id).inserted else { throw .unprocessable("client \(id) appears twice", path: entity.path) }
        guard let existing else {
            plan.createdClients.append(client)
            return
        }
        if skipUnchanged && client == existing { return }
        guard try decide(existing: "Client \(id)", path: entity.path) else { return }
        guard existing["authorization_server_id"]?.stringValue == serverID else {
            throw .unprocessable("authorization_server_id cannot be changed", path: entity.path)
        }
        if client != existing { plan.updatedClients.append(client) }
    }

    private func planIDP(
        _ entity: IncomingEntity, serverID: String, existing: JSONObject?, seen: inout Set<IDPKey>,
        into plan: inout ImportPlan
    ) throws(SecureAuthError) {
        var idp = entity.document
        if let existing, idp["credentials"] == nil || idp["credentials"] == .null {
            idp["credentials"] = existing["credentials"]
        }
        if let reason = StaticIDPDocument.complete(&idp, tenantID: tenantID, serverID: serverID) {
            throw .unprocessable(reason, path: entity.path)
        }
        let key = IDPKey(serverID: serverID, id: idp["id"]!.stringValue!)
        guard seen.insert(key).inserted else {
            throw .unprocessable("IDP \(key.id) of server \(serverID) appears twice", path: entity.path)
        }
        guard let existing else {
            plan.createdIDPs.append(idp)
            return
        }
        if skipUnchanged && idp == existing { return }
        guard try decide(existing: "IDP \(key.id)", path: entity.path) else { return }
        if idp != existing { plan.updatedIDPs.append(idp) }
    }

    /// The server's `jwks.keys`, each a valid JWK, with a signing key among them (empty: keys are generated).
    private func checkKeys(_ jwks: JSON?, path: String) throws(SecureAuthError) -> [JSON] {
        guard let jwks, jwks != .null else { return [] }
        guard let members = jwks.objectValue else { throw .unprocessable("jwks must be an object", path: path) }
        guard let keys = members["keys"], keys != .null else { return [] }
        guard let list = keys.arrayValue else { throw .unprocessable("jwks.keys must be an array", path: path) }
        var hasSigningKey = false
        for (index, jwk) in list.enumerated() {
            do {
                let key = try SigningKey(jwk: jwk)
                if key.use == "sig" && key.jwsAlgorithm != nil { hasSigningKey = true }
            } catch {
                throw .unprocessable("jwks.keys[\(index)]: \(error)", path: path)
            }
        }
        if !list.isEmpty && !hasSigningKey {
            throw .unprocessable("jwks.keys has no signing key (use sig)", path: path)
        }
        return list
    }

    /// The `authorization_server_id` of a client or IdP, which must name a workspace that exists after the import.
    private func workspace(of entity: IncomingEntity, among remaining: Set<String>) throws(SecureAuthError) -> String {
        guard let serverID = entity.document["authorization_server_id"]?.stringValue, !serverID.isEmpty else {
            throw .unprocessable("authorization_server_id is required", path: entity.path)
        }
        guard remaining.contains(serverID) else {
            throw .unprocessable("authorization_server_id: server \(serverID) does not exist", path: entity.path)
        }
        return serverID
    }
}
