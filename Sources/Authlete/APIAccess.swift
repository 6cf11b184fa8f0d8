import Emulator
import HTTP
import JSON

/// One authenticated call of a service API (`/api/{serviceId}/...`): the request, the service, and the API path as
/// Authlete names it in messages (`/client/create`).
struct ServiceCall {
    let request: Request
    let service: AuthleteService
    let apiPath: String
    let scope: ServiceDirectory.TokenScope

    /// Runs `body` with the request's fields (JSON or form), or answers the 400 for a body that is neither.
    func withFields(_ body: (RequestFields) -> Reply) -> Reply {
        switch RequestFields.read(request, apiPath: apiPath) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let fields): return body(fields)
        }
    }
}

/// Registers Authlete routes behind Bearer authentication with Service Access Tokens (one service) and Organization
/// Tokens (every service): a missing header is `401 A001202`, an unknown token `401 A001203`, a service token on
/// another service `403`, an unknown service `404`.
struct APIAccess {
    let directory: ServiceDirectory
    let router: Router

    /// A route under `/api/{serviceId}`; `path` starts with `/` (`/client/create`, `/client/get/{clientId}`).
    func service(_ method: HTTPMethod, _ path: String, _ handler: @escaping (ServiceCall) -> Reply) {
        let directory = self.directory
        let apiPath = Self.apiPath(path)
        router.add(method, "/api/{serviceId}" + path, envelope: AuthleteErrors.vendor) { request in
            switch Self.authenticate(request, directory: directory, apiPath: apiPath) {
            case .failure(let refusal): return .now(refusal.response)
            case .success(let scope):
                let id = request.param("serviceId") ?? ""
                guard let apiKey = Int64(id), let service = directory.service(apiKey) else {
                    if case .service = scope {
                        return .now(AuthleteErrors.result(status: 403, code: AuthleteErrors.code(for: 403), apiPath: apiPath,
                                                          message: "The access token is not allowed to access the service (API Key = \(id))."))
                    }
                    return .now(AuthleteErrors.notFound(apiPath, "The service (API Key = \(id)) does not exist."))
                }
                if case .service(let own) = scope, own != apiKey {
                    return .now(AuthleteErrors.result(status: 403, code: AuthleteErrors.code(for: 403), apiPath: apiPath,
                                                      message: "The access token is not allowed to access the service (API Key = \(id))."))
                }
                return handler(ServiceCall(request: request, service: service, apiPath: apiPath, scope: scope))
            }
        }
    }

    /// A route without the service prefix (`/api/service/get/list`, `/api/service/create`).
    func root(_ method: HTTPMethod, _ path: String, apiPath: String, _ handler: @escaping (Request, ServiceDirectory.TokenScope) -> Reply) {
        let directory = self.directory
        router.add(method, path, envelope: AuthleteErrors.vendor) { request in
            switch Self.authenticate(request, directory: directory, apiPath: apiPath) {
            case .failure(let refusal): return .now(refusal.response)
            case .success(let scope): return handler(request, scope)
            }
        }
    }

    static func authenticate(_ request: Request, directory: ServiceDirectory, apiPath: String) -> Result<ServiceDirectory.TokenScope, Refusal> {
        guard let authorization = request.authorization else {
            return .failure(Refusal(AuthleteErrors.result(status: 401, code: AuthleteErrors.missingAuthorization, apiPath: apiPath,
                                                  message: "Authorization header is missing.")))
        }
        guard case .bearer(let token) = authorization, let scope = directory.scope(ofAPIToken: token) else {
            return .failure(Refusal(AuthleteErrors.result(status: 401, code: AuthleteErrors.invalidAccessToken, apiPath: apiPath,
                                                  message: "Invalid access token.")))
        }
        return .success(scope)
    }

    /// `/client/get/{clientId}` → `/client/get` (Authlete names the API without its path parameters).
    static func apiPath(_ path: String) -> String {
        path.split(separator: "/").filter { !$0.hasPrefix("{") }.reduce("") { $0 + "/" + $1 }
    }
}
