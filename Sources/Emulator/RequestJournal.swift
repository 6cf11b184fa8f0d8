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

/// A fixed-size ring of the most recent requests.
public final class RequestJournal {
    public let capacity: Int
    private var entries: [JournalEntry] = []
    private var next = 0

    public init(capacity: Int) { self.capacity = max(0, capacity) }

    public func record(_ entry: JournalEntry) {
        guard capacity > 0 else { return }
        if entries.count < capacity { entries.append(entry) } else { entries[next] = entry }
        next = (next + 1) % capacity
    }

    /// The newest `limit` entries, newest first.
    public func recent(_ limit: Int) -> [JournalEntry] {
        let count = min(limit, entries.count)
        return (0..<count).map { entries[(next - 1 - $0 + entries.count * 2) % entries.count] }
    }

    public func clear() {
        entries.removeAll()
        next = 0
    }
}
