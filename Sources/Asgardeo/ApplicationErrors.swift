/// The Applications API's business errors (identity-api-server `ApplicationManagementConstants`; `getCode()` adds the
/// `APP-` prefix).
extension AsgardeoError {
    static func applicationNotFound(_ id: String, organization: Organization) -> AsgardeoError {
        api(
            status: 404, code: "APP-60006", message: "Application not found.",
            description: "Application cannot be found for the provided id: \(id) in the tenantDomain: "
                + "\(organization.handle).")
    }

    static func applicationExists(_ name: String) -> AsgardeoError {
        api(
            status: 409, code: "APP-60007", message: "Application already exists.",
            description: "Already an application available with the same name: \(name).")
    }

    static func clientIDExists(_ clientID: String) -> AsgardeoError {
        api(
            status: 409, code: "APP-60009", message: "Inbound key already exists.",
            description: "An application with the client id: \(clientID) already exists.")
    }

    static func oidcNotConfigured(_ id: String) -> AsgardeoError {
        api(
            status: 404, code: "APP-60502", message: "Inbound protocol not configured.",
            description: "Inbound protocol: oidc not configured for application id: \(id).")
    }

    static func authorizedAPINotFound(_ id: String) -> AsgardeoError {
        api(
            status: 404, code: "APP-60510", message: "API resource not found.",
            description: "API resource with id: \(id) is not found.")
    }

    /// A 400 `APP-60001` for an application the request describes wrongly.
    static func invalid(_ application: InvalidApplication) -> AsgardeoError { badRequest(application.reason) }

    static var sortingNotSupported: AsgardeoError {
        api(
            status: 501, code: "APP-65002", message: "Sorting not supported.",
            description: "Sorting capability is not supported in this version of the API.")
    }

    static var invalidLimit: AsgardeoError {
        badRequest(
            "Invalid limit requested. Limit value should be a non-negative integer.", code: "APP-60003",
            message: "Invalid limit.")
    }

    static var invalidOffset: AsgardeoError {
        badRequest(
            "Invalid offset requested. Offset value should be a non-negative integer.", code: "APP-60002",
            message: "Invalid offset.")
    }

    /// `APP-60004` for a `filter` the list cannot use.
    static func applicationFilter(_ problem: FilterExpression.Problem) -> AsgardeoError {
        switch problem {
        case .attribute(let name):
            return badRequest(
                "Filtering cannot be done with the '\(name)' attribute. Filtering is only supported with "
                    + "'name', 'clientId', and 'issuer' attributes.", code: "APP-60004",
                message: "Filtering using the attempted attribute is not supported.")
        case .operation(let operation):
            return badRequest(
                "Attempted filtering operation '\(operation)' is invalid. Please use one of the "
                    + "supported filtering operations such as 'eq', 'co', 'sw', 'ew', 'and', 'or'.",
                code: "APP-60004",
                message: "Attempted filtering operation is invalid.")
        case .format:
            return badRequest(
                "Filter needs to be in the format <attribute>+<operation>+<value>. Eg: name+eq+john",
                code: "APP-60004", message: "Invalid filter query format.")
        }
    }
}
