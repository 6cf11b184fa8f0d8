import HTTP
import JSON

/// Management applications (management-apps.openapi.json `/v1/management/applications[/{app_id}]`): their clients'
/// tokens are admin access tokens for the whole tenant, so only an admin access token may manage them.
final class ManagementAppRoutes {
    private let cis: CISRequests
    private let provisioning: AppProvisioning

    init(cis: CISRequests) {
        self.cis = cis
        provisioning = AppProvisioning(directory: cis.directory)
    }

    func register(on router: Router) {
        let v = TransmitErrors.cis
        router.add(.POST, "/cis/v1/management/applications", envelope: v) { self.create($0) }
        router.add(.GET, "/cis/v1/management/applications", envelope: v) { self.list($0) }
        router.add(.PUT, "/cis/v1/management/applications/{app_id}", envelope: v) { self.update($0) }
        router.add(.DELETE, "/cis/v1/management/applications/{app_id}", envelope: v) { self.delete($0) }
    }

    private func create(_ request: Request) -> Reply {
        cis.admin(request).flatMap { caller in cis.object(request).map { (caller, $0) } }.reply { caller, body in
            let input = InputValidator(body)
            let fields = AppInput.read(input, creating: true, management: true)
            guard input.isValid else { return TransmitErrors.badRequest(input.messages) }
            return ApplicationRoutes.created(provisioning, caller: caller, fields: fields, management: true, now: cis.now())
        }
    }

    private func list(_ request: Request) -> Reply {
        cis.admin(request).reply { caller in
            CISRequests.result(.array(cis.directory.apps(caller.tenantID, management: true).map {
                AppDocument.render($0.document, defaultClient: $0.defaultClient, logo: false)
            }))
        }
    }

    private func update(_ request: Request) -> Reply {
        let appID = request.param("app_id")!
        return cis.admin(request).flatMap { caller in cis.object(request).map { (caller, $0) } }.reply { caller, body in
            let input = InputValidator(body)
            let fields = AppInput.read(input, creating: false, management: true)
            guard input.isValid else { return TransmitErrors.badRequest(input.messages) }
            return ApplicationRoutes.updated(cis, provisioning, caller: caller, appID: appID, fields: fields, management: true)
        }
    }

    private func delete(_ request: Request) -> Reply {
        let appID = request.param("app_id")!
        return cis.admin(request).flatMap { caller in cis.app(caller, appID, management: true).map { (caller, $0) } }.reply { caller, app in
            ApplicationRoutes.deleted(cis, caller: caller, app: app)
        }
    }
}
