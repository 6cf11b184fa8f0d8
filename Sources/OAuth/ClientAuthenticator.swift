import JOSE
import JSON
import Primitives
import Store

/// Checks presented credentials against the registered client (constant-time secrets, RFC 7523 assertions
/// with `jti` replay protection).
public struct ClientAuthenticator {
    let database: Database
    /// How far ahead of now a client assertion's `exp` may be.
    public static let maxAssertionLifetimeSeconds: Int64 = 3600
    /// Clock difference allowed between client and server for `nbf`, `iat` and `exp`.
    public static let clockSkewSeconds: Int64 = 30
    /// Used assertion ids, kept until the assertion expires and bounded by `--max-tokens`.
    private let assertionIDs: BoundedTable

    public init(database: Database) {
        self.database = database
        assertionIDs = BoundedTable("oauth_assertion_ids", database: database)
    }

    public func authenticate(
        _ presented: PresentedCredentials, realm: OAuthRealm, now: Int64
    ) -> Result<OAuthClient, OAuthError> {
        var claimedID = presented.clientID
        var assertion: VerifiedJWS?
        if case .assertion(_, let jwt) = presented {
            guard case .success(let decoded) = JWS.decodeUnverified(jwt),
                let subject = decoded.payload["sub"]?.stringValue
            else {
                return .failure(.invalidClient("The client assertion is not a valid JWT"))
            }
            if let id = claimedID, id != subject {
                return .failure(.invalidClient("The client assertion is for another client"))
            }
            claimedID = subject
            assertion = decoded
        }
        guard let id = claimedID, let client = realm.findClient(id) else { return .failure(.invalidClient()) }
        switch presented {
        case .basic(_, let secret), .post(_, let secret):
            guard client.authMethods.contains(presented.method), let expected = client.secret,
                ConstantTime.equals(secret, expected)
            else { return .failure(.invalidClient()) }
        case .none:
            guard client.authMethods.contains(.none) else { return .failure(.invalidClient()) }
        case .assertion(_, let jwt):
            let header = assertion!.header
            let verified: Result<VerifiedJWS, JOSEError>
            if header["alg"]?.stringValue == "HS256" {
                guard client.authMethods.contains(.clientSecretJWT), let secret = client.secret else {
                    return .failure(.invalidClient())
                }
                verified = JWS.verifyHS256(jwt, secret: Array(secret.utf8))
            } else {
                guard client.authMethods.contains(.privateKeyJWT), let jwks = client.jwks?["keys"]?.arrayValue else {
                    return .failure(.invalidClient())
                }
                verified = JWS.verify(
                    jwt, keys: jwks.compactMap { try? VerificationKey(jwk: $0) }, allowed: [.ES256, .RS256, .PS256])
            }
            guard case .success(let jws) = verified else {
                return .failure(.invalidClient("The client assertion signature is invalid"))
            }
            if let problem = checkAssertionClaims(jws.payload, client: client, realm: realm, now: now) {
                return .failure(.invalidClient(problem))
            }
        }
        return .success(client)
    }

    /// RFC 7523 §3: iss = sub = client_id, aud names this server, unexpired, and a `jti` used once.
    private func checkAssertionClaims(_ claims: JSON, client: OAuthClient, realm: OAuthRealm, now: Int64) -> String? {
        guard claims["iss"]?.stringValue == client.id, claims["sub"]?.stringValue == client.id else {
            return "The client assertion's iss and sub must be the client id"
        }
        let audiences =
            claims["aud"]?.stringValue.map { [$0] } ?? claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard audiences.contains(where: { $0 == realm.tokenEndpoint || $0 == realm.issuer }) else {
            return "The client assertion's aud must name the token endpoint"
        }
        guard let exp = claims["exp"]?.intValue, exp > now else { return "The client assertion has expired" }
        // RFC 7523 §3 items 4-6: not before nbf, and an iat in the past (both within the clock-skew allowance).
        if let nbf = claims["nbf"] {
            guard let value = nbf.intValue else { return "The client assertion's nbf is not a number" }
            guard value <= now + Self.clockSkewSeconds else {
                return "The client assertion is not valid yet (nbf is in the future)"
            }
        }
        if let iat = claims["iat"] {
            guard let value = iat.intValue else { return "The client assertion's iat is not a number" }
            guard value <= now + Self.clockSkewSeconds else {
                return "The client assertion was issued in the future (iat)"
            }
        }
        // §3 item 4 lets the server bound the lifetime; none of the five vendors documents a bound, so one hour applies
        // (what authlib and most client libraries mint), which also bounds how long its jti is remembered.
        guard exp <= now + Self.maxAssertionLifetimeSeconds + Self.clockSkewSeconds else {
            return "The client assertion's exp is too far in the future (at most \(Self.maxAssertionLifetimeSeconds) s)"
        }
        guard let jti = claims["jti"]?.stringValue, !jti.isEmpty else { return "The client assertion has no jti" }
        do {
            try database.batchedRun(
                "INSERT INTO oauth_assertion_ids (realm, client_id, jti, expires_at) VALUES (?, ?, ?, ?)",
                [.text(realm.id), .text(client.id), .text(jti), .integer(exp)])
        } catch {
            return "The client assertion's jti was already used"
        }
        do {
            try assertionIDs.inserted(now: now)
        } catch {
            return "The client assertion's jti could not be stored: \(error)"
        }
        return nil
    }
}

extension PresentedCredentials {
    var method: ClientAuthMethod {
        switch self {
        case .basic: return .clientSecretBasic
        case .post: return .clientSecretPost
        case .none: return .none
        case .assertion: return .privateKeyJWT
        }
    }
}
