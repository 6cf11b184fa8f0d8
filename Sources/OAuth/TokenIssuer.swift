import Crypto
import JOSE
import JSON
import Primitives

/// Issues access, refresh and ID tokens for a grant, records those that need it for introspection and revocation, and builds
/// the token response (RFC 6749 §5.1, OIDC Core §3.1.3.3).
public final class TokenIssuer {
    let tokens: TokenStore
    let clock: Clock
    let signing: SigningWork

    public init(tokens: TokenStore, clock: Clock, signing: SigningWork) {
        self.tokens = tokens
        self.clock = clock
        self.signing = signing
    }

    /// Calls `completion` with the token response members, or an error (at once, or after signing off the loop).
    public func issue(
        _ grant: TokenGrant, realm: OAuthRealm, completion: @escaping (Result<JSONObject, OAuthError>) -> Void
    ) {
        let now = clock.now().epochSeconds
        let policy = realm.policy
        let expiresIn = max(1, policy.accessTokenTTL.nanoseconds / 1_000_000_000)
        let jti = SecureRandom.uuid()
        var claims: JSONObject = [
            "iss": .string(realm.issuer),
            "sub": .string(grant.user?.subject ?? grant.client.id),
            "aud": [.string(grant.client.id)],
            "iat": .int(now),
            "nbf": .int(now),
            "exp": .int(now + expiresIn),
            "jti": .string(jti),
        ]
        switch policy.scopeClaim {
        case .scpArray: claims["scp"] = .array(grant.scopes.map(JSON.string))
        case .spaceSeparated: claims["scope"] = .string(Scopes.format(grant.scopes))
        }
        realm.addAccessTokenClaims(&claims, grant.client, grant.user)
        let idTokenClaims = grant.includeIDToken ? idTokenClaims(grant, realm: realm, now: now) : nil
        let key = realm.signingKey
        let format = policy.accessTokenFormat
        let accessClaims = claims
        signing.run({ () -> Result<(access: String, id: String?), OAuthError> in
            do {
                let access: String
                switch format {
                case .jwt: access = try JWS.sign(payload: .object(accessClaims), key: key)
                case .opaque: access = SecureRandom.token()
                case .uuid: access = SecureRandom.uuid()
                }
                var id: String?
                if var idClaims = idTokenClaims {
                    idClaims["at_hash"] = .string(Self.atHash(access))
                    id = try JWS.sign(payload: .object(idClaims), key: key)
                }
                return .success((access, id))
            } catch {
                return .failure(.serverError("Signing failed: \(error)"))
            }
        }) { [self] signed in
            switch signed {
            case .failure(let error): completion(.failure(error))
            case .success(let issued):
                completion(
                    record(
                        issued, grant: grant, realm: realm, jti: jti, now: now, expiresIn: expiresIn,
                        claims: accessClaims))
            }
        }
    }

    private func record(
        _ issued: (access: String, id: String?), grant: TokenGrant, realm: OAuthRealm, jti: String, now: Int64,
        expiresIn: Int64, claims: JSONObject
    ) -> Result<JSONObject, OAuthError> {
        var facts: JSONObject = ["jti": .string(jti), "aud": claims["aud"] ?? .null]
        if let user = grant.user {
            facts["user"] = .object(user.releasedClaims(for: grant.scopes))
            facts["idp"] = user.idp.map(JSON.string) ?? .null
            facts["amr"] = .array(user.amr.map(JSON.string))
        }
        var response: JSONObject = [
            "access_token": .string(issued.access),
            "expires_in": .int(expiresIn),
            "scope": .string(Scopes.format(grant.scopes)),
            "token_type": .string(realm.policy.tokenType),
        ]
        do {
            let access = TokenRecord(
                realm: realm.id, kind: .access, clientID: grant.client.id,
                subject: grant.user?.subject ?? grant.client.id, scopes: grant.scopes,
                issuedAt: now, expiresAt: now + expiresIn, grantID: grant.grantID, claims: facts)
            // A client-credentials JWT is stateless: no row, no index, no group commit; its claims are its record.
            var stateless = false
            if realm.policy.accessTokenFormat == .jwt && !realm.policy.listsAccessTokens {
                stateless = try tokens.admitsStateless(access, claims: claims, key: realm.signingKey)
            }
            if !stateless { try tokens.record(issued.access, access, now: now) }
            if grant.includeRefreshToken {
                let refresh = realm.policy.accessTokenFormat == .uuid ? SecureRandom.uuid() : SecureRandom.token()
                let ttl = realm.policy.refreshTokenTTL.nanoseconds / 1_000_000_000
                try tokens.record(
                    refresh,
                    TokenRecord(
                        realm: realm.id, kind: .refresh, clientID: grant.client.id,
                        subject: grant.user?.subject ?? grant.client.id, scopes: grant.scopes,
                        issuedAt: now, expiresAt: now + ttl, grantID: grant.grantID,
                        claims: grant.user.map { ["profile": $0.json] } ?? [:]), now: now)
                response["refresh_token"] = .string(refresh)
            }
        } catch {
            return .failure(.serverError("Could not store the token: \(error)"))
        }
        if let id = issued.id { response["id_token"] = .string(id) }
        return .success(response)
    }

    private func idTokenClaims(_ grant: TokenGrant, realm: OAuthRealm, now: Int64) -> JSONObject {
        let ttl = max(1, realm.policy.idTokenTTL.nanoseconds / 1_000_000_000)
        var claims: JSONObject = [
            "iss": .string(realm.issuer),
            "sub": .string(grant.user?.subject ?? grant.client.id),
            "aud": .string(grant.client.id),
            "iat": .int(now),
            "exp": .int(now + ttl),
            "auth_time": .int(grant.authTime ?? now),
            "jti": .string(SecureRandom.uuid()),
        ]
        if let nonce = grant.nonce { claims["nonce"] = .string(nonce) }
        if let user = grant.user {
            for (name, value) in user.releasedClaims(for: grant.scopes) { claims[name] = value }
            if let idp = user.idp { claims["idp"] = .string(idp) }
            claims["amr"] = .array(user.amr.map(JSON.string))
        }
        return claims
    }

    /// OIDC Core §3.1.3.6: base64url of the left half of the SHA-256 of the access token.
    static func atHash(_ accessToken: String) -> String {
        Base64.encodeURL(Array(SHA256.hash(data: Array(accessToken.utf8))).prefix(16))
    }
}
