import JSON
import OAuth

/// RFC 7591 client metadata and a Client's members, both ways: what a registration body asks for, and what
/// registration answers (RFC 7591 §3.2.1).
enum ClientMetadata {
    /// Client metadata that cannot be registered: the RFC 7591 §3.2.2 error and its description.
    struct Problem: Error {
        let error: String
        let description: String

        static func invalid(_ description: String) -> Problem {
            Problem(error: "invalid_client_metadata", description: description)
        }
    }

    /// RFC 7591 metadata → the Client's members, or the `invalid_client_metadata` / `invalid_redirect_uri` problem.
    static func members(from metadata: JSONObject) throws(Problem) -> JSONObject {
        var members: JSONObject = [:]
        func strings(_ name: String) -> [String]? { metadata[name]?.arrayValue?.compactMap(\.stringValue) }
        guard let redirects = strings("redirect_uris"), !redirects.isEmpty else {
            throw Problem(
                error: "invalid_redirect_uri",
                description: "'redirect_uris' must be a non-empty array of URIs.")
        }
        members["redirectUris"] = .array(redirects.map(JSON.string))
        var grantNames: [JSON] = []
        for grant in strings("grant_types") ?? ["authorization_code"] {
            guard let name = GrantTypeNames.name(ofGrantType: grant) else {
                throw .invalid("Unsupported grant type '\(grant)'.")
            }
            grantNames.append(.string(name))
        }
        members["grantTypes"] = .array(grantNames)
        var responseNames: [JSON] = []
        for type in strings("response_types") ?? ["code"] {
            guard let name = EnumSets.responseType.first(where: { GrantTypeNames.responseTypeValue($0) == type }) else {
                throw .invalid("Unsupported response type '\(type)'.")
            }
            responseNames.append(.string(name))
        }
        members["responseTypes"] = .array(responseNames)
        let method = (metadata["token_endpoint_auth_method"]?.stringValue ?? "client_secret_basic").uppercased()
        guard EnumSets.clientAuthMethod.contains(method) else {
            throw .invalid("Unsupported token_endpoint_auth_method.")
        }
        members["tokenAuthMethod"] = .string(method)
        members["clientType"] = method == "NONE" ? "PUBLIC" : "CONFIDENTIAL"
        if let alg = metadata["id_token_signed_response_alg"]?.stringValue {
            guard EnumSets.jwsAlg.contains(alg.uppercased()) else {
                throw .invalid("Unsupported id_token_signed_response_alg.")
            }
            members["idTokenSignAlg"] = .string(alg.uppercased())
        }
        if let type = metadata["application_type"]?.stringValue {
            guard EnumSets.applicationType.contains(type.uppercased()) else {
                throw .invalid("Unsupported application_type.")
            }
            members["applicationType"] = .string(type.uppercased())
        }
        for (name, member) in names where member != "contacts" {
            if let value = metadata[name]?.stringValue { members[member] = .string(value) }
        }
        if let contacts = strings("contacts") { members["contacts"] = .array(contacts.map(JSON.string)) }
        if let jwks = metadata["jwks"], jwks.objectValue != nil { members["jwks"] = .string(jwks.jsonString()) }
        if let scope = metadata["scope"]?.stringValue {
            members["extension"] = [
                "requestableScopesEnabled": true,
                "requestableScopes": .array(Scopes.parse(scope).map(JSON.string)),
            ]
        }
        return members
    }

    /// The client's registered metadata as RFC 7591 §3.2.1 returns it.
    static func metadata(of document: JSONObject, service: AuthleteService) -> JSONObject {
        let id = document["clientId"]?.intValue ?? 0
        var metadata: JSONObject = ["client_id": .string(String(id))]
        if document["clientType"] != "PUBLIC", let secret = document["clientSecret"] {
            metadata["client_secret"] = secret
            metadata["client_secret_expires_at"] = 0
        }
        func list(_ member: String) -> [String] { document[member]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        metadata["client_id_issued_at"] = .int((document["createdAt"]?.intValue ?? 0) / 1000)
        metadata["redirect_uris"] = document["redirectUris"] ?? []
        metadata["grant_types"] = .array(
            list("grantTypes").compactMap {
                GrantTypeNames.oauthValue[$0].map(JSON.string)
            })
        metadata["response_types"] = .array(list("responseTypes").map { .string(GrantTypeNames.responseTypeValue($0)) })
        metadata["token_endpoint_auth_method"] = .string(
            GrantTypeNames.authMethodValue(
                document["tokenAuthMethod"]?.stringValue ?? "CLIENT_SECRET_BASIC"))
        metadata["application_type"] = .string((document["applicationType"]?.stringValue ?? "WEB").lowercased())
        metadata["id_token_signed_response_alg"] = document["idTokenSignAlg"] ?? "RS256"
        for (name, member) in names where !member.hasPrefix("software") {
            if let value = document[member] { metadata[name] = value }
        }
        if let scopes = document["extension"]?["requestableScopes"]?.arrayValue,
            document["extension"]?["requestableScopesEnabled"] == true
        {
            metadata["scope"] = .string(scopes.compactMap(\.stringValue).joined(separator: " "))
        }
        if let base = service.document["registrationManagementEndpoint"]?.stringValue
            ?? service.document["registrationEndpoint"]?.stringValue
        {
            metadata["registration_client_uri"] = .string(base + "/" + String(id))
        }
        return metadata
    }

    /// Metadata names and the Client members they stand for, copied as they are.
    private static let names: [(String, String)] = [
        ("client_name", "clientName"), ("logo_uri", "logoUri"), ("client_uri", "clientUri"),
        ("policy_uri", "policyUri"), ("tos_uri", "tosUri"), ("jwks_uri", "jwksUri"), ("software_id", "softwareId"),
        ("software_version", "softwareVersion"), ("contacts", "contacts"),
    ]
}
