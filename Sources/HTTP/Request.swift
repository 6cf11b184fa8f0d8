/// One parsed HTTP request, as handlers and middleware see it.
public final class Request {
    public let method: HTTPMethod
    /// The request-target exactly as received (`/a/b?x=1`).
    public let target: String
    /// The path part of the target, still percent-encoded.
    public let path: Substring
    /// The query part of the target (after `?`), still encoded, or nil.
    public let rawQuery: Substring?
    public let headers: HTTPHeaders
    public let body: [UInt8]
    public let httpVersion: (major: Int, minor: Int)
    /// Whether the connection stays open after this exchange (HTTP/1.1 default, `Connection` header).
    public let keepAlive: Bool
    /// The peer's IP address.
    public let remoteAddress: String
    /// Monotonic receive time in nanoseconds (for durations, not for wall-clock decisions).
    public let receivedAt: UInt64

    /// Set by the router: the matched route and its path parameters (percent-decoded).
    public internal(set) var route: Route?
    public internal(set) var pathParameters: [(name: String, value: String)] = []
    /// Set by the router when the path exists but not for this method (a 405 follows).
    public internal(set) var allowedMethods: [HTTPMethod]?
    /// The error envelope of the API family that answers this request (the route's, or the path prefix owner's).
    public internal(set) var envelope: ErrorEnvelope
    /// The router that matched the route (it renders errors thrown after the handler returned, see `Reply.collect`).
    weak var router: Router?
    /// A short id for logs and the `X-Request-Id` header; middleware may replace it.
    public var id: String = ""

    public init(
        method: HTTPMethod, target: String, headers: HTTPHeaders, body: [UInt8] = [],
        httpVersion: (major: Int, minor: Int) = (1, 1), keepAlive: Bool = true,
        remoteAddress: String = "127.0.0.1", receivedAt: UInt64 = 0, envelope: ErrorEnvelope = .emulator
    ) {
        self.method = method
        self.target = target
        if let q = target.utf8.firstIndex(of: 0x3F) {
            path = target[..<q]
            rawQuery = target[target.utf8.index(after: q)...]
        } else {
            path = Substring(target)
            rawQuery = nil
        }
        self.headers = headers
        self.body = body
        self.httpVersion = httpVersion
        self.keepAlive = keepAlive
        self.remoteAddress = remoteAddress
        self.receivedAt = receivedAt
        self.envelope = envelope
    }

    /// A path parameter by name (`{tid}` → `param("tid")`).
    public func param(_ name: String) -> String? {
        pathParameters.first { $0.name == name }?.value
    }

    /// The query string's pairs.
    public private(set) lazy var query: FormData = FormData(parsing: rawQuery ?? "")

    /// The body's pairs when it is `application/x-www-form-urlencoded`; empty otherwise.
    public private(set) lazy var form: FormData = isForm ? FormData(parsing: body) : FormData()

    /// The `Authorization` header's credentials, or nil when absent.
    public private(set) lazy var authorization: Authorization? = headers["Authorization"].flatMap(
        Authorization.init(headerValue:))

    /// The cookies the client sent.
    public private(set) lazy var cookies: [String: String] = headers["Cookie"].map(Cookies.parse) ?? [:]

    /// The media type of the body, lower-cased, without parameters (`application/json`).
    public private(set) lazy var mediaType: String? = headers["Content-Type"].map {
        String($0.prefix { $0 != ";" }).lowercased().trimmingTrailingWhitespace()
    }

    public var isForm: Bool { mediaType == "application/x-www-form-urlencoded" }

    /// The origin the client used (`http://` + `Host`), for issuers and links when no public URL is configured.
    public var origin: String {
        let host = headers["Host"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let proto = headers["X-Forwarded-Proto"].map { $0.lowercased() == "https" ? "https" : "http" } ?? "http"
        return proto + "://" + host
    }
}
