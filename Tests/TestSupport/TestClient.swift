/// Something a test sends HTTP requests through: a real socket (`RawClient`) or the router in-process.
public protocol TestClient {
    func request(_ method: String, _ target: String, headers: [(String, String)], body: [UInt8]) throws -> RawResponse
}

extension TestClient {
    /// Sends one request with a text body (empty by default) and returns its response.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String = ""
    ) throws -> RawResponse {
        try request(method, target, headers: headers, body: Array(body.utf8))
    }
}
