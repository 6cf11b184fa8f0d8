import CLibUV

/// One client TCP connection: reads requests, answers them in order (pipelining, deferred replies),
/// and closes gracefully (half-close, then a short linger) when the exchange ends.
final class Connection {
    enum State { case open, lingering, closed }

    unowned let server: HTTPServer
    let handle: UnsafeMutablePointer<uv_tcp_t>
    let parser: RequestParser
    private(set) var state = State.open
    var isDirty = false

    private var queue: [Request] = []
    private var queueHead = 0
    private var inFlight = false
    private var outbox: [UInt8] = []
    private var pendingWrites = 0
    /// Answer what was read, then close (no keep-alive, an error, shutdown, or the peer's EOF).
    private var closeWhenDone = false
    /// Further bytes are discarded (after an error, a timeout, or a non-keep-alive request).
    private var acceptingInput = true
    private var peerClosed = false
    private var reading = false
    private(set) var lastActivity: UInt64
    private(set) var messageStart: UInt64
    private(set) var lingerDeadline: UInt64 = 0

    /// Pipelined requests queued beyond this pause reading until they are answered.
    private static let maxQueued = 128
    /// Unsent bytes beyond this pause reading until the client drains them.
    private static let maxUnsentBytes = 4 << 20
    private static let lingerMilliseconds: UInt64 = 2_000

    var stream: UnsafeMutablePointer<uv_stream_t> { UnsafeMutablePointer(OpaquePointer(handle)) }

    init(server: HTTPServer, handle: UnsafeMutablePointer<uv_tcp_t>, remoteAddress: String) {
        self.server = server
        self.handle = handle
        self.parser = RequestParser(limits: server.configuration.limits, remoteAddress: remoteAddress,
                                    clock: { uv_hrtime() })
        lastActivity = server.nowMilliseconds
        messageStart = lastActivity
    }

    /// True when nothing is being read, queued, answered or sent.
    var isIdle: Bool {
        !parser.readingMessage && queueHead == queue.count && !inFlight && outbox.isEmpty && pendingWrites == 0
    }

    // MARK: Reading

    func startReading() {
        guard !reading, state != .closed else { return }
        reading = uv_read_start(stream, { handle, _, buf in
            let connection = Unmanaged<Connection>.fromOpaque(handle!.pointee.data).takeUnretainedValue()
            buf!.pointee = uv_buf_init(connection.server.readBuffer, UInt32(HTTPServer.readBufferSize))
        }, { stream, nread, buf in
            let connection = Unmanaged<Connection>.fromOpaque(stream!.pointee.data).takeUnretainedValue()
            connection.didRead(nread, UnsafeRawBufferPointer(start: buf!.pointee.base, count: max(nread, 0)))
        }) == 0
    }

    private func stopReading() {
        guard reading else { return }
        uv_read_stop(stream)
        reading = false
    }

    private func didRead(_ nread: Int, _ bytes: UnsafeRawBufferPointer) {
        if nread < 0 {
            if nread == Int(UV_EOF.rawValue) {
                peerClosed = true
                stopReading()
                if state == .lingering || isIdle {
                    close()
                } else {
                    closeWhenDone = true
                    acceptingInput = false
                    finishIfDone()
                }
            } else {
                close()
            }
            return
        }
        guard nread > 0 else { return }
        lastActivity = server.nowMilliseconds
        guard state == .open, acceptingInput else { return }
        let wasReading = parser.readingMessage
        let completedBefore = parser.completed.count
        parser.feed(bytes)
        if parser.readingMessage && (!wasReading || parser.completed.count > completedBefore) {
            messageStart = lastActivity
        }
        if !parser.completed.isEmpty {
            queue.append(contentsOf: parser.completed)
            parser.completed.removeAll(keepingCapacity: true)
        }
        processQueue()
        if queue.count - queueHead > Self.maxQueued { stopReading() }
    }

    // MARK: Answering

    private func processQueue() {
        while !inFlight, queueHead < queue.count, state == .open {
            let request = queue[queueHead]
            queueHead += 1
            if !request.keepAlive || server.isStopping { closeWhenDone = true }
            switch server.respond(request) {
            case .now(let response):
                append(response, for: request)
            case .later(let pending):
                inFlight = true
                pending.whenReady { [self] response in
                    inFlight = false
                    guard state == .open else { return }
                    append(response, for: request)
                    processQueue()
                }
            }
            if closeWhenDone {
                acceptingInput = false
                queue.removeAll()
                queueHead = 0
            }
        }
        guard !inFlight, queueHead == queue.count else { return }
        queue.removeAll(keepingCapacity: true)
        queueHead = 0
        if let failure = parser.failure, acceptingInput {
            acceptingInput = false
            closeWhenDone = true
            var response = server.errorResponse(status: failure.status, message: failure.message,
                                                target: parser.failedTarget)
            response.headers.remove("X-Request-Id")
            server.serializer.append(response, to: &outbox, headRequest: false, close: true, http10KeepAlive: false)
            markDirty()
        } else if parser.awaitingContinue && acceptingInput {
            parser.awaitingContinue = false
            outbox.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
            markDirty()
        } else if parser.upgraded {
            closeWhenDone = true
            acceptingInput = false
        }
        if peerClosed { closeWhenDone = true }
        if acceptingInput && !reading && outbox.count < Self.maxUnsentBytes { startReading() }
        finishIfDone()
    }

