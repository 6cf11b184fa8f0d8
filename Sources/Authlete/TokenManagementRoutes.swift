import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// Token operations (spec "Token Operations"): list a client's or a subject's access tokens (by hash, never the
/// tokens), create tokens without a grant flow, update one's expiry or scopes, revoke and delete.
struct TokenManagementRoutes {
    let runtime: Runtime

    func register(_ services: RouteGroup<ServiceCall>) {
        services.api(.GET, "/auth/token/get/list") { request, call in try list(request, call) }
        services.deferredAPI(.POST, "/auth/token/create") { try create(try RequestFields($0), $1) }
        services.api(.POST, "/auth/token/update") { try update(try RequestFields($0), $1) }
        services.api(.POST, "/auth/token/revoke") { try revoke(try RequestFields($0), $1) }
        services.api(.DELETE, "/auth/token/delete/{accessTokenIdentifier}") { request, call in
            try delete(try request.require("accessTokenIdentifier"), call)
        }
    }

    /// The client named by `identifier` (an id or an alias); 404 if none.
    private func client(_ identifier: String, _ call: ServiceCall) throws(AuthleteError) -> AuthleteClient {
        guard let client = call.service.client(identifier: identifier) else {
            throw .notFound(call.apiPath, "The client (ID = \(identifier)) does not exist.")
        }
        return client
    }

    private func list(_ request: Request, _ call: ServiceCall) throws -> Response {
        let identifier = request.query["clientIdentifier"].flatMap { $0.isEmpty ? nil : $0 }
        let client = try identifier.map { identifier throws(AuthleteError) in try self.client(identifier, call) }
        let subject = request.query["subject"].flatMap { $0.isEmpty ? nil : $0 }
        let now = runtime.clock.now().epochSeconds
        let tokens = runtime.engine.tokens.list(
            realm: Runtime.realmID(call.service), kind: .access,
            clientID: client.map { String($0.id) }, subject: subject
        )
        .filter { $0.record.isActive(at: now) }
        let page = ListPage(tokens, query: request.query)
        var body = page.counts
        if let client { body["client"] = client.limitedView }
        if let subject { body["subject"] = .string(subject) }
        body["accessTokens"] = .array(
            page.items.map { token in
                [
                    "accessTokenHash": .string(Base64.encodeURL(token.hash)),
                    "clientId": .int(Int64(token.record.clientID) ?? 0),
                    "subject": token.record.hasUser ? .string(token.record.subject) : .null,
                    "scopes": .array(token.record.scopes.map(JSON.string)),
                    "accessTokenExpiresAt": .int(token.record.expiresAt * 1000),
                    "createdAt": .int(token.record.issuedAt * 1000),
                    "lastRefreshedAt": 0,
                ]
            })
        return .json(.object(body))
    }

    /// The members of a created token's answer.
    private static func created(
        _ token: JSON, grantName: String, client: AuthleteClient, subject: String?,
        scopes: [String], expiresAt: Int64, duration: Int64
    ) -> JSONObject {
        [
            "accessToken": token, "clientId": .int(client.id), "expiresAt": .int(expiresAt),
            "expiresIn": .int(duration),
            "grantType": .string(grantName), "scopes": .array(scopes.map(JSON.string)),
            "subject": subject.map(JSON.string) ?? .null, "tokenType": "Bearer",
        ]
    }

    private static func createdMessage(_ grantName: String, _ client: AuthleteClient) -> String {
        "An access token was created successfully: \(grantName.lowercased()), client = \(client.id)"
    }

    private func create(_ fields: RequestFields, _ call: ServiceCall) throws -> Reply {
        func bad(_ description: String) -> AuthleteError {
            .action(ActionResult("BAD_REQUEST", code: "A109201", message: description))
        }
        guard let grantName = fields.string("grantType"), EnumSets.grantType.contains(grantName) else {
            throw bad("'grantType' must be one of \(EnumSets.grantType.sorted().joined(separator: ", ")).")
        }
        guard let identifier = fields.string("clientId") ?? fields.string("clientIdentifier"),
            let client = call.service.client(identifier: identifier)
        else {
            throw bad("'clientId' does not name a client of the service.")
        }
        let subject = fields.string("subject")
        guard subject != nil || grantName == "CLIENT_CREDENTIALS" else {
            throw bad("'subject' is required unless 'grantType' is CLIENT_CREDENTIALS.")
        }
        let scopes = fields.strings("scopes") ?? []
        if let unknown = scopes.first(where: { !call.service.supportedScopes.contains($0) }) {
            throw bad("The scope '\(unknown)' is not supported by the service.")
        }
        let realm = runtime.realm(call.service, client: client, durationsFrom: fields)
        let duration = realm.policy.accessTokenTTL.nanoseconds / 1_000_000_000
        if let value = fields.string("accessToken") {
            return .now(
                try createWithValue(
                    value, grantName: grantName, client: client, subject: subject,
                    scopes: scopes, duration: duration, call: call))
        }
        let refresh =
            grantName != "CLIENT_CREDENTIALS" && client.grantTypeNames.contains("REFRESH_TOKEN")
            && call.service.grantTypeNames.contains("REFRESH_TOKEN")
        let grant = TokenGrant(
            client: client.oauthClient(in: call.service),
            user: subject.map { UserProfile(subject: $0, amr: []) }, scopes: scopes,
            grantID: SecureRandom.uuid(), includeRefreshToken: refresh)
        // Whole seconds, as the engine stores expiry: the ms values agree with introspection's `expiresAt`.
        let now = runtime.clock.now().epochSeconds * 1000
        let jwt = realm.policy.accessTokenFormat == .jwt
        return runtime.issue(
            grant, realm: realm,
            failure: {
                ActionResult("INTERNAL_SERVER_ERROR", code: "A109101", message: $0.description)
            }
        ) { issued in
            var members = Self.created(
                issued["access_token"] ?? .null, grantName: grantName, client: client,
                subject: subject, scopes: scopes, expiresAt: now + duration * 1000,
                duration: duration)
            if let refresh = issued["refresh_token"] { members["refreshToken"] = refresh }
            if jwt { members["jwtAccessToken"] = issued["access_token"] ?? .null }
            return ActionResult(
                "OK", code: "A109001", message: Self.createdMessage(grantName, client),
                members
            ).response
        }
    }

