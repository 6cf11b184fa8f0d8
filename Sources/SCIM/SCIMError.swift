import HTTP
import JSON

/// A SCIM protocol error (RFC 7644 §3.12): the HTTP status, the `scimType` keyword and a human-readable detail.
///
/// The engine only produces these; the vendor module renders them (`json(statusStyle:)`), choosing whether `status`
/// is a JSON string (RFC 7644's examples) or an integer (WSO2).
public struct SCIMError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var scimType: String?
    public var detail: String
    /// Extra response headers (a `WWW-Authenticate` challenge on 401, …).
    public var headers: [String: String]

    public init(status: Int, scimType: String? = nil, detail: String, headers: [String: String] = [:]) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
        self.headers = headers
    }

    public var description: String { "\(status) \(scimType ?? "-"): \(detail)" }

    public static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

    /// How the `status` member is written.
    public enum StatusStyle: Sendable {
        /// `"status": "400"` (RFC 7644 §3.12 examples; SecureAuth).
        case string
        /// `"status": 400` (WSO2 / Asgardeo).
        case integer
    }

    /// The error body: `{"schemas": [Error URN], "status", "scimType"?, "detail"}`.
    public func json(statusStyle: StatusStyle) -> JSON {
        var body: JSONObject = [
            "schemas": [.string(Self.errorSchema)],
            "status": statusStyle == .string ? .string(String(status)) : .int(Int64(status)),
        ]
        if let scimType { body["scimType"] = .string(scimType) }
        body["detail"] = .string(detail)
        return .object(body)
    }

    /// The error as an `application/scim+json` response with its extra headers.
    public func response(statusStyle: StatusStyle) -> Response {
        var response = Response(
            status: status, contentType: SCIMMedia.type, body: json(statusStyle: statusStyle).serialized())
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { response.headers.set(name, value) }
        return response
    }

    // RFC 7644 §3.12 Table 9 keywords.
    public static func invalidFilter(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidFilter", detail: detail)
    }
    public static func tooMany(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "tooMany", detail: detail)
    }
    public static func uniqueness(_ detail: String) -> SCIMError {
        SCIMError(status: 409, scimType: "uniqueness", detail: detail)
    }
    public static func mutability(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "mutability", detail: detail)
    }
    public static func invalidSyntax(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidSyntax", detail: detail)
    }
    public static func invalidPath(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidPath", detail: detail)
    }
    public static func noTarget(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "noTarget", detail: detail)
    }
    public static func invalidValue(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidValue", detail: detail)
    }
    public static func notFound(_ detail: String) -> SCIMError { SCIMError(status: 404, detail: detail) }
    public static func preconditionFailed(_ detail: String) -> SCIMError { SCIMError(status: 412, detail: detail) }
    public static func unauthorized(_ detail: String) -> SCIMError { SCIMError(status: 401, detail: detail) }
    public static func forbidden(_ detail: String) -> SCIMError { SCIMError(status: 403, detail: detail) }
    public static func internalError(_ detail: String) -> SCIMError { SCIMError(status: 500, detail: detail) }
}

/// SCIM's media type and message schema URNs (RFC 7644 §3.1, §8.2).
public enum SCIMMedia {
    public static let type = "application/scim+json"
    public static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    public static let searchRequest = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    public static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
}
