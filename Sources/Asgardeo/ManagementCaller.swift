import OAuth

/// The context of a management API request once its token is accepted: the organization the path and token
/// address, and the token (its granted scopes). Each operation checks its scope with one call.
struct ManagementCaller {
    let organization: Organization
    let token: TokenRecord

    /// Whether the token was granted `scope`.
    func isGranted(_ scope: String) -> Bool { token.scopes.contains(scope) }

    /// Refuses the operation (403 in the auth valve's shape) unless the token was granted `scope`.
    func require(scope: String) throws(AsgardeoError) {
        guard isGranted(scope) else { throw .forbidden }
    }
}
