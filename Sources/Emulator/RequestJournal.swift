import JSON
import Primitives

/// One answered request as `GET /_emulator/requests` shows it (no headers, no bodies, secrets redacted).
public struct JournalEntry: Sendable {
    public let id: String
    public let time: Timestamp
    public let method: String
    public let target: String
    public let status: Int
    public let durationMicroseconds: Int64
    public let vendor: String
    public let route: String?

    var json: JSON {
        [
            "id": .string(id),
            "time": .string(DateFormats.iso8601(time, fractionDigits: 3)),
            "method": .string(method),
            "path": .string(target),
            "status": .int(Int64(status)),
            "duration_ms": .double(Double(durationMicroseconds) / 1000),
            "vendor": .string(vendor),
            "route": route.map(JSON.string) ?? .null,
        ]
    }
}

/// A fixed-size ring of the most recent requests. Each entry's JSON is rendered once, the first time
/// `GET /_emulator/requests` shows it, and kept: a call concatenates bytes instead of rendering up to `capacity`
/// entries (which took over 100 ms in a debug build and let a client that pipelines such calls hold the loop), and a
/// request that nobody lists costs no rendering.
public final class RequestJournal {
    public let capacity: Int
    private var entries: [JournalEntry] = []
    private var rendered: [[UInt8]?] = []
    private var next = 0

    public init(capacity: Int) { self.capacity = max(0, capacity) }

    public func record(_ entry: JournalEntry) {
        guard capacity > 0 else { return }
        if entries.count < capacity {
            entries.append(entry)
            rendered.append(nil)
        } else {
            entries[next] = entry
            rendered[next] = nil
        }
        next = (next + 1) % capacity
    }

    /// `{"requests":[…]}` with the newest `limit` entries (of `vendor`, when given), newest first.
    public func renderRecent(_ limit: Int, vendor: String? = nil) -> [UInt8] {
        var out = Array(#"{"requests":["#.utf8)
        var written = 0
        var i = 0
        while i < entries.count, written < limit {
            let index = (next - 1 - i + entries.count * 2) % entries.count
            i += 1
            if let vendor, entries[index].vendor != vendor { continue }
            if written > 0 { out.append(0x2C) }
            if rendered[index] == nil { rendered[index] = entries[index].json.serialized() }
            out.append(contentsOf: rendered[index]!)
            written += 1
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// The newest `limit` entries, newest first.
    public func recent(_ limit: Int) -> [JournalEntry] {
        let count = min(limit, entries.count)
        return (0..<count).map { entries[(next - 1 - $0 + entries.count * 2) % entries.count] }
    }

    public func clear() {
        entries.removeAll()
        rendered.removeAll()
        next = 0
    }
}
