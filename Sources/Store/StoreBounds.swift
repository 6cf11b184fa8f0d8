/// The caps on what the store keeps per request (tokens, codes, tickets, revocations), shared by every table that
/// grows with traffic, and what the caps have cost: `--max-tokens` sets `maxRows`.
public final class StoreBounds {
    /// Rows each bounded table keeps at most (expired rows go first, then the oldest).
    public var maxRows: Int
    /// Unexpired rows removed because a table was full, by table.
    public private(set) var liveEvictions: [String: Int] = [:]
    /// Expired rows removed, by table.
    public private(set) var expiredRemovals: [String: Int] = [:]
    /// Called once per table (until `clearCounters`) the first time the cap removes an unexpired row.
    public var onFirstLiveEviction: (_ table: String, _ maxRows: Int) -> Void = { _, _ in }

    /// The default cap: 50,000 rows per table keeps a process under load well below 64 MiB.
    public static let defaultMaxRows = 50_000

    public init(maxRows: Int = StoreBounds.defaultMaxRows) { self.maxRows = max(1, maxRows) }

    /// Total unexpired rows evicted, over all tables.
    public var totalLiveEvictions: Int { liveEvictions.values.reduce(0, +) }

    func noteEvicted(_ table: String, live: Int, expired: Int) {
        if expired > 0 { expiredRemovals[table, default: 0] += expired }
        guard live > 0 else { return }
        let before = liveEvictions[table, default: 0]
        liveEvictions[table] = before + live
        if before == 0 { onFirstLiveEviction(table, maxRows) }
    }

    /// Forgets the counters (a reset starts them again).
    public func clearCounters() {
        liveEvictions.removeAll()
        expiredRemovals.removeAll()
    }
}
