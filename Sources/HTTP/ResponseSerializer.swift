import Primitives

/// Writes responses as HTTP/1.1 bytes, adding `Date`, `Content-Length` and `Connection`.
struct ResponseSerializer {
    private var statusLines: [Int: [UInt8]] = [:]
    private var dateLine: [UInt8] = []
    private var dateSecond: Int64 = .min

    /// Refreshes the cached `Date` line when the second changes.
    mutating func setDate(epochSeconds: Int64) {
        guard epochSeconds != dateSecond else { return }
        dateSecond = epochSeconds
        dateLine = Array("Date: \(DateFormats.httpDate(Timestamp(seconds: epochSeconds)))\r\n".utf8)
    }

    /// Appends `response` to `out`. `headRequest` omits the body (keeping its length);
    /// `close` announces the connection's end; `http10KeepAlive` confirms keep-alive to an HTTP/1.0 client.
    mutating func append(
        _ response: Response, to out: inout [UInt8], headRequest: Bool, close: Bool, http10KeepAlive: Bool
    ) {
        out.append(contentsOf: statusLine(response.status))
        out.append(contentsOf: dateLine)
        for (name, value) in response.headers where !Self.isServerManaged(name) {
            out.append(contentsOf: name.utf8)
            out.append(0x3A)
            out.append(0x20)
            appendSanitized(value, to: &out)
            out.append(0x0D)
            out.append(0x0A)
        }
        let bodyless = response.status == 204 || response.status == 304 || response.status < 200
        if !bodyless {
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: String(response.body.count).utf8)
            out.append(0x0D)
            out.append(0x0A)
        }
        if close {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10KeepAlive {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(0x0D)
        out.append(0x0A)
        if !headRequest && !bodyless { out.append(contentsOf: response.body) }
    }

    private mutating func statusLine(_ status: Int) -> [UInt8] {
        if let line = statusLines[status] { return line }
        let line = Array("HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n".utf8)
        statusLines[status] = line
        return line
    }

    /// Header values never carry CR or LF onto the wire (response splitting).
    private func appendSanitized(_ value: String, to out: inout [UInt8]) {
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) {
            out.append(contentsOf: utf8)
        } else {
            for c in utf8 { out.append(c == 0x0D || c == 0x0A ? 0x20 : c) }
        }
    }

    /// `Content-Length`, `Connection`, `Date` and `Transfer-Encoding` are written by the server only.
    private static func isServerManaged(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        switch first | 0x20 {
        case UInt8(ascii: "c"):
            return HTTPHeaders.equalsIgnoringCase(name, "Content-Length")
                || HTTPHeaders.equalsIgnoringCase(name, "Connection")
        case UInt8(ascii: "d"): return HTTPHeaders.equalsIgnoringCase(name, "Date")
        case UInt8(ascii: "t"): return HTTPHeaders.equalsIgnoringCase(name, "Transfer-Encoding")
        default: return false
        }
    }
}
