import JOSE
import JSON
import OAuth
import Primitives

/// A SecureAuth workspace (authorization server) ready to serve: parsed keys, token policy, clients and users.
/// Rebuilt from the store whenever its configuration changes, so the caches it holds are always current.
final class Workspace {
    let tenantID: String
    let id: String
    /// The stored server document (admin.yaml `ServerResponse` without `issuer_url`, which depends on the origin).
    let document: JSONObject
    let signingKey: SigningKey
    let keys: [SigningKey]
    let policy: TokenPolicy
    let grantTypes: Set<String>
    let clients: [String: OAuthClient]
    let staticUsers: [StaticUser]
    /// Rendered discovery documents by origin, and the JWKS.
    var discoveryCache: [String: [UInt8]] = [:]
    lazy var jwksBody: [UInt8] = JWKS.document(keys).serialized()

    var realmID: String { tenantID + "/" + id }

    init(tenantID: String, document: JSONObject, clients: [JSON], idps: [JSON]) throws {
        self.tenantID = tenantID
        id = document["id"]?.stringValue ?? ""
        self.document = document
        keys = try (document["jwks"]?["keys"]?.arrayValue ?? []).map { try SigningKey(jwk: $0) }
        let wanted = ServerDefaults.signingAlgorithm(keyType: document["key_type"]?.stringValue)
        guard
            let signing = keys.first(where: { $0.use == "sig" && $0.algorithm == wanted && $0.revokedAt == nil })
                ?? keys.first(where: { $0.use == "sig" && $0.jwsAlgorithm != nil })
        else {
            throw JOSEError("workspace \(tenantID)/\(document["id"]?.stringValue ?? "") has no signing key")
        }
        signingKey = signing
        policy = TokenPolicy(
            accessTokenFormat: document["access_token_strategy"]?.stringValue == "opaque" ? .opaque : .jwt,
            accessTokenTTL: Self.duration(document["access_token_ttl"], default: 3600),
            refreshTokenTTL: Self.duration(document["refresh_token_ttl"], default: 30 * 86_400),
            idTokenTTL: Self.duration(document["id_token_ttl"], default: 3600),
            authorizationCodeTTL: Self.duration(document["authorization_code_ttl"], default: 600),
            scopeClaim: (document["scope_claim_formats"]?.arrayValue?.contains("scope_space_separated") ?? false)
                && !(document["scope_claim_formats"]?.arrayValue?.contains("scp_array") ?? false)
                ? .spaceSeparated : .scpArray,
            tokenType: "bearer")
        grantTypes = Set(document["grant_types"]?.arrayValue?.compactMap(\.stringValue) ?? ServerDefaults.grantTypes)
        var byID: [String: OAuthClient] = [:]
        for client in clients {
            if let parsed = ClientDocument.oauthClient(client) { byID[parsed.id] = parsed }
        }
        self.clients = byID
        staticUsers = idps.filter {
            $0["disabled"]?.boolValue != true && ($0["method"]?.stringValue ?? "static") == "static"
        }
        .flatMap { idp in
            (idp["credentials"]?["users"]?.arrayValue ?? []).compactMap {
                StaticUser($0, idpID: idp["id"]?.stringValue ?? "")
            }
        }
    }

    /// The first enabled static user with these credentials.
    func authenticate(username: String, password: String) -> UserProfile? {
        var match: StaticUser?
        for user in staticUsers where user.username == username {
            if ConstantTime.equals(user.password, password) && match == nil { match = user }
        }
        return match?.profile
    }

    private static func duration(_ value: JSON?, default seconds: Int64) -> Duration {
        value?.stringValue.flatMap(GoDuration.parse).flatMap { $0.nanoseconds > 0 ? $0 : nil } ?? .seconds(seconds)
    }
}
