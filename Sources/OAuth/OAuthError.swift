/// An OAuth 2.0 error (RFC 6749 §5.2, RFC 7009, RFC 7662): the `error` code, a description, and the HTTP status.
/// Vendor modules render it in their own envelope.
public struct OAuthError: Error, Equatable, Sendable {
    public let code: String
    public let description: String
    public let status: Int

    public init(_ code: String, _ description: String, status: Int = 400) {
        self.code = code
        self.description = description
        self.status = status
    }

    public static func invalidRequest(_ d: String) -> OAuthError { OAuthError("invalid_request", d) }
    public static func invalidClient(_ d: String = "Client authentication failed") -> OAuthError {
        OAuthError("invalid_client", d, status: 401)
    }
    public static func invalidGrant(_ d: String) -> OAuthError { OAuthError("invalid_grant", d) }
    public static func unauthorizedClient(_ d: String) -> OAuthError { OAuthError("unauthorized_client", d) }
    public static func unsupportedGrantType(_ d: String) -> OAuthError { OAuthError("unsupported_grant_type", d) }
    public static func invalidScope(_ d: String) -> OAuthError { OAuthError("invalid_scope", d) }
    public static func accessDenied(_ d: String) -> OAuthError { OAuthError("access_denied", d, status: 403) }
    public static func unsupportedResponseType(_ d: String) -> OAuthError { OAuthError("unsupported_response_type", d) }
    public static func invalidToken(_ d: String) -> OAuthError { OAuthError("invalid_token", d, status: 401) }
    public static func serverError(_ d: String) -> OAuthError { OAuthError("server_error", d, status: 500) }
}
