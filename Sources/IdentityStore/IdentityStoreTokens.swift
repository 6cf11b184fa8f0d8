import OAuth
import Primitives

/// The Identity Store's opaque bearer tokens: each one works for one user in one store (the store's token realm), an
/// hour unless a seed gives it another lifetime.
struct IdentityStoreTokens {
    static let lifetimeSeconds: Int64 = 3600

    let tokens: TokenStore
    let clock: Clock

    /// A new token for `userID` of store `storeID`, issued to the API client `clientID`.
    func issue(store storeID: String, userID: String, clientID: String) throws -> String {
        let token = SecureRandom.token()
        try record(token, store: storeID, userID: userID, clientID: clientID)
        return token
    }

    /// Stores `token` for `userID` of store `storeID`, valid `lifetime` seconds from now.
    func record(
        _ token: String, store storeID: String, userID: String, clientID: String,
        lifetime: Int64 = lifetimeSeconds
    ) throws {
        let now = clock.now().epochSeconds
        try tokens.record(
            token,
            TokenRecord(
                realm: IdentityStoreDirectory.realm(storeID), kind: .access,
                clientID: clientID, subject: userID, scopes: [], issuedAt: now,
                expiresAt: now + lifetime, grantID: SecureRandom.uuid()), now: now)
    }
}
