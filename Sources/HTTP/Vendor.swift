/// An API family the emulator speaks, with the error envelope its clients expect.
///
/// Every route belongs to a vendor, so HTTP-level errors (404, 405, 413, …) come back in that vendor's format.
public struct Vendor: Sendable {
    public let id: String
    private let render: @Sendable (_ status: Int, _ message: String) -> Response

    public init(id: String, renderError: @escaping @Sendable (_ status: Int, _ message: String) -> Response) {
        self.id = id
        self.render = renderError
    }

    /// An error response with `status` and a human-readable `message` in this vendor's envelope.
    public func errorResponse(status: Int, message: String) -> Response {
        render(status, message)
    }

    /// The emulator's own envelope: `{"error": "...", "status": 404}`.
    public static let emulator = Vendor(id: "emulator") { status, message in
        var body = Array(#"{"error":""#.utf8)
        JSONText.appendEscaped(message, to: &body)
        body += Array(#"","status":\#(status)}"#.utf8)
        return Response.json(body, status: status)
    }
}

/// Minimal JSON string escaping for envelopes rendered in this module (the JSON module sits beside HTTP).
public enum JSONText {
    public static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        for c in s.utf8 {
            switch c {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
            default: out.append(c)
            }
        }
    }
}
