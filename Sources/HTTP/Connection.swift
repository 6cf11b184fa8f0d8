import CLibUV

#if canImport(Glibc)
    import Glibc
#endif

/// One client TCP connection: reads requests, answers them in order (pipelining, deferred replies),
/// and closes gracefully (half-close, then a short linger) when the exchange ends.
///
/// Requests are answered one per loop turn through the server's scheduler, so a client that pipelines many
/// cannot hold the loop; a client that does not read its answers stops being answered and read once its unsent
/// output passes `outputHighWater`; what a vanished client had queued is dropped.
final class Connection {
    enum State { case open, lingering, closed }

    unowned let server: HTTPServer
    let handle: UnsafeMutablePointer<uv_tcp_t>
    let parser: RequestParser
    private(set) var state = State.open
    var isDirty = false
    /// In the server's run queue, waiting for a turn.
    var isScheduled = false
    /// Set when the connection is refused (503): it is answered once its request-target is known, then closed.
    var rejection: (status: Int, message: String)?

    private var queue: [Request] = []
    private var queueHead = 0
    /// Bytes read and not parsed yet (pipelined requests wait here until their turn).
    private var inbox: [UInt8] = []
    private var inboxHead = 0
    private var inFlight = false
    private var outbox: [UInt8] = []
    private var pendingWrites = 0
    /// Sizes of the `uv_write`s in flight, oldest first (they complete in order).
    private var pendingWriteSizes: [Int] = []
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
    /// Unparsed bytes beyond this pause reading until they are parsed.
    private static let maxInbox = 64 << 10
    /// Unsent bytes beyond this pause answering and reading until the client drains them.
    static let outputHighWater = 256 << 10
    private static let lingerMilliseconds: UInt64 = 2_000

    var stream: UnsafeMutablePointer<uv_stream_t> { UnsafeMutablePointer(OpaquePointer(handle)) }

    init(server: HTTPServer, handle: UnsafeMutablePointer<uv_tcp_t>, remoteAddress: String) {
        self.server = server
        self.handle = handle
        self.parser = RequestParser(
            limits: server.configuration.limits, remoteAddress: remoteAddress,
            clock: { uv_hrtime() })
        lastActivity = server.nowMilliseconds
        messageStart = lastActivity
    }

    /// True when nothing is being read, queued, answered or sent.
    var isIdle: Bool {
        !parser.readingMessage && queueHead == queue.count && inboxHead == inbox.count && !inFlight && outbox.isEmpty
            && pendingWrites == 0
    }

    // MARK: Reading

