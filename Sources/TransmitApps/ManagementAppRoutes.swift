import HTTP
import JSON

/// Management applications (management-apps.openapi.json `/v1/management/applications[/{app_id}]`): their clients'
/// tokens are admin access tokens for the whole tenant, so only an admin access token may manage them.
struct ManagementAppRoutes {
    let provisioning: AppProvisioning

    func register(admin: RouteGroup<CISRequests>) {
        admin.on(.POST, "/management/applications") { request, cis in
            let app = try provisioning.create(from: try request.jsonObject(), by: cis.caller, management: true)
            return CISRequests.result(AppDocument.render(app), status: 201)
        }
        admin.on(.GET, "/management/applications") { _, cis in
            CISRequests.result(
                .array(
                    cis.directory.apps(cis.tenantID, management: true).map {
                        AppDocument.render($0, logo: false)
                    }))
        }
        admin.on(.PUT, "/management/applications/{app_id}") { request, cis in
            let appID = try request.require("app_id")
            let input = try AppInput.parse(try request.jsonObject(), creating: false, management: true)
            let updated = try provisioning.update(
                try cis.app(appID, management: true), tenantID: cis.tenantID,
                input: input)
            return CISRequests.result(AppDocument.render(updated))
        }
        admin.on(.DELETE, "/management/applications/{app_id}") { request, cis in
            try provisioning.delete(
                try cis.app(try request.require("app_id"), management: true), tenantID: cis.tenantID)
            return .empty(204)
        }
    }
}
