import HTTP
import OAuth

/// Bearer tokens of the System and Hub configuration APIs. system.yaml and hub.yaml name two OAuth2 schemes:
/// `system` (tokenUrl `/{tid}/system/oauth2/token`: the tenant's own `system` workspace, with scopes) and `setup`
/// (tokenUrl `/system/system/oauth2/token`: the `system` workspace of the `system` tenant, no scopes).
///
/// A missing token is 401 `unauthorized`; a bad, expired or revoked one 401 `invalid_access_token` (the value the Go
/// SDK renews its token on); an unknown tenant 404; a valid token of another workspace or tenant, or one without a
/// required scope, 403 `forbidden`.
struct ConfigurationAuthorization {
    enum Scheme {
        /// A token of the tenant's `system` workspace carrying at least one of these scopes (any token when empty).
        case system(anyOf: Set<String>)
        /// A token of the `system` workspace of the `system` tenant.
        case setup
    }

    let engine: OAuthEngine
    let directory: WorkspaceDirectory

    /// nil when `request` may use the operation on `tenantID`; otherwise the error response.
    func check(_ request: Request, tenantID: String, scheme: Scheme) -> Response? {
        guard let authorization = request.authorization else {
            return SecureAuthErrors.adminBody(status: 401, error: "Missing bearer token in the Authorization header", code: "unauthorized")
        }
        guard case .bearer(let token) = authorization,
              let record = engine.tokens.findAnywhere(token), record.kind == .access,
              record.isActive(at: engine.clock.now().epochSeconds) else {
            return SecureAuthErrors.adminBody(status: 401, error: "The access token is invalid or expired", code: "invalid_access_token")
        }
        guard directory.tenantExists(tenantID) else { return AdminRequests.notFound("Tenant \(tenantID)") }
        switch scheme {
        case .setup:
            guard record.realm == "system/system" else {
                return forbidden("The access token was not issued by the system workspace of the system tenant")
            }
        case .system(let scopes):
            guard record.realm == tenantID + "/system" else {
                return forbidden("The access token was not issued by the system workspace of tenant \(tenantID)")
            }
            if !scopes.isEmpty && scopes.isDisjoint(with: record.scopes) {
                return forbidden("The access token lacks the scope \(scopes.sorted().joined(separator: " or "))")
            }
        }
        return nil
    }

    private func forbidden(_ message: String) -> Response {
        SecureAuthErrors.adminBody(status: 403, error: message, code: "forbidden")
    }
}
