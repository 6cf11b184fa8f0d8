import HTTP
import JSON
import OAuth

/// The context of the CIS API's route groups: the caller behind the request's Bearer token, with throwing accessors
/// for what a handler may reach in the caller's tenant. An admin access token (a management app's) reaches every app
/// of its tenant; an app's client access token reaches that app only (apps.openapi.json `securitySchemes`).
struct CISRequests {
    let caller: Caller
    let directory: TransmitDirectory

    /// The authorizer of every CIS route: the caller of `request`, or 401.
    static func authorize(
        _ request: Request, directory: TransmitDirectory,
        engine: OAuthEngine
    ) throws(TransmitError) -> CISRequests {
        guard let caller = Caller.of(request, engine: engine, directory: directory) else { throw .unauthorized }
        return CISRequests(caller: caller, directory: directory)
    }

    var tenantID: String { caller.tenantID }

    /// This request, when an admin access token makes it: 403 for a client access token.
    func admin() throws(TransmitError) -> CISRequests {
        guard caller.isAdmin else {
            throw .forbidden("This operation requires an admin access token (from a management application)")
        }
        return self
    }

    /// This request acting on the app `appID` of the path: 403 for another app's client access token.
    func acting(onApp appID: String) throws(TransmitError) -> CISAppRequest {
        guard caller.mayAccess(appID: appID) else {
            throw .forbidden("A client access token can only access its own application")
        }
        return CISAppRequest(cis: self, appID: appID)
    }

    /// An ordinary (or, with `management`, a management) app of the caller's tenant, or 404.
    func app(_ appID: String, management: Bool = false) throws(TransmitError) -> TransmitDirectory.App {
        guard let app = directory.app(tenantID, appID), app.isManagement == management else {
            throw .notFound(management ? "Management application \(appID) not found" : "Application \(appID) not found")
        }
        return app
    }

    /// `{"result": value}` (the seed's envelope for every success body).
    static func result(_ value: JSON, status: Int = 200) -> Response { .json(["result": value], status: status) }
}
