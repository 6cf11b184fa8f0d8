import HTTP
import JSON

extension OAuthEngine {
    /// The token endpoint's HTTP answer (RFC 6749 §5.1): the response members as JSON with `Cache-Control: no-store`
    /// and `Pragma: no-cache`, or the error as `renderError` renders it in the vendor's envelope.
    public func tokenReply(
        _ request: Request, realm: OAuthRealm, renderError: @escaping (OAuthError) -> Response
    ) -> Reply {
        .collect { resolve in
            token(request, realm: realm) { result in
                switch result {
                case .success(let body): resolve(Self.tokenResponse(body))
                case .failure(let error): resolve(renderError(error))
                }
            }
        }
    }

    /// A successful token response.
    public static func tokenResponse(_ body: JSONObject) -> Response {
        var response = Response.json(.object(body))
        response.headers.set("Cache-Control", "no-store")
        response.headers.set("Pragma", "no-cache")
        return response
    }
}
