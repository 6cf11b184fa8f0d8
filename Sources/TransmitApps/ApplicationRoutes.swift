import HTTP
import JSON

/// The Applications API (apps.openapi.json): `/cis/v1/applications[/{appId}[/resources]]` and `/list`. Creating and
/// listing apps takes an admin access token; an app's own client access token may read and change that app.
struct ApplicationRoutes {
    let provisioning: AppProvisioning

    func register(admin: RouteGroup<CISRequests>, app: RouteGroup<CISAppRequest>) {
        admin.on(.POST, "/applications") { request, cis in
            let app = try provisioning.create(from: try request.jsonObject(), by: cis.caller, management: false)
            return CISRequests.result(AppDocument.render(app), status: 201)
        }
        admin.on(.GET, "/applications") { _, cis in
            .json(
                cis.directory.cachedBody(cis.tenantID + "|apps") {
                    [
                        "result": .array(
                            cis.directory.apps(cis.tenantID, management: false).map {
                                AppDocument.render($0, logo: false)
                            })
                    ]
                })
        }
        admin.on(.GET, "/applications/list") { _, cis in
            .json(
                cis.directory.cachedBody(cis.tenantID + "|basic") {
                    [
                        "result": .array(
                            cis.directory.apps(cis.tenantID, management: false).map {
                                AppDocument.basic($0.document)
                            })
                    ]
                })
        }
        app.on(.GET, "") { _, scope in CISRequests.result(AppDocument.render(try scope.app())) }
        app.on(.PUT, "") { request, scope in
            let input = try AppInput.parse(try request.jsonObject(), creating: false, management: false)
            let updated = try provisioning.update(try scope.app(), tenantID: scope.tenantID, input: input)
            return CISRequests.result(AppDocument.render(updated))
        }
        app.on(.DELETE, "") { _, scope in
            try provisioning.delete(try scope.app(), tenantID: scope.tenantID)
            return .empty(204)
        }
        app.on(.PUT, "/resources") { request, scope in
            let ids = try ClientInput.resourceIDs(try request.jsonObject())
            let app = try scope.app()
            guard let client = app.defaultClient else {
                throw TransmitError.notFound("Application \(scope.appID) has no default client")
            }
            let updated = try provisioning.updateClient(
                client, in: app, fields: ["resources": ClientInput.strings(ids)])
            return CISRequests.result(AppDocument.render(app.document, defaultClient: updated))
        }
    }
}
