import CLibUV
import Primitives

#if canImport(Glibc)
    import Glibc
#endif

/// Why the server could not start.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// An HTTP/1.1 server on its own libuv loop: keep-alive, pipelining, limits, timeouts and graceful shutdown.
///
/// Everything but `requestStop()` must be used on the thread that calls `run()` (the loop thread); that is
/// why the type is `@unchecked Sendable`.
public final class HTTPServer: @unchecked Sendable {
    public let configuration: ServerConfiguration
    /// Answers each request (the router, usually). Runs on the loop thread.
    public var responder: (Request) -> Reply
    /// Renders errors found before routing (400, 408, 411, 413, 414, 431, 503); `target` is the request's, when known.
    public var errorResponder: (_ status: Int, _ message: String, _ target: String?) -> Response = {
        status, message, _ in
        ErrorEnvelope.emulator.response(status: status, message: message)
    }
    /// Run once per loop iteration before responses are sent (the store commits its batch here).
    public var beforeFlush: [() -> Void] = []
    /// Run once per loop iteration after responses are sent (log lines are written here).
    public var afterFlush: [() -> Void] = []
    /// Seconds since the epoch for the `Date` header (the emulator passes its controllable clock).
    public var epochSeconds: () -> Int64 = { Clock.systemNanoseconds() / 1_000_000_000 }
    /// Called on the loop thread once a graceful stop has finished (all connections and jobs done).
    public var onStopped: (() -> Void)?
    /// Runs CPU-heavy work off the loop.
    public let workers: WorkerPool
    /// The bound port (useful when the configuration asked for port 0).
    public private(set) var port = 0
    public private(set) var isStopping = false

    static let readBufferSize = 64 * 1024
    let readBuffer: UnsafeMutablePointer<CChar>
    let loop: UnsafeMutablePointer<uv_loop_t>
    var serializer = ResponseSerializer()
    var dirty: [Connection] = []
    /// Connections with a request to answer, in turn order; those whose client sent FIN wait in `halfClosedTurns`
    /// and get turns only when time is left, so a crowd of vanished clients cannot delay live ones.
    private var liveTurns = TurnQueue()
    private var halfClosedTurns = TurnQueue()
    /// Keeps the loop from blocking in poll while turns are waiting.
    private let turnIdle: UnsafeMutablePointer<uv_idle_t>
    /// How long one loop turn may spend answering queued requests before it reads the sockets again.
    static let turnBudgetNanoseconds: UInt64 = 2_000_000
    /// Bytes handed to `uv_write` and not yet taken by the kernel, over all connections.
    var queuedWriteBytes = 0
    /// Half-closed connections (clients that may be gone) get turns only while less than this waits to be sent.
    static let halfClosedWriteBudget = 2 << 20
    /// Live connections get turns only while less than this waits to be sent (each is bounded on its own too).
    static let liveWriteBudget = 8 << 20
    /// How long a refused connection may take to name its request-target before it is answered without one.
    static let rejectionWaitMilliseconds: UInt64 = 1_000
    private var connections: [ObjectIdentifier: Connection] = [:]
    private let listener: UnsafeMutablePointer<uv_tcp_t>
    private let sweepTimer: UnsafeMutablePointer<uv_timer_t>
    private let graceTimer: UnsafeMutablePointer<uv_timer_t>
    private let flushCheck: UnsafeMutablePointer<uv_check_t>
    private let stopAsync: UnsafeMutablePointer<uv_async_t>
    private var signals: [UnsafeMutablePointer<uv_signal_t>] = []
    private var listening = false
    private var finished = false

