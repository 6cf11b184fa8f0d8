import HTTP
import JSON

/// The Applications API (apps.openapi.json): `/cis/v1/applications[/{appId}[/resources]]` and `/list`. Creating and
/// listing apps takes an admin access token; an app's own client access token may read and change that app.
final class ApplicationRoutes {
    private let cis: CISRequests
    private let provisioning: AppProvisioning

    init(cis: CISRequests) {
        self.cis = cis
        provisioning = AppProvisioning(directory: cis.directory)
    }

    func register(on router: Router) {
        let v = TransmitErrors.cis
        router.add(.POST, "/cis/v1/applications", envelope: v) { self.create($0) }
        router.add(.GET, "/cis/v1/applications", envelope: v) { self.list($0) }
        router.add(.GET, "/cis/v1/applications/list", envelope: v) { self.basicList($0) }
        router.add(.GET, "/cis/v1/applications/{appId}", envelope: v) { self.get($0) }
        router.add(.PUT, "/cis/v1/applications/{appId}", envelope: v) { self.update($0) }
        router.add(.DELETE, "/cis/v1/applications/{appId}", envelope: v) { self.delete($0) }
        router.add(.PUT, "/cis/v1/applications/{appId}/resources", envelope: v) { self.updateResources($0) }
    }

    private func create(_ request: Request) -> Reply {
        cis.admin(request).flatMap { caller in cis.object(request).map { (caller, $0) } }.reply { caller, body in
            let input = InputValidator(body)
            let fields = AppInput.read(input, creating: true, management: false)
            guard input.isValid else { return TransmitErrors.badRequest(input.messages) }
            return Self.created(provisioning, caller: caller, fields: fields, management: false, now: cis.now())
        }
    }

    /// 201 `{"result": app}`, 409 for a taken name.
    static func created(_ provisioning: AppProvisioning, caller: Caller, fields: AppInput, management: Bool, now: String) -> Response {
        do {
            let app = try provisioning.create(tenantID: caller.tenantID, input: fields, management: management,
                                              createdBy: caller.clientID, now: now)
            return CISRequests.result(AppDocument.render(app.document, defaultClient: app.defaultClient), status: 201)
        } catch let taken as AppProvisioning.NameTaken {
            return TransmitErrors.conflict("Application name \(taken.name) is already taken")
        } catch {
            return TransmitErrors.storeFailure(error)
        }
    }

    private func list(_ request: Request) -> Reply {
        cis.admin(request).reply { caller in
            .json(cis.directory.cachedBody(caller.tenantID + "|apps") {
                ["result": .array(cis.directory.apps(caller.tenantID, management: false).map {
                    AppDocument.render($0.document, defaultClient: $0.defaultClient, logo: false)
                })]
            })
        }
    }

    private func basicList(_ request: Request) -> Reply {
        cis.admin(request).reply { caller in
            .json(cis.directory.cachedBody(caller.tenantID + "|basic") {
                ["result": .array(cis.directory.apps(caller.tenantID, management: false).map { AppDocument.basic($0.document) })]
            })
        }
    }

    private func get(_ request: Request) -> Reply {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { cis.app($0, appID) }.reply { app in
            CISRequests.result(AppDocument.render(app.document, defaultClient: app.defaultClient))
        }
    }

    private func update(_ request: Request) -> Reply {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { caller in cis.object(request).map { (caller, $0) } }.reply { caller, body in
            let input = InputValidator(body)
            let fields = AppInput.read(input, creating: false, management: false)
            guard input.isValid else { return TransmitErrors.badRequest(input.messages) }
            return Self.updated(cis, provisioning, caller: caller, appID: appID, fields: fields, management: false)
        }
    }

    /// Applies an update to an app (and its default client's deprecated fields): 200 `{"result": app}`, 404, 409.
    static func updated(_ cis: CISRequests, _ provisioning: AppProvisioning, caller: Caller, appID: String, fields: AppInput,
                        management: Bool) -> Response {
        let app: TransmitDirectory.App
        switch cis.app(caller, appID, management: management) {
        case .failure(let rejection): return rejection.response
        case .success(let found): app = found
        }
        if let name = fields.app["app_name"]?.stringValue, provisioning.isTaken(name, tenantID: caller.tenantID, except: appID) {
            return TransmitErrors.conflict("Application name \(name) is already taken")
        }
        let now = cis.now()
        var document = app.document
        AppDocument.apply(fields, to: &document, now: now)
        var client = app.defaultClient
        if var changed = client, !fields.defaultClient.isEmpty {
            if let name = fields.defaultClient["name"]?.stringValue,
               app.clients.dropFirst().contains(where: { $0["name"]?.stringValue == name }) {
                return TransmitErrors.conflict("Client name \(name) is already taken in application \(appID)")
            }
            ClientDocument.apply(fields.defaultClient, to: &changed, now: now)
            client = changed
        }
        do {
            try cis.directory.replaceApp(caller.tenantID, document, defaultClient: fields.defaultClient.isEmpty ? nil : client)
        } catch {
            return TransmitErrors.storeFailure(error)
        }
        return CISRequests.result(AppDocument.render(document, defaultClient: client))
    }

    private func delete(_ request: Request) -> Reply {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { caller in cis.app(caller, appID).map { (caller, $0) } }.reply { caller, app in
            Self.deleted(cis, caller: caller, app: app)
        }
    }

    /// Deletes an app with its clients, whose tokens stop working at once: 204.
    static func deleted(_ cis: CISRequests, caller: Caller, app: TransmitDirectory.App) -> Response {
        do {
            try cis.directory.deleteApp(caller.tenantID, app.id)
        } catch {
            return TransmitErrors.storeFailure(error)
        }
        cis.revokeTokens(tenantID: caller.tenantID, clientIDs: app.clients.compactMap { $0["client_id"]?.stringValue })
        return .empty(204)
    }

    private func updateResources(_ request: Request) -> Reply {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { caller in
            cis.resourceIDs(request).flatMap { ids in cis.app(caller, appID).map { (caller, ids, $0) } }
        }.reply { caller, ids, app in
            guard var client = app.defaultClient else { return TransmitErrors.notFound("Application \(appID) has no default client") }
            ClientDocument.apply(["resources": ClientInput.strings(ids)], to: &client, now: cis.now())
            do {
                try cis.directory.replaceClient(client)
            } catch {
                return TransmitErrors.storeFailure(error)
            }
            return CISRequests.result(AppDocument.render(app.document, defaultClient: client))
        }
    }
}
