import Emulator
import HTTP
import JSON
import OAuth
import Store

/// Admin API: OAuth clients of a tenant's workspaces (createClientAdmin, getClientAdmin, updateClientAdmin,
/// deleteClientAdmin, listClientsAdmin).
final class AdminClientRoutes {
    private let directory: WorkspaceDirectory
    private let engine: OAuthEngine
    private let authorization: AdminAuthorization

    init(directory: WorkspaceDirectory, engine: OAuthEngine) {
        self.directory = directory
        self.engine = engine
        authorization = AdminAuthorization(engine: engine)
    }

    func register(on router: Router) {
        let v = SecureAuthErrors.admin
        router.add(.POST, "/api/admin/{tid}/clients", envelope: v, group: "admin") { self.guarded($0) { self.create($0) } }
        router.add(.GET, "/api/admin/{tid}/clients/{cid}", envelope: v, group: "admin") { self.guarded($0) { self.get($0) } }
        router.add(.PUT, "/api/admin/{tid}/clients/{cid}", envelope: v, group: "admin") { self.guarded($0) { self.update($0) } }
        router.add(.DELETE, "/api/admin/{tid}/clients/{cid}", envelope: v, group: "admin") { self.guarded($0) { self.delete($0) } }
        router.add(.GET, "/api/admin/{tid}/servers/{aid}/clients", envelope: v, group: "admin") { self.guarded($0) { self.list($0) } }
    }

    private func guarded(_ request: Request, _ body: (Request) -> Reply) -> Reply {
        if let denied = authorization.check(request, tenantID: request.param("tid")!) { return .now(denied) }
        return body(request)
    }

    private func create(_ request: Request) -> Reply {
        let tid = request.param("tid")!
        var client: JSONObject
        switch AdminRequests.object(request) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let object): client = object
        }
        guard let serverID = client["authorization_server_id"]?.stringValue, !serverID.isEmpty else {
            return .now(AdminRequests.unprocessable("authorization_server_id is required"))
        }
        guard directory.server(tid, serverID) != nil else { return .now(AdminRequests.notFound("Server \(serverID)")) }
        if let reason = ClientDocument.complete(&client, tenantID: tid, serverID: serverID) { return .now(AdminRequests.unprocessable(reason)) }
        let id = client["client_id"]!.stringValue!
        guard directory.client(tid, id) == nil else { return .now(AdminRequests.conflict("Client \(id) already exists")) }
        do {
            try directory.insertClient(tid, client)
        } catch let error as StoreError where error.isUniqueViolation {
            return .now(AdminRequests.conflict("Client \(id) already exists"))
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.json(.object(client), status: 201))
    }

    private func get(_ request: Request) -> Reply {
        guard let client = directory.client(request.param("tid")!, request.param("cid")!) else { return .now(AdminRequests.notFound("Client")) }
        return .now(.json(client))
    }

    private func update(_ request: Request) -> Reply {
        let tid = request.param("tid")!, cid = request.param("cid")!
        guard let existing = directory.client(tid, cid)?.objectValue else { return .now(AdminRequests.notFound("Client")) }
        var client: JSONObject
        switch AdminRequests.object(request) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let object): client = object
        }
        let serverID = existing["authorization_server_id"]?.stringValue ?? ""
        if let given = client["authorization_server_id"], given != .null, given.stringValue != serverID {
            return .now(AdminRequests.unprocessable("authorization_server_id cannot be changed"))
        }
        if let given = client["client_id"], given != .null, given.stringValue != cid {
            return .now(AdminRequests.unprocessable("client_id cannot be changed"))
        }
        client["client_id"] = .string(cid)
        if client["client_secret"] == nil || client["client_secret"] == .null { client["client_secret"] = existing["client_secret"] }
        if let reason = ClientDocument.complete(&client, tenantID: tid, serverID: serverID) { return .now(AdminRequests.unprocessable(reason)) }
        do {
            try directory.replaceClient(tid, cid, client)
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.json(.object(client)))
    }

    private func delete(_ request: Request) -> Reply {
        let tid = request.param("tid")!, cid = request.param("cid")!
        guard let existing = directory.client(tid, cid) else { return .now(AdminRequests.notFound("Client")) }
        let serverID = existing["authorization_server_id"]?.stringValue ?? ""
        do {
            try directory.deleteClient(tid, cid, serverID: serverID)
            try engine.tokens.revokeAll(realm: tid + "/" + serverID, clientID: cid)
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.empty(204))
    }

    private func list(_ request: Request) -> Reply {
        let tid = request.param("tid")!, aid = request.param("aid")!
        guard directory.server(tid, aid) != nil else { return .now(AdminRequests.notFound("Server")) }
        return .now(.json(["clients": .array(directory.clients(tid, serverID: aid))]))
    }
}
