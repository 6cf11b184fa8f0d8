import HTTP
import Primitives

/// A checked authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1).
public struct AuthorizationRequest {
    public var client: OAuthClient
    public var redirectURI: String
    public var scopes: [String]
    public var state: String?
    public var nonce: String?
    public var codeChallenge: String?
    public var codeChallengeMethod: String?
    public var responseMode: String?

    /// The parameters that reproduce this request (the login form carries them as hidden inputs).
    public var parameters: [(String, String)] {
        var list: [(String, String)] = [
            ("response_type", "code"), ("client_id", client.id), ("redirect_uri", redirectURI),
        ]
        if !scopes.isEmpty { list.append(("scope", Scopes.format(scopes))) }
        if let state { list.append(("state", state)) }
        if let nonce { list.append(("nonce", nonce)) }
        if let codeChallenge { list.append(("code_challenge", codeChallenge)) }
        if let codeChallengeMethod { list.append(("code_challenge_method", codeChallengeMethod)) }
        if let responseMode { list.append(("response_mode", responseMode)) }
        return list
    }
}

/// The outcome of checking authorization parameters.
public enum AuthorizationCheck {
    case valid(AuthorizationRequest)
    /// The client or redirect URI cannot be trusted: answer with an error page, never redirect (RFC 6749 §4.1.2.1).
    case errorPage(status: Int, error: OAuthError)
    /// The client and redirect URI are valid: send the error to the client.
    case redirectError(Response)
}

/// Checks authorization requests and finishes them with a code.
public enum AuthorizationEndpoint {
    public static func check(_ params: FormData, realm: OAuthRealm) -> AuthorizationCheck {
        for name in [
            "client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge",
            "code_challenge_method",
        ] where params.occurrences(of: name) > 1 {
            return .errorPage(status: 400, error: .invalidRequest("The parameter \(name) is repeated"))
        }
        guard let clientID = params["client_id"], !clientID.isEmpty else {
            return .errorPage(status: 400, error: .invalidRequest("The client_id parameter is missing"))
        }
        guard let client = realm.findClient(clientID) else {
            return .errorPage(
                status: 400, error: .invalidClient("The client \(clientID) is not registered").asBadRequest)
        }
        let redirectURI: String
        if let given = params["redirect_uri"] {
            guard client.redirectURIs.contains(given) else {
                return .errorPage(
                    status: 400, error: .invalidRequest("The redirect_uri is not registered for this client"))
            }
            redirectURI = given
        } else if client.redirectURIs.count == 1 {
            redirectURI = client.redirectURIs[0]
        } else {
            return .errorPage(status: 400, error: .invalidRequest("The redirect_uri parameter is missing"))
        }
        let state = params["state"]
        func fail(_ error: OAuthError) -> AuthorizationCheck {
            .redirectError(
                redirect(
                    to: redirectURI,
                    with: [("error", error.code), ("error_description", error.description)]
                        + (state.map { [("state", $0)] } ?? [])))
        }
        guard let responseType = params["response_type"], !responseType.isEmpty else {
            return fail(.invalidRequest("The response_type parameter is missing"))
        }
        guard responseType == "code" else {
            return fail(.unsupportedResponseType("The response_type \(responseType) is not supported"))
        }
        guard client.responseTypes.contains("code") else {
            return fail(.unauthorizedClient("The client is not registered for the code response type"))
        }
        guard client.grantTypes.contains("authorization_code"), realm.grantTypes.contains("authorization_code") else {
            return fail(.unauthorizedClient("The client may not use the authorization code flow"))
        }
        let scopes: [String]
        do {
            scopes = try Scopes.grant(requested: params["scope"], client: client)
        } catch {
            return fail(error)
        }
        let challenge = params["code_challenge"]
        var method = params["code_challenge_method"]
        if let challenge {
            guard PKCE.isWellFormed(challenge) else { return fail(.invalidRequest("The code_challenge is malformed")) }
            method = method ?? "plain"
            guard PKCE.methods.contains(method!) else {
                return fail(.invalidRequest("The code_challenge_method is not supported"))
            }
        } else if client.requiresPKCE || (client.isPublic && realm.publicClientsRequirePKCE) {
            return fail(.invalidRequest("PKCE is required: send code_challenge and code_challenge_method"))
        } else if method != nil {
            return fail(.invalidRequest("code_challenge_method was sent without code_challenge"))
        }
        return .valid(
            AuthorizationRequest(
                client: client, redirectURI: redirectURI, scopes: scopes, state: state,
                nonce: params["nonce"], codeChallenge: challenge, codeChallengeMethod: method,
                responseMode: params["response_mode"]))
    }

    /// Stores a code for `request` and `user`; returns the code.
    public static func issueCode(
        _ request: AuthorizationRequest, user: UserProfile, realm: OAuthRealm, engine: OAuthEngine
    ) throws -> String {
        let code = SecureRandom.token()
        let now = engine.clock.now().epochSeconds
        try engine.codes.save(
            code,
            AuthorizationCode(
                realm: realm.id, clientID: request.client.id, redirectURI: request.redirectURI, scopes: request.scopes,
                user: user,
                nonce: request.nonce, codeChallenge: request.codeChallenge,
                codeChallengeMethod: request.codeChallengeMethod,
                authTime: now, expiresAt: now + realm.policy.authorizationCodeTTL.nanoseconds / 1_000_000_000,
                used: false,
                grantID: SecureRandom.token()))
        return code
    }

    /// A 302 to `uri` with `parameters` added to its query.
    public static func redirect(to uri: String, with parameters: [(String, String)]) -> Response {
        let query = parameters.map { PercentDecoding.encode($0.0) + "=" + PercentDecoding.encode($0.1) }.joined(
            separator: "&")
        // A Character, not a String: `String.contains(String)` resolves to Foundation's ICU-backed overload
        // (Foundation is visible through BigInt) and links ICU into the static binary.
        return .redirect(to: uri + (uri.contains("?" as Character) ? "&" : "?") + query)
    }
}

extension OAuthError {
    /// The same error with status 400 (an unknown client at the authorization endpoint is a bad request, not a 401).
    var asBadRequest: OAuthError { OAuthError(code, description, status: 400) }
}
