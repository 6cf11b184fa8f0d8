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
    let clients: ClientRoutes
    let runtime: Runtime

    func register(_ access: APIAccess) {
        access.service(.POST, "/client/registration") { registration($0) }
        access.service(.POST, "/client/registration/get") { manage($0, operation: .get) }
        access.service(.POST, "/client/registration/update") { manage($0, operation: .update) }
        access.service(.POST, "/client/registration/delete") { manage($0, operation: .delete) }
    }

    enum Operation { case get, update, delete }

    private static func bad(_ error: String, _ description: String, code: String = "A202201") -> ActionResult {
        ActionResult.oauthError("BAD_REQUEST", code: code, error: error, description: description)
    }

    /// Client metadata that cannot be registered: the RFC 7591 §3.2.2 error and its description.
    struct MetadataProblem: Error {
        let error: String
        let description: String
    }

    /// RFC 7591 metadata → the Client's members, or the `invalid_client_metadata` / `invalid_redirect_uri` problem.
    static func members(fromMetadata metadata: JSONObject) -> Result<JSONObject, MetadataProblem> {
        var members: JSONObject = [:]
        func strings(_ name: String) -> [String]? { metadata[name]?.arrayValue?.compactMap(\.stringValue) }
        guard let redirects = strings("redirect_uris"), !redirects.isEmpty else {
            return .failure(MetadataProblem(error: "invalid_redirect_uri", description: "'redirect_uris' must be a non-empty array of URIs."))
        }
        members["redirectUris"] = .array(redirects.map(JSON.string))
        let grants = strings("grant_types") ?? ["authorization_code"]
        var grantNames: [JSON] = []
        for grant in grants {
            guard let name = GrantTypeNames.name(ofGrantType: grant) else { return .failure(MetadataProblem(error: "invalid_client_metadata", description: "Unsupported grant type '\(grant)'.")) }
            grantNames.append(.string(name))
        }
        members["grantTypes"] = .array(grantNames)
        var responseNames: [JSON] = []
        for type in strings("response_types") ?? ["code"] {
            guard let name = EnumSets.responseType.first(where: { GrantTypeNames.responseTypeValue($0) == type }) else {
                return .failure(MetadataProblem(error: "invalid_client_metadata", description: "Unsupported response type '\(type)'."))
            }
            responseNames.append(.string(name))
        }
        members["responseTypes"] = .array(responseNames)
        let method = (metadata["token_endpoint_auth_method"]?.stringValue ?? "client_secret_basic").uppercased()
        guard EnumSets.clientAuthMethod.contains(method) else { return .failure(MetadataProblem(error: "invalid_client_metadata", description: "Unsupported token_endpoint_auth_method.")) }
        members["tokenAuthMethod"] = .string(method)
        members["clientType"] = method == "NONE" ? "PUBLIC" : "CONFIDENTIAL"
        if let alg = metadata["id_token_signed_response_alg"]?.stringValue {
            guard EnumSets.jwsAlg.contains(alg.uppercased()) else { return .failure(MetadataProblem(error: "invalid_client_metadata", description: "Unsupported id_token_signed_response_alg.")) }
            members["idTokenSignAlg"] = .string(alg.uppercased())
        }
        if let type = metadata["application_type"]?.stringValue {
            guard EnumSets.applicationType.contains(type.uppercased()) else { return .failure(MetadataProblem(error: "invalid_client_metadata", description: "Unsupported application_type.")) }
            members["applicationType"] = .string(type.uppercased())
        }
        for (metadataName, member) in [("client_name", "clientName"), ("logo_uri", "logoUri"), ("client_uri", "clientUri"),
                                       ("policy_uri", "policyUri"), ("tos_uri", "tosUri"), ("jwks_uri", "jwksUri"),
                                       ("software_id", "softwareId"), ("software_version", "softwareVersion")] {
            if let value = metadata[metadataName]?.stringValue { members[member] = .string(value) }
        }
        if let contacts = strings("contacts") { members["contacts"] = .array(contacts.map(JSON.string)) }
        if let jwks = metadata["jwks"], jwks.objectValue != nil { members["jwks"] = .string(jwks.jsonString()) }
        if let scope = metadata["scope"]?.stringValue {
            members["extension"] = ["requestableScopesEnabled": true, "requestableScopes": .array(Scopes.parse(scope).map(JSON.string))]
        }
        return .success(members)
    }

    /// The client's registered metadata as RFC 7591 §3.2.1 returns it.
    static func metadata(of document: JSONObject, service: AuthleteService) -> JSONObject {
        let id = document["clientId"]?.intValue ?? 0
        var metadata: JSONObject = ["client_id": .string(String(id))]
        if document["clientType"] != "PUBLIC", let secret = document["clientSecret"] {
            metadata["client_secret"] = secret
            metadata["client_secret_expires_at"] = 0
        }
        metadata["client_id_issued_at"] = .int((document["createdAt"]?.intValue ?? 0) / 1000)
        metadata["redirect_uris"] = document["redirectUris"] ?? []
        metadata["grant_types"] = .array((document["grantTypes"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { GrantTypeNames.oauthValue[$0] }.map(JSON.string) })
        metadata["response_types"] = .array((document["responseTypes"]?.arrayValue ?? []).compactMap { $0.stringValue.map { .string(GrantTypeNames.responseTypeValue($0)) } })
        metadata["token_endpoint_auth_method"] = .string(GrantTypeNames.authMethodValue(document["tokenAuthMethod"]?.stringValue ?? "CLIENT_SECRET_BASIC"))
        metadata["application_type"] = .string((document["applicationType"]?.stringValue ?? "WEB").lowercased())
        metadata["id_token_signed_response_alg"] = document["idTokenSignAlg"] ?? "RS256"
        for (member, name) in [("clientName", "client_name"), ("logoUri", "logo_uri"), ("clientUri", "client_uri"), ("policyUri", "policy_uri"),
                               ("tosUri", "tos_uri"), ("jwksUri", "jwks_uri"), ("contacts", "contacts")] {
            if let value = document[member] { metadata[name] = value }
        }
        if let scopes = document["extension"]?["requestableScopes"]?.arrayValue, document["extension"]?["requestableScopesEnabled"] == true {
            metadata["scope"] = .string(scopes.compactMap(\.stringValue).joined(separator: " "))
        }
        if let base = service.document["registrationManagementEndpoint"]?.stringValue ?? service.document["registrationEndpoint"]?.stringValue {
            metadata["registration_client_uri"] = .string(base + "/" + String(id))
        }
        return metadata
    }

    private func parseJSON(_ fields: RequestFields) -> Result<JSONObject, ActionResult> {
        guard let text = fields.string("json") else { return .failure(Self.bad("invalid_client_metadata", "The request does not contain 'json'.")) }
        guard let object = (try? JSON.parse(Array(text.utf8)))?.objectValue else {
            return .failure(Self.bad("invalid_client_metadata", "'json' is not a JSON object."))
        }
        return .success(object)
    }

    private func registration(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard call.service.document["dynamicRegistrationSupported"]?.boolValue == true else {
                return Self.bad("invalid_request", "The service does not support dynamic client registration.").reply
            }
            let metadata: JSONObject
            switch parseJSON(fields) {
            case .failure(let result): return result.reply
            case .success(let object): metadata = object
            }
            switch Self.members(fromMetadata: metadata) {
            case .failure(let problem): return Self.bad(problem.error, problem.description).reply
            case .success(var members):
                let registrationToken = SecureRandom.token()
                members["registrationAccessTokenHash"] = .string(Hex.encode(TokenHash.of(registrationToken)))
                do {
                    var document = try clients.create(members, service: call.service, dynamicallyRegistered: true)
                    document["registrationAccessTokenHash"] = members["registrationAccessTokenHash"]
                    try runtime.directory.replaceClient(document)
                    var content = Self.metadata(of: document, service: call.service)
                    content["registration_access_token"] = .string(registrationToken)
                    return ActionResult("CREATED", code: "A202001", message: "The client was created with id \(document["clientId"]?.intValue ?? 0).", [
                        "responseContent": .string(JSON.object(content).jsonString()), "client": .object(document),
                    ]).reply
                } catch {
                    return .now(AuthleteErrors.storeFailure(call.apiPath, error))
                }
            }
        }
    }

    private func manage(_ call: ServiceCall, operation: Operation) -> Reply {
        call.withFields { fields in
            guard let identifier = fields.string("clientId"), let client = call.service.client(identifier: identifier),
                  let token = fields.string("token"), let expected = client.document["registrationAccessTokenHash"]?.stringValue,
                  ConstantTime.equals(Hex.encode(TokenHash.of(token)), expected) else {
                return Self.bad("invalid_token", "The client or its registration access token is wrong.", code: "A217209").reply
            }
            switch operation {
            case .get:
                return ActionResult("OK", code: "A217001", message: "The client information has been returned.", [
                    "responseContent": .string(JSON.object(Self.metadata(of: client.document, service: call.service)).jsonString()),
                    "client": .object(client.document),
                ]).reply
            case .delete:
                do {
                    try runtime.directory.deleteClient(client.id)
                    try runtime.engine.tokens.revokeAll(realm: Runtime.realmID(call.service), clientID: String(client.id))
                } catch {
                    return .now(AuthleteErrors.storeFailure(call.apiPath, error))
                }
                return ActionResult("DELETED", code: "A216001", message: "The client has been deleted.").reply
            case .update:
                let metadata: JSONObject
                switch parseJSON(fields) {
                case .failure(let result): return result.reply
                case .success(let object): metadata = object
                }
                switch Self.members(fromMetadata: metadata) {
                case .failure(let problem): return Self.bad(problem.error, problem.description, code: "A213201").reply
                case .success(let members):
                    var document = client.document
                    for (name, value) in members { document[name] = value }
                    document["modifiedAt"] = .int(runtime.nowMilliseconds)
                    do { try runtime.directory.replaceClient(document) } catch { return .now(AuthleteErrors.storeFailure(call.apiPath, error)) }
                    return ActionResult("UPDATED", code: "A213001", message: "The client has been updated.", [
                        "responseContent": .string(JSON.object(Self.metadata(of: document, service: call.service)).jsonString()),
                        "client": .object(document),
                    ]).reply
                }
            }
        }
    }
}
