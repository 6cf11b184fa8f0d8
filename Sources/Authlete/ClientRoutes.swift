import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// Client management under `/api/{serviceId}/client/`: create, get, list, update, delete, the secret, the lock flag,
/// requestable scopes and granted scopes (spec "Client Management").
struct ClientRoutes {
    let directory: ServiceDirectory
    let runtime: Runtime
    /// Members the server owns: a create or update cannot set them.
    static let serverOwned: Set<String> = ["clientId", "clientSecret", "number", "serviceNumber", "createdAt", "modifiedAt",
                                           "dynamicallyRegistered", "registrationAccessTokenHash", "locked"]

    func register(_ access: APIAccess) {
        access.service(.POST, "/client/create") { create($0) }
        access.service(.GET, "/client/get/list") { list($0) }
        access.service(.GET, "/client/get/{clientId}") { call in withClient(call) { .now(.json(.object($0.document))) } }
        access.service(.POST, "/client/update/{clientId}") { update($0) }
        access.service(.DELETE, "/client/delete/{clientId}") { delete($0) }
        access.service(.GET, "/client/secret/refresh/{clientIdentifier}") { refreshSecret($0) }
        access.service(.POST, "/client/secret/update/{clientIdentifier}") { updateSecret($0) }
        access.service(.POST, "/client/lock_flag/update/{clientIdentifier}") { lockFlag($0) }
        access.service(.GET, "/client/extension/requestable_scopes/get/{clientId}") { call in
            withClient(call) { .now(.json(["requestableScopes": .array(($0.requestableScopes ?? []).map(JSON.string))])) }
        }
        access.service(.POST, "/client/extension/requestable_scopes/update/{clientId}") { updateRequestableScopes($0) }
        access.service(.PUT, "/client/extension/requestable_scopes/update/{clientId}") { updateRequestableScopes($0) }
        access.service(.DELETE, "/client/extension/requestable_scopes/delete/{clientId}") { deleteRequestableScopes($0) }
        access.service(.POST, "/client/granted_scopes/get/{clientId}") { grantedScopes($0) }
        access.service(.GET, "/client/granted_scopes/get/{clientId}") { grantedScopes($0) }
        access.service(.POST, "/client/granted_scopes/delete/{clientId}") { deleteGrantedScopes($0) }
        access.service(.DELETE, "/client/granted_scopes/delete/{clientId}") { deleteGrantedScopes($0) }
    }

    /// Runs `body` with the client named by the path (`clientId` or `clientIdentifier`, an id or an alias); 404 if none.
    private func withClient(_ call: ServiceCall, _ body: (AuthleteClient) -> Reply) -> Reply {
        let identifier = call.request.param("clientId") ?? call.request.param("clientIdentifier") ?? ""
        guard let client = call.service.client(identifier: identifier) else {
            return .now(AuthleteErrors.notFound(call.apiPath, "The client (ID = \(identifier)) does not exist in the service (API Key = \(call.service.apiKey))."))
        }
        return body(client)
    }

    /// 86 characters of base64url (512 bits), the length of the secrets Authlete generates.
    static func newSecret() -> String { SecureRandom.token(byteCount: 64) }

    private func body(_ call: ServiceCall) -> Result<JSONObject, Refusal> {
        switch call.request.jsonBody() {
        case .failure(let error): return .failure(Refusal(AuthleteErrors.badRequest(call.apiPath, "The request body is not valid JSON: \(error.description)")))
        case .success(let json):
            guard let object = json.objectValue else { return .failure(Refusal(AuthleteErrors.badRequest(call.apiPath, "The request body must be a JSON object."))) }
            return .success(object)
        }
    }

    private func clientDocument(_ call: ServiceCall) -> Result<JSONObject, Refusal> {
        body(call).flatMap { object in
            switch FieldRules.sanitize(object, rules: FieldRules.client) {
            case .failure(let problem): return .failure(Refusal(AuthleteErrors.badRequest(call.apiPath, "The client has an invalid member \(problem.description).")))
            case .success(let clean):
                if let jwks = clean["jwks"]?.stringValue, (try? JSON.parse(Array(jwks.utf8)))?["keys"]?.arrayValue == nil {
                    return .failure(Refusal(AuthleteErrors.badRequest(call.apiPath, "'jwks' is not a JWK Set.")))
                }
                return .success(clean)
            }
        }
    }

