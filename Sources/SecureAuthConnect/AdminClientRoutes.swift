import HTTP
import JSON
import OAuth

/// Admin API: OAuth clients of a tenant's workspaces (createClientAdmin, getClientAdmin, updateClientAdmin,
/// deleteClientAdmin, listClientsAdmin).
struct AdminClientRoutes {
    let directory: WorkspaceDirectory
    let engine: OAuthEngine

    func register(on admin: RouteGroup<String>) {
        admin.on(.POST, "/clients") { request, tid in
            var client = try request.jsonObject()
            guard let serverID = client["authorization_server_id"]?.stringValue, !serverID.isEmpty else {
                throw SecureAuthError.unprocessable("authorization_server_id is required")
            }
            guard directory.server(tid, serverID) != nil else { throw SecureAuthError.notFound("Server \(serverID)") }
            try Self.complete(&client, tid, serverID)
            let id = client["client_id"]!.stringValue!
            guard directory.client(tid, id) == nil else {
                throw SecureAuthError.conflict("Client \(id) already exists")
            }
            try SecureAuthError.conflictOnDuplicate("Client \(id) already exists") {
                try directory.insertClient(tid, client)
            }
            return .json(.object(client), status: 201)
        }
        admin.on(.GET, "/clients/{cid}") { request, tid in
            guard let client = directory.client(tid, try request.require("cid")) else {
                throw SecureAuthError.notFound("Client")
            }
            return .json(client)
        }
        admin.on(.PUT, "/clients/{cid}") { request, tid in
            let cid = try request.require("cid")
            guard let existing = directory.client(tid, cid)?.objectValue else {
                throw SecureAuthError.notFound("Client")
            }
            var client = try request.jsonObject()
            let serverID = existing["authorization_server_id"]?.stringValue ?? ""
            if let given = client["authorization_server_id"], given != .null, given.stringValue != serverID {
                throw SecureAuthError.unprocessable("authorization_server_id cannot be changed")
            }
            if let given = client["client_id"], given != .null, given.stringValue != cid {
                throw SecureAuthError.unprocessable("client_id cannot be changed")
            }
            client["client_id"] = .string(cid)
            if client["client_secret"] == nil || client["client_secret"] == .null {
                client["client_secret"] = existing["client_secret"]
            }
            try Self.complete(&client, tid, serverID)
            try directory.replaceClient(tid, cid, client)
            return .json(.object(client))
        }
        admin.on(.DELETE, "/clients/{cid}") { request, tid in
            let cid = try request.require("cid")
            guard let existing = directory.client(tid, cid) else { throw SecureAuthError.notFound("Client") }
            let serverID = existing["authorization_server_id"]?.stringValue ?? ""
            try directory.database.transaction {
                try directory.deleteClient(tid, cid, serverID: serverID)
                try engine.tokens.revokeAll(realm: tid + "/" + serverID, clientID: cid)
            }
            return .empty(204)
        }
        admin.on(.GET, "/servers/{aid}/clients") { request, tid in
            let aid = try request.require("aid")
            guard directory.server(tid, aid) != nil else { throw SecureAuthError.notFound("Server") }
            return .json(["clients": .array(directory.clients(tid, serverID: aid))])
        }
    }

    private static func complete(_ client: inout JSONObject, _ tid: String, _ serverID: String) throws(SecureAuthError)
    {
        if let reason = ClientDocument.complete(&client, tenantID: tid, serverID: serverID) {
            throw .unprocessable(reason)
        }
    }
}
