import JOSE
import JSON
import Primitives
import Store

/// JWT access tokens that are not stored: a client-credentials token says everything introspection needs in its
/// signed claims, so the engine keeps only its realm's verification key (by kid, persisted with the store) and what
/// can change a token's state: a revocation by jti (until exp) and a "revoked before" mark per realm or client.
///
/// Verified tokens are cached (a bounded map from token text to record), so a bearer token presented on every
/// request is checked once; revocations are consulted on every lookup.
final class StatelessAccessTokens {
    private let database: Database
    private let clock: Clock?
    private let denials: BoundedTable
    private var generation = -1
    /// Verification keys by realm, then kid; `loadedRealms` says whose stored keys were read (all when `allLoaded`).
    private var keys: [String: [String: VerificationKey]] = [:]
    private var loadedRealms: Set<String> = []
    private var allLoaded = false
    /// The realm each registered kid belongs to.
    private var kidOwners: [String: String] = [:]
    private var lastRegistered: (realm: String, key: SigningKey)?
    /// "Revoked before" marks: `realm \0 clientID` (a client) or `realm \0` (a whole realm) to the last revoked `iat`.
    private var revokedBefore: [String: Int64] = [:]
    private var hasDenials = false
    private var verified: [String: TokenRecord] = [:]
    private static let verifiedCapacity = 4096
    private static let algorithms: Set<JWSAlgorithm> = [.ES256, .RS256, .PS256]

    init(database: Database, clock: Clock?) {
        self.database = database
        self.clock = clock
        denials = BoundedTable("oauth_revoked_jtis", database: database)
    }

    /// Starts over after the store was replaced (a reset) or reverted.
    private func sync() {
        guard generation != database.generation else { return }
        generation = database.generation
        keys = [:]
        loadedRealms = []
        allLoaded = false
        kidOwners = [:]
        lastRegistered = nil
        verified = [:]
        revokedBefore = [:]
        hasDenials = false
        if let rows = try? database.query("SELECT realm, client_id, issued_at FROM oauth_revoked_before") {
            for row in rows {
                revokedBefore[Self.markKey(row.string("realm") ?? "", row.string("client_id") ?? "")] =
                    row.int("issued_at") ?? 0
            }
        }
        hasDenials = (try? database.queryOne("SELECT 1 FROM oauth_revoked_jtis LIMIT 1")) != nil
    }

    // MARK: Issuing

    /// Whether `record`, the record of a JWT access token with `claims` signed by `key`, can go unstored: it must be
    /// a client-credentials token whose claims say exactly what the record says, and issued after any "revoked
    /// before" mark of its client (a token issued in the same second as a mark is stored, so the mark cannot take
    /// it). Registers the key when it can.
    func admits(_ record: TokenRecord, claims: JSONObject, key: SigningKey) throws(StoreError) -> Bool {
        sync()
        guard record.kind == .access, record.grantID.isEmpty, !record.hasUser,
            let decoded = Self.record(claims: claims, realm: record.realm), decoded.describesSameToken(as: record),
            !isMarkedRevoked(record, inclusive: true)
        else { return false }
        if let last = lastRegistered, last.key === key, last.realm == record.realm { return true }
        // A kid verifies the tokens of one realm only: realms that share a key keep storing their tokens, so a lookup
        // in any realm (`findAnywhere`) can never credit one realm's token to another.
        loadAllKeys()
        if let owner = kidOwners[key.kid], owner != record.realm { return false }
        if keys[record.realm]?[key.kid] == nil {
            try database.batchedRun(
                "INSERT OR REPLACE INTO oauth_token_keys (realm, kid, jwk) VALUES (?, ?, ?)",
                [.text(record.realm), .text(key.kid), .text(key.publicJWK().jsonString())])
            keys[record.realm, default: [:]][key.kid] = VerificationKey(key)
            kidOwners[key.kid] = record.realm
        }
        lastRegistered = (record.realm, key)
        return true
    }

    // MARK: Lookup

    /// The record of a stateless token verified before (no row can exist for it: `forget` drops it when one is
    /// written), revoked or not; the first lookup of a bearer token presented again and again.
    func cached(_ token: String, realm: String?) -> TokenRecord? {
        sync()
        guard !verified.isEmpty, let cached = verified[token], realm == nil || cached.realm == realm else { return nil }
        return withRevocations(cached)
    }

    /// The record of a stateless `token` of `realm` (any realm when nil) whose signature verifies, revoked or not.
    func record(_ token: String, realm: String?) -> TokenRecord? {
        sync()
        guard Self.looksLikeJWT(token) else { return nil }
        if let cached = verified[token] {
            guard realm == nil || cached.realm == realm else { return nil }
            return withRevocations(cached)
        }
        guard let header = try? JWS.decodeUnverified(token).get().header, let kid = header["kid"]?.stringValue else {
            return nil
        }
        let realms: [String]
        if let realm {
            loadKeys(realm: realm)
            realms = [realm]
        } else {
            loadAllKeys()
            realms = keys.compactMap { $0.value[kid] != nil ? $0.key : nil }.sorted()
        }
        for candidate in realms {
            guard let key = keys[candidate]?[kid],
                let verified = try? JWS.verify(token, keys: [key], allowed: Self.algorithms).get(),
                let claims = verified.payload.objectValue, let record = Self.record(claims: claims, realm: candidate)
            else { continue }
            if self.verified.count >= Self.verifiedCapacity { self.verified.removeAll(keepingCapacity: true) }
            self.verified[token] = record
            return withRevocations(record)
        }
        return nil
    }

    /// Forgets a cached verdict (the token is about to be stored, so the stored row speaks for it).
    func forget(_ token: String) {
        if !verified.isEmpty { verified[token] = nil }
    }