    /// Defaults of a new client: confidential unless its `tokenAuthMethod` is `NONE` (RFC 7591 §2), `WEB`, RS256 ID tokens.
    static func complete(_ document: inout JSONObject) {
        let method = document["tokenAuthMethod"]?.stringValue ?? (document["clientType"] == "PUBLIC" ? "NONE" : "CLIENT_SECRET_BASIC")
        document["tokenAuthMethod"] = .string(method)
        if document["clientType"] == nil { document["clientType"] = method == "NONE" ? "PUBLIC" : "CONFIDENTIAL" }
        let defaults: [(String, JSON)] = [
            ("applicationType", "WEB"), ("grantTypes", []), ("responseTypes", []), ("redirectUris", []), ("idTokenSignAlg", "RS256"),
            ("subjectType", "PUBLIC"), ("clientIdAliasEnabled", false), ("authTimeRequired", false), ("pkceRequired", false),
            ("pkceS256Required", false), ("parRequired", false), ("requestObjectRequired", false), ("locked", false),
            ("dynamicallyRegistered", false),
        ]
        for (name, value) in defaults where document[name] == nil { document[name] = value }
    }

    /// A new client of `service` from checked members; stored. Shared with dynamic registration.
    func create(_ members: JSONObject, service: AuthleteService, dynamicallyRegistered: Bool = false) throws -> JSONObject {
        var document = JSONObject()
        let now = runtime.clock.now().epochMilliseconds
        document["clientId"] = .int(directory.freshID())
        document["clientSecret"] = .string(Self.newSecret())
        for (name, value) in members where !Self.serverOwned.contains(name) { document[name] = value }
        document["number"] = .int(directory.nextNumber(table: "authlete_clients"))
        document["serviceNumber"] = service.document["number"] ?? .null
        document["createdAt"] = .int(now)
        document["modifiedAt"] = .int(now)
        document["dynamicallyRegistered"] = .bool(dynamicallyRegistered)
        Self.complete(&document)
        try directory.insertClient(document, service: service.apiKey)
        return document
    }

