import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Primitives
import Store

/// Admin API: authorization servers (workspaces) of a tenant (admin.yaml: createAuthorizationServer,
/// listAuthorizationServers, getAuthorizationServer, updateAuthorizationServer, deleteAuthorizationServer).
final class AdminServerRoutes {
    private let directory: WorkspaceDirectory
    private let engine: OAuthEngine
    private let context: EmulatorContext
    private let keys: KeyProvisioning
    private let authorization: AdminAuthorization

    init(directory: WorkspaceDirectory, engine: OAuthEngine, context: EmulatorContext, keys: KeyProvisioning) {
        self.directory = directory
        self.engine = engine
        self.context = context
        self.keys = keys
        authorization = AdminAuthorization(engine: engine)
    }

    func register(on router: Router) {
        let v = SecureAuthErrors.admin
        router.add(.GET, "/api/admin/{tid}/servers", envelope: v, group: "admin") { self.guarded($0) { self.list($0) } }
        router.add(.POST, "/api/admin/{tid}/servers", envelope: v, group: "admin") { self.guarded($0) { self.create($0) } }
        router.add(.GET, "/api/admin/{tid}/servers/{aid}", envelope: v, group: "admin") { self.guarded($0) { self.get($0) } }
        router.add(.PUT, "/api/admin/{tid}/servers/{aid}", envelope: v, group: "admin") { self.guarded($0) { self.update($0) } }
        router.add(.DELETE, "/api/admin/{tid}/servers/{aid}", envelope: v, group: "admin") { self.guarded($0) { self.delete($0) } }
    }

    private func guarded(_ request: Request, _ body: (Request) -> Reply) -> Reply {
        if let denied = authorization.check(request, tenantID: request.param("tid")!) { return .now(denied) }
        return body(request)
    }

    /// The server as the API returns it: the stored document plus the issuer URLs for this caller's origin.
    func response(_ document: JSONObject, tenantID: String, request: Request) -> JSON {
        var body = document
        let issuer = context.origin(for: request) + "/" + tenantID + "/" + (document["id"]?.stringValue ?? "")
        body["issuer_url"] = .string(issuer)
        body["mtls_issuer_url"] = .string(issuer)
        return .object(body)
    }

