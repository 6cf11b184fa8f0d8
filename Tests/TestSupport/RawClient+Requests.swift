extension RawClient {
    /// Sends one HTTP/1.1 request (with `Host` and `Content-Length`) and reads its response.
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: String = "") throws -> RawResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" { text += "Content-Length: \(body.utf8.count)\r\n" }
        try send(text + "\r\n" + body)
        return try readResponse(head: method == "HEAD")
    }
}