    public init(configuration: ServerConfiguration, responder: @escaping (Request) -> Reply) {
        self.configuration = configuration
        self.responder = responder
        loop = .allocate(capacity: 1)
        uv_loop_init(loop)
        workers = WorkerPool(loop: loop)
        readBuffer = .allocate(capacity: Self.readBufferSize)
        listener = .allocate(capacity: 1)
        sweepTimer = .allocate(capacity: 1)
        graceTimer = .allocate(capacity: 1)
        flushCheck = .allocate(capacity: 1)
        turnIdle = .allocate(capacity: 1)
        stopAsync = .allocate(capacity: 1)
        let me = Unmanaged.passUnretained(self).toOpaque()
        loop.pointee.data = me
        uv_tcp_init(loop, listener)
        listener.pointee.data = me
        uv_timer_init(loop, sweepTimer)
        sweepTimer.pointee.data = me
        uv_timer_init(loop, graceTimer)
        graceTimer.pointee.data = me
        uv_check_init(loop, flushCheck)
        flushCheck.pointee.data = me
        uv_idle_init(loop, turnIdle)
        turnIdle.pointee.data = me
        uv_async_init(loop, stopAsync) { async in HTTPServer.from(async!.pointee.data).stop() }
        stopAsync.pointee.data = me
        workers.onIdle = { [unowned self] in if isStopping { finishIfStopped() } }
    }

    deinit {
        readBuffer.deallocate()
        if finished {
            uv_loop_close(loop)
            for handle in [
                UnsafeMutableRawPointer(listener), UnsafeMutableRawPointer(sweepTimer),
                UnsafeMutableRawPointer(graceTimer), UnsafeMutableRawPointer(flushCheck),
                UnsafeMutableRawPointer(turnIdle), UnsafeMutableRawPointer(stopAsync),
            ] { handle.deallocate() }
            for s in signals { s.deallocate() }
            loop.deallocate()
        }
    }

