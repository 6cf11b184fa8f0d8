import Emulator
import HTTP
import JSON

/// Bearer authentication of the Authlete APIs with Service Access Tokens (one service) and Organization Tokens
/// (every service): a missing header is `401 A001202`, an unknown token `401 A001203`, a service token on another
/// service `403`, an unknown service `404`. The authorizers of the route groups (`AuthleteRoutes`).
struct APIAccess {
    let directory: ServiceDirectory

    /// The scope of the request's Bearer token.
    func scope(of request: Request) throws -> ServiceDirectory.TokenScope {
        guard let authorization = request.authorization else {
            throw AuthleteError.missingAuthorization(APIPath.of(request))
        }
        guard case .bearer(let token) = authorization, let scope = try directory.scope(ofAPIToken: token) else {
            throw AuthleteError.invalidAccessToken(APIPath.of(request))
        }
        return scope
    }

    /// The call of a service API (`/api/{serviceId}/...`) that a token of `scope` makes.
    func call(_ request: Request, scope: ServiceDirectory.TokenScope) throws -> ServiceCall {
        let apiPath = APIPath.of(request)
        let id = try request.require("serviceId")
        func refused() -> AuthleteError {
            .forbidden(apiPath, "The access token is not allowed to access the service (API Key = \(id)).")
        }
        guard let apiKey = Int64(id), let service = try directory.service(apiKey) else {
            if case .service = scope { throw refused() }
            throw AuthleteError.notFound(apiPath, "The service (API Key = \(id)) does not exist.")
        }
        if case .service(let own) = scope, own != apiKey { throw refused() }
        return ServiceCall(service: service, apiPath: apiPath, scope: scope)
    }
}
