import Emulator
import HTTP
import JSON
import OAuth
import Primitives
import Store

/// Admin API: identity providers of a workspace (listIDPs, createStaticIDP, getStaticIDP, updateStaticIDP, deleteIDP).
/// Changes take effect at once on the workspace's login page.
final class AdminIDPRoutes {
    private let directory: WorkspaceDirectory
    private let authorization: AdminAuthorization

    init(directory: WorkspaceDirectory, engine: OAuthEngine) {
        self.directory = directory
        authorization = AdminAuthorization(engine: engine)
    }

    func register(on router: Router) {
        let v = SecureAuthErrors.admin
        router.add(.GET, "/api/admin/{tid}/servers/{aid}/idps", envelope: v, group: "admin") { self.guarded($0) { self.list($0) } }
        router.add(.POST, "/api/admin/{tid}/servers/{aid}/idps/static", envelope: v, group: "admin") { self.guarded($0) { self.create($0) } }
        router.add(.GET, "/api/admin/{tid}/servers/{aid}/idps/static/{iid}", envelope: v, group: "admin") { self.guarded($0) { self.get($0) } }
        router.add(.PUT, "/api/admin/{tid}/servers/{aid}/idps/static/{iid}", envelope: v, group: "admin") { self.guarded($0) { self.update($0) } }
        router.add(.DELETE, "/api/admin/{tid}/servers/{aid}/idps/{iid}", envelope: v, group: "admin") { self.guarded($0) { self.delete($0) } }
    }

    /// Checks the token and that the workspace exists.
    private func guarded(_ request: Request, _ body: (Request) -> Reply) -> Reply {
        if let denied = authorization.check(request, tenantID: request.param("tid")!) { return .now(denied) }
        guard directory.server(request.param("tid")!, request.param("aid")!) != nil else { return .now(AdminRequests.notFound("Server")) }
        return body(request)
    }

    /// Checks a static IdP document (admin.yaml `StaticIDP`, `StaticUser`) and fills its server-side fields.
    static func complete(_ idp: inout JSONObject, tenantID: String, serverID: String) -> String? {
        if idp["id"] == nil || idp["id"] == .null { idp["id"] = .string(AdminServerRoutes.generatedID()) }
        guard let id = idp["id"]?.stringValue, ServerDefaults.isValidID(id) else { return "id must match ^[a-zA-Z0-9_-]+$" }
        if let method = idp["method"], method != .null, method.stringValue != "static" { return "method must be static" }
        if let disabled = idp["disabled"], disabled != .null, disabled.boolValue == nil { return "disabled must be a boolean" }
        let users = idp["credentials"]?["users"] ?? .array([])
        guard let list = users.arrayValue else { return "credentials.users must be an array" }
        var names = Set<String>()
        for (index, user) in list.enumerated() {
            guard let username = user["username"]?.stringValue, !username.isEmpty else { return "credentials.users[\(index)].username is required" }
            guard user["password"]?.stringValue != nil else { return "credentials.users[\(index)].password is required" }
            if let context = user["authentication_context"], context != .null, context.objectValue == nil {
                return "credentials.users[\(index)].authentication_context must be an object"
            }
            guard names.insert(username).inserted else { return "credentials.users has the username \(username) twice" }
        }
        idp["method"] = "static"
        idp["tenant_id"] = .string(tenantID)
        idp["authorization_server_id"] = .string(serverID)
        if idp["name"] == nil || idp["name"] == .null { idp["name"] = .string(id) }
        if idp["disabled"] == nil || idp["disabled"] == .null { idp["disabled"] = false }
        var credentials = idp["credentials"]?.objectValue ?? [:]
        credentials["users"] = users
        idp["credentials"] = .object(credentials)
        return nil
    }

    private func list(_ request: Request) -> Reply {
        .now(.json(["idps": .array(directory.idps(request.param("tid")!, request.param("aid")!))]))
    }

    private func create(_ request: Request) -> Reply {
        let tid = request.param("tid")!, aid = request.param("aid")!
        var idp: JSONObject
        switch AdminRequests.object(request) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let object): idp = object
        }
        if let reason = Self.complete(&idp, tenantID: tid, serverID: aid) { return .now(AdminRequests.unprocessable(reason)) }
        let id = idp["id"]!.stringValue!
        guard directory.idp(tid, aid, id) == nil else { return .now(AdminRequests.conflict("IDP \(id) already exists")) }
        do {
            try directory.insertIDP(tid, aid, idp)
        } catch let error as StoreError where error.isUniqueViolation {
            return .now(AdminRequests.conflict("IDP \(id) already exists"))
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.json(.object(idp), status: 201))
    }

    private func get(_ request: Request) -> Reply {
        guard let idp = directory.idp(request.param("tid")!, request.param("aid")!, request.param("iid")!),
              idp["method"]?.stringValue == "static" else { return .now(AdminRequests.notFound("IDP")) }
        return .now(.json(idp))
    }

    private func update(_ request: Request) -> Reply {
        let tid = request.param("tid")!, aid = request.param("aid")!, iid = request.param("iid")!
        guard directory.idp(tid, aid, iid)?["method"]?.stringValue == "static" else { return .now(AdminRequests.notFound("IDP")) }
        var idp: JSONObject
        switch AdminRequests.object(request) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let object): idp = object
        }
        if let id = idp["id"], id != .null, id.stringValue != iid { return .now(AdminRequests.unprocessable("id cannot be changed")) }
        idp["id"] = .string(iid)
        if let reason = Self.complete(&idp, tenantID: tid, serverID: aid) { return .now(AdminRequests.unprocessable(reason)) }
        do {
            try directory.replaceIDP(tid, aid, iid, idp)
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.json(.object(idp)))
    }

    private func delete(_ request: Request) -> Reply {
        do {
            guard try directory.deleteIDP(request.param("tid")!, request.param("aid")!, request.param("iid")!) else {
                return .now(AdminRequests.notFound("IDP"))
            }
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.empty(204))
    }
}
