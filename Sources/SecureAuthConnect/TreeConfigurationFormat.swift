import JSON

/// The Hub promote API's configuration tree (hub.yaml `TreeTenant`, `TreeServer`): maps keyed by id instead of
/// arrays, so a tree carries no ids or tenant references and can be promoted from one tenant to another.
/// `TreeTenant` holds the tenant's own fields plus `servers: {wid: TreeServer}`; a `TreeServer` holds the server's
/// fields plus `clients: {client_id: TreeClient}` and `idps: {id: TreeIDP}`.
///
/// Without `with_credentials` (hub.yaml: "if true, credentials are included") an export leaves out the server
/// `secret` and `jwks` (its private keys), client secrets and IdP `credentials`. An import that lacks them keeps the
/// existing ones of an entity it updates; a new server gets generated keys, a new client a generated secret.
enum TreeConfigurationFormat {
    static let serverCredentials = ["secret", "jwks", "rotated_secrets"]
    static let clientCredentials = [
        "client_secret", "hashed_secret", "rotated_secrets", "hashed_rotated_secrets", "registration_token",
    ]
    static let idpCredentials = ["credentials"]
    /// `TreeTenant` members that are collections rather than tenant fields (only `servers` is emulated).
    static let tenantCollections = ["servers", "features", "mfa_methods", "pools", "schemas", "themes", "translations"]

    // MARK: Export

    static func renderTenant(_ configuration: StoredConfiguration, withCredentials: Bool) -> JSON {
        var tree = configuration.tenant
        tree["id"] = nil
        var servers = JSONObject()
        for server in configuration.servers {
            guard let id = server["id"]?.stringValue else { continue }
            servers[id] = renderServer(server, of: configuration, withCredentials: withCredentials)
        }
        tree["servers"] = .object(servers)
        return .object(tree)
    }

    /// The tree of one server of `configuration`, with its clients and IdPs.
    static func renderServer(_ server: JSONObject, of configuration: StoredConfiguration, withCredentials: Bool) -> JSON
    {
        let id = server["id"]?.stringValue ?? ""
        var tree = stripped(server, ["id", "tenant_id"] + (withCredentials ? [] : serverCredentials))
        var clients = JSONObject()
        for client in configuration.clients where client["authorization_server_id"]?.stringValue == id {
            guard let clientID = client["client_id"]?.stringValue else { continue }
            clients[clientID] = .object(
                stripped(
                    client,
                    ["client_id", "tenant_id", "authorization_server_id"]
                        + (withCredentials ? [] : clientCredentials)))
        }
        var idps = JSONObject()
        for idp in configuration.idps where idp["authorization_server_id"]?.stringValue == id {
            guard let idpID = idp["id"]?.stringValue else { continue }
            idps[idpID] = .object(
                stripped(idp, ["id", "tenant_id", "authorization_server_id"] + (withCredentials ? [] : idpCredentials)))
        }
        tree["clients"] = .object(clients)
        tree["idps"] = .object(idps)
        return .object(tree)
    }

    // MARK: Import

    /// Reads a `TreeTenant`. Its tenant fields (all members but the collections) become the tenant document when
    /// there are any; a tree of servers only leaves the tenant as it is. Throws a 400 for a body of the wrong shape.
    static func parseTenant(_ body: JSON) throws(SecureAuthError) -> IncomingConfiguration {
        let root = JSONReader(body)
        var result = IncomingConfiguration()
        do throws(JSONReadError) {
            let members = try root.object()
            var tenant = members
            for collection in tenantCollections { tenant[collection] = nil }
            if !tenant.isEmpty { result.tenant = IncomingEntity(document: tenant, path: root.path) }
            if let servers = root.child("servers"), servers.value != .null {
                for id in try servers.object().keys {
                    try readServer(servers.child(id)!, id: id, into: &result)
                }
            }
        } catch {
            throw .shape(error)
        }
        return result
    }

    /// Reads a `TreeServer` for workspace `serverID`.
    static func parseServer(_ body: JSON, serverID: String) throws(SecureAuthError) -> IncomingConfiguration {
        var result = IncomingConfiguration()
        do throws(JSONReadError) {
            try readServer(JSONReader(body), id: serverID, into: &result)
        } catch {
            throw .shape(error)
        }
        return result
    }

    private static func readServer(
        _ reader: JSONReader, id: String, into result: inout IncomingConfiguration
    ) throws(JSONReadError) {
        var server = try reader.object()
        server["clients"] = nil
        server["idps"] = nil
        server["tenant_id"] = nil
        server["id"] = .string(id)
        result.servers.append(IncomingEntity(document: server, path: reader.path))
        for (clientID, client) in try members(reader, "clients") {
            var document = try client.object()
            document["client_id"] = .string(clientID)
            document["authorization_server_id"] = .string(id)
            result.clients.append(IncomingEntity(document: document, path: client.path))
        }
        for (idpID, idp) in try members(reader, "idps") {
            var document = try idp.object()
            document["id"] = .string(idpID)
            document["authorization_server_id"] = .string(id)
            result.idps.append(IncomingEntity(document: document, path: idp.path))
        }
    }

    /// The members of the map `key` of `reader` (absent or null: none).
    private static func members(_ reader: JSONReader, _ key: String) throws(JSONReadError) -> [(String, JSONReader)] {
        guard let map = reader.child(key), map.value != .null else { return [] }
        return try map.object().keys.map { ($0, map.child($0)!) }
    }

    private static func stripped(_ document: JSONObject, _ keys: [String]) -> JSONObject {
        var result = document
        for key in keys { result[key] = nil }
        return result
    }
}
