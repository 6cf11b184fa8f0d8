import HTTP

/// `authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6): single-use codes bound to client, redirect URI, PKCE and
/// nonce. Reusing a code revokes everything it issued; a wrong `code_verifier` spends the code.
public struct AuthorizationCodeGrant: GrantHandler {
    public let grantType = "authorization_code"
    public init() {}

    public func grant(
        _ form: FormData, client: OAuthClient, realm: OAuthRealm, engine: OAuthEngine
    ) throws(OAuthError) -> TokenGrant {
        guard let code = form["code"], !code.isEmpty else { throw .invalidRequest("The code parameter is missing") }
        guard let stored = engine.codes.find(code, realm: realm.id) else {
            throw .invalidGrant("The authorization code is invalid")
        }
        if stored.used {
            try engine.write("the revocation of a reused code's tokens") {
                try engine.tokens.revokeGrant(stored.grantID)
            }
            throw .invalidGrant("The authorization code was already used; the tokens it issued are revoked")
        }
        guard stored.clientID == client.id else {
            throw .invalidGrant("The authorization code was issued to another client")
        }
        guard engine.clock.now().epochSeconds < stored.expiresAt else {
            throw .invalidGrant("The authorization code has expired")
        }
        guard form["redirect_uri"] == stored.redirectURI else {
            throw .invalidGrant("redirect_uri does not match the authorization request")
        }
        let verifier = form["code_verifier"]
        if let challenge = stored.codeChallenge {
            guard let verifier else { throw .invalidGrant("code_verifier is required") }
            guard PKCE.verify(verifier: verifier, challenge: challenge, method: stored.codeChallengeMethod ?? "plain")
            else {
                // One guess per code: a failed verifier spends it, so a stolen code cannot be tried against
                // verifiers until one matches (the vendors' references say nothing; RFC 9700 §2.1.1 wants PKCE
                // to bind the code to the one client that holds the verifier).
                try engine.write("the use of the authorization code") { try engine.codes.markUsed(code) }
                throw .invalidGrant("The code_verifier does not match the code_challenge")
            }
        } else if verifier != nil {
            throw .invalidGrant("code_verifier was sent but the authorization request had no code_challenge")
        }
        // A code that cannot be marked used must not be exchanged, or it could be exchanged again.
        try engine.write("the use of the authorization code") { try engine.codes.markUsed(code) }
        let refresh =
            realm.policy.issuesRefreshToken(for: stored.scopes) && client.grantTypes.contains("refresh_token")
            && realm.grantTypes.contains("refresh_token")
        return TokenGrant(
            client: client, user: stored.user, scopes: stored.scopes, grantID: stored.grantID,
            includeRefreshToken: refresh, includeIDToken: stored.scopes.contains("openid"),
            nonce: stored.nonce, authTime: stored.authTime)
    }
}
