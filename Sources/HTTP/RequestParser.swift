import CHTTPParser

/// Incremental HTTP/1.x request reader over the nodejs/http-parser C library, applying `RequestLimits`.
///
/// Feed it bytes as they arrive; completed requests collect in `completed` in order. After a failure it
/// accepts no more input. Independent of sockets, so tests and the fuzzer drive it directly.
public final class RequestParser {
    public let limits: RequestLimits
    public let remoteAddress: String
    /// Requests read completely, oldest first; the owner removes them.
    public var completed: [Request] = []
    public private(set) var failure: ParseFailure?
    /// The target of the request that was being read when a failure happened (to pick the error's vendor).
    public private(set) var failedTarget: String?
    /// True after the headers of a request that sent `Expect: 100-continue` were read and its body has not arrived.
    public var awaitingContinue = false
    /// True after the client asked to switch protocols; no more requests follow on this connection.
    public private(set) var upgraded = false
    /// A request has begun but its headers are incomplete.
    public private(set) var readingHeaders = false
    /// A request has begun but is not complete.
    public private(set) var readingMessage = false

    private let parser: UnsafeMutablePointer<http_parser>
    private var url: [UInt8] = []
    private var field: [UInt8] = []
    private var value: [UInt8] = []
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var inValue = false
    private var headersDone = false
    /// The first bytes of the message being read (its request line, usually).
    private var messageHead: [UInt8] = []
    private static let messageHeadCapacity = 512
    private let clock: () -> UInt64

    public init(
        limits: RequestLimits = RequestLimits(), remoteAddress: String = "127.0.0.1",
        clock: @escaping () -> UInt64 = { 0 }
    ) {
        self.limits = limits
        self.remoteAddress = remoteAddress
        self.clock = clock
        parser = .allocate(capacity: 1)
        http_parser_init(parser, HTTP_REQUEST)
        http_parser_set_max_header_size(UInt32(clamping: limits.maxHeaderBytes))
        parser.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit { parser.deallocate() }

    /// Parses as much of `bytes` as forms requests; returns false once the stream has failed.
    ///
    /// The C parser pauses after each complete message, so the first bytes of every message are known
    /// (`messageHead`): an error found before the request-target was reported (an over-long request line) can
    /// still name the target, and with it the API family whose envelope answers.
    @discardableResult
    public func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        consume(bytes, messages: .max)
        return failure == nil
    }

    /// Parses `bytes` until `messages` requests have completed (or the bytes end, or the stream fails) and returns
    /// how many bytes were used; the caller keeps the rest for later, so parsing can be spread over loop turns.
    public func consume(_ bytes: UnsafeRawBufferPointer, messages: Int) -> Int {
        guard failure == nil, !upgraded else { return bytes.count }
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count > 0 else {
            return bytes.count
        }
        http_parser_set_max_header_size(UInt32(clamping: limits.maxHeaderBytes))
        let completedBefore = completed.count
        var offset = 0
        while offset < bytes.count {
            if completed.count - completedBefore >= messages { return offset }
            if !readingMessage { messageHead.removeAll(keepingCapacity: true) }
            if messageHead.count < Self.messageHeadCapacity {
                let take = min(Self.messageHeadCapacity - messageHead.count, bytes.count - offset)
                messageHead.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            }
            let remaining = bytes.count - offset
            let parsed = withUnsafePointer(to: &RequestParser.settings) {
                http_parser_execute(parser, $0, base + offset, remaining)
            }
            let errno = http_errno(rawValue: parser.pointee.http_errno)
            if errno == HPE_PAUSED {
                http_parser_pause(parser, 0)
                offset += max(parsed, 1)
                continue
            }
            if failure == nil && errno != HPE_OK {
                fail(
                    errno == HPE_HEADER_OVERFLOW
                        ? (inRequestLine ? .uriTooLong : .headersTooLarge)
                        : errno == HPE_CB_url && failure == nil
                            ? .uriTooLong
                            : .malformed(String(cString: http_errno_description(errno))))
            } else if failure == nil && parser.pointee.upgrade == 1 {
                upgraded = true
            } else if failure == nil && parsed != remaining {
                fail(.malformed("unexpected data"))
            }
            break
        }
        return bytes.count
    }

    /// True while the request line of the current message has not ended (a header overflow there is a 414).
    private var inRequestLine: Bool {
        guard readingHeaders else { return false }
        var i = 0
        while i < messageHead.count, messageHead[i] == 0x0D || messageHead[i] == 0x0A { i += 1 }
        return !messageHead[i...].contains(0x0A)
    }

    /// The request-target of the request being read, as far as it has arrived (nil before any of it).
    public var pendingTarget: String? {
        guard readingMessage else { return nil }
        return currentTarget()
    }

    private func currentTarget() -> String? {
        let fromHead = Self.target(inRequestLine: messageHead)
        if url.count >= (fromHead?.utf8.count ?? 0) { return url.isEmpty ? nil : String(decoding: url, as: UTF8.self) }
        return fromHead
    }

    /// The target in `METHOD SP target SP …` (leading empty lines skipped), or nil when none has begun.
    static func target(inRequestLine head: [UInt8]) -> String? {
        var i = 0
        while i < head.count, head[i] == 0x0D || head[i] == 0x0A { i += 1 }
        while i < head.count, head[i] != 0x20 {
            if head[i] == 0x0D || head[i] == 0x0A { return nil }
            i += 1
        }
        guard i < head.count else { return nil }
        i += 1
        let start = i
        while i < head.count, head[i] != 0x20, head[i] != 0x0D, head[i] != 0x0A { i += 1 }
        return i > start ? String(decoding: head[start..<i], as: UTF8.self) : nil
    }

