import JOSE
import JSON
import OAuth
import Primitives

/// A service (an authorization server Authlete backs): its stored document (the SDK's `Service` fields), its
/// clients, and its signing keys parsed from the `jwks` member.
final class AuthleteService {
    let apiKey: Int64
    let document: JSONObject
    var clients: [Int64: AuthleteClient] = [:]
    /// The keys of `jwks` that can sign (private keys), in document order.
    let signingKeys: [SigningKey]

    init(document: JSONObject) {
        self.document = document
        apiKey = document["apiKey"]?.intValue ?? 0
        signingKeys = Self.keys(fromJWKS: document["jwks"]?.stringValue)
    }

    /// Parses a JWK Set string; keys that cannot sign are skipped (the set may also hold encryption keys).
    static func keys(fromJWKS text: String?) -> [SigningKey] {
        guard let text, let set = try? JSON.parse(Array(text.utf8)), let keys = set["keys"]?.arrayValue else {
            return []
        }
        return keys.compactMap { key in
            guard key["use"]?.stringValue != "enc" else { return nil }
            return try? SigningKey(jwk: key)
        }
    }

    var issuer: String { document["issuer"]?.stringValue ?? "" }
    var supportedScopes: [String] {
        document["supportedScopes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }
    var defaultScopes: [String] {
        document["supportedScopes"]?.arrayValue?.filter { $0["defaultEntry"]?.boolValue == true }
            .compactMap { $0["name"]?.stringValue } ?? []
    }
    var grantTypeNames: [String] { document["supportedGrantTypes"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// Seconds; Authlete's defaults when the service leaves them 0 (`accessTokenDuration` 86400 s, refresh 864000 s,
    /// ID token 86400 s: the console's defaults).
    var accessTokenDuration: Int64 { positive("accessTokenDuration") ?? 86_400 }
    var refreshTokenDuration: Int64 { positive("refreshTokenDuration") ?? 864_000 }
    var idTokenDuration: Int64 { positive("idTokenDuration") ?? 86_400 }
    /// Authorization codes live 600 s unless `authorizationResponseDuration` is set.
    var authorizationCodeDuration: Int64 { positive("authorizationResponseDuration") ?? 600 }
    var pushedAuthReqDuration: Int64 { positive("pushedAuthReqDuration") ?? 100 }

    /// A positive duration member in seconds, capped at 100 years: Authlete stores any `long`, and the emulator adds
    /// these to epoch times and multiplies them into milliseconds.
    private func positive(_ name: String) -> Int64? {
        guard let value = document[name]?.intValue, value > 0 else { return nil }
        return min(value, Self.longestDuration)
    }

    static let longestDuration: Int64 = 100 * 365 * 86_400

    /// The key for `algorithm` (an SDK `JWSAlg` name): `preferredKid` when it names a key with that algorithm, else
    /// the first key with it.
    func signingKey(algorithm: String, preferredKid: String? = nil) -> SigningKey? {
        let matching = signingKeys.filter { $0.algorithm == algorithm }
        if let preferredKid, let key = matching.first(where: { $0.kid == preferredKid }) { return key }
        return matching.first
    }

    /// The public JWK Set (`/service/jwks/get`), or nil when the service has no `jwks`.
    func jwks(includePrivateKeys: Bool) -> JSON? {
        guard let text = document["jwks"]?.stringValue, let set = try? JSON.parse(Array(text.utf8)),
            let keys = set["keys"]?.arrayValue
        else { return nil }
        if includePrivateKeys { return ["keys": .array(keys)] }
        let privateMembers: Set<String> = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]
        return [
            "keys": .array(
                keys.map { key in
                    .object(
                        JSONObject(
                            (key.objectValue ?? [:]).filter { !privateMembers.contains($0.key) }
                                .map { ($0.key, $0.value) }))
                })
        ]
    }

    func client(_ id: Int64) -> AuthleteClient? { clients[id] }

    /// A client by its id or its alias (`clientIdAlias`), as written in a request.
    func client(identifier: String) -> AuthleteClient? {
        if let id = Int64(identifier), let client = clients[id] { return client }
        return clients.values.first { $0.document["clientIdAlias"]?.stringValue == identifier }
    }
}
