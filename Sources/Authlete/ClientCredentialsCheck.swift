import HTTP
import JSON
import OAuth

/// Identifies and authenticates the client of a token, revocation or pushed-authorization request. The authorization
/// server passes what it extracted from its own Basic header as `clientId`/`clientSecret`; otherwise the client's
/// `client_id`/`client_secret` are read from `parameters` (RFC 6749 §2.3.1).
enum ClientCredentialsCheck {
    /// Why a client was not accepted: the OAuth error (`invalid_client` or `invalid_request`) and a description.
    struct Failure: Error {
        let error: String
        let description: String
    }

    static func authenticate(_ fields: RequestFields, parameters: FormData, service: AuthleteService) -> Result<AuthleteClient, Failure> {
        let headerID = fields.string("clientId")
        let bodyID = parameters["client_id"]
        if let headerID, let bodyID, headerID != bodyID {
            return .failure(Failure(error: "invalid_request", description: "The client ID in the request differs from 'client_id' in the parameters."))
        }
        guard let identifier = headerID ?? bodyID else {
            return .failure(Failure(error: "invalid_client", description: "The request does not contain a client ID."))
        }
        guard let client = service.client(identifier: identifier) else {
            return .failure(Failure(error: "invalid_client", description: "The client (ID = \(identifier)) does not exist."))
        }
        if client.isPublic { return .success(client) }
        guard let presented = headerID != nil ? fields.string("clientSecret") : parameters["client_secret"] else {
            return .failure(Failure(error: "invalid_client", description: "The client (ID = \(client.id)) is confidential but no client secret was presented."))
        }
        guard let expected = client.secret, ConstantTime.equals(presented, expected) else {
            return .failure(Failure(error: "invalid_client", description: "The client secret presented for the client (ID = \(client.id)) is wrong."))
        }
        return .success(client)
    }
}
