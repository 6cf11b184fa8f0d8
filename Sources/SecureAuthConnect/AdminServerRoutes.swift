import Emulator
import HTTP
import JOSE
import JSON
import OAuth

/// Admin API: authorization servers (workspaces) of a tenant (admin.yaml: createAuthorizationServer,
/// listAuthorizationServers, getAuthorizationServer, updateAuthorizationServer, deleteAuthorizationServer).
struct AdminServerRoutes {
    let directory: WorkspaceDirectory
    let engine: OAuthEngine
    let context: EmulatorContext
    let keys: KeyProvisioning

    func register(on admin: RouteGroup<String>) {
        admin.on(.GET, "/servers") { request, tid in try list(request, tid) }
        admin.deferred(.POST, "/servers") { request, tid in try create(request, tid) }
        admin.on(.GET, "/servers/{aid}") { request, tid in
            guard let document = directory.server(tid, try request.require("aid"))?.objectValue else {
                throw SecureAuthError.notFound("Server")
            }
            return .json(response(document, tenantID: tid, request: request))
        }
        admin.on(.PUT, "/servers/{aid}") { request, tid in try update(request, tid) }
        admin.on(.DELETE, "/servers/{aid}") { request, tid in
            let aid = try request.require("aid")
            guard let existing = directory.server(tid, aid)?.objectValue else {
                throw SecureAuthError.notFound("Server")
            }
            if ["admin", "system"].contains(existing["type"]?.stringValue ?? "") {
                throw SecureAuthError.badRequest("The \(aid) workspace cannot be deleted")
            }
            try context.database.transaction {
                _ = try directory.deleteServer(tid, aid)
                try engine.tokens.revokeAll(realm: tid + "/" + aid)
            }
            return .empty(204)
        }
    }

    /// The server as the API returns it: the stored document plus the issuer URLs for this caller's origin.
    private func response(_ document: JSONObject, tenantID: String, request: Request) -> JSON {
        var body = document
        let issuer = context.origin(for: request) + "/" + tenantID + "/" + (document["id"]?.stringValue ?? "")
        body["issuer_url"] = .string(issuer)
        body["mtls_issuer_url"] = .string(issuer)
        return .object(body)
    }

    private func list(_ request: Request, _ tid: String) throws -> Response {
        let query = request.query
        var limit = 20
        if let text = query["limit"] {
            guard let value = Int(text), (1...100).contains(value) else {
                throw SecureAuthError.badRequest("limit must be between 1 and 100")
            }
            limit = value
        }
        let types = Set(
            (query["server_types"] ?? ServerDefaults.serverTypes.joined(separator: ","))
                .split(separator: ",").map(String.init))
        var servers = directory.servers(tid).compactMap(\.objectValue)
            .filter { types.contains($0["type"]?.stringValue ?? "regular") }
        if let phrase = query["search_phrase"]?.lowercased(), !phrase.isEmpty {
            // Byte-wise substring match (as Go's strings.Contains in the real service). Not `String.contains(String)`:
            // with Foundation visible (through BigInt) that resolves to Foundation's ICU-backed overload, and links
            // ICU (~35 MB) into the static binary.
            servers = servers.filter {
                ($0["id"]?.stringValue ?? "").lowercased().utf8.contains(phrase.utf8)
                    || ($0["name"]?.stringValue ?? "").lowercased().utf8.contains(phrase.utf8)
            }
        }
        let sortField = query["sort"] ?? "id"
        guard ["id", "name", "type"].contains(sortField) else {
            throw SecureAuthError.badRequest("sort must be id, name or type")
        }
        let descending = query["order"] == "desc"
        servers.sort {
            let a = $0[sortField]?.stringValue ?? "", b = $1[sortField]?.stringValue ?? ""
            return descending ? a > b : a < b
        }
        if let after = query["after_server_id"],
            let index = servers.firstIndex(where: { $0["id"]?.stringValue == after })
        {
            servers = Array(servers[(index + 1)...])
        }
        if let before = query["before_server_id"],
            let index = servers.firstIndex(where: { $0["id"]?.stringValue == before })
        {
            servers = Array(servers[..<index].suffix(limit))
        }
        let page = servers.prefix(limit).map { response($0, tenantID: tid, request: request) }
        return .json(["servers": .array(Array(page))])
    }

    private func create(_ request: Request, _ tid: String) throws -> Reply {
        var server = try request.jsonObject()
        if server["id"] == nil || server["id"] == .null { server["id"] = .string(ServerDefaults.generatedID()) }
        try Self.complete(&server, tid)
        let id = server["id"]!.stringValue!
        guard directory.server(tid, id) == nil else { throw SecureAuthError.conflict("Server \(id) already exists") }
        let withDemoClient = request.query["with_demo_client"] == "true"
        if !(server["jwks"]?["keys"]?.arrayValue ?? []).isEmpty {
            try Self.checkKeys(server)
            return .now(try store(server, tid, withDemoClient: withDemoClient, request: request))
        }
        let now = context.clock.now()
        return .collect(for: request) { resolve in
            keys.generate(
                tenantID: tid, serverID: id, keyType: server["key_type"]?.stringValue ?? "ecdsa", createdAt: now
            ) { result in
                resolve {
                    guard case .success(let generated) = result else {
                        throw SecureAuthError(status: 503, "Key generation failed: \(result)")
                    }
                    var promoted = server
                    promoted["jwks"] = ["keys": .array(generated.map { $0.privateJWK() })]
                    return try store(promoted, tid, withDemoClient: withDemoClient, request: request)
                }
            }
        }
    }

    /// Stores a new server and, with `with_demo_client`, its demo client, in one transaction.
    private func store(_ server: JSONObject, _ tid: String, withDemoClient: Bool, request: Request) throws -> Response {
        let id = server["id"]?.stringValue ?? ""
        try SecureAuthError.conflictOnDuplicate("Server \(id) already exists") {
            try context.database.transaction {
                try directory.insertServer(tid, server)
                if withDemoClient {
                    try directory.insertClient(
                        tid,
                        ClientDocument.demoPortal(
                            tenantID: tid, serverID: id,
                            origin: context.origin(for: request)))
                }
            }
        }
        return .json(response(server, tenantID: tid, request: request), status: 201)
    }

    private func update(_ request: Request, _ tid: String) throws -> Response {
        let aid = try request.require("aid")
        guard let existing = directory.server(tid, aid)?.objectValue else { throw SecureAuthError.notFound("Server") }
        var server = try request.jsonObject()
        if let id = server["id"], id != .null, id.stringValue != aid {
            throw SecureAuthError.unprocessable("id cannot be changed")
        }
        server["id"] = .string(aid)
        if server["secret"] == nil || server["secret"] == .null { server["secret"] = existing["secret"] }
        if (server["jwks"]?["keys"]?.arrayValue ?? []).isEmpty { server["jwks"] = existing["jwks"] }
        try Self.checkKeys(server)
        try Self.complete(&server, tid)
        try directory.replaceServer(tid, aid, server)
        return .json(response(server, tenantID: tid, request: request))
    }

    private static func checkKeys(_ server: JSONObject) throws(SecureAuthError) {
        do {
            _ = try (server["jwks"]?["keys"]?.arrayValue ?? []).map { try SigningKey(jwk: $0) }
        } catch {
            throw .unprocessable("jwks: \(error)")
        }
    }

    private static func complete(_ server: inout JSONObject, _ tid: String) throws(SecureAuthError) {
        if let reason = ServerDefaults.complete(&server, tenantID: tid) { throw .unprocessable(reason) }
    }
}