    private func append(_ response: Response, for request: Request) {
        let http10KeepAlive = request.httpVersion.minor == 0 && request.keepAlive && !closeWhenDone
        server.serializer.append(response, to: &outbox, headRequest: request.method == .HEAD,
                                 close: closeWhenDone, http10KeepAlive: http10KeepAlive)
        markDirty()
    }

    /// Answers `response` (a 408 for a slow client, a 503 when full) after anything already read, then closes.
    func abort(with response: Response) {
        guard state == .open, acceptingInput else { return }
        acceptingInput = false
        closeWhenDone = true
        if !inFlight {
            queue.removeAll()
            queueHead = 0
            server.serializer.append(response, to: &outbox, headRequest: false, close: true, http10KeepAlive: false)
            markDirty()
        }
    }

    /// Graceful shutdown: close now if idle, otherwise after the requests already read are answered.
    func finishForShutdown() {
        guard state == .open else { return }
        if isIdle { close(); return }
        closeWhenDone = true
        acceptingInput = false
        finishIfDone()
    }

    // MARK: Writing

    private func markDirty() {
        guard !isDirty, state != .closed else { return }
        isDirty = true
        server.dirty.append(self)
    }

    /// Sends the outbox: a direct write when possible, a queued `uv_write` for the rest.
    func flush() {
        isDirty = false
        guard state != .closed else { return }
        if !outbox.isEmpty {
            var written = 0
            if pendingWrites == 0 {
                let result = outbox.withUnsafeMutableBytes { raw -> Int32 in
                    var buf = uv_buf_init(raw.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(raw.count))
                    return uv_try_write(stream, &buf, 1)
                }
                if result >= 0 {
                    written = Int(result)
                } else if result != UV_EAGAIN.rawValue {
                    close()
                    return
                }
            }
            if written < outbox.count {
                let count = outbox.count - written
                let memory = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 1)
                outbox.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress! + written, byteCount: count) }
                let request = UnsafeMutablePointer<uv_write_t>.allocate(capacity: 1)
                request.pointee.data = memory
                var buf = uv_buf_init(memory.assumingMemoryBound(to: CChar.self), UInt32(count))
                let status = uv_write(request, stream, &buf, 1) { req, status in
                    let connection = Unmanaged<Connection>.fromOpaque(req!.pointee.handle.pointee.data).takeUnretainedValue()
                    req!.pointee.data.deallocate()
                    req!.deallocate()
                    connection.didWrite(status)
                }
                if status != 0 {
                    memory.deallocate()
                    request.deallocate()
                    close()
                    return
                }
                pendingWrites += 1
                if uv_stream_get_write_queue_size(stream) > Self.maxUnsentBytes { stopReading() }
            }
            if outbox.capacity > 256 * 1024 { outbox = [] } else { outbox.removeAll(keepingCapacity: true) }
        }
        finishIfDone()
    }

    private func didWrite(_ status: Int32) {
        pendingWrites -= 1
        guard state != .closed else { return }
        if status < 0 { close(); return }
        if acceptingInput && !reading && pendingWrites == 0 && queue.count - queueHead <= Self.maxQueued { startReading() }
        finishIfDone()
    }

    // MARK: Closing

    private func finishIfDone() {
        guard state == .open, closeWhenDone, !inFlight, queueHead == queue.count, outbox.isEmpty, pendingWrites == 0 else { return }
        if peerClosed || server.isStopping { close(); return }
        // Half-close, then read and discard until the peer closes or the linger time ends, so that a client
        // still sending its body reads our error instead of a reset.
        state = .lingering
        lingerDeadline = server.nowMilliseconds + Self.lingerMilliseconds
        let request = UnsafeMutablePointer<uv_shutdown_t>.allocate(capacity: 1)
        if uv_shutdown(request, stream, { req, _ in req!.deallocate() }) != 0 {
            request.deallocate()
            close()
            return
        }
        startReading()
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        stopReading()
        server.connectionClosed(self)
        uv_close(UnsafeMutablePointer(OpaquePointer(handle))) { handle in
            let connection = Unmanaged<Connection>.fromOpaque(handle!.pointee.data).takeRetainedValue()
            connection.handle.deallocate()
        }
    }
}
