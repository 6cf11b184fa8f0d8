/// Keeps a rowid table that grows with traffic under `StoreBounds.maxRows`: after inserts, expired rows go first,
/// then the oldest (lowest rowid, so insertion order even when a frozen clock gives every row the same time).
///
/// The row count is tracked in memory (an upper bound: a replacing insert counts twice) and made exact at each
/// maintenance. Maintenance runs when the count passes the cap and at least every `cap / 8` inserts, and removes
/// an eighth of the cap at once, so a full scan of at most `cap` rows is paid for by `cap / 8` inserts: O(1)
/// amortized per insert at any size.
public final class BoundedTable {
    public let table: String
    private let database: Database
    private let expiryColumn: String
    /// Expired rows are kept this long (so introspection of a just-expired token still finds it) unless the table
    /// is full.
    private let retentionSeconds: Int64
    private var estimatedCount: Int?
    private var insertsSinceMaintenance = 0
    private var generation = -1

    public init(_ table: String, database: Database, expiryColumn: String = "expires_at", retentionSeconds: Int64 = 0) {
        self.table = table
        self.database = database
        self.expiryColumn = expiryColumn
        self.retentionSeconds = retentionSeconds
    }

    private var cap: Int { database.bounds.maxRows }

    /// Call after each insert into the table, inside the same batch or transaction.
    public func inserted(now: Int64) throws(StoreError) {
        if generation != database.generation {
            generation = database.generation
            estimatedCount = nil
            insertsSinceMaintenance = 0
        }
        insertsSinceMaintenance += 1
        guard let known = estimatedCount else { return try maintain(now: now) }
        estimatedCount = known + 1
        if known + 1 > cap || insertsSinceMaintenance >= max(1, min(10_000, cap / 8)) { try maintain(now: now) }
    }

    /// Removes long-expired rows; when the table is over the cap, every expired row and then the oldest down to
    /// seven eighths of the cap.
    public func maintain(now: Int64) throws(StoreError) {
        insertsSinceMaintenance = 0
        var expired = try database.run(
            "DELETE FROM \(table) WHERE \(expiryColumn) < ?", [.integer(now.saturatingSubtract(retentionSeconds))])
        var count = try self.count()
        var live = 0
        if count > cap {
            if retentionSeconds > 0 {
                let removed = try database.run("DELETE FROM \(table) WHERE \(expiryColumn) < ?", [.integer(now)])
                expired += removed
                count -= removed
            }
            if count > cap {
                let excess = count - (cap - cap / 8)
                live = try database.run(
                    "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) ORDER BY rowid LIMIT ?)",
                    [.integer(Int64(excess))])
                count -= live
            }
        }
        estimatedCount = count
        database.bounds.noteEvicted(table, live: live, expired: expired)
    }

    /// The exact number of rows.
    public func count() throws(StoreError) -> Int {
        Int(try database.queryOne("SELECT count(*) FROM \(table)")?[0].int ?? 0)
    }
}

extension Int64 {
    fileprivate func saturatingSubtract(_ other: Int64) -> Int64 {
        let (result, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other > 0 ? .min : .max) : result
    }
}
