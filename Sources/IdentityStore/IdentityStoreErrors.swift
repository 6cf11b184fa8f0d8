import HTTP
import SCIM

/// The Identity Store answers in the SCIM error shape with `status` as a string (VENDOR-NOTES §3,
/// identity-store.derived.openapi.yaml `ScimError`), for its own errors and HTTP-level ones (404, 405, 413, …).
enum IdentityStoreErrors {
    static let vendor = ErrorEnvelope(id: "secureauth-identity-store", module: "secureauth-identity-store") { status, message in
        SCIMError(status: status, detail: message).response(statusStyle: .string)
    }

    /// The documented detail for an expired or unknown bearer token (seed 002).
    static let invalidToken = SCIMError(status: 401, detail: "Access token is invalid", headers: ["WWW-Authenticate": "Bearer"])

    static func render(_ error: SCIMError) -> Response { error.response(statusStyle: .string) }
}
