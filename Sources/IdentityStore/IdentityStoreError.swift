import HTTP
import SCIM

/// A refused Identity Store request: a SCIM error with `status` as a string (VENDOR-NOTES §3,
/// identity-store.derived.openapi.yaml `ScimError`). `envelope` renders the router's errors (404, 405, 413, a
/// malformed body, a failed write's 500) the same way.
struct IdentityStoreError: HTTPError {
    let error: SCIMError

    var response: Response { error.response(statusStyle: .string) }

    static let envelope = ErrorEnvelope(
        id: "secureauth-identity-store",
        module: "secureauth-identity-store"
    ) { status, message in
        SCIMError(status: status, detail: message).response(statusStyle: .string)
    }

    /// The documented detail for an expired or unknown bearer token (seed 002).
    static let invalidToken = IdentityStoreError(
        error: SCIMError(status: 401, detail: "Access token is invalid", headers: ["WWW-Authenticate": "Bearer"]))

    /// The token endpoint's answer to anything but a user's API credentials of an existing store.
    static let invalidCredentials = IdentityStoreError(
        error: SCIMError(
            status: 401, detail: "Invalid API credentials",
            headers: ["WWW-Authenticate": "Basic realm=\"identity-store\""]))

    static func storeNotFound(_ id: String) -> IdentityStoreError {
        IdentityStoreError(error: .notFound("Identity store \(id) not found"))
    }
}
