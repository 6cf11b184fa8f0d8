/// An HTTP response: status, header fields and a complete body.
///
/// The server adds `Date`, `Content-Length` and `Connection`; handlers set the rest.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A body with its `Content-Type`.
    public init(status: Int = 200, contentType: String, body: [UInt8], headers: HTTPHeaders = HTTPHeaders()) {
        self.init(status: status, headers: headers, body: body)
        self.headers.set("Content-Type", contentType)
    }

    /// `application/json` (or another JSON media type) from already serialized bytes.
    public static func json(_ body: [UInt8], status: Int = 200, contentType: String = "application/json") -> Response {
        Response(status: status, contentType: contentType, body: body)
    }

    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    public static func html(_ html: String, status: Int = 200) -> Response {
        Response(status: status, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }

    /// A redirect (302 by default) to `location`.
    public static func redirect(to location: String, status: Int = 302) -> Response {
        var r = Response(status: status)
        r.headers.set("Location", location)
        return r
    }

    /// A response with no body (204 by default).
    public static func empty(_ status: Int = 204) -> Response { Response(status: status) }
}
