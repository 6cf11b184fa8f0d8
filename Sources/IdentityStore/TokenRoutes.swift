import HTTP
import JSON

/// `GET` and `POST /api/v1/privy/ids/{ids_id}/g3/token`: HTTP Basic with a user's API credentials gives an opaque
/// bearer token for that user in that store (`{"access_token", "token_type": "Bearer", "expires_in"}`); anything
/// else is 401.
struct TokenRoutes {
    let credentials: APICredentials
    let tokens: IdentityStoreTokens

    func register(on router: Router) {
        router.claim(prefix: "/api/v1/privy/ids/", for: IdentityStoreError.envelope)
        let privy = router.group("/api/v1/privy/ids/{ids_id}", envelope: IdentityStoreError.envelope) { request in
            try credentials.owner(of: request)
        }
        for method in [HTTPMethod.GET, .POST] {
            privy.on(method, "/g3/token") { _, owner in
                let token = try tokens.issue(store: owner.storeID, userID: owner.userID, clientID: owner.clientID)
                var response = Response.json([
                    "access_token": .string(token), "token_type": "Bearer",
                    "expires_in": .int(IdentityStoreTokens.lifetimeSeconds),
                ])
                response.headers.set("Cache-Control", "no-store")
                return response
            }
        }
    }
}