    // MARK: Revocation

    /// Revokes one stateless token: its jti is denied until it expires.
    func deny(_ record: TokenRecord, now: Int64) throws(StoreError) {
        sync()
        guard let jti = record.claims["jti"]?.stringValue else { return }
        try database.batchedRun(
            "INSERT OR REPLACE INTO oauth_revoked_jtis (realm, jti, expires_at) VALUES (?, ?, ?)",
            [.text(record.realm), .text(jti), .integer(record.expiresAt)])
        hasDenials = true
        try denials.inserted(now: now)
    }

    /// Revokes every stateless token of a realm's client (or of the whole realm) issued up to `now`.
    func markRevoked(realm: String, clientID: String?) throws(StoreError) {
        sync()
        guard let now = clock?.now().epochSeconds else { return }
        let key = Self.markKey(realm, clientID ?? "")
        let mark = max(now, revokedBefore[key] ?? .min)
        try database.batchedRun(
            "INSERT OR REPLACE INTO oauth_revoked_before (realm, client_id, issued_at) VALUES (?, ?, ?)",
            [.text(realm), .text(clientID ?? ""), .integer(mark)])
        revokedBefore[key] = mark
    }

    /// Removes expired denials.
    func prune(now: Int64) throws(StoreError) { try denials.maintain(now: now) }

    private func withRevocations(_ record: TokenRecord) -> TokenRecord {
        var record = record
        if isMarkedRevoked(record, inclusive: true) || isDenied(record) { record.revoked = true }
        return record
    }

    private func isMarkedRevoked(_ record: TokenRecord, inclusive: Bool) -> Bool {
        guard !revokedBefore.isEmpty else { return false }
        for key in [Self.markKey(record.realm, record.clientID), Self.markKey(record.realm, "")] {
            if let mark = revokedBefore[key], inclusive ? record.issuedAt <= mark : record.issuedAt < mark {
                return true
            }
        }
        return false
    }

    private func isDenied(_ record: TokenRecord) -> Bool {
        guard hasDenials, let jti = record.claims["jti"]?.stringValue else { return false }
        return
            (try? database.queryOne(
                "SELECT 1 FROM oauth_revoked_jtis WHERE realm = ? AND jti = ?", [.text(record.realm), .text(jti)]))
            != nil
    }

    private func loadKeys(realm: String) {
        guard !allLoaded, !loadedRealms.contains(realm) else { return }
        loadedRealms.insert(realm)
        guard
            let rows = try? database.query(
                "SELECT realm, kid, jwk FROM oauth_token_keys WHERE realm = ?", [.text(realm)])
        else { return }
        add(rows)
    }

    private func loadAllKeys() {
        guard !allLoaded else { return }
        allLoaded = true
        guard let rows = try? database.query("SELECT realm, kid, jwk FROM oauth_token_keys") else { return }
        add(rows)
    }

    private func add(_ rows: [Row]) {
        for row in rows {
            guard let realm = row.string("realm"), let kid = row.string("kid"), keys[realm]?[kid] == nil,
                let jwk = row.string("jwk").flatMap({ try? JSON.parse($0) }), let key = try? VerificationKey(jwk: jwk)
            else { continue }
            keys[realm, default: [:]][kid] = key
            kidOwners[kid] = kidOwners[kid] ?? realm
        }
    }

    private static func markKey(_ realm: String, _ clientID: String) -> String { realm + "\u{0}" + clientID }

    private static func looksLikeJWT(_ token: String) -> Bool {
        token.hasPrefix("eyJ") && token.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count == 2
    }

    /// What a client-credentials JWT's claims say about it: `sub` is the client (`client_id`, else `azp`, else the
    /// only `aud`), the scopes are `scp` or `scope`. Nil for claims of a user's token (`amr`, `idp`, or `sub` other
    /// than the client), which are always stored.
    static func record(claims: JSONObject, realm: String) -> TokenRecord? {
        guard let subject = claims["sub"]?.stringValue, let issuedAt = claims["iat"]?.intValue,
            let expiresAt = claims["exp"]?.intValue, let jti = claims["jti"]?.stringValue,
            claims["amr"] == nil, claims["idp"] == nil
        else { return nil }
        let audience = claims["aud"]
        let clientID: String?
        if let named = claims["client_id"]?.stringValue ?? claims["azp"]?.stringValue {
            clientID = named
        } else if let single = audience?.stringValue {
            clientID = single
        } else if let list = audience?.arrayValue, list.count == 1 {
            clientID = list[0].stringValue
        } else {
            clientID = nil
        }
        guard let clientID, clientID == subject else { return nil }
        let scopes: [String]
        if let list = claims["scp"]?.arrayValue {
            scopes = list.compactMap(\.stringValue)
            guard scopes.count == list.count else { return nil }
        } else {
            scopes = Scopes.parse(claims["scope"]?.stringValue)
        }
        return TokenRecord(
            realm: realm, kind: .access, clientID: clientID, subject: subject, scopes: scopes, issuedAt: issuedAt,
            expiresAt: expiresAt, grantID: "", claims: ["jti": .string(jti), "aud": audience ?? .null])
    }
}

extension TokenRecord {
    /// Same realm, kind, client, subject, scopes, times, family and facts (jti, aud).
    func describesSameToken(as other: TokenRecord) -> Bool {
        realm == other.realm && kind == other.kind && clientID == other.clientID && subject == other.subject
            && scopes == other.scopes && issuedAt == other.issuedAt && expiresAt == other.expiresAt
            && grantID == other.grantID
            && revoked == other.revoked && claims["jti"] == other.claims["jti"]
            && (claims["aud"] ?? .null) == (other.claims["aud"] ?? .null)
            && claims.count == other.claims.count
    }
}
