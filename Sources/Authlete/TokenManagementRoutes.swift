import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// Token operations (spec "Token Operations"): list a client's or a subject's access tokens (by hash, never the
/// tokens), create tokens without a grant flow, update one's expiry or scopes, revoke and delete.
struct TokenManagementRoutes {
    let runtime: Runtime

    func register(_ access: APIAccess) {
        access.service(.GET, "/auth/token/get/list") { list($0) }
        access.service(.POST, "/auth/token/create") { create($0) }
        access.service(.POST, "/auth/token/update") { update($0) }
        access.service(.POST, "/auth/token/revoke") { revoke($0) }
        access.service(.DELETE, "/auth/token/delete/{accessTokenIdentifier}") { delete($0) }
    }

    private func list(_ call: ServiceCall) -> Reply {
        let query = call.request.query
        var client: AuthleteClient?
        if let identifier = query["clientIdentifier"], !identifier.isEmpty {
            guard let found = call.service.client(identifier: identifier) else {
                return .now(AuthleteErrors.notFound(call.apiPath, "The client (ID = \(identifier)) does not exist."))
            }
            client = found
        }
        let subject = query["subject"].flatMap { $0.isEmpty ? nil : $0 }
        let now = runtime.clock.now().epochSeconds
        let tokens = runtime.engine.tokens.list(realm: Runtime.realmID(call.service), kind: .access,
                                                clientID: client.map { String($0.id) }, subject: subject)
            .filter { $0.record.isActive(at: now) }
        let (start, end) = ServiceRoutes.range(call.request)
        let page = tokens.count > start ? Array(tokens[start..<min(end, tokens.count)]) : []
        var body: JSONObject = ["start": .int(Int64(start)), "end": .int(Int64(end)), "totalCount": .int(Int64(tokens.count))]
        if let client { body["client"] = client.limitedView }
        if let subject { body["subject"] = .string(subject) }
        body["accessTokens"] = .array(page.map { token in
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
        return .now(.json(.object(body)))
    }

    private func fields(_ call: ServiceCall) -> Result<RequestFields, Refusal> {
        RequestFields.read(call.request, apiPath: call.apiPath)
    }

    private func create(_ call: ServiceCall) -> Reply {
        let fields: RequestFields
        switch self.fields(call) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let read): fields = read
        }
        func bad(_ description: String) -> Reply { ActionResult("BAD_REQUEST", code: "A109201", message: description).reply }
        guard let grantName = fields.string("grantType"), EnumSets.grantType.contains(grantName) else {
            return bad("'grantType' must be one of \(EnumSets.grantType.sorted().joined(separator: ", ")).")
        }
        guard let identifier = fields.string("clientId") ?? fields.string("clientIdentifier"), let client = call.service.client(identifier: identifier) else {
            return bad("'clientId' does not name a client of the service.")
        }
        let subject = fields.string("subject")
        guard subject != nil || grantName == "CLIENT_CREDENTIALS" else { return bad("'subject' is required unless 'grantType' is CLIENT_CREDENTIALS.") }
        let scopes = fields.strings("scopes") ?? []
        if let unknown = scopes.first(where: { !call.service.supportedScopes.contains($0) }) {
            return bad("The scope '\(unknown)' is not supported by the service.")
        }
        let realm = runtime.realm(call.service, client: client, accessTokenDuration: fields.positiveInt("accessTokenDuration"),
                                  refreshTokenDuration: fields.positiveInt("refreshTokenDuration"))
        let refresh = grantName != "CLIENT_CREDENTIALS" && client.grantTypeNames.contains("REFRESH_TOKEN")
            && call.service.grantTypeNames.contains("REFRESH_TOKEN")
        let grant = TokenGrant(client: client.oauthClient(in: call.service), user: subject.map { UserProfile(subject: $0, amr: []) },
                               scopes: scopes, grantID: SecureRandom.uuid(), includeRefreshToken: refresh)
        // Whole seconds, as the engine stores expiry: the ms values agree with introspection's `expiresAt`.
        let now = runtime.clock.now().epochSeconds * 1000
        let duration = realm.policy.accessTokenTTL.nanoseconds / 1_000_000_000
        let jwt = realm.policy.accessTokenFormat == .jwt
        if let value = fields.string("accessToken") {
            return createWithValue(value, grantName: grantName, client: client, subject: subject, scopes: scopes, duration: duration, call: call)
        }
        return .collect { resolve in
            runtime.engine.issuer.issue(grant, realm: realm) { result in
                switch result {
                case .failure(let error):
                    resolve(ActionResult("INTERNAL_SERVER_ERROR", code: "A109101", message: error.description).response)
                case .success(let issued):
                    var members: JSONObject = [
                        "accessToken": issued["access_token"] ?? .null, "clientId": .int(client.id),
                        "expiresAt": .int(now + duration * 1000), "expiresIn": .int(duration), "grantType": .string(grantName),
                        "scopes": .array(scopes.map(JSON.string)), "subject": subject.map(JSON.string) ?? .null, "tokenType": "Bearer",
                    ]
                    if let refresh = issued["refresh_token"] { members["refreshToken"] = refresh }
                    if jwt { members["jwtAccessToken"] = issued["access_token"] ?? .null }
                    resolve(ActionResult("OK", code: "A109001",
                                         message: "An access token was created successfully: \(grantName.lowercased()), client = \(client.id)",
                                         members).response)
                }
            }
        }
    }