    func startReading() {
        guard !reading, state != .closed else { return }
        reading =
            uv_read_start(
                stream,
                { handle, _, buf in
                    let connection = Unmanaged<Connection>.fromOpaque(handle!.pointee.data).takeUnretainedValue()
                    buf!.pointee = uv_buf_init(connection.server.readBuffer, UInt32(HTTPServer.readBufferSize))
                },
                { stream, nread, buf in
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
                    advance()
                }
            } else {
                close()
            }
            return
        }
        guard nread > 0 else { return }
        lastActivity = server.nowMilliseconds
        guard state == .open, acceptingInput else { return }
        if inboxHead == inbox.count {
            inbox.removeAll(keepingCapacity: inbox.capacity <= Self.maxInbox)
            inboxHead = 0
        }
        inbox.append(contentsOf: bytes)
        parseNext()
        if inbox.count - inboxHead > Self.maxInbox { stopReading() }
        if let rejection {
            // Refused (server full or stopping): answered once the target names the API family whose envelope fits.
            let target = parser.completed.first?.target ?? parser.pendingTarget ?? parser.failedTarget
            if target != nil || !parser.completed.isEmpty || parser.failure != nil {
                parser.completed.removeAll()
                abort(with: server.errorResponse(status: rejection.status, message: rejection.message, target: target))
            }
            return
        }
        advance()
    }

    /// Parses buffered input until one more request is complete (or the input ends): a connection that pipelines
    /// many requests has them parsed one per turn, like they are answered.
    private func parseNext() {
        guard inboxHead < inbox.count, parser.failure == nil, !parser.upgraded else {
            inboxHead = inbox.count
            return
        }
        let wasReading = parser.readingMessage
        let completedBefore = parser.completed.count
        let used = inbox.withUnsafeBytes { raw in
            parser.consume(UnsafeRawBufferPointer(rebasing: raw[inboxHead...]), messages: 1)
        }
        inboxHead += used
        if parser.readingMessage && (!wasReading || parser.completed.count > completedBefore) {
            messageStart = lastActivity
        }
        if rejection == nil && !parser.completed.isEmpty {
            queue.append(contentsOf: parser.completed)
            parser.completed.removeAll(keepingCapacity: true)
        }
    }

    // MARK: Answering

    /// Bytes produced for this client and not yet taken by the kernel.
    private var unsentBytes: Int {
        outbox.count + (state == .closed ? 0 : uv_stream_get_write_queue_size(stream))
    }

    /// True when a queued request can be answered now: open, nothing in flight, and the client keeps up with what it
    /// was sent (a client that does not read stops being answered and read, instead of filling memory).
    var wantsTurn: Bool {
        state == .open && !inFlight && (queueHead < queue.count || inboxHead < inbox.count)
            && unsentBytes <= Self.outputHighWater
    }

    /// True after the client's FIN: the server answers such connections only when live ones have nothing to do.
    var isHalfClosed: Bool { peerClosed }

    /// Asks the server for a turn when a request is waiting, otherwise finishes the exchange (errors found while
    /// reading, `100 Continue`, the close).
    private func advance() {
        guard state == .open else { return }
        if wantsTurn {
            server.schedule(self)
        } else if !inFlight && queueHead == queue.count && inboxHead == inbox.count {
            finishQueue()
        }
    }

    /// One turn of the server's scheduler: answers the next queued request (one per loop turn, so connections
    /// interleave and the loop keeps reading others), or drops the queue of a client that has gone.
    func takeTurn() {
        guard wantsTurn else { return }
        if peerClosed && socketFailed() {
            close()
            return
        }
        if queueHead == queue.count {
            parseNext()
            guard queueHead < queue.count else {
                resumeReadingIfRoom()
                advance()
                return
            }
        }
        let request = queue[queueHead]
        queueHead += 1
        // `Connection: close` (or shutdown) ends the exchange after this answer; a FIN alone does not drop the
        // requests read before it.
        let lastAnswer = !request.keepAlive || server.isStopping
        if lastAnswer { closeWhenDone = true }
        switch server.respond(request) {
        case .now(let response):
            append(response, for: request)
        case .later(let pending):
            inFlight = true
            pending.whenReady { [self] response in
                inFlight = false
                guard state == .open else { return }
                append(response, for: request)
                advance()
            }
        }
        if lastAnswer {
            acceptingInput = false
            queue.removeAll()
            queueHead = 0
            inbox = []
            inboxHead = 0
        }
        resumeReadingIfRoom()
        advance()
    }

    /// True when the kernel holds an error for the socket (the peer's RST after its FIN): nobody reads the answers.
    private func socketFailed() -> Bool {
        var fd: uv_os_fd_t = -1
        guard uv_fileno(UnsafeMutablePointer(OpaquePointer(handle)), &fd) == 0 else { return true }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return true }
        return error != 0
    }

    private func resumeReadingIfRoom() {
        if acceptingInput && !reading && !peerClosed && state == .open && queue.count - queueHead <= Self.maxQueued
            && inbox.count - inboxHead <= Self.maxInbox && unsentBytes <= Self.outputHighWater
        {
            startReading()
        }
    }

    /// After the last queued request: answers a read failure, sends `100 Continue`, or closes as agreed.
    private func finishQueue() {
        queue.removeAll(keepingCapacity: queue.capacity <= 2 * Self.maxQueued)
        queueHead = 0
        if let failure = parser.failure, acceptingInput {
            acceptingInput = false
            closeWhenDone = true
            var response = server.errorResponse(
                status: failure.status, message: failure.message,
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
        resumeReadingIfRoom()
        finishIfDone()
    }

    private func append(_ response: Response, for request: Request) {
        let http10KeepAlive = request.httpVersion.minor == 0 && request.keepAlive && !closeWhenDone
        server.serializer.append(
            response, to: &outbox, headRequest: request.method == .HEAD,
            close: closeWhenDone, http10KeepAlive: http10KeepAlive)
        markDirty()
    }

    /// Answers `response` (a 408 for a slow client, a 503 when full) after anything already answered, then closes;
    /// requests read but not answered yet are dropped.
    func abort(with response: Response) {
        guard state == .open, acceptingInput else { return }
        acceptingInput = false
        closeWhenDone = true
        inbox = []
        inboxHead = 0
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
        if isIdle {
            close()
            return
        }
        closeWhenDone = true
        acceptingInput = false
        advance()
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
                    let connection = Unmanaged<Connection>.fromOpaque(req!.pointee.handle.pointee.data)
                        .takeUnretainedValue()
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
                pendingWriteSizes.append(count)
                server.queuedWriteBytes += count
                if uv_stream_get_write_queue_size(stream) > Self.outputHighWater { stopReading() }
            }
            if outbox.capacity > 16 * 1024 { outbox = [] } else { outbox.removeAll(keepingCapacity: true) }
        }
        resumeReadingIfRoom()
        if wantsTurn { server.schedule(self) } else { finishIfDone() }
    }

    private func didWrite(_ status: Int32) {
        pendingWrites -= 1
        if !pendingWriteSizes.isEmpty { server.queuedWriteBytes -= pendingWriteSizes.removeFirst() }
        guard state != .closed else { return }
        if status < 0 {
            close()
            return
        }
        resumeReadingIfRoom()
        if wantsTurn { server.schedule(self) } else { finishIfDone() }
    }

    // MARK: Closing

    private func finishIfDone() {
        guard state == .open, closeWhenDone, !inFlight, queueHead == queue.count, outbox.isEmpty, pendingWrites == 0
        else { return }
        if peerClosed || server.isStopping {
            close()
            return
        }
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
        queue.removeAll()
        queueHead = 0
        inbox = []
        inboxHead = 0
        outbox = []
        server.connectionClosed(self)
        uv_close(UnsafeMutablePointer(OpaquePointer(handle))) { handle in
            let connection = Unmanaged<Connection>.fromOpaque(handle!.pointee.data).takeRetainedValue()
            connection.handle.deallocate()
        }
    }
}
