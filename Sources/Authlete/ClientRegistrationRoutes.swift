import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// Dynamic client registration through Authlete's action responses: `/client/registration` (RFC 7591) and
/// `/client/registration/get|update|delete` (RFC 7592, with the registration access token). The SDK's
/// `ClientRegistrationAction` has no `UNAUTHORIZED`, so a wrong registration token is `BAD_REQUEST` with
/// `invalid_token` (the spec's `UNAUTHORIZED` would make the SDK fail).
struct ClientRegistrationRoutes {
    let runtime: Runtime

    func register(_ services: RouteGroup<ServiceCall>) {
        services.api(.POST, "/client/registration") { try registration(try RequestFields($0), $1) }
        services.api(.POST, "/client/registration/get") { try get(try RequestFields($0), $1) }
        services.api(.POST, "/client/registration/update") { try update(try RequestFields($0), $1) }
        services.api(.POST, "/client/registration/delete") { try delete(try RequestFields($0), $1) }
    }

    private static func bad(_ error: String, _ description: String, code: String = "A202201") -> AuthleteError {
        .action(.oauthError("BAD_REQUEST", code: code, error: error, description: description))
    }

    /// The RFC 7591 metadata in the `json` field, as the Client's members (`code` names the API's error).
    private func members(_ fields: RequestFields, code: String) throws(AuthleteError) -> JSONObject {
        guard let text = fields.string("json") else {
            throw Self.bad("invalid_client_metadata", "The request does not contain 'json'.")
        }
        // A parse whose failure means "not a JSON object".
        guard let metadata = (try? JSON.parse(Array(text.utf8)))?.objectValue else {
            throw Self.bad("invalid_client_metadata", "'json' is not a JSON object.")
        }
        do throws(ClientMetadata.Problem) {
            return try ClientMetadata.members(from: metadata)
        } catch {
            throw Self.bad(error.error, error.description, code: code)
        }
    }

    /// `responseContent` (the client's metadata) and `client` (its document) of an answer.
    private func answer(_ document: JSONObject, _ call: ServiceCall) -> JSONObject {
        let metadata = ClientMetadata.metadata(of: document, service: call.service)
        return ["responseContent": .string(JSON.object(metadata).jsonString()), "client": .object(document)]
    }

    private func registration(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        guard call.service.document["dynamicRegistrationSupported"]?.boolValue == true else {
            throw Self.bad("invalid_request", "The service does not support dynamic client registration.")
        }
        let members = try members(fields, code: "A202201")
        let registrationToken = SecureRandom.token()
        let document = try runtime.directory.createClient(
            members, service: call.service, now: runtime.nowMilliseconds,
            registrationTokenHash: Hex.encode(TokenHash.of(registrationToken)))
        var content = ClientMetadata.metadata(of: document, service: call.service)
        content["registration_access_token"] = .string(registrationToken)
        return ActionResult(
            "CREATED", code: "A202001",
            message: "The client was created with id \(document["clientId"]?.intValue ?? 0).",
            [
                "responseContent": .string(JSON.object(content).jsonString()),
                "client": .object(document),
            ]
        ).response
    }

    /// The client of an RFC 7592 call, checked against its registration access token, or the `invalid_token` answer.
    private func registered(_ fields: RequestFields, _ call: ServiceCall) throws(AuthleteError) -> AuthleteClient {
        guard let identifier = fields.string("clientId"), let client = call.service.client(identifier: identifier),
            let token = fields.string("token"),
            let expected = client.document["registrationAccessTokenHash"]?.stringValue,
            ConstantTime.equals(Hex.encode(TokenHash.of(token)), expected)
        else {
            throw Self.bad("invalid_token", "The client or its registration access token is wrong.", code: "A217209")
        }
        return client
    }

    private func update(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        let client = try registered(fields, call)
        let members = try members(fields, code: "A213201")
        var document = client.document
        for (name, value) in members { document[name] = value }
        document["modifiedAt"] = .int(runtime.nowMilliseconds)
        try runtime.directory.replaceClient(document)
        return ActionResult(
            "UPDATED", code: "A213001", message: "The client has been updated.",
            answer(document, call)
        ).response
    }

    private func get(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        let client = try registered(fields, call)
        return ActionResult(
            "OK", code: "A217001", message: "The client information has been returned.",
            answer(client.document, call)
        ).response
    }

    private func delete(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        let client = try registered(fields, call)
        try runtime.directory.database.transaction {
            try runtime.directory.deleteClient(client.id)
            try runtime.engine.tokens.revokeAll(realm: Runtime.realmID(call.service), clientID: String(client.id))
        }
        return ActionResult("DELETED", code: "A216001", message: "The client has been deleted.").response
    }
}
