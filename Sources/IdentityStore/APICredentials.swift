import HTTP
import OAuth
import SCIM

/// The token endpoint's authentication: HTTP Basic with a user's API credentials (the `clientId` and `clientSecret`
/// of their `apiCredentials`), in an existing store. Anything else is 401.
struct APICredentials {
    /// The user the credentials belong to.
    struct Owner {
        let storeID: String
        let userID: String
        let clientID: String
    }

    let directory: IdentityStoreDirectory
    let service: SCIMService

    /// The owner of the request's credentials in the store of the path (`{ids_id}`), or 401.
    func owner(of request: Request) throws -> Owner {
        let storeID = try request.require("ids_id")
        guard case .basic(let clientID, let secret)? = request.authorization, try directory.exists(storeID),
            let userID = try user(clientID: clientID, secret: secret, store: storeID)
        else { throw IdentityStoreError.invalidCredentials }
        return Owner(storeID: storeID, userID: userID, clientID: clientID)
    }

    /// The user holding these API credentials (secrets compared in constant time).
    private func user(clientID: String, secret: String, store: String) throws -> String? {
        for user in try service.store.all(IdentityStoreDirectory.partition(store), "User") {
            let credentials = user.body[IdentityStoreSchemas.secureAuthUserURN]?["apiCredentials"]?.arrayValue ?? []
            for credential in credentials {
                guard let id = credential["clientId"]?.stringValue,
                    let expected = credential["clientSecret"]?.stringValue
                else { continue }
                if ConstantTime.equals(id, clientID) && ConstantTime.equals(expected, secret) { return user.id }
            }
        }
        return nil
    }
}
