import HTTP
import JOSE
import JSON
import OAuth
import Primitives
import Store

/// An OAuth engine over a fresh in-memory store with one realm and its clients, for grant tests: requests go through
/// the engine's token endpoint (client authentication, grant registry, issuing) with no HTTP server.
final class GrantFixture {
    static let redirect = "https://app.example/cb"
    let database: Database
    let engine: OAuthEngine
    let clock = Clock()
    let realm: OAuthRealm
    let jane = UserProfile(subject: "jane", claims: ["email": "jane@example.com"])

    static let web = OAuthClient(
        id: "web", secret: "web-secret", authMethods: [.clientSecretBasic, .clientSecretPost],
        grantTypes: ["authorization_code", "refresh_token", "client_credentials", "password"],
        redirectURIs: [redirect], allowedScopes: ["openid", "email", "offline_access", "api"],
        defaultScopes: ["api"])
    static let spa = OAuthClient(
        id: "spa", secret: nil, authMethods: [.none],
        grantTypes: ["authorization_code", "refresh_token", "client_credentials"],
        redirectURIs: [redirect], allowedScopes: ["openid", "offline_access"])

    init() throws {
        database = try Database()
        try Migrator.migrate(database, module: OAuthSchema.name, migrations: OAuthSchema.migrations)
        clock.freeze()
        engine = OAuthEngine(database: database, clock: clock, workers: nil)
        let jane = self.jane
        realm = OAuthRealm(
            id: "t/a", issuer: "http://h/t/a", tokenEndpoint: "http://h/t/a/oauth2/token", policy: TokenPolicy(),
            signingKey: try SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: Timestamp(seconds: 0)),
            grantTypes: ["authorization_code", "refresh_token", "client_credentials", "password"],
            findClient: { id in [Self.web, Self.spa].first { $0.id == id } },
            authenticateUser: { username, password in username == "jane" && password == "pw" ? jane : nil })
    }

    /// A token request with `form` (URL-encoded) and the web client's secret in a Basic header unless `basic` is nil.
    func token(_ form: String, basic: (String, String)? = ("web", "web-secret")) -> Result<JSONObject, OAuthError> {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if let (id, secret) = basic {
            headers.add("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))
        }
        let request = Request(method: .POST, target: "/t/a/oauth2/token", headers: headers, body: Array(form.utf8))
        var outcome: Result<JSONObject, OAuthError>?
        engine.token(request, realm: realm) { outcome = $0 }
        return outcome!
    }

    /// A code issued by the authorization endpoint to Jane's sign-in for `client` (nonce `n-1`).
    func code(
        scope: String = "openid offline_access", challenge: String? = nil, client: String = "web"
    ) throws -> String {
        var query = FormData(pairs: [
            ("response_type", "code"), ("client_id", client), ("redirect_uri", Self.redirect),
            ("scope", scope), ("nonce", "n-1"),
        ])
        if let challenge {
            query = FormData(pairs: query.pairs + [("code_challenge", challenge), ("code_challenge_method", "S256")])
        }
        guard case .valid(let authorization) = AuthorizationEndpoint.check(query, realm: realm) else {
            throw FixtureError(description: "the authorization request was refused")
        }
        return try AuthorizationEndpoint.issueCode(authorization, user: jane, realm: realm, engine: engine)
    }

    /// The form of a code exchange.
    static func exchange(_ code: String, verifier: String? = nil) -> String {
        "grant_type=authorization_code&code=\(code)&redirect_uri=" + PercentDecoding.encode(redirect)
            + (verifier.map { "&code_verifier=" + $0 } ?? "")
    }

    /// Makes every change to the rows of `table` fail (a trigger that aborts) while `body` runs, and nothing
    /// else: new tokens can still be stored, so only a grant that checks its own writes refuses.
    func withFailingUpdates<T>(of table: String, _ body: () throws -> T) throws -> T {
        try database.execute(
            """
            CREATE TEMP TRIGGER fail_update BEFORE UPDATE ON \(table) BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;
            CREATE TEMP TRIGGER fail_delete BEFORE DELETE ON \(table) BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;
            """)
        defer { try? database.execute("DROP TRIGGER temp.fail_update; DROP TRIGGER temp.fail_delete") }
        return try body()
    }
}

struct FixtureError: Error, CustomStringConvertible { let description: String }

extension Result where Success == JSONObject, Failure == OAuthError {
    /// The OAuth error code of a failure, or nil for a success.
    var errorCode: String? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
    /// The response members of a success.
    var members: JSONObject? {
        if case .success(let body) = self { return body }
        return nil
    }
}
