import HTTP
import OAuth

/// Admin, System and Hub API access: a Bearer access token issued by the tenant's `admin` (or `system`) workspace.
/// A bad, expired or revoked token gets `error_code: invalid_access_token`, the one value the Go SDK retries on.
struct AdminAuthorization {
    let engine: OAuthEngine

    /// nil when `request` may call the API of `tenantID`; otherwise the error response.
    func check(_ request: Request, tenantID: String, workspace: String = "admin") -> Response? {
        guard let authorization = request.authorization else {
            return SecureAuthErrors.adminBody(status: 401, error: "Missing bearer token in the Authorization header", code: "unauthorized")
        }
        guard case .bearer(let token) = authorization,
              let record = engine.tokens.findAnywhere(token), record.kind == .access,
              record.isActive(at: engine.clock.now().epochSeconds) else {
            return SecureAuthErrors.adminBody(status: 401, error: "The access token is invalid or expired", code: "invalid_access_token")
        }
        guard record.realm == tenantID + "/" + workspace else {
            return SecureAuthErrors.adminBody(status: 403, error: "The access token was not issued by the \(workspace) workspace of tenant \(tenantID)",
                                              code: "forbidden")
        }
        return nil
    }
}
