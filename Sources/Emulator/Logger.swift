import JSON
import Primitives

#if canImport(Glibc)
    import Glibc
#endif

/// Log line format.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Log severity, lowest first.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case debug, info, warning, error

    public static func < (a: LogLevel, b: LogLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Writes log lines to a file descriptor (stdout by default), buffered and flushed once per loop iteration.
public final class Logger {
    public let format: LogFormat
    public let level: LogLevel
    private let descriptor: Int32
    private let clock: Clock
    private var buffer: [UInt8] = []
    private var cachedSecond: Int64 = .min
    private var cachedPrefix: [UInt8] = []

    public init(format: LogFormat, level: LogLevel, clock: Clock, descriptor: Int32 = 1) {
        self.format = format
        self.level = level
        self.clock = clock
        self.descriptor = descriptor
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Logs `message` with structured `fields` (rendered `key=value` in text, members in JSON).
    public func log(_ level: LogLevel, _ message: String, _ fields: KeyValuePairs<String, JSON> = [:]) {
        guard isEnabled(level) else { return }
        switch format {
        case .json:
            var object: JSONObject = [
                "time": .string(timestamp()), "level": .string(level.rawValue), "msg": .string(message),
            ]
            for (key, value) in fields { object[key] = value }
            JSON.object(object).write(into: &buffer)
        case .text:
            appendTimestamp(to: &buffer)
            buffer.append(0x20)
            buffer.append(contentsOf: level.rawValue.utf8)
            buffer.append(0x20)
            buffer.append(contentsOf: message.utf8)
            for (key, value) in fields {
                buffer.append(0x20)
                buffer.append(contentsOf: key.utf8)
                buffer.append(0x3D)
                if let text = value.stringValue {
                    buffer.append(contentsOf: text.utf8)
                } else {
                    value.write(into: &buffer)
                }
            }
        }
        endLine()
    }

    /// The access-log line of one request (info level), written straight into the buffer: it runs per request.
    public func logAccess(
        method: String, target: String, status: Int, microseconds: Int64, vendor: String,
        requestID: String, remote: String
    ) {
        guard isEnabled(.info) else { return }
        switch format {
        case .json:
            let object: JSONObject = [
                "time": .string(timestamp()), "level": "info", "msg": "request", "method": .string(method),
                "path": .string(target), "status": .int(Int64(status)),
                "duration_ms": .double(Double(microseconds) / 1000),
                "vendor": .string(vendor), "request_id": .string(requestID), "remote": .string(remote),
            ]
            JSON.object(object).write(into: &buffer)
        case .text:
            appendTimestamp(to: &buffer)
            buffer.append(contentsOf: " info ".utf8)
            buffer.append(contentsOf: method.utf8)
            buffer.append(0x20)
            buffer.append(contentsOf: target.utf8)
            buffer.append(0x20)
            appendDecimal(Int64(status))
            buffer.append(contentsOf: " duration_ms=".utf8)
            appendDecimal(microseconds / 1000)
            buffer.append(0x2E)
            let fraction = microseconds % 1000
            if fraction < 100 { buffer.append(0x30) }
            if fraction < 10 { buffer.append(0x30) }
            appendDecimal(fraction)
            buffer.append(contentsOf: " vendor=".utf8)
            buffer.append(contentsOf: vendor.utf8)
            buffer.append(contentsOf: " request_id=".utf8)
            buffer.append(contentsOf: requestID.utf8)
            buffer.append(contentsOf: " remote=".utf8)
            buffer.append(contentsOf: remote.utf8)
        }
        endLine()
    }

    private func endLine() {
        buffer.append(0x0A)
        if buffer.count > 64 * 1024 { flush() }
    }

    private func appendDecimal(_ value: Int64) {
        buffer.append(contentsOf: String(value).utf8)
    }

    /// ISO 8601 with milliseconds, as a string (for JSON lines).
    private func timestamp() -> String {
        var bytes: [UInt8] = []
        appendTimestamp(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ISO 8601 with milliseconds; the part up to the seconds is formatted once per second.
    private func appendTimestamp(to out: inout [UInt8]) {
        let now = clock.now()
        let second = now.epochSeconds
        if second != cachedSecond {
            cachedSecond = second
            cachedPrefix = Array(DateFormats.iso8601(Timestamp(seconds: second)).utf8.dropLast())
        }
        let ms = Int(now.nanoseconds - second * 1_000_000_000) / 1_000_000
        out.append(contentsOf: cachedPrefix)
        out.append(0x2E)
        out.append(UInt8(48 + ms / 100))
        out.append(UInt8(48 + ms / 10 % 10))
        out.append(UInt8(48 + ms % 10))
        out.append(0x5A)
    }

    /// Writes buffered lines.
    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: buffer.capacity <= 256 * 1024)
    }
}
