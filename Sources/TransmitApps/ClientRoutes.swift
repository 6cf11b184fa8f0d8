import HTTP
import JSON

/// An app's clients (apps.openapi.json `/v1/applications/{appId}/clients…`), for an admin access token or the app's
/// own client access token. Bodies use the seed's `{"result": …}` envelope (VENDOR-NOTES §2.1 decision); the
/// newer spec copy returns bare clients here.
struct ClientRoutes {
    let provisioning: AppProvisioning

    func register(app: RouteGroup<CISAppRequest>) {
        app.on(.POST, "/clients") { request, scope in
            let fields = try ClientInput.parse(try request.jsonObject(), creating: true)
            let client = try provisioning.addClient(to: try scope.app(), tenantID: scope.tenantID, fields: fields)
            return CISRequests.result(.object(client), status: 201)
        }
        app.on(.GET, "/clients") { _, scope in CISRequests.result(.array(try scope.app().clients.map(JSON.object))) }
        app.on(.DELETE, "/clients") { _, scope in
            try provisioning.deleteClients(of: try scope.app(), tenantID: scope.tenantID, clientID: nil)
            return .empty(204)
        }
        app.on(.GET, "/clients/{clientId}") { request, scope in
            CISRequests.result(.object(try scope.client(try request.require("clientId"), in: try scope.app())))
        }
        app.on(.PUT, "/clients/{clientId}") { request, scope in
            let fields = try ClientInput.parse(try request.jsonObject(), creating: false)
            let app = try scope.app()
            let client = try scope.client(try request.require("clientId"), in: app)
            return CISRequests.result(.object(try provisioning.updateClient(client, in: app, fields: fields)))
        }
        app.on(.DELETE, "/clients/{clientId}") { request, scope in
            let app = try scope.app()
            let clientID = try scope.client(try request.require("clientId"), in: app)["client_id"]?.stringValue ?? ""
            try provisioning.deleteClients(of: app, tenantID: scope.tenantID, clientID: clientID)
            return .empty(204)
        }
        app.on(.PUT, "/clients/{clientId}/resources") { request, scope in
            let ids = try ClientInput.resourceIDs(try request.jsonObject())
            let app = try scope.app()
            let client = try scope.client(try request.require("clientId"), in: app)
            let fields: JSONObject = ["resources": ClientInput.strings(ids)]
            return CISRequests.result(.object(try provisioning.updateClient(client, in: app, fields: fields)))
        }
    }
}
