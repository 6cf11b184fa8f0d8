import HTTP

/// The client credentials a request carries, before they are checked (RFC 6749 §2.3, RFC 7523 §2.2).
public enum PresentedCredentials: Equatable {
    case basic(id: String, secret: String)
    case post(id: String, secret: String)
    case assertion(id: String?, jwt: String)
    /// A public client naming itself with `client_id` only.
    case none(id: String)

    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// Reads the credentials of a form request. More than one method at once is `invalid_request`.
    public static func from(_ request: Request) -> Result<PresentedCredentials, OAuthError> {
        let form = request.form
        var found: [PresentedCredentials] = []
        switch request.authorization {
        case .basic?, nil:
            break
        case .bearer?, .other?:
            // RFC 6749 §2.3: a token request authenticates the client; a header that is not valid Basic (`Basic !!!`,
            // `Bearer junk`) is a failed authentication, never skipped in favour of body credentials.
            return .failure(.invalidClient("The Authorization header is not valid HTTP Basic client authentication"))
        }
        if request.headers["Authorization"] != nil && request.authorization == nil {
            return .failure(.invalidClient("The Authorization header is empty"))
        }
        if case .basic(let user, let password)? = request.authorization {
            // RFC 6749 §2.3.1: the client id and secret are form-urlencoded before Basic encoding.
            let id = PercentDecoding.decode(Substring(user), plusAsSpace: true)
            let secret = PercentDecoding.decode(Substring(password), plusAsSpace: true)
            found.append(.basic(id: id, secret: secret))
        }
        if let secret = form["client_secret"] {
            guard let id = form["client_id"] else {
                return .failure(.invalidRequest("client_secret was sent without client_id"))
            }
            found.append(.post(id: id, secret: secret))
        }
        if let jwt = form["client_assertion"] {
            guard form["client_assertion_type"] == assertionType else {
                return .failure(.invalidRequest("client_assertion_type must be \(assertionType)"))
            }
            found.append(.assertion(id: form["client_id"], jwt: jwt))
        }
        if found.count > 1 {
            return .failure(.invalidRequest("The client used more than one authentication method"))
        }
        if let only = found.first {
            if case .basic(let id, _) = only, let bodyID = form["client_id"], bodyID != id {
                return .failure(.invalidRequest("client_id in the body differs from the authenticated client"))
            }
            return .success(only)
        }
        if let id = form["client_id"] { return .success(.none(id: id)) }
        return .failure(.invalidClient("Client credentials are missing"))
    }

    var clientID: String? {
        switch self {
        case .basic(let id, _), .post(let id, _), .none(let id): return id
        case .assertion(let id, _): return id
        }
    }
}