    private func create(_ call: ServiceCall) -> Reply {
        switch clientDocument(call) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let members):
            do { return .now(.json(.object(try create(members, service: call.service)), status: 201)) } catch {
                return .now(AuthleteErrors.storeFailure(call.apiPath, error))
            }
        }
    }

    private func list(_ call: ServiceCall) -> Reply {
        var clients = call.service.clients.values.sorted { ($0.document["number"]?.intValue ?? 0) < ($1.document["number"]?.intValue ?? 0) }
        let developer = call.request.query["developer"].flatMap { $0.isEmpty ? nil : $0 }
        if let developer { clients = clients.filter { $0.document["developer"]?.stringValue == developer } }
        let (start, end) = ServiceRoutes.range(call.request)
        let page = clients.count > start ? Array(clients[start..<min(end, clients.count)]) : []
        var body: JSONObject = ["start": .int(Int64(start)), "end": .int(Int64(end)), "totalCount": .int(Int64(clients.count)),
                                "clients": .array(page.map { .object($0.document) })]
        if let developer { body["developer"] = .string(developer) }
        return .now(.json(.object(body)))
    }

    /// Stores `document` as the client's new state, stamped `modifiedAt`.
    private func save(_ document: JSONObject, call: ServiceCall) -> Result<JSONObject, Refusal> {
        var document = document
        document["modifiedAt"] = .int(runtime.clock.now().epochMilliseconds)
        do { try directory.replaceClient(document) } catch { return .failure(Refusal(AuthleteErrors.storeFailure(call.apiPath, error))) }
        return .success(document)
    }

    private func update(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            switch clientDocument(call) {
            case .failure(let refusal): return .now(refusal.response)
            case .success(let changes):
                var document = client.document
                for (name, value) in changes where !Self.serverOwned.contains(name) { document[name] = value }
                switch save(document, call: call) {
                case .failure(let refusal): return .now(refusal.response)
                case .success(let saved): return .now(.json(.object(saved)))
                }
            }
        }
    }

    private func delete(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            do {
                try directory.deleteClient(client.id)
                try runtime.engine.tokens.revokeAll(realm: Runtime.realmID(call.service), clientID: String(client.id))
            } catch {
                return .now(AuthleteErrors.storeFailure(call.apiPath, error))
            }
            return .now(.empty(204))
        }
    }

    private func secretChanged(_ client: AuthleteClient, to secret: String, call: ServiceCall, code: String, verb: String) -> Reply {
        var document = client.document
        document["clientSecret"] = .string(secret)
        if case .failure(let refusal) = save(document, call: call) { return .now(refusal.response) }
        return .now(.json(["resultCode": .string(code),
                           "resultMessage": .string("[\(code)] Successfully \(verb) the client secret of the client (ID = \(client.id))."),
                           "newClientSecret": .string(secret), "oldClientSecret": client.secret.map(JSON.string) ?? .null]))
    }

    private func refreshSecret(_ call: ServiceCall) -> Reply {
        withClient(call) { secretChanged($0, to: Self.newSecret(), call: call, code: "A148001", verb: "refreshed") }
    }

    private func updateSecret(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            switch body(call) {
            case .failure(let refusal): return .now(refusal.response)
            case .success(let object):
                // Authlete: up to 86 characters of the base64url alphabet.
                guard let secret = object["clientSecret"]?.stringValue, (1...86).contains(secret.utf8.count),
                      secret.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D || $0 == 0x5F }) else {
                    return .now(AuthleteErrors.badRequest(call.apiPath, "'clientSecret' must be 1 to 86 characters of [A-Za-z0-9_-]."))
                }
                return secretChanged(client, to: secret, call: call, code: "A149001", verb: "updated")
            }
        }
    }

    private func lockFlag(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            switch body(call) {
            case .failure(let refusal): return .now(refusal.response)
            case .success(let object):
                guard let locked = object["clientLocked"]?.boolValue else {
                    return .now(AuthleteErrors.badRequest(call.apiPath, "'clientLocked' must be a boolean."))
                }
                var document = client.document
                document["locked"] = .bool(locked)
                if case .failure(let refusal) = save(document, call: call) { return .now(refusal.response) }
                return .now(.json(["resultCode": "A219001",
                                   "resultMessage": .string("[A219001] Successfully updated the lock flag of the client (ID = \(client.id)) to \(locked).")]))
            }
        }
    }

    private func updateRequestableScopes(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            switch body(call) {
            case .failure(let refusal): return .now(refusal.response)
            case .success(let object):
                guard let scopes = object["requestableScopes"]?.arrayValue, scopes.allSatisfy({ $0.stringValue != nil }) else {
                    return .now(AuthleteErrors.badRequest(call.apiPath, "'requestableScopes' must be an array of strings."))
                }
                var document = client.document
                var ext = document["extension"]?.objectValue ?? [:]
                ext["requestableScopesEnabled"] = true
                ext["requestableScopes"] = .array(scopes)
                document["extension"] = .object(ext)
                if case .failure(let refusal) = save(document, call: call) { return .now(refusal.response) }
                return .now(.json(["requestableScopes": .array(scopes)]))
            }
        }
    }

    private func deleteRequestableScopes(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            var document = client.document
            var ext = document["extension"]?.objectValue ?? [:]
            ext["requestableScopesEnabled"] = false
            ext["requestableScopes"] = nil
            document["extension"] = .object(ext)
            if case .failure(let refusal) = save(document, call: call) { return .now(refusal.response) }
            return .now(.empty(204))
        }
    }

    /// The subject of a granted-scopes call: the JSON body's `subject`, or the `subject` query parameter.
    private func subject(_ call: ServiceCall) -> String? {
        if let subject = call.request.query["subject"], !subject.isEmpty { return subject }
        return (try? JSON.parse(call.request.body))?["subject"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func grantedScopes(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            guard let subject = subject(call) else { return .now(AuthleteErrors.badRequest(call.apiPath, "'subject' is required.")) }
            let granted = runtime.grants.scopes(service: call.service.apiKey, client: client.id, subject: subject)
            let scopes: JSON = granted.map { .array($0.scopes.map(JSON.string)) } ?? .null
            return .now(.json(["resultCode": "A201001",
                               "resultMessage": .string("[A201001] The granted scopes of the subject '\(subject)' for the client (ID = \(client.id)) were returned."),
                               "serviceApiKey": .int(call.service.apiKey), "clientId": .int(client.id), "subject": .string(subject),
                               "latestGrantedScopes": scopes, "mergedGrantedScopes": scopes,
                               "modifiedAt": .int(granted?.modifiedAt ?? 0)]))
        }
    }

    private func deleteGrantedScopes(_ call: ServiceCall) -> Reply {
        withClient(call) { client in
            guard let subject = subject(call) else { return .now(AuthleteErrors.badRequest(call.apiPath, "'subject' is required.")) }
            do { _ = try runtime.grants.delete(service: call.service.apiKey, client: client.id, subject: subject) } catch {
                return .now(AuthleteErrors.storeFailure(call.apiPath, error))
            }
            return .now(.json(["resultCode": "A202002",
                               "resultMessage": .string("[A202002] The granted scopes of the subject '\(subject)' for the client (ID = \(client.id)) were deleted.")]))
        }
    }
}