    /// `accessToken` given: the token is that value (spec `token_create_request.accessToken`), without a refresh token.
    private func createWithValue(
        _ value: String, grantName: String, client: AuthleteClient, subject: String?,
        scopes: [String], duration: Int64, call: ServiceCall
    ) throws -> Response {
        let realm = Runtime.realmID(call.service)
        guard runtime.engine.tokens.find(value, realm: realm) == nil else {
            throw AuthleteError.action(
                ActionResult(
                    "BAD_REQUEST", code: "A109202",
                    message: "An access token with the given value already exists."))
        }
        let now = runtime.clock.now().epochSeconds
        let record = TokenRecord(
            realm: realm, kind: .access, clientID: String(client.id),
            subject: subject ?? String(client.id), scopes: scopes, issuedAt: now,
            expiresAt: now + duration, grantID: SecureRandom.uuid(),
            claims: subject == nil ? [:] : ["user": [:]])
        try runtime.engine.tokens.record(value, record, now: now)
        return ActionResult(
            "OK", code: "A109001", message: Self.createdMessage(grantName, client),
            Self.created(
                .string(value), grantName: grantName, client: client, subject: subject,
                scopes: scopes, expiresAt: (now + duration) * 1000,
                duration: duration)
        ).response
    }

    private func update(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        guard let token = fields.string("accessToken") else {
            throw AuthleteError.action(
                ActionResult(
                    "BAD_REQUEST", code: "A135201",
                    message: "The request does not contain 'accessToken'."))
        }
        guard var record = runtime.existingAccessToken(token, service: call.service) else {
            throw AuthleteError.action(
                ActionResult(
                    "NOT_FOUND", code: "A135301",
                    message: "The access token does not exist."))
        }
        if let expiresAt = fields.positiveInt("accessTokenExpiresAt") { record.expiresAt = expiresAt / 1000 }
        if let scopes = fields.strings("scopes") {
            if let unknown = scopes.first(where: { !call.service.supportedScopes.contains($0) }) {
                throw AuthleteError.action(
                    ActionResult(
                        "BAD_REQUEST", code: "A135202",
                        message: "The scope '\(unknown)' is not supported by the service."))
            }
            record.scopes = scopes
        }
        try runtime.engine.tokens.record(token, record, now: runtime.clock.now().epochSeconds)
        return ActionResult(
            "OK", code: "A135001", message: "Updated the access token successfully.",
            [
                "accessToken": .string(token), "accessTokenExpiresAt": .int(record.expiresAt * 1000),
                "scopes": .array(record.scopes.map(JSON.string)), "tokenType": "Bearer",
            ]
        ).response
    }

    private func revoke(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        let realm = Runtime.realmID(call.service)
        var grants = Set<String>()
        for name in ["accessTokenIdentifier", "refreshTokenIdentifier"] {
            if let identifier = fields.string(name), let record = runtime.engine.tokens.find(identifier, realm: realm),
                !record.revoked
            {
                grants.insert(record.grantID)
            }
        }
        let clientIdentifier = fields.string("clientIdentifier")
        let subject = fields.string("subject")
        if grants.isEmpty && (clientIdentifier != nil || subject != nil) {
            let clientID = try clientIdentifier.map { identifier throws(AuthleteError) in
                String(try client(identifier, call).id)
            }
            for token in runtime.engine.tokens.list(realm: realm, kind: .access, clientID: clientID, subject: subject) {
                grants.insert(token.record.grantID)
            }
        }
        try runtime.directory.database.transaction {
            for grant in grants { try runtime.engine.tokens.revokeGrant(grant) }
        }
        return .json([
            "resultCode": "A135002",
            "resultMessage": .string("[A135002] Revoked \(grants.count) access token(s)."),
            "count": .int(Int64(grants.count)),
        ])
    }

    private func delete(_ token: String, _ call: ServiceCall) throws -> Response {
        guard let record = runtime.existingAccessToken(token, service: call.service) else {
            throw AuthleteError.notFound(call.apiPath, "The access token does not exist.")
        }
        try runtime.engine.tokens.revokeGrant(record.grantID)
        return .empty(204)
    }
}
