import HTTP
import OAuth
import Primitives
import SCIM

/// Checks the Identity Store's bearer tokens: the store must exist, and the token must be an active one issued by that
/// store's token endpoint to a user who still exists. Every other case is the documented 401 "Access token is invalid".
final class BearerAuthorization {
    private let directory: IdentityStoreDirectory
    private let tokens: TokenStore
    private let service: SCIMService
    private let clock: Clock

    init(directory: IdentityStoreDirectory, tokens: TokenStore, service: SCIMService, clock: Clock) {
        self.directory = directory
        self.tokens = tokens
        self.service = service
        self.clock = clock
    }

    /// The id of the user the request's token belongs to, in store `storeID`.
    func user(of request: Request, store storeID: String) -> Result<String, SCIMError> {
        guard directory.exists(storeID) else { return .failure(.notFound("Identity store \(storeID) not found")) }
        guard case .bearer(let token)? = request.authorization,
              let record = tokens.find(token, realm: IdentityStoreDirectory.realm(storeID)), record.kind == .access,
              record.isActive(at: clock.now().epochSeconds),
              (try? service.store.find(IdentityStoreDirectory.partition(storeID), "User", id: record.subject)) ?? nil != nil else {
            return .failure(IdentityStoreErrors.invalidToken)
        }
        return .success(record.subject)
    }
}
