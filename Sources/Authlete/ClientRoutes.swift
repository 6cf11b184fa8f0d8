import Emulator
import HTTP
import JSON
import OAuth

/// Client management under `/api/{serviceId}/client/`: create, get, list, update, delete, the secret, the lock flag,
/// requestable scopes and granted scopes (spec "Client Management").
struct ClientRoutes {
    let runtime: Runtime

    func register(_ services: RouteGroup<ServiceCall>) {
        services.api(.POST, "/client/create") { request, call in try create(request, call) }
        services.api(.GET, "/client/get/list") { request, call in list(request, call) }
        services.api(.GET, "/client/get/{clientId}") { request, call in
            .json(.object(try client(request, call).document))
        }
        services.api(.POST, "/client/update/{clientId}") { request, call in try update(request, call) }
        services.api(.DELETE, "/client/delete/{clientId}") { request, call in try delete(request, call) }
        services.api(.GET, "/client/secret/refresh/{clientIdentifier}") { request, call in
            try secretChanged(
                try client(request, call), to: ClientDocument.newSecret(), code: "A148001",
                verb: "refreshed")
        }
        services.api(.POST, "/client/secret/update/{clientIdentifier}") { request, call in
            try updateSecret(request, call)
        }
        services.api(.POST, "/client/lock_flag/update/{clientIdentifier}") { request, call in
            try lockFlag(request, call)
        }
        services.api(.GET, "/client/extension/requestable_scopes/get/{clientId}") { request, call in
            .json(["requestableScopes": .array((try client(request, call).requestableScopes ?? []).map(JSON.string))])
        }
        for method in [HTTPMethod.POST, .PUT] {
            services.api(method, "/client/extension/requestable_scopes/update/{clientId}") { request, call in
                try updateRequestableScopes(request, call)
            }
        }
        services.api(.DELETE, "/client/extension/requestable_scopes/delete/{clientId}") { request, call in
            try deleteRequestableScopes(request, call)
        }
        for method in [HTTPMethod.GET, .POST] {
            services.api(method, "/client/granted_scopes/get/{clientId}") { request, call in
                try grantedScopes(request, call)
            }
        }
        for method in [HTTPMethod.POST, .DELETE] {
            services.api(method, "/client/granted_scopes/delete/{clientId}") { request, call in
                try deleteGrantedScopes(request, call)
            }
        }
    }

    /// The client named by the path (`clientId` or `clientIdentifier`, an id or an alias); 404 if none.
    private func client(_ request: Request, _ call: ServiceCall) throws -> AuthleteClient {
        let identifier = try request.param("clientId") ?? request.require("clientIdentifier")
        guard let client = call.service.client(identifier: identifier) else {
            throw AuthleteError.notFound(
                call.apiPath,
                "The client (ID = \(identifier)) does not exist in the "
                    + "service (API Key = \(call.service.apiKey)).")
        }
        return client
    }

    private func create(_ request: Request, _ call: ServiceCall) throws -> Response {
        let members = try ClientDocument.members(of: try request.jsonObject(), apiPath: call.apiPath)
        let document = try runtime.directory.createClient(members, service: call.service, now: runtime.nowMilliseconds)
        return .json(.object(document), status: 201)
    }

    private func list(_ request: Request, _ call: ServiceCall) -> Response {
        var clients = call.service.clients.values.sorted {
            ($0.document["number"]?.intValue ?? 0) < ($1.document["number"]?.intValue ?? 0)
        }
        let developer = request.query["developer"].flatMap { $0.isEmpty ? nil : $0 }
        if let developer { clients = clients.filter { $0.document["developer"]?.stringValue == developer } }
        let page = ListPage(clients, query: request.query)
        var body = page.counts
        body["clients"] = .array(page.items.map { .object($0.document) })
        if let developer { body["developer"] = .string(developer) }
        return .json(.object(body))
    }

    /// Stores `document` as the client's new state, stamped `modifiedAt`.
    private func save(_ document: JSONObject) throws -> JSONObject {
        var document = document
        document["modifiedAt"] = .int(runtime.nowMilliseconds)
        try runtime.directory.replaceClient(document)
        return document
    }

    private func update(_ request: Request, _ call: ServiceCall) throws -> Response {
        let client = try client(request, call)
        let changes = try ClientDocument.members(of: try request.jsonObject(), apiPath: call.apiPath)
        var document = client.document
        for (name, value) in changes where !ClientDocument.serverOwned.contains(name) { document[name] = value }
        return .json(.object(try save(document)))
    }

    private func delete(_ request: Request, _ call: ServiceCall) throws -> Response {
        let client = try client(request, call)
        try runtime.directory.database.transaction {
            try runtime.directory.deleteClient(client.id)
            try runtime.engine.tokens.revokeAll(realm: Runtime.realmID(call.service), clientID: String(client.id))
        }
        return .empty(204)
    }

