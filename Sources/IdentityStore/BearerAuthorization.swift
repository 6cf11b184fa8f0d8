import HTTP
import OAuth
import Primitives
import SCIM

/// Checks the Identity Store's bearer tokens: the store of the path (`{ids_id}`) must exist, and the token must be an
/// active one issued by that store's token endpoint to a user who still exists. Every other case is the documented
/// 401 "Access token is invalid".
struct BearerAuthorization {
    let directory: IdentityStoreDirectory
    let tokens: TokenStore
    let service: SCIMService
    let clock: Clock

    /// The caller of `request`: 404 for an unknown store, 401 without a valid token.
    func caller(of request: Request) throws -> IdentityStoreCaller {
        let storeID = try request.require("ids_id")
        guard try directory.exists(storeID) else { throw IdentityStoreError.storeNotFound(storeID) }
        guard case .bearer(let token)? = request.authorization,
            let record = tokens.find(token, realm: IdentityStoreDirectory.realm(storeID)), record.kind == .access,
            record.isActive(at: clock.now().epochSeconds),
            let user = try service.store.find(IdentityStoreDirectory.partition(storeID), "User", id: record.subject)
        else { throw IdentityStoreError.invalidToken }
        return IdentityStoreCaller(storeID: storeID, user: user)
    }
}
