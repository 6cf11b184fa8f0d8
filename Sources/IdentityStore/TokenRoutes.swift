import Emulator
import HTTP
import JSON
import OAuth
import Primitives
import SCIM

/// `GET` and `POST /api/v1/privy/ids/{ids_id}/g3/token`: HTTP Basic with a user's API credentials (the `clientId` and
/// `clientSecret` of their `apiCredentials`) gives an opaque bearer token for that user in that store
/// (`{"access_token", "token_type": "Bearer", "expires_in"}`); anything else is 401.
final class TokenRoutes {
    static let tokenLifetimeSeconds: Int64 = 3600

    private let directory: IdentityStoreDirectory
    private let service: SCIMService
    private let tokens: TokenStore
    private let clock: Clock

    init(directory: IdentityStoreDirectory, service: SCIMService, tokens: TokenStore, clock: Clock) {
        self.directory = directory
        self.service = service
        self.tokens = tokens
        self.clock = clock
    }

    func register(on router: Router) {
        router.claim(prefix: "/api/v1/privy/ids/", for: IdentityStoreErrors.vendor)
        for method in [HTTPMethod.GET, .POST] {
            router.add(method, "/api/v1/privy/ids/{ids_id}/g3/token", envelope: IdentityStoreErrors.vendor) { .now(self.token($0)) }
        }
    }

    private func token(_ request: Request) -> Response {
        let storeID = request.param("ids_id") ?? ""
        guard case .basic(let clientID, let secret)? = request.authorization, directory.exists(storeID),
              let userID = owner(clientID: clientID, secret: secret, store: storeID) else {
            let error = SCIMError(status: 401, detail: "Invalid API credentials", headers: ["WWW-Authenticate": "Basic realm=\"identity-store\""])
            return IdentityStoreErrors.render(error)
        }
        let token = SecureRandom.token()
        let now = clock.now().epochSeconds
        do {
            try tokens.record(token, TokenRecord(realm: IdentityStoreDirectory.realm(storeID), kind: .access, clientID: clientID,
                                                 subject: userID, scopes: [], issuedAt: now, expiresAt: now + Self.tokenLifetimeSeconds,
                                                 grantID: SecureRandom.uuid()), now: now)
        } catch {
            return IdentityStoreErrors.render(.internalError("Could not store the token"))
        }
        var response = Response.json(["access_token": .string(token), "token_type": "Bearer", "expires_in": .int(Self.tokenLifetimeSeconds)])
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The user holding these API credentials (secrets compared in constant time).
    private func owner(clientID: String, secret: String, store: String) -> String? {
        let users = (try? service.store.all(IdentityStoreDirectory.partition(store), "User")) ?? []
        for user in users {
            let credentials = user.body[IdentityStoreSchemas.secureAuthUserURN]?["apiCredentials"]?.arrayValue ?? []
            for credential in credentials {
                guard let id = credential["clientId"]?.stringValue, let expected = credential["clientSecret"]?.stringValue else { continue }
                if ConstantTime.equals(id, clientID) && ConstantTime.equals(expected, secret) { return user.id }
            }
        }
        return nil
    }
}
