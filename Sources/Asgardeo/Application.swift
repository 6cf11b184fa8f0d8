import JSON
import OAuth

/// One application of an organization, as stored: the `ApplicationModel` fields, its OIDC inbound configuration
/// (`oidc`, an `OpenIDConnectConfiguration`) and the API scopes it is authorized for (`authorizedAPIs`).
struct Application {
    /// The stored document.
    var document: JSONObject

    init(_ document: JSONObject) { self.document = document }

    var id: String { document["id"]?.stringValue ?? "" }
    var name: String { document["name"]?.stringValue ?? "" }
    var oidc: JSONObject? { document["oidc"]?.objectValue }
    var clientID: String? { oidc?["clientId"]?.stringValue }
    var isEnabled: Bool { document["applicationEnabled"]?.boolValue ?? true }
    /// App-native authentication (`advancedConfigurations.enableAPIBasedAuthentication`).
    var allowsAppNativeAuthentication: Bool {
        document["advancedConfigurations"]?["enableAPIBasedAuthentication"]?.boolValue ?? false
    }

    /// `[{"id": apiResourceId, "policyIdentifier", "scopes": [name...]}]`.
    var authorizedAPIs: [JSONObject] { document["authorizedAPIs"]?.arrayValue?.compactMap(\.objectValue) ?? [] }

    /// Every internal API scope the application is authorized for, in catalogue order.
    var authorizedScopes: [String] {
        let granted = Set(authorizedAPIs.flatMap { $0["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? [] })
        return APIResourceCatalogue.resources.flatMap { $0.scopes.map(\.name) }.filter(granted.contains)
    }

    var usesJWTAccessTokens: Bool { oidc?["accessToken"]?["type"]?.stringValue == "JWT" }
    var applicationTokenTTL: Int64 { oidc?["accessToken"]?["applicationAccessTokenExpiryInSeconds"]?.intValue ?? 3600 }
    var userTokenTTL: Int64 { oidc?["accessToken"]?["userAccessTokenExpiryInSeconds"]?.intValue ?? 3600 }
    var refreshTokenTTL: Int64 { oidc?["refreshToken"]?["expiryInSeconds"]?.intValue ?? 86_400 }
    var idTokenTTL: Int64 { oidc?["idToken"]?["expiryInSeconds"]?.intValue ?? 3600 }

    /// The OAuth client the engine sees; nil when the application has no OIDC configuration or is disabled.
    var oauthClient: OAuthClient? {
        guard isEnabled, let oidc, let clientID = oidc["clientId"]?.stringValue else { return nil }
        let isPublic = oidc["publicClient"]?.boolValue ?? false
        return OAuthClient(
            id: clientID, secret: isPublic ? nil : oidc["clientSecret"]?.stringValue,
            authMethods: isPublic ? [.none] : [.clientSecretBasic, .clientSecretPost],
            grantTypes: Set(oidc["grantTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []),
            responseTypes: ["code"],
            redirectURIs: (oidc["callbackURLs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                .flatMap(Self.expandCallback),
            allowedScopes: ScopeResolution.userScopes + authorizedScopes, defaultScopes: [],
            requiresPKCE: oidc["pkce"]?["mandatory"]?.boolValue ?? false, name: name)
    }

    /// WSO2 callback URLs are plain URLs or `regexp=(a|b|…)`; the alternatives of a regexp are taken literally.
    static func expandCallback(_ callback: String) -> [String] {
        guard callback.hasPrefix("regexp=") else { return [callback] }
        var pattern = Substring(callback.dropFirst("regexp=".count))
        if pattern.hasPrefix("(") && pattern.hasSuffix(")") { pattern = pattern.dropFirst().dropLast() }
        return pattern.split(separator: "|").map(String.init)
    }
}
