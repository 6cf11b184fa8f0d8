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
        let time = DateFormats.iso8601(clock.now(), fractionDigits: 3)
        switch format {
        case .json:
            var object: JSONObject = ["time": .string(time), "level": .string(level.rawValue), "msg": .string(message)]
            for (key, value) in fields { object[key] = value }
            JSON.object(object).write(into: &buffer)
        case .text:
            buffer.append(contentsOf: "\(time) \(level.rawValue) \(message)".utf8)
            for (key, value) in fields {
                buffer.append(contentsOf: " \(key)=".utf8)
                if let text = value.stringValue { buffer.append(contentsOf: text.utf8) } else { value.write(into: &buffer) }
            }
        }
        buffer.append(0x0A)
        if buffer.count > 64 * 1024 { flush() }
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
