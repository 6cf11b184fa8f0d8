import HTTP
import JSON

/// `refresh_token` (RFC 6749 §6) with rotation: each use returns a new refresh token, and presenting a used or
/// revoked one revokes the whole family (reuse detection).
public struct RefreshTokenGrant: GrantHandler {
    public let grantType = "refresh_token"
    public init() {}

    public func grant(
        _ form: FormData, client: OAuthClient, realm: OAuthRealm, engine: OAuthEngine
    ) throws(OAuthError) -> TokenGrant {
        guard let token = form["refresh_token"], !token.isEmpty else {
            throw .invalidRequest("The refresh_token parameter is missing")
        }
        guard let record = engine.tokens.find(token, realm: realm.id), record.kind == .refresh else {
            throw .invalidGrant("The refresh token is invalid")
        }
        guard record.clientID == client.id else {
            throw .invalidGrant("The refresh token was issued to another client")
        }
        if record.revoked {
            try engine.write("the revocation of a reused refresh token's family") {
                try engine.tokens.revokeGrant(record.grantID)
            }
            throw .invalidGrant("The refresh token was already used or revoked")
        }
        guard record.isActive(at: engine.clock.now().epochSeconds) else {
            throw .invalidGrant("The refresh token has expired")
        }
        var scopes = record.scopes
        let requested = Scopes.parse(form["scope"])
        if !requested.isEmpty {
            if let extra = requested.first(where: { !record.scopes.contains($0) }) {
                throw .invalidScope("The scope \"\(extra)\" was not granted originally")
            }
            scopes = requested
        }
        // Rotation: the used refresh token must be revoked before a new one is issued, or reuse goes unnoticed.
        try engine.write("the rotation of the refresh token") { try engine.tokens.revoke(token) }
        let user = record.claims["profile"].flatMap(UserProfile.init(json:))
        return TokenGrant(
            client: client, user: user, scopes: scopes, grantID: record.grantID,
            includeRefreshToken: true, includeIDToken: user != nil && scopes.contains("openid"))
    }
}
