import CSQLite

/// One open unit of atomic work: the outermost transaction, or a savepoint nested in a transaction or the batch.
enum AtomicScope {
    case transaction
    case savepoint(String)
}

extension Database {
    /// Runs `body` atomically: BEGIN IMMEDIATE at the outermost level, a SAVEPOINT when nested or when a
    /// batch is open. When `body` throws, its writes are rolled back (to the savepoint) and the error rethrown.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let scope = try openScope()
        let result: T
        do {
            result = try body()
        } catch {
            rollBack(scope)
            throw error
        }
        try commit(scope)
        return result
    }

    /// `transaction` for bodies that throw only `StoreError`.
    func atomically<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        do {
            return try transaction(body)
        } catch {
            // The scope and the body throw nothing but StoreError.
            throw error as! StoreError
        }
    }

    /// Group commit: runs `body` inside the batch transaction, opening it (BEGIN) when none is open, in a
    /// savepoint of its own, so a throwing body undoes only its own writes. `commitBatch` ends the batch.
    /// Inside a `transaction` body, the writes join that transaction instead.
    @discardableResult
    public func batched<T>(_ body: () throws -> T) throws -> T {
        forgetBatchEndedBySQLite()
        try openBatchIfNeeded()
        return try transaction(body)
    }

    /// One statement joined to the batch. A failing statement changes nothing by itself, so unlike `batched` it
    /// needs no savepoint (two fewer statements per hot-path write).
    @discardableResult
    public func batchedRun(_ sql: String, _ params: [SQLValue] = []) throws(StoreError) -> Int {
        try openBatchIfNeeded()
        return try run(sql, params)
    }

    private func openBatchIfNeeded() throws(StoreError) {
        forgetBatchEndedBySQLite()
        if !hasOpenBatch && transactionDepth == 0 {
            try run("BEGIN")
            hasOpenBatch = true
        }
    }

    /// Commits the batch transaction if one is open; a no-op otherwise.
    /// Must not be called from inside a `transaction` or `batched` body.
    public func commitBatch() throws(StoreError) {
        forgetBatchEndedBySQLite()
        guard hasOpenBatch else { return }
        guard transactionDepth == 0 else {
            throw StoreError(code: SQLITE_MISUSE, message: "commitBatch called inside a transaction body")
        }
        try execute("COMMIT")
        hasOpenBatch = false
    }

    /// Clears `hasOpenBatch` when SQLite has rolled the batch back on its own (after a disk-full or I/O error).
    private func forgetBatchEndedBySQLite() {
        if hasOpenBatch && transactionDepth == 0 && isInAutocommitMode { hasOpenBatch = false }
    }

    private func openScope() throws(StoreError) -> AtomicScope {
        forgetBatchEndedBySQLite()
        let scope: AtomicScope
        if transactionDepth == 0 && !hasOpenBatch {
            try run("BEGIN IMMEDIATE")
            scope = .transaction
        } else {
            let name = "nested\(transactionDepth + 1)"
            try run("SAVEPOINT \(name)")
            scope = .savepoint(name)
        }
        transactionDepth += 1
        return scope
    }

    /// Commits the transaction or releases the savepoint; when that fails, rolls back and throws.
    private func commit(_ scope: AtomicScope) throws(StoreError) {
        let sql =
            switch scope {
            case .transaction: "COMMIT"
            case .savepoint(let name): "RELEASE \(name)"
            }
        do throws(StoreError) {
            try run(sql)
        } catch {
            rollBack(scope)
            throw error
        }
        transactionDepth -= 1
    }

    /// Undoes the scope's writes and closes it. Failures are ignored: the caller is already
    /// propagating an error, and SQLite may have rolled back the whole transaction itself.
    private func rollBack(_ scope: AtomicScope) {
        switch scope {
        case .transaction:
            try? run("ROLLBACK")
        case .savepoint(let name):
            try? run("ROLLBACK TO \(name)")
            try? run("RELEASE \(name)")
        }
        transactionDepth -= 1
    }
}