    private func secretChanged(
        _ client: AuthleteClient, to secret: String, code: String,
        verb: String
    ) throws -> Response {
        var document = client.document
        document["clientSecret"] = .string(secret)
        _ = try save(document)
        return .json([
            "resultCode": .string(code),
            "resultMessage": .string(
                "[\(code)] Successfully \(verb) the client secret of the client "
                    + "(ID = \(client.id))."),
            "newClientSecret": .string(secret), "oldClientSecret": client.secret.map(JSON.string) ?? .null,
        ])
    }

    private func updateSecret(_ request: Request, _ call: ServiceCall) throws -> Response {
        let client = try client(request, call)
        // Authlete: up to 86 characters of the base64url alphabet.
        guard let secret = try request.jsonObject()["clientSecret"]?.stringValue,
            ClientDocument.isAcceptableSecret(secret)
        else {
            throw AuthleteError.badRequest(call.apiPath, "'clientSecret' must be 1 to 86 characters of [A-Za-z0-9_-].")
        }
        return try secretChanged(client, to: secret, code: "A149001", verb: "updated")
    }

    private func lockFlag(_ request: Request, _ call: ServiceCall) throws -> Response {
        let client = try client(request, call)
        guard let locked = try request.jsonObject()["clientLocked"]?.boolValue else {
            throw AuthleteError.badRequest(call.apiPath, "'clientLocked' must be a boolean.")
        }
        var document = client.document
        document["locked"] = .bool(locked)
        _ = try save(document)
        return .json([
            "resultCode": "A219001",
            "resultMessage": .string(
                "[A219001] Successfully updated the lock flag of the client "
                    + "(ID = \(client.id)) to \(locked)."),
        ])
    }

    private func updateRequestableScopes(_ request: Request, _ call: ServiceCall) throws -> Response {
        let client = try client(request, call)
        guard let scopes = try request.jsonObject()["requestableScopes"]?.arrayValue,
            scopes.allSatisfy({ $0.stringValue != nil })
        else {
            throw AuthleteError.badRequest(call.apiPath, "'requestableScopes' must be an array of strings.")
        }
        _ = try save(Self.settingRequestableScopes(client.document, to: .array(scopes)))
        return .json(["requestableScopes": .array(scopes)])
    }

    private func deleteRequestableScopes(_ request: Request, _ call: ServiceCall) throws -> Response {
        _ = try save(Self.settingRequestableScopes(try client(request, call).document, to: nil))
        return .empty(204)
    }

    /// `document` with its extension's requestable scopes set to `scopes` (enabled) or removed (disabled).
    private static func settingRequestableScopes(_ document: JSONObject, to scopes: JSON?) -> JSONObject {
        var document = document
        var ext = document["extension"]?.objectValue ?? [:]
        ext["requestableScopesEnabled"] = .bool(scopes != nil)
        ext["requestableScopes"] = scopes
        document["extension"] = .object(ext)
        return document
    }

    /// The subject of a granted-scopes call: the `subject` query parameter, or the JSON body's `subject`.
    private func subject(_ request: Request, _ call: ServiceCall) throws -> String {
        if let subject = request.query["subject"], !subject.isEmpty { return subject }
        // A body that does not parse names no subject.
        guard let subject = (try? JSON.parse(request.body))?["subject"]?.stringValue, !subject.isEmpty else {
            throw AuthleteError.badRequest(call.apiPath, "'subject' is required.")
        }
        return subject
    }

    private func grantedScopes(_ request: Request, _ call: ServiceCall) throws -> Response {
        let client = try client(request, call)
        let subject = try subject(request, call)
        let granted = try runtime.grants.scopes(service: call.service.apiKey, client: client.id, subject: subject)
        let scopes: JSON = granted.map { .array($0.scopes.map(JSON.string)) } ?? .null
        return .json([
            "resultCode": "A201001",
            "resultMessage": .string(
                "[A201001] The granted scopes of the subject '\(subject)' for the "
                    + "client (ID = \(client.id)) were returned."),
            "serviceApiKey": .int(call.service.apiKey), "clientId": .int(client.id),
            "subject": .string(subject), "latestGrantedScopes": scopes, "mergedGrantedScopes": scopes,
            "modifiedAt": .int(granted?.modifiedAt ?? 0),
        ])
    }

    private func deleteGrantedScopes(_ request: Request, _ call: ServiceCall) throws -> Response {
        let client = try client(request, call)
        let subject = try subject(request, call)
        _ = try runtime.grants.delete(service: call.service.apiKey, client: client.id, subject: subject)
        return .json([
            "resultCode": "A202002",
            "resultMessage": .string(
                "[A202002] The granted scopes of the subject '\(subject)' for the "
                    + "client (ID = \(client.id)) were deleted."),
        ])
    }
}
