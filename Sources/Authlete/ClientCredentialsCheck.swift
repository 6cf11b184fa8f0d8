import HTTP
import JSON
import OAuth

/// Identifies and authenticates the client of a token, revocation or pushed-authorization request. The authorization
/// server passes what it extracted from its own Basic header as `clientId`/`clientSecret`; otherwise the client's
/// `client_id`/`client_secret` are read from `parameters` (RFC 6749 §2.3.1). It answers `invalid_client`, or
/// `invalid_request` when the two client IDs differ.
enum ClientCredentialsCheck {
    static func authenticate(
        _ fields: RequestFields, parameters: FormData,
        service: AuthleteService
    ) throws(OAuthError) -> AuthleteClient {
        let headerID = fields.string("clientId")
        let bodyID = parameters["client_id"]
        if let headerID, let bodyID, headerID != bodyID {
            throw .invalidRequest("The client ID in the request differs from 'client_id' in the parameters.")
        }
        guard let identifier = headerID ?? bodyID else {
            throw .invalidClient("The request does not contain a client ID.")
        }
        guard let client = service.client(identifier: identifier) else {
            throw .invalidClient("The client (ID = \(identifier)) does not exist.")
        }
        if client.isPublic { return client }
        guard let presented = headerID != nil ? fields.string("clientSecret") : parameters["client_secret"] else {
            throw .invalidClient("The client (ID = \(client.id)) is confidential but no client secret was presented.")
        }
        guard let expected = client.secret, ConstantTime.equals(presented, expected) else {
            throw .invalidClient("The client secret presented for the client (ID = \(client.id)) is wrong.")
        }
        return client
    }
}
