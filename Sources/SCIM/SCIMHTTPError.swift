import HTTP

/// A SCIM error as the router sends it: the engine's `SCIMError` rendered with the vendor's `status` style (a JSON
/// string for SecureAuth, an integer for WSO2). `SCIMRoutes` wraps what its authorizer and handlers throw in it.
public struct SCIMHTTPError: HTTPError {
    public let error: SCIMError
    public let statusStyle: SCIMError.StatusStyle

    public init(_ error: SCIMError, statusStyle: SCIMError.StatusStyle) {
        self.error = error
        self.statusStyle = statusStyle
    }

    public var response: Response { error.response(statusStyle: statusStyle) }

    /// Runs `body` and renders what it throws for a SCIM client: a `SCIMError` in `statusStyle`, a request the kit's
    /// readers refuse (a malformed body) as a SCIM error of its status, `invalidSyntax` for a 400. Anything else (a
    /// failed store read or write) propagates: the router logs it and answers with the envelope's 500.
    public static func rendering<T>(_ statusStyle: SCIMError.StatusStyle, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SCIMError {
            throw SCIMHTTPError(error, statusStyle: statusStyle)
        } catch let problem as RequestProblem {
            let scimType = problem.status == 400 ? "invalidSyntax" : nil
            throw SCIMHTTPError(
                SCIMError(status: problem.status, scimType: scimType, detail: problem.message),
                statusStyle: statusStyle)
        }
    }
}