    private func list(_ request: Request) -> Reply {
        let tid = request.param("tid")!
        let query = request.query
        var limit = 20
        if let text = query["limit"] {
            guard let value = Int(text), (1...100).contains(value) else {
                return .now(SecureAuthErrors.adminBody(status: 400, error: "limit must be between 1 and 100", code: "bad_request"))
            }
            limit = value
        }
        let types = Set((query["server_types"] ?? ServerDefaults.serverTypes.joined(separator: ",")).split(separator: ",").map(String.init))
        var servers = directory.servers(tid).compactMap(\.objectValue).filter { types.contains($0["type"]?.stringValue ?? "regular") }
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
            return .now(SecureAuthErrors.adminBody(status: 400, error: "sort must be id, name or type", code: "bad_request"))
        }
        let descending = query["order"] == "desc"
        servers.sort {
            let a = $0[sortField]?.stringValue ?? "", b = $1[sortField]?.stringValue ?? ""
            return descending ? a > b : a < b
        }
        if let after = query["after_server_id"], let index = servers.firstIndex(where: { $0["id"]?.stringValue == after }) {
            servers = Array(servers[(index + 1)...])
        }
        if let before = query["before_server_id"], let index = servers.firstIndex(where: { $0["id"]?.stringValue == before }) {
            servers = Array(servers[..<index].suffix(limit))
        }
        let page = servers.prefix(limit).map { response($0, tenantID: tid, request: request) }
        return .now(.json(["servers": .array(Array(page))]))
    }

    private func get(_ request: Request) -> Reply {
        let tid = request.param("tid")!
        guard let document = directory.server(tid, request.param("aid")!)?.objectValue else {
            return .now(AdminRequests.notFound("Server"))
        }
        return .now(.json(response(document, tenantID: tid, request: request)))
    }

    private func create(_ request: Request) -> Reply {
        let tid = request.param("tid")!
        var server: JSONObject
        switch AdminRequests.object(request) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let object): server = object
        }
        if server["id"] == nil || server["id"] == .null { server["id"] = .string(Self.generatedID()) }
        if let reason = ServerDefaults.complete(&server, tenantID: tid) { return .now(AdminRequests.unprocessable(reason)) }
        let id = server["id"]!.stringValue!
        guard directory.server(tid, id) == nil else { return .now(AdminRequests.conflict("Server \(id) already exists")) }
        let withDemoClient = request.query["with_demo_client"] == "true"
        let origin = context.origin(for: request)
        let given = server["jwks"]?["keys"]?.arrayValue ?? []
        if !given.isEmpty {
            do {
                _ = try given.map { try SigningKey(jwk: $0) }
            } catch {
                return .now(AdminRequests.unprocessable("jwks: \(error)"))
            }
            return .now(store(server, tenantID: tid, withDemoClient: withDemoClient, origin: origin, request: request))
        }
        let now = context.clock.now()
        return .collect { resolve in
            keys.generate(tenantID: tid, serverID: id, keyType: server["key_type"]?.stringValue ?? "ecdsa", createdAt: now) { result in
                switch result {
                case .failure(let error):
                    resolve(SecureAuthErrors.adminBody(status: 503, error: "Key generation failed: \(error)", code: "service_unavailable"))
                case .success(let generated):
                    var promoted = server
                    promoted["jwks"] = ["keys": .array(generated.map { $0.privateJWK() })]
                    resolve(self.store(promoted, tenantID: tid, withDemoClient: withDemoClient, origin: origin, request: request))
                }
            }
        }
    }

    private func store(_ server: JSONObject, tenantID: String, withDemoClient: Bool, origin: String, request: Request) -> Response {
        let id = server["id"]?.stringValue ?? ""
        do {
            try context.database.transaction {
                try directory.insertServer(tenantID, server)
                if withDemoClient {
                    var client: JSONObject = [
                        "client_name": "Demo Portal",
                        "grant_types": ["authorization_code", "refresh_token"],
                        "redirect_uris": .array([.string(origin + "/" + tenantID + "/" + id + "/demo/callback")]),
                        "scopes": ["openid", "profile", "email", "offline_access"],
                        "token_endpoint_auth_method": "client_secret_basic",
                    ]
                    _ = ClientDocument.complete(&client, tenantID: tenantID, serverID: id)
                    try directory.insertClient(tenantID, client)
                }
            }
        } catch let error as StoreError where error.isUniqueViolation {
            return AdminRequests.conflict("Server \(id) already exists")
        } catch {
            return AdminRequests.storeFailure(error)
        }
        return .json(response(server, tenantID: tenantID, request: request), status: 201)
    }

    private func update(_ request: Request) -> Reply {
        let tid = request.param("tid")!, aid = request.param("aid")!
        guard let existing = directory.server(tid, aid)?.objectValue else { return .now(AdminRequests.notFound("Server")) }
        var server: JSONObject
        switch AdminRequests.object(request) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let object): server = object
        }
        if let id = server["id"], id != .null, id.stringValue != aid { return .now(AdminRequests.unprocessable("id cannot be changed")) }
        server["id"] = .string(aid)
        if server["secret"] == nil || server["secret"] == .null { server["secret"] = existing["secret"] }
        if (server["jwks"]?["keys"]?.arrayValue ?? []).isEmpty { server["jwks"] = existing["jwks"] }
        do {
            _ = try (server["jwks"]?["keys"]?.arrayValue ?? []).map { try SigningKey(jwk: $0) }
        } catch {
            return .now(AdminRequests.unprocessable("jwks: \(error)"))
        }
        if let reason = ServerDefaults.complete(&server, tenantID: tid) { return .now(AdminRequests.unprocessable(reason)) }
        do {
            try directory.replaceServer(tid, aid, server)
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.json(response(server, tenantID: tid, request: request)))
    }

    private func delete(_ request: Request) -> Reply {
        let tid = request.param("tid")!, aid = request.param("aid")!
        guard let existing = directory.server(tid, aid)?.objectValue else { return .now(AdminRequests.notFound("Server")) }
        if ["admin", "system"].contains(existing["type"]?.stringValue ?? "") {
            return .now(SecureAuthErrors.adminBody(status: 400, error: "The \(aid) workspace cannot be deleted", code: "bad_request"))
        }
        do {
            _ = try directory.deleteServer(tid, aid)
            try engine.tokens.revokeAll(realm: tid + "/" + aid)
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.empty(204))
    }

    /// Workspace ids Cloudentity generates: 20 lower-case letters and digits.
    static func generatedID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String(SecureRandom.bytes(20).map { alphabet[Int($0) % alphabet.count] })
    }
}