    /// `accessToken` given: the token is that value (spec `token_create_request.accessToken`), without a refresh token.
    private func createWithValue(_ value: String, grantName: String, client: AuthleteClient, subject: String?, scopes: [String],
                                 duration: Int64, call: ServiceCall) -> Reply {
        let realm = Runtime.realmID(call.service)
        guard runtime.engine.tokens.find(value, realm: realm) == nil else {
            return ActionResult("BAD_REQUEST", code: "A109202", message: "An access token with the given value already exists.").reply
        }
        let now = runtime.clock.now().epochSeconds
        let record = TokenRecord(realm: realm, kind: .access, clientID: String(client.id), subject: subject ?? String(client.id),
                                 scopes: scopes, issuedAt: now, expiresAt: now + duration, grantID: SecureRandom.uuid(),
                                 claims: subject == nil ? [:] : ["user": [:]])
        do { try runtime.engine.tokens.record(value, record, now: now) } catch { return .now(AuthleteErrors.storeFailure(call.apiPath, error)) }
        return ActionResult("OK", code: "A109001", message: "An access token was created successfully: \(grantName.lowercased()), client = \(client.id)", [
            "accessToken": .string(value), "clientId": .int(client.id), "expiresAt": .int((now + duration) * 1000),
            "expiresIn": .int(duration), "grantType": .string(grantName), "scopes": .array(scopes.map(JSON.string)),
            "subject": subject.map(JSON.string) ?? .null, "tokenType": "Bearer",
        ]).reply
    }

    private func update(_ call: ServiceCall) -> Reply {
        let fields: RequestFields
        switch self.fields(call) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let read): fields = read
        }
        guard let token = fields.string("accessToken") else {
            return ActionResult("BAD_REQUEST", code: "A135201", message: "The request does not contain 'accessToken'.").reply
        }
        guard var record = TokenInspectionRoutes.existingAccessToken(token, service: call.service, runtime: runtime) else {
            return ActionResult("NOT_FOUND", code: "A135301", message: "The access token does not exist.").reply
        }
        if let expiresAt = fields.positiveInt("accessTokenExpiresAt") { record.expiresAt = expiresAt / 1000 }
        if let scopes = fields.strings("scopes") {
            if let unknown = scopes.first(where: { !call.service.supportedScopes.contains($0) }) {
                return ActionResult("BAD_REQUEST", code: "A135202", message: "The scope '\(unknown)' is not supported by the service.").reply
            }
            record.scopes = scopes
        }
        do { try runtime.engine.tokens.record(token, record, now: runtime.clock.now().epochSeconds) } catch {
            return .now(AuthleteErrors.storeFailure(call.apiPath, error))
        }
        return ActionResult("OK", code: "A135001", message: "Updated the access token successfully.", [
            "accessToken": .string(token), "accessTokenExpiresAt": .int(record.expiresAt * 1000),
            "scopes": .array(record.scopes.map(JSON.string)), "tokenType": "Bearer",
        ]).reply
    }

    private func revoke(_ call: ServiceCall) -> Reply {
        let fields: RequestFields
        switch self.fields(call) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let read): fields = read
        }
        let realm = Runtime.realmID(call.service)
        var grants = Set<String>()
        for identifier in [fields.string("accessTokenIdentifier"), fields.string("refreshTokenIdentifier")].compactMap({ $0 }) {
            if let record = runtime.engine.tokens.find(identifier, realm: realm), !record.revoked { grants.insert(record.grantID) }
        }
        let clientIdentifier = fields.string("clientIdentifier")
        let subject = fields.string("subject")
        if grants.isEmpty && (clientIdentifier != nil || subject != nil) {
            var clientID: String?
            if let clientIdentifier {
                guard let client = call.service.client(identifier: clientIdentifier) else {
                    return .now(AuthleteErrors.notFound(call.apiPath, "The client (ID = \(clientIdentifier)) does not exist."))
                }
                clientID = String(client.id)
            }
            for token in runtime.engine.tokens.list(realm: realm, kind: .access, clientID: clientID, subject: subject) {
                grants.insert(token.record.grantID)
            }
        }
        do { for grant in grants { try runtime.engine.tokens.revokeGrant(grant) } } catch {
            return .now(AuthleteErrors.storeFailure(call.apiPath, error))
        }
        return .now(.json(["resultCode": "A135002", "resultMessage": .string("[A135002] Revoked \(grants.count) access token(s)."),
                           "count": .int(Int64(grants.count))]))
    }

    private func delete(_ call: ServiceCall) -> Reply {
        let token = call.request.param("accessTokenIdentifier") ?? ""
        guard let record = TokenInspectionRoutes.existingAccessToken(token, service: call.service, runtime: runtime) else {
            return .now(AuthleteErrors.notFound(call.apiPath, "The access token does not exist."))
        }
        do { try runtime.engine.tokens.revokeGrant(record.grantID) } catch { return .now(AuthleteErrors.storeFailure(call.apiPath, error)) }
        return .now(.empty(204))
    }
}
