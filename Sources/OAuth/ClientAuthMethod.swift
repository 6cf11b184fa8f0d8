/// How a client authenticates at the token, introspection and revocation endpoints (RFC 7591 §2, OIDC Core §9).
public enum ClientAuthMethod: String, Sendable, CaseIterable {
    case clientSecretBasic = "client_secret_basic"
    case clientSecretPost = "client_secret_post"
    case clientSecretJWT = "client_secret_jwt"
    case privateKeyJWT = "private_key_jwt"
    case none
}
