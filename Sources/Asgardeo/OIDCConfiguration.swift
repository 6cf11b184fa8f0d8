import JSON
import Primitives

/// Checks and completes an `OpenIDConnectConfiguration` (applications.yaml) with WSO2's defaults: generated client
/// credentials, `accessToken.type` `Default` (opaque) or `JWT`, token lifetimes, PKCE settings.
enum OIDCConfiguration {
    static let supportedGrants: Set<String> = [
        "authorization_code", "client_credentials", "refresh_token", "password",
        "organization_switch",
    ]

    /// The completed configuration; `existing` supplies the client id and secret a replacement does not repeat.
    static func complete(_ input: JSONObject, existing: JSONObject?) throws(InvalidApplication) -> JSONObject {
        var oidc = input
        guard let grants = oidc["grantTypes"]?.arrayValue, !grants.isEmpty else {
            throw InvalidApplication("grantTypes is required and must list at least one grant type.")
        }
        var grantTypes: [String] = []
        for grant in grants {
            guard let name = grant.stringValue else {
                throw InvalidApplication("grantTypes must be an array of strings.")
            }
            guard supportedGrants.contains(name) else {
                throw InvalidApplication("Grant type \(name) is not supported.")
            }
            if !grantTypes.contains(name) { grantTypes.append(name) }
        }
        oidc["grantTypes"] = .array(grantTypes.map(JSON.string))
        for key in ["callbackURLs", "allowedOrigins", "scopeValidators"] {
            if let value = oidc[key], value != .null {
                guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                    throw InvalidApplication("\(key) must be an array of strings.")
                }
            } else {
                oidc[key] = []
            }
        }
        if grantTypes.contains("authorization_code") && (oidc["callbackURLs"]?.arrayValue ?? []).isEmpty {
            throw InvalidApplication("Callback URL is mandatory for the authorization_code grant type.")
        }
        for key in ["publicClient", "validateRequestObjectSignature", "isFAPIApplication"] {
            if let value = oidc[key], value != .null, value.boolValue == nil {
                throw InvalidApplication("\(key) must be a boolean.")
            }
            if oidc[key] == nil || oidc[key] == .null { oidc[key] = false }
        }
        let isPublic = oidc["publicClient"]?.boolValue ?? false
        if isPublic && grantTypes.contains("client_credentials") {
            throw InvalidApplication("Public clients cannot use the client_credentials grant type.")
        }
        for key in ["clientId", "clientSecret"] {
            if let value = oidc[key], value != .null, value.stringValue?.isEmpty ?? true {
                throw InvalidApplication("\(key) must be a non-empty string.")
            }
        }
        oidc["clientId"] = given(oidc["clientId"]) ?? existing?["clientId"] ?? .string(generatedCredential())
        if isPublic {
            oidc["clientSecret"] = nil
        } else {
            oidc["clientSecret"] =
                given(oidc["clientSecret"]) ?? existing?["clientSecret"]
                ?? .string(generatedCredential())
        }
        try completeSection(&oidc, "pkce", ["mandatory": false, "supportPlainTransformAlgorithm": true])
        try completeSection(
            &oidc, "accessToken",
            [
                "type": "Default", "userAccessTokenExpiryInSeconds": 3600,
                "applicationAccessTokenExpiryInSeconds": 3600,
                "bindingType": "None", "revokeTokensWhenIDPSessionTerminated": false, "validateTokenBinding": false,
            ])
        guard let type = oidc["accessToken"]?["type"]?.stringValue, type == "Default" || type == "JWT" else {
            throw InvalidApplication("accessToken.type must be Default or JWT.")
        }
        try completeSection(&oidc, "refreshToken", ["expiryInSeconds": 86_400, "renewRefreshToken": true])
        try completeSection(
            &oidc, "idToken",
            ["expiryInSeconds": 3600, "audience": [], "encryption": ["enabled": false]])
        for (section, key) in [
            ("accessToken", "userAccessTokenExpiryInSeconds"),
            ("accessToken", "applicationAccessTokenExpiryInSeconds"),
            ("refreshToken", "expiryInSeconds"), ("idToken", "expiryInSeconds"),
        ] {
            guard let seconds = oidc[section]?[key]?.intValue, seconds > 0 else {
                throw InvalidApplication("\(section).\(key) must be a positive integer.")
            }
        }
        oidc["state"] = "ACTIVE"
        return oidc
    }

    /// A member's value unless it is absent or `null`.
    private static func given(_ value: JSON?) -> JSON? { value == .null ? nil : value }

    /// Fills the defaults of an object member; refused when it is not an object or a default's type differs.
    private static func completeSection(
        _ oidc: inout JSONObject, _ key: String,
        _ defaults: JSONObject
    ) throws(InvalidApplication) {
        var section: JSONObject
        switch oidc[key] {
        case nil, .null?: section = [:]
        case .object(let given)?: section = given
        default: throw InvalidApplication("\(key) must be an object.")
        }
        for (name, value) in defaults {
            guard let given = section[name], given != .null else {
                section[name] = value
                continue
            }
            if !sameKind(given, value) { throw InvalidApplication("\(key).\(name) has the wrong type.") }
        }
        oidc[key] = .object(section)
    }

    private static func sameKind(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.string, .string), (.bool, .bool), (.int, .int), (.array, .array), (.object, .object): return true
        default: return false
        }
    }

    /// A 28-character credential like Asgardeo's client ids and secrets.
    static func generatedCredential() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        return String(decoding: SecureRandom.bytes(28).map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
}
