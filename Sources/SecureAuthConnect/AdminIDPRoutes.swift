import HTTP
import JSON

/// Admin API: identity providers of a workspace (listIDPs, createStaticIDP, getStaticIDP, updateStaticIDP, deleteIDP).
/// Changes take effect at once on the workspace's login page.
struct AdminIDPRoutes {
    let directory: WorkspaceDirectory

    func register(on admin: RouteGroup<String>) {
        let idps = admin.group("/servers/{aid}") { request, tid in
            let aid = try request.require("aid")
            guard directory.server(tid, aid) != nil else { throw SecureAuthError.notFound("Server") }
            return (tid: tid, aid: aid)
        }
        idps.on(.GET, "/idps") { _, workspace in
            .json(["idps": .array(directory.idps(workspace.tid, workspace.aid))])
        }
        idps.on(.POST, "/idps/static") { request, workspace in
            var idp = try request.jsonObject()
            try Self.complete(&idp, workspace)
            let id = idp["id"]!.stringValue!
            guard directory.idp(workspace.tid, workspace.aid, id) == nil else {
                throw SecureAuthError.conflict("IDP \(id) already exists")
            }
            try SecureAuthError.conflictOnDuplicate("IDP \(id) already exists") {
                try directory.insertIDP(workspace.tid, workspace.aid, idp)
            }
            return .json(.object(idp), status: 201)
        }
        idps.on(.GET, "/idps/static/{iid}") { request, workspace in
            guard let idp = directory.idp(workspace.tid, workspace.aid, try request.require("iid")),
                idp["method"]?.stringValue == "static"
            else { throw SecureAuthError.notFound("IDP") }
            return .json(idp)
        }
        idps.on(.PUT, "/idps/static/{iid}") { request, workspace in
            let iid = try request.require("iid")
            guard directory.idp(workspace.tid, workspace.aid, iid)?["method"]?.stringValue == "static" else {
                throw SecureAuthError.notFound("IDP")
            }
            var idp = try request.jsonObject()
            if let id = idp["id"], id != .null, id.stringValue != iid {
                throw SecureAuthError.unprocessable("id cannot be changed")
            }
            idp["id"] = .string(iid)
            try Self.complete(&idp, workspace)
            try directory.replaceIDP(workspace.tid, workspace.aid, iid, idp)
            return .json(.object(idp))
        }
        idps.on(.DELETE, "/idps/{iid}") { request, workspace in
            guard try directory.deleteIDP(workspace.tid, workspace.aid, try request.require("iid")) else {
                throw SecureAuthError.notFound("IDP")
            }
            return .empty(204)
        }
    }

    private static func complete(
        _ idp: inout JSONObject, _ workspace: (tid: String, aid: String)
    ) throws(SecureAuthError) {
        if let reason = StaticIDPDocument.complete(&idp, tenantID: workspace.tid, serverID: workspace.aid) {
            throw .unprocessable(reason)
        }
    }
}
