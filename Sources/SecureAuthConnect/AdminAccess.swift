import HTTP
import OAuth

/// Who may call the Admin, System and Hub APIs: a Bearer access token issued by a given workspace.
///
/// A missing token is 401 `unauthorized`; a bad, expired or revoked one 401 `invalid_access_token` (the one value the
/// Go SDK renews its token on); a valid token of another workspace or tenant, or one without a required scope, 403
/// `forbidden`.
struct AdminAccess {
    /// The System and Hub APIs' two OAuth2 schemes (system.yaml, hub.yaml).
    enum Scheme {
        /// A token of the tenant's own `system` workspace carrying at least one of these scopes (any when empty).
        case system(anyOf: Set<String>)
        /// A token of the `system` workspace of the `system` tenant.
        case setup
    }

    let engine: OAuthEngine
    let directory: WorkspaceDirectory

    /// The tenant in the path (`{tid}`) of an Admin API call made with a token of that tenant's `admin` workspace.
    func adminTenant(_ request: Request) throws -> String {
        let tenantID = try request.require("tid")
        try requireToken(
            request, realm: tenantID + "/admin",
            else: "The access token was not issued by the admin workspace of tenant \(tenantID)")
        return tenantID
    }

    /// A root API call (`/api/admin/tenants/...`): a token of the `system` tenant's `admin` workspace.
    func root(_ request: Request) throws {
        try requireToken(
            request, realm: "system/admin",
            else: "The access token was not issued by the admin workspace of tenant system")
    }

    /// The tenant in the path of a System or Hub API call admitted by `scheme`; an unknown tenant is 404.
    func configurationTenant(_ request: Request, _ scheme: Scheme) throws -> String {
        let tenantID = try request.require("tid")
        let record = try bearerRecord(request)
        guard directory.tenantExists(tenantID) else { throw SecureAuthError.notFound("Tenant \(tenantID)") }
        switch scheme {
        case .setup:
            guard record.realm == "system/system" else {
                throw SecureAuthError.forbidden(
                    "The access token was not issued by the system workspace of the system tenant")
            }
        case .system(let scopes):
            guard record.realm == tenantID + "/system" else {
                throw SecureAuthError.forbidden(
                    "The access token was not issued by the system workspace of tenant \(tenantID)")
            }
            if !scopes.isEmpty && scopes.isDisjoint(with: record.scopes) {
                throw SecureAuthError.forbidden(
                    "The access token lacks the scope \(scopes.sorted().joined(separator: " or "))")
            }
        }
        return tenantID
    }

    private func requireToken(_ request: Request, realm: String, else message: String) throws {
        guard try bearerRecord(request).realm == realm else { throw SecureAuthError.forbidden(message) }
    }

    /// The active access token of the `Authorization: Bearer` header.
    private func bearerRecord(_ request: Request) throws(SecureAuthError) -> TokenRecord {
        guard let authorization = request.authorization else {
            throw SecureAuthError(status: 401, "Missing bearer token in the Authorization header")
        }
        guard case .bearer(let token) = authorization,
            let record = engine.tokens.findAnywhere(token), record.kind == .access,
            record.isActive(at: engine.clock.now().epochSeconds)
        else {
            throw SecureAuthError(status: 401, "The access token is invalid or expired", code: "invalid_access_token")
        }
        return record
    }
}
