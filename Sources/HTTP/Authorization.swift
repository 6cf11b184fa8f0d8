import Primitives

/// The credentials of an `Authorization` header (RFC 9110 §11.6.2).
public enum Authorization: Equatable, Sendable {
    /// `Basic` (RFC 7617): the user-id and password exactly as encoded (callers apply any further decoding,
    /// such as OAuth's form-urlencoding of client credentials).
    case basic(user: String, password: String)
    /// `Bearer` (RFC 6750).
    case bearer(String)
    /// Another scheme, or a malformed Basic/Bearer value.
    case other(scheme: String, credentials: String)

    /// Parses a header value. Scheme names are case-insensitive.
    public init?(headerValue: String) {
        let trimmed = headerValue.drop { $0 == " " || $0 == "\t" }
        guard !trimmed.isEmpty else { return nil }
        let scheme = trimmed.prefix { $0 != " " && $0 != "\t" }
        let credentials = String(trimmed.dropFirst(scheme.count).drop { $0 == " " || $0 == "\t" })
            .trimmingTrailingWhitespace()
        if HTTPHeaders.equalsIgnoringCase(String(scheme), "Basic"),
            let decoded = Base64.decode(credentials),
            let text = String(validating: decoded, as: UTF8.self),
            let colon = text.firstIndex(of: ":")
        {
            self = .basic(user: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        } else if HTTPHeaders.equalsIgnoringCase(String(scheme), "Bearer"), !credentials.isEmpty,
            !credentials.contains(" ")
        {
            self = .bearer(credentials)
        } else {
            self = .other(scheme: String(scheme), credentials: credentials)
        }
    }

    /// The scheme name as sent in `WWW-Authenticate` challenges.
    public var scheme: String {
        switch self {
        case .basic: return "Basic"
        case .bearer: return "Bearer"
        case .other(let scheme, _): return scheme
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
