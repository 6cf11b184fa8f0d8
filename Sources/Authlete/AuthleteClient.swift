import JSON
import OAuth

/// A client of a service: its stored document (the SDK's `Client` fields) and the view the OAuth engine needs.
struct AuthleteClient {
    let id: Int64
    let document: JSONObject

    init(document: JSONObject) {
        self.document = document
        id = document["clientId"]?.intValue ?? 0
    }

    var secret: String? { document["clientSecret"]?.stringValue }
    var isPublic: Bool { document["clientType"]?.stringValue == "PUBLIC" }
    var isLocked: Bool { document["locked"]?.boolValue == true }
    var name: String? { document["clientName"]?.stringValue }
    var grantTypeNames: [String] { document["grantTypes"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    var idTokenSignAlg: String { document["idTokenSignAlg"]?.stringValue ?? "RS256" }
    var tokenAuthMethod: String {
        document["tokenAuthMethod"]?.stringValue ?? (isPublic ? "NONE" : "CLIENT_SECRET_BASIC")
    }

    /// The requestable scopes when the client's extension enables them, else nil (any scope of the service).
    var requestableScopes: [String]? {
        guard let ext = document["extension"], ext["requestableScopesEnabled"]?.boolValue == true else { return nil }
        return ext["requestableScopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The engine's view: grant and response types as OAuth values, scopes bounded by the service's.
    func oauthClient(in service: AuthleteService) -> OAuthClient {
        OAuthClient(
            id: String(id), secret: secret, authMethods: isPublic ? [.none] : [.clientSecretBasic, .clientSecretPost],
            grantTypes: Set(grantTypeNames.compactMap { GrantTypeNames.oauthValue[$0] }),
            responseTypes: Set(
                (document["responseTypes"]?.arrayValue ?? []).compactMap(\.stringValue)
                    .map(GrantTypeNames.responseTypeValue)),
            redirectURIs: document["redirectUris"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            allowedScopes: (requestableScopes ?? service.supportedScopes).filter(service.supportedScopes.contains),
            defaultScopes: service.defaultScopes,
            requiresPKCE: service.document["pkceRequired"]?.boolValue == true
                || document["pkceRequired"]?.boolValue == true,
            name: name)
    }

    /// The `client` member of an authorization response (spec `client_limited_authorization`).
    var limitedView: JSON {
        var view: JSONObject = ["clientId": .int(id), "clientName": document["clientName"] ?? .null]
        for name in [
            "number", "clientIdAlias", "clientIdAliasEnabled", "clientType", "description", "logoUri",
            "tosUri", "policyUri", "defaultMaxAge", "authTimeRequired", "createdAt", "modifiedAt",
            "pkceRequired", "pkceS256Required", "parRequired", "requestObjectRequired",
            "dynamicallyRegistered", "locked",
        ] {
            if let value = document[name] { view[name] = value }
        }
        return .object(view)
    }
}
