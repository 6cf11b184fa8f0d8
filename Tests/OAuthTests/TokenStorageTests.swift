import JOSE
import JSON
import OAuth
import Primitives
import Store
import XCTest

/// What the engine stores per token: a cap that evicts expired rows first and then the oldest, and client-credentials
/// JWTs that are not stored at all yet introspect and revoke as before.
final class TokenStorageTests: XCTestCase {
    private func database(maxRows: Int = 50_000) throws -> Database {
        let database = try Database()
        try Migrator.migrate(database, module: OAuthSchema.name, migrations: OAuthSchema.migrations)
        database.bounds.maxRows = maxRows
        return database
    }

    private func opaque(_ realm: String = "t/a", issuedAt: Int64, expiresAt: Int64) -> TokenRecord {
        TokenRecord(
            realm: realm, kind: .access, clientID: "c", subject: "c", scopes: ["read"], issuedAt: issuedAt,
            expiresAt: expiresAt, grantID: "")
    }

    private func storedRows(_ database: Database) throws -> Int64 {
        try database.queryOne("SELECT count(*) FROM oauth_tokens")?[0].int ?? -1
    }

    func testTheCapEvictsTheOldestOpaqueTokensFirst() throws {
        let database = try database(maxRows: 3)
        var warnings: [String] = []
        database.bounds.onFirstLiveEviction = { table, _ in warnings.append(table) }
        let store = TokenStore(database: database)
        // One second for all of them (a frozen clock): issue order, not issued_at, decides which are oldest.
        for index in 1...5 { try store.record("token-\(index)", opaque(issuedAt: 100, expiresAt: 200), now: 100) }
        XCTAssertNil(store.find("token-1", realm: "t/a"))
        XCTAssertNil(store.find("token-2", realm: "t/a"))
        for index in 3...5 {
            XCTAssertNotNil(store.find("token-\(index)", realm: "t/a"), "token-\(index) is among the newest")
        }
        XCTAssertEqual(try storedRows(database), 3)
        XCTAssertEqual(database.bounds.liveEvictions["oauth_tokens"], 2)
        XCTAssertEqual(warnings, ["oauth_tokens"], "one warning, the first time a live token goes")
    }

    func testExpiredTokensGoBeforeTheOldestLiveOne() throws {
        let database = try database(maxRows: 3)
        let store = TokenStore(database: database)
        try store.record("old-live", opaque(issuedAt: 100, expiresAt: 10_000), now: 100)
        try store.record("expired", opaque(issuedAt: 100, expiresAt: 150), now: 100)
        try store.record("live-2", opaque(issuedAt: 200, expiresAt: 10_000), now: 200)
        try store.record("live-3", opaque(issuedAt: 200, expiresAt: 10_000), now: 200)
        XCTAssertNil(store.find("expired", realm: "t/a"))
        XCTAssertNotNil(store.find("old-live", realm: "t/a"), "the expired token made room, not the oldest live one")
        XCTAssertNil(database.bounds.liveEvictions["oauth_tokens"])
        try store.record("live-4", opaque(issuedAt: 300, expiresAt: 10_000), now: 300)
        XCTAssertNil(store.find("old-live", realm: "t/a"), "then the oldest")
        XCTAssertEqual(database.bounds.liveEvictions["oauth_tokens"], 1)
    }

    // MARK: Stateless client-credentials JWTs

    private let client = OAuthClient(
        id: "svc", secret: "s", authMethods: [.clientSecretBasic], grantTypes: ["client_credentials"])

    private func realm(_ key: SigningKey) -> OAuthRealm {
        let client = self.client
        return OAuthRealm(
            id: "t/a", issuer: "http://h/t/a", tokenEndpoint: "http://h/t/a/token", policy: TokenPolicy(),
            signingKey: key,
            grantTypes: ["client_credentials"], findClient: { $0 == client.id ? client : nil },
            authenticateUser: { _, _ in nil },
            addAccessTokenClaims: { claims, _, _ in claims["tid"] = "t" })
    }

