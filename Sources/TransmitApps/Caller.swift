import HTTP
import OAuth

/// Who calls the CIS API, from the Bearer access token (apps.openapi.json `securitySchemes`): a management app's
/// admin access token reaches every app of its tenant; an app's client access token reaches that app only.
struct Caller {
    let tenantID: String
    let clientID: String
    /// The app whose client the token was issued to.
    let appID: String
    let isAdmin: Bool

    /// Whether the token may act on the app `appID` of its tenant.
    func mayAccess(appID: String) -> Bool { isAdmin || appID == self.appID }

    /// The caller of `request`, or nil for a missing, unknown, tampered, expired or revoked token, a token of
    /// another vendor, or one whose client has been deleted since.
    static func of(_ request: Request, engine: OAuthEngine, directory: TransmitDirectory) -> Caller? {
        guard case .bearer(let token)? = request.authorization,
            let record = engine.tokens.findAnywhere(token), record.kind == .access,
            record.isActive(at: engine.clock.now().epochSeconds),
            let client = directory.client(record.clientID),
            record.realm == TokenRoutes.realmPrefix + client.tenantID
        else { return nil }
        return Caller(
            tenantID: client.tenantID, clientID: client.oauth.id, appID: client.appID, isAdmin: client.isManagement)
    }
}