    private static func from(_ pointer: UnsafeMutableRawPointer?) -> HTTPServer {
        Unmanaged<HTTPServer>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// Milliseconds of the loop's monotonic clock.
    public var nowMilliseconds: UInt64 { uv_now(loop) }

    /// Binds and listens. Call before `run()`.
    public func start() throws(ServerError) {
        signal(SIGPIPE, SIG_IGN)
        var storage = sockaddr_storage()
        let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        let parsed = withUnsafeMutablePointer(to: &storage) { pointer -> Int32 in
            if host.contains(":") {
                return uv_ip6_addr(
                    host, Int32(configuration.port),
                    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: sockaddr_in6.self))
            }
            return uv_ip4_addr(
                host, Int32(configuration.port),
                UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: sockaddr_in.self))
        }
        guard parsed == 0 else { throw ServerError(description: "invalid listen address \(configuration.host)") }
        let bound = withUnsafePointer(to: &storage) {
            uv_tcp_bind(listener, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self), 0)
        }
        guard bound == 0 else {
            throw ServerError(description: "cannot bind \(host):\(configuration.port): \(Self.errorText(bound))")
        }
        let listened = uv_listen(UnsafeMutablePointer(OpaquePointer(listener)), 1024) { server, status in
            guard status == 0 else { return }
            HTTPServer.from(server!.pointee.data).accept()
        }
        guard listened == 0 else {
            throw ServerError(
                description: "cannot listen on \(host):\(configuration.port): \(Self.errorText(listened))")
        }
        listening = true
        var name = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &name) {
            _ = uv_tcp_getsockname(
                listener, UnsafeMutableRawPointer($0).assumingMemoryBound(to: sockaddr.self), &length)
        }
        port = Self.port(of: name)
        let sweepEvery = max(
            10, min(1_000, min(configuration.idleTimeoutMilliseconds, configuration.headerTimeoutMilliseconds) / 4))
        uv_timer_start(sweepTimer, { timer in HTTPServer.from(timer!.pointee.data).sweep() }, sweepEvery, sweepEvery)
        uv_check_start(flushCheck) { check in
            let server = HTTPServer.from(check!.pointee.data)
            server.runTurns()
            server.flushAll()
        }
    }

    /// Stops gracefully on SIGINT and SIGTERM.
    public func installSignalHandlers() {
        for number in [SIGINT, SIGTERM] {
            let handle = UnsafeMutablePointer<uv_signal_t>.allocate(capacity: 1)
            uv_signal_init(loop, handle)
            handle.pointee.data = Unmanaged.passUnretained(self).toOpaque()
            uv_signal_start(handle, { signal, _ in HTTPServer.from(signal!.pointee.data).stop() }, number)
            signals.append(handle)
        }
    }

    /// Runs the loop on the calling thread until the server has stopped.
    public func run() {
        uv_run(loop, UV_RUN_DEFAULT)
        finished = true
    }

    /// Thread-safe: asks the loop to stop gracefully.
    public func requestStop() {
        uv_async_send(stopAsync)
    }

    /// Graceful stop: no new connections, answer what was read, then close everything.
    public func stop() {
        guard !isStopping else { return }
        isStopping = true
        if listening { uv_close(UnsafeMutablePointer(OpaquePointer(listener)), nil) }
        for connection in Array(connections.values) { connection.finishForShutdown() }
        uv_timer_start(
            graceTimer,
            { timer in
                let server = HTTPServer.from(timer!.pointee.data)
                for connection in Array(server.connections.values) { connection.close() }
            }, configuration.shutdownGraceMilliseconds, 0)
        finishIfStopped()
    }

    private func finishIfStopped() {
        guard isStopping, connections.isEmpty, workers.pending == 0, !finished else { return }
        flushAll()
        onStopped?()
        onStopped = nil
        uv_timer_stop(sweepTimer)
        uv_timer_stop(graceTimer)
        uv_check_stop(flushCheck)
        uv_idle_stop(turnIdle)
        for handle in [
            OpaquePointer(sweepTimer), OpaquePointer(graceTimer), OpaquePointer(flushCheck),
            OpaquePointer(turnIdle), OpaquePointer(stopAsync),
        ] {
            let h = UnsafeMutablePointer<uv_handle_t>(handle)
            if uv_is_closing(h) == 0 { uv_close(h, nil) }
        }
        for s in signals where uv_is_closing(UnsafeMutablePointer(OpaquePointer(s))) == 0 {
            uv_close(UnsafeMutablePointer(OpaquePointer(s)), nil)
        }
    }

    // MARK: Connections

    private func accept() {
        let handle = UnsafeMutablePointer<uv_tcp_t>.allocate(capacity: 1)
        uv_tcp_init(loop, handle)
        let stream = UnsafeMutablePointer<uv_stream_t>(OpaquePointer(handle))
        guard uv_accept(UnsafeMutablePointer(OpaquePointer(listener)), stream) == 0 else {
            uv_close(UnsafeMutablePointer(OpaquePointer(handle))) { $0!.deallocate() }
            return
        }
        uv_tcp_nodelay(handle, 1)
        var peer = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &peer) {
            _ = uv_tcp_getpeername(handle, UnsafeMutableRawPointer($0).assumingMemoryBound(to: sockaddr.self), &length)
        }
        let connection = Connection(server: self, handle: handle, remoteAddress: Self.address(of: peer))
        handle.pointee.data = Unmanaged.passRetained(connection).toOpaque()
        connections[ObjectIdentifier(connection)] = connection
        if connections.count > configuration.maxConnections || isStopping {
            connection.rejection = (503, isStopping ? "The server is shutting down" : "Too many connections")
        }
        connection.startReading()
    }

    func connectionClosed(_ connection: Connection) {
        connections[ObjectIdentifier(connection)] = nil
        if isStopping { finishIfStopped() }
    }

    func respond(_ request: Request) -> Reply {
        responder(request)
    }

    func errorResponse(status: Int, message: String, target: String?) -> Response {
        errorResponder(status, message, target)
    }

    // MARK: Turns

    /// Queues `connection` for a turn (once; it asks again after its turn if more is waiting).
    func schedule(_ connection: Connection) {
        guard !connection.isScheduled else { return }
        connection.isScheduled = true
        if connection.isHalfClosed { halfClosedTurns.push(connection) } else { liveTurns.push(connection) }
        uv_idle_start(turnIdle) { _ in }
    }

    /// Gives each waiting connection at most one turn, live ones first, until the turn budget is spent; the rest
    /// wait for the next loop iteration, after the sockets have been read again.
    private func runTurns() {
        guard liveTurns.count + halfClosedTurns.count > 0 else { return }
        let deadline = uv_hrtime() &+ Self.turnBudgetNanoseconds
        var answered = 0
        for isLive in [true, false] {
            // Answers wait while the kernel has not taken what was already written: memory stays bounded, and the
            // write completions that lower the total wake the loop for the next turn.
            if queuedWriteBytes >= (isLive ? Self.liveWriteBudget : Self.halfClosedWriteBudget) { continue }
            var remaining = isLive ? liveTurns.count : halfClosedTurns.count
            while remaining > 0, answered == 0 || uv_hrtime() < deadline {
                guard let connection = isLive ? liveTurns.pop() : halfClosedTurns.pop() else { break }
                remaining -= 1
                if isLive && connection.isHalfClosed {
                    // Its FIN arrived after it queued: it waits with the other half-closed connections.
                    halfClosedTurns.push(connection)
                    continue
                }
                connection.isScheduled = false
                connection.takeTurn()
                answered += 1
            }
        }
        if liveTurns.count + halfClosedTurns.count == 0 || answered == 0 { uv_idle_stop(turnIdle) }
    }

    private func flushAll() {
        serializer.setDate(epochSeconds: epochSeconds())
        for hook in beforeFlush { hook() }
        if !dirty.isEmpty {
            let list = dirty
            dirty.removeAll(keepingCapacity: true)
            for connection in list { connection.flush() }
        }
        for hook in afterFlush { hook() }
    }

    /// Closes idle keep-alive connections, answers 408 to slow clients, ends lingering closes.
    private func sweep() {
        let now = nowMilliseconds
        serializer.setDate(epochSeconds: epochSeconds())
        for connection in Array(connections.values) {
            switch connection.state {
            case .lingering:
                if now >= connection.lingerDeadline { connection.close() }
            case .open:
                if let rejection = connection.rejection {
                    if now - connection.messageStart >= Self.rejectionWaitMilliseconds {
                        connection.abort(
                            with: errorResponse(
                                status: rejection.status, message: rejection.message,
                                target: connection.parser.pendingTarget))
                    }
                } else if connection.parser.readingHeaders
                    && now - connection.messageStart >= configuration.headerTimeoutMilliseconds
                {
                    connection.abort(
                        with: errorResponse(
                            status: 408, message: "Timed out reading the request",
                            target: connection.parser.pendingTarget))
                } else if connection.parser.readingMessage
                    && now - connection.lastActivity >= configuration.idleTimeoutMilliseconds
                {
                    connection.abort(
                        with: errorResponse(
                            status: 408, message: "Timed out reading the request",
                            target: connection.parser.pendingTarget))
                } else if connection.isIdle && now - connection.lastActivity >= configuration.idleTimeoutMilliseconds {
                    connection.close()
                }
            case .closed:
                break
            }
        }
    }

    // MARK: Addresses

    private static func address(of storage: sockaddr_storage) -> String {
        var copy = storage
        var text = [CChar](repeating: 0, count: 64)
        withUnsafePointer(to: &copy) { pointer in
            let raw = UnsafeRawPointer(pointer)
            if storage.ss_family == sa_family_t(AF_INET6) {
                _ = uv_ip6_name(raw.assumingMemoryBound(to: sockaddr_in6.self), &text, text.count)
            } else {
                _ = uv_ip4_name(raw.assumingMemoryBound(to: sockaddr_in.self), &text, text.count)
            }
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func port(of storage: sockaddr_storage) -> Int {
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer in
            let raw = UnsafeRawPointer(pointer)
            if storage.ss_family == sa_family_t(AF_INET6) {
                return Int(UInt16(bigEndian: raw.assumingMemoryBound(to: sockaddr_in6.self).pointee.sin6_port))
            }
            return Int(UInt16(bigEndian: raw.assumingMemoryBound(to: sockaddr_in.self).pointee.sin_port))
        }
    }

    static func errorText(_ code: Int32) -> String { String(cString: uv_strerror(code)) }
}

/// A FIFO of connections waiting for a turn.
struct TurnQueue {
    private var items: [Connection] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func push(_ connection: Connection) { items.append(connection) }

    mutating func pop() -> Connection? {
        guard head < items.count else { return nil }
        let connection = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: items.capacity <= 4096)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return connection
    }
}
