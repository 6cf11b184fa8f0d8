extension RawClient: TestClient {
    /// Sends one HTTP/1.1 request (with `Host` and `Content-Length`) and reads its response.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)], body: [UInt8]
    ) throws -> RawResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            text += "Content-Length: \(body.count)\r\n"
        }
        try send(Array((text + "\r\n").utf8) + body)
        return try readResponse(head: method == "HEAD")
    }
}
