#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 client for `GET /_emulator/health` (no dependencies, for container health checks).
enum HealthProbe {
    struct Failure: Error { let message: String }

    struct Target {
        let host: String
        let port: String

        /// Accepts `http://host[:port][/]`.
        init?(url: String) {
            guard url.hasPrefix("http://") else { return nil }
            var rest = url.dropFirst("http://".count)
            if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
            if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                host = String(rest[rest.index(after: rest.startIndex)..<close])
                let after = rest[rest.index(after: close)...]
                port = after.hasPrefix(":") ? String(after.dropFirst()) : "80"
            } else if let colon = rest.lastIndex(of: ":") {
                host = String(rest[..<colon])
                port = String(rest[rest.index(after: colon)...])
            } else {
                host = String(rest)
                port = "80"
            }
            guard !host.isEmpty, Int(port) != nil else { return nil }
        }
    }

    static func check(_ target: Target, timeoutMilliseconds: Int32) -> Result<String, Failure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, target.port, &hints, &list) == 0, let info = list else {
            return .failure(Failure(message: "cannot resolve \(target.host)"))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return .failure(Failure(message: "cannot create a socket")) }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeoutMilliseconds / 1000), tv_usec: Int(timeoutMilliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            return .failure(Failure(message: "cannot connect to \(target.host):\(target.port)"))
        }
        let request =
            "GET /_emulator/health HTTP/1.1\r\nHost: \(target.host):\(target.port)\r\nConnection: close\r\n\r\n"
        guard send(fd, request, request.utf8.count, Int32(MSG_NOSIGNAL)) == request.utf8.count else {
            return .failure(Failure(message: "cannot send the request"))
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while response.count < 65536 {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: chunk[0..<n])
        }
        let text = String(decoding: response, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200") else {
            return .failure(Failure(message: text.isEmpty ? "no answer" : "unhealthy: \(text.prefix { $0 != "\r" })"))
        }
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(Failure(message: "truncated answer")) }
        let body = String(parts[1])
        // Byte-wise: `String.contains(String)` would resolve to Foundation's ICU-backed overload (see AdminServerRoutes).
        guard body.utf8.contains("\"status\":\"ok\"".utf8) else {
            return .failure(Failure(message: "unhealthy: \(body)"))
        }
        return .success(body)
    }
}