    private func issue(_ engine: OAuthEngine, _ realm: OAuthRealm) throws -> String {
        var issued: Result<JSONObject, OAuthError>?
        engine.issuer.issue(
            TokenGrant(client: client, user: nil, scopes: ["read", "write"], grantID: ""), realm: realm
        ) { issued = $0 }
        return try XCTUnwrap(try XCTUnwrap(issued).get()["access_token"]?.stringValue)
    }

    func testClientCredentialsJWTsAreNotStoredYetIntrospectAndRevoke() throws {
        let database = try database()
        let clock = Clock()
        clock.freeze(at: Timestamp(seconds: 1_900_000_000))
        let engine = OAuthEngine(database: database, clock: clock, workers: nil)
        let realm = realm(
            try SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: Timestamp(seconds: 0)))
        let first = try issue(engine, realm)
        let second = try issue(engine, realm)
        XCTAssertEqual(try storedRows(database), 0, "a client-credentials JWT has no row")

        let body = engine.introspect(first, realm: realm, callerClientID: nil, anyToken: true)
        XCTAssertEqual(body["active"], true)
        XCTAssertEqual(body["client_id"], "svc")
        XCTAssertEqual(body["sub"], "svc")
        XCTAssertEqual(body["scope"], "read write")
        XCTAssertEqual(body["exp"], .int(1_900_003_600))
        XCTAssertEqual(body["aud"], ["svc"])
        XCTAssertNotNil(body["jti"])
        XCTAssertEqual(engine.tokens.findAnywhere(first)?.realm, "t/a")
        XCTAssertNil(engine.tokens.find(first, realm: "t/other"), "another realm's token is unknown")
        XCTAssertNil(
            engine.tokens.find(String(first.dropLast(2)) + "AA", realm: realm.id), "a forged signature is unknown")

        try engine.revoke(first, realm: realm, callerClientID: "svc")
        XCTAssertEqual(engine.introspect(first, realm: realm, callerClientID: nil, anyToken: true)["active"], false)
        XCTAssertEqual(engine.introspect(second, realm: realm, callerClientID: nil, anyToken: true)["active"], true)

        clock.advance(by: .seconds(3600))
        XCTAssertEqual(
            engine.introspect(second, realm: realm, callerClientID: nil, anyToken: true)["active"], false, "expired")
    }

    func testRevokingAClientTakesItsStatelessTokensButNotLaterOnes() throws {
        let database = try database()
        let clock = Clock()
        clock.freeze(at: Timestamp(seconds: 1_900_000_000))
        let engine = OAuthEngine(database: database, clock: clock, workers: nil)
        let realm = realm(
            try SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: Timestamp(seconds: 0)))
        let before = try issue(engine, realm)
        try engine.tokens.revokeAll(realm: realm.id, clientID: "svc")
        XCTAssertEqual(engine.introspect(before, realm: realm, callerClientID: nil, anyToken: true)["active"], false)
        // Issued in the same second as the revocation: stored, so the revocation mark cannot take it.
        let sameSecond = try issue(engine, realm)
        XCTAssertEqual(try storedRows(database), 1)
        XCTAssertEqual(engine.introspect(sameSecond, realm: realm, callerClientID: nil, anyToken: true)["active"], true)
        clock.advance(by: .seconds(1))
        let later = try issue(engine, realm)
        XCTAssertEqual(try storedRows(database), 1)
        XCTAssertEqual(engine.introspect(later, realm: realm, callerClientID: nil, anyToken: true)["active"], true)
        try engine.tokens.revokeAll(realm: realm.id)
        XCTAssertEqual(engine.introspect(later, realm: realm, callerClientID: nil, anyToken: true)["active"], false)
        XCTAssertEqual(
            engine.introspect(sameSecond, realm: realm, callerClientID: nil, anyToken: true)["active"], false)
    }
}