    public func feed(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { feed($0) }
    }

    private func fail(_ reason: ParseFailure) {
        guard failure == nil else { return }
        failure = reason
        if readingMessage || headersDone { failedTarget = currentTarget() }
    }

    // MARK: http-parser callbacks

    private func messageBegin() {
        readingMessage = true
        readingHeaders = true
        headersDone = false
        inValue = false
        url.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        headers = HTTPHeaders()
        body = []
    }

    private func urlData(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        url.append(contentsOf: bytes)
        if url.count > limits.maxTargetBytes {
            fail(.uriTooLong)
            return -1
        }
        return 0
    }

    private func headerField(_ bytes: UnsafeRawBufferPointer) {
        if headersDone { return }  // trailer fields are read and ignored
        if inValue { commitHeader() }
        field.append(contentsOf: bytes)
    }

    private func headerValue(_ bytes: UnsafeRawBufferPointer) {
        if headersDone { return }
        inValue = true
        value.append(contentsOf: bytes)
    }

    private func commitHeader() {
        headers.add(String(decoding: field, as: UTF8.self), String(decoding: value, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
        inValue = false
    }

    /// 0 to continue, -1 to stop with the failure already recorded.
    private func headersComplete() -> Int32 {
        if inValue || !field.isEmpty { commitHeader() }
        headersDone = true
        readingHeaders = false
        if parser.pointee.http_major != 1 || parser.pointee.http_minor > 1 {
            fail(.unsupportedVersion)
            return -1
        }
        let flags = parser.pointee.flags
        let chunked = flags & UInt32(F_CHUNKED.rawValue) != 0
        let hasLength = flags & UInt32(F_CONTENTLENGTH.rawValue) != 0
        if !hasLength && !chunked && headers["Transfer-Encoding"] == nil && headers["Content-Type"] != nil
            && [HTTP_POST.rawValue, HTTP_PUT.rawValue, HTTP_PATCH.rawValue].contains(parser.pointee.method)
        {
            // A body is announced (a media type) but not framed: without a length the server cannot tell it from
            // the next request (RFC 9110 §15.5.12).
            fail(.lengthRequired)
            return -1
        }
        if hasLength && !chunked {
            if parser.pointee.content_length > UInt64(limits.maxBodyBytes) {
                fail(.bodyTooLarge)
                return -1
            }
            body.reserveCapacity(Int(parser.pointee.content_length))
        }
        if let expect = headers["Expect"] {
            if HTTPHeaders.equalsIgnoringCase(expect, "100-continue") {
                awaitingContinue = (hasLength && parser.pointee.content_length > 0) || chunked
            }
        }
        return 0
    }

    private func bodyData(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        awaitingContinue = false
        if body.count + bytes.count > limits.maxBodyBytes {
            fail(.bodyTooLarge)
            return -1
        }
        body.append(contentsOf: bytes)
        return 0
    }

    private func messageComplete() {
        awaitingContinue = false
        readingMessage = false
        readingHeaders = false
        let request = Request(
            method: Self.method(parser.pointee.method),
            target: String(decoding: url, as: UTF8.self),
            headers: headers,
            body: body,
            httpVersion: (Int(parser.pointee.http_major), Int(parser.pointee.http_minor)),
            keepAlive: http_should_keep_alive(parser) != 0,
            remoteAddress: remoteAddress,
            receivedAt: clock())
        headers = HTTPHeaders()
        body = []
        completed.append(request)
        // Stops `http_parser_execute` here, so `feed` knows where the next message begins.
        http_parser_pause(parser, 1)
    }

    private static let commonMethods: [UInt32: HTTPMethod] = [
        HTTP_GET.rawValue: .GET, HTTP_POST.rawValue: .POST, HTTP_PUT.rawValue: .PUT,
        HTTP_DELETE.rawValue: .DELETE, HTTP_PATCH.rawValue: .PATCH, HTTP_HEAD.rawValue: .HEAD,
        HTTP_OPTIONS.rawValue: .OPTIONS,
    ]

    private static func method(_ raw: UInt32) -> HTTPMethod {
        commonMethods[raw] ?? HTTPMethod(String(cString: http_method_str(http_method(rawValue: raw))))
    }

    private static func from(_ p: UnsafeMutablePointer<http_parser>?) -> RequestParser {
        Unmanaged<RequestParser>.fromOpaque(p!.pointee.data).takeUnretainedValue()
    }

    nonisolated(unsafe) private static var settings: http_parser_settings = {
        var s = http_parser_settings()
        s.on_message_begin = { p in
            from(p).messageBegin()
            return 0
        }
        s.on_url = { p, at, n in from(p).urlData(UnsafeRawBufferPointer(start: at, count: n)) }
        s.on_header_field = { p, at, n in
            from(p).headerField(UnsafeRawBufferPointer(start: at, count: n))
            return 0
        }
        s.on_header_value = { p, at, n in
            from(p).headerValue(UnsafeRawBufferPointer(start: at, count: n))
            return 0
        }
        s.on_headers_complete = { p in from(p).headersComplete() }
        s.on_body = { p, at, n in from(p).bodyData(UnsafeRawBufferPointer(start: at, count: n)) }
        s.on_message_complete = { p in
            from(p).messageComplete()
            return 0
        }
        return s
    }()
}
