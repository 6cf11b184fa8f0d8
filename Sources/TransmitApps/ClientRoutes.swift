import HTTP
import JSON

/// An app's clients (apps.openapi.json `/v1/applications/{appId}/clients…`), for an admin access token or the app's
/// own client access token. Bodies use the seed's `{"result": …}` envelope (VENDOR-NOTES §2.1 decision); the
/// newer spec copy returns bare clients here.
final class ClientRoutes {
    private let cis: CISRequests

    init(cis: CISRequests) { self.cis = cis }

    func register(on router: Router) {
        let v = TransmitErrors.cis
        let base = "/cis/v1/applications/{appId}/clients"
        router.add(.POST, base, envelope: v) { self.create($0) }
        router.add(.GET, base, envelope: v) { self.list($0) }
        router.add(.DELETE, base, envelope: v) { self.deleteAll($0) }
        router.add(.GET, base + "/{clientId}", envelope: v) { self.get($0) }
        router.add(.PUT, base + "/{clientId}", envelope: v) { self.update($0) }
        router.add(.DELETE, base + "/{clientId}", envelope: v) { self.delete($0) }
        router.add(.PUT, base + "/{clientId}/resources", envelope: v) { self.updateResources($0) }
    }

    /// The caller and the app of the path, or 401/403/404.
    private func scope(_ request: Request) -> Result<(Caller, TransmitDirectory.App), Rejection> {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { caller in cis.app(caller, appID).map { (caller, $0) } }
    }

    private func findClient(_ request: Request, in app: TransmitDirectory.App) -> Result<JSONObject, Rejection> {
        let clientID = request.param("clientId")!
        guard let client = app.clients.first(where: { $0["client_id"]?.stringValue == clientID }) else {
            return .failure(Rejection(TransmitErrors.notFound("Client \(clientID) not found in application \(app.id)")))
        }
        return .success(client)
    }

    private func nameTaken(_ name: String?, in app: TransmitDirectory.App, except clientID: String? = nil) -> Response? {
        guard let name, app.clients.contains(where: { $0["name"]?.stringValue == name && $0["client_id"]?.stringValue != clientID }) else {
            return nil
        }
        return TransmitErrors.conflict("Client name \(name) is already taken in application \(app.id)")
    }

    private func create(_ request: Request) -> Reply {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { caller in
            cis.object(request).map { (caller, $0) }
        }.reply { caller, body in
            let input = InputValidator(body)
            let fields = ClientInput.read(input, creating: true)
            guard input.isValid else { return TransmitErrors.badRequest(input.messages) }
            let app: TransmitDirectory.App
            switch cis.app(caller, appID) {
            case .failure(let rejection): return rejection.response
            case .success(let found): app = found
            }
            if let taken = nameTaken(fields["name"]?.stringValue, in: app) { return taken }
            let client = ClientDocument.new(appID: appID, tenantID: caller.tenantID, clientID: Identifiers.clientID(),
                                            secret: Identifiers.clientSecret(), fields: fields, now: cis.now())
            do {
                try cis.directory.insertClient(caller.tenantID, client)
            } catch {
                return TransmitErrors.storeFailure(error)
            }
            return CISRequests.result(.object(client), status: 201)
        }
    }

    private func list(_ request: Request) -> Reply {
        scope(request).reply { _, app in CISRequests.result(.array(app.clients.map(JSON.object))) }
    }

    private func deleteAll(_ request: Request) -> Reply {
        scope(request).reply { caller, app in
            do {
                try cis.directory.deleteClients(caller.tenantID, appID: app.id, clientID: nil)
            } catch {
                return TransmitErrors.storeFailure(error)
            }
            cis.revokeTokens(tenantID: caller.tenantID, clientIDs: app.clients.compactMap { $0["client_id"]?.stringValue })
            return .empty(204)
        }
    }

    private func get(_ request: Request) -> Reply {
        scope(request).flatMap { _, app in findClient(request, in: app) }.reply { CISRequests.result(.object($0)) }
    }

    private func update(_ request: Request) -> Reply {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { caller in
            cis.object(request).map { (caller, $0) }
        }.reply { caller, body in
            let input = InputValidator(body)
            let fields = ClientInput.read(input, creating: false)
            guard input.isValid else { return TransmitErrors.badRequest(input.messages) }
            let app: TransmitDirectory.App, existing: JSONObject
            switch cis.app(caller, appID).flatMap({ found in findClient(request, in: found).map { (found, $0) } }) {
            case .failure(let rejection): return rejection.response
            case .success(let found): (app, existing) = found
            }
            if let taken = nameTaken(fields["name"]?.stringValue, in: app, except: existing["client_id"]?.stringValue) { return taken }
            var client = existing
            ClientDocument.apply(fields, to: &client, now: cis.now())
            do {
                try cis.directory.replaceClient(client)
            } catch {
                return TransmitErrors.storeFailure(error)
            }
            return CISRequests.result(.object(client))
        }
    }

    private func delete(_ request: Request) -> Reply {
        scope(request).flatMap { caller, app in findClient(request, in: app).map { (caller, app, $0) } }.reply { caller, app, client in
            let clientID = client["client_id"]?.stringValue ?? ""
            do {
                try cis.directory.deleteClients(caller.tenantID, appID: app.id, clientID: clientID)
            } catch {
                return TransmitErrors.storeFailure(error)
            }
            cis.revokeTokens(tenantID: caller.tenantID, clientIDs: [clientID])
            return .empty(204)
        }
    }

    private func updateResources(_ request: Request) -> Reply {
        let appID = request.param("appId")!
        return cis.caller(request, forApp: appID).flatMap { caller in
            cis.resourceIDs(request).flatMap { ids in
                cis.app(caller, appID).flatMap { app in findClient(request, in: app).map { (ids, $0) } }
            }
        }.reply { ids, existing in
            var client = existing
            ClientDocument.apply(["resources": ClientInput.strings(ids)], to: &client, now: cis.now())
            do {
                try cis.directory.replaceClient(client)
            } catch {
                return TransmitErrors.storeFailure(error)
            }
            return CISRequests.result(.object(client))
        }
    }
}
