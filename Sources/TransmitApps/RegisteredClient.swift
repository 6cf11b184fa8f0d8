import OAuth

/// A client as the token endpoint and the bearer-token check need it: where it belongs and what its tokens are.
struct RegisteredClient {
    let tenantID: String
    let appID: String
    let appName: String
    /// A management app's client: its tokens are admin access tokens for the whole tenant.
    let isManagement: Bool
    let oauth: OAuthClient
    let accessTokenTTL: Int64
}
