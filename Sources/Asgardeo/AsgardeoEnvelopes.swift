import HTTP
import OAuth
import SCIM

/// How router-level errors (404, 405, 413, 429, 500) and the kit's `RequestProblem`s (a malformed body) render on
/// each Asgardeo API family, in the formats of `AsgardeoError`. The management APIs' envelopes answer a malformed
/// body with their business code (`APP-60001`, `ORG-60001`) and everything else as the auth valve does.
enum AsgardeoEnvelopes {
    /// `/t/{org}/oauth2/...` and `/t/{org}/oidc/...`.
    static let oauth = ErrorEnvelope(id: "asgardeo-oauth", module: "asgardeo") { status, message in
        AsgardeoError.oauth(OAuthError(oauthCode(for: status), message, status: status)).response
    }

    /// `/t/{org}/oauth2/authn` (app-native authentication): a malformed body is `ABA-60001`, a failure of the
    /// emulator `ABA-65001`; the rest of the `/oauth2` group's errors are OAuth's.
    static let appNative = ErrorEnvelope(id: "asgardeo-app-native", module: "asgardeo", family: oauth.id) {
        status, message in
        switch status {
        case 400:
            return AsgardeoError.appNative(code: "ABA-60001", message: "Invalid request.", description: message)
                .response
        case 500...:
            return AsgardeoError.appNative(
                status: status, code: "ABA-65001", message: "Unexpected server error.",
                description: "The authentication flow could not be completed."
            ).response
        default:
            return oauth.response(status: status, message: message)
        }
    }

    /// `/t/{org}/api/...` (and the `/o/api/...` paths of sub-organizations): the auth valve's body.
    static let api = ErrorEnvelope(id: "asgardeo-api", module: "asgardeo") { status, message in
        AsgardeoError.valve(status: status, description: message).response
    }

    /// The Applications API: `APP-60001` for a malformed body, `APP-65001` when a change cannot be stored.
    static let applications = management(
        "asgardeo-applications", badRequest: "APP-60001",
        serverError: ("APP-65001", "Unexpected server error.", "The change could not be stored."))

    /// The Organization Management API's reads and the envelope its writes refine.
    static let organizations = management("asgardeo-organizations", badRequest: "ORG-60001", serverError: nil)

    /// Creating an organization: `ORG-65016` when it cannot be stored.
    static let organizationCreation = management(
        "asgardeo-organization-creation", badRequest: "ORG-60001",
        serverError: (
            "ORG-65016", "Unable to create the organization.",
            "Server encountered an error while creating the organization."
        ))

    /// Deleting an organization: `ORG-65010` when the deletion cannot be stored.
    static let organizationDeletion = management(
        "asgardeo-organization-deletion", badRequest: "ORG-60001",
        serverError: (
            "ORG-65010", "Unable to delete the organization.",
            "Server encountered an error while deleting the organization."
        ))

    /// `/t/{org}/scim2/...` (and `/o/scim2/...`): a 400 carries `scimType: invalidSyntax`, as WSO2 writes it.
    static let scim = ErrorEnvelope(id: "asgardeo-scim2", module: "asgardeo") { status, message in
        AsgardeoError.scim(
            SCIMError(
                status: status, scimType: status == 400 ? "invalidSyntax" : nil,
                detail: message)
        ).response
    }

    /// Every envelope, for the rate-limit policy.
    static let all = [
        oauth, appNative, api, applications, organizations, organizationCreation, organizationDeletion,
        scim,
    ]

    /// A management API's envelope: the business `badRequest` code for a malformed body, the business server error
    /// (code, message, description) for a 500 when given, and the auth valve's body otherwise.
    private static func management(
        _ id: String, badRequest: String, serverError: (code: String, message: String, description: String)?
    ) -> ErrorEnvelope {
        ErrorEnvelope(id: id, module: "asgardeo") { status, message in
            if status == 400 { return AsgardeoError.badRequest(message, code: badRequest).response }
            if status == 500, let serverError {
                return AsgardeoError.api(
                    status: 500, code: serverError.code, message: serverError.message,
                    description: serverError.description
                ).response
            }
            return AsgardeoError.valve(status: status, description: message).response
        }
    }

    private static func oauthCode(for status: Int) -> String {
        switch status {
        case 401: return "invalid_client"
        case 404: return "not_found"
        case 429: return "too_many_requests"
        case 500...: return "server_error"
        default: return "invalid_request"
        }
    }
}
