#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The emulator's single source of wall-clock time: the system clock, shifted or frozen by the control API.
///
/// Every time-dependent decision (token expiry, code TTLs, rate limits, `created_at`) reads it, so tests can
/// freeze and advance time instead of sleeping. Owned by the loop thread.
public final class Clock {
    private var offset: Int64 = 0
    private var frozenAt: Int64?
    private let source: () -> Int64

    /// A clock that follows `source` (nanoseconds since the epoch; the system clock by default).
    public init(source: @escaping () -> Int64 = Clock.systemNanoseconds) {
        self.source = source
    }

    /// The current emulated time.
    public func now() -> Timestamp {
        Timestamp(nanoseconds: frozenAt ?? source().saturatingAdding(offset))
    }

    public var isFrozen: Bool { frozenAt != nil }

    /// Stops time at `instant` (or at the current emulated time).
    public func freeze(at instant: Timestamp? = nil) {
        frozenAt = (instant ?? now()).nanoseconds
    }

    /// Moves emulated time forward (or backward for a negative duration), frozen or not.
    public func advance(by duration: Duration) {
        if let frozen = frozenAt {
            frozenAt = frozen.saturatingAdding(duration.nanoseconds)
        } else {
            offset = offset.saturatingAdding(duration.nanoseconds)
        }
    }

    /// Jumps to `instant`, keeping the frozen or running state.
    public func set(to instant: Timestamp) {
        if frozenAt != nil {
            frozenAt = instant.nanoseconds
        } else {
            offset = instant.nanoseconds.saturatingSubtracting(source())
        }
    }

    /// Lets time run again from the current emulated instant (no jump).
    public func resume() {
        guard let frozen = frozenAt else { return }
        offset = frozen.saturatingSubtracting(source())
        frozenAt = nil
    }

    /// Back to the system clock, unfrozen and unshifted.
    public func reset() {
        offset = 0
        frozenAt = nil
    }

    /// How far emulated time is from the source clock.
    public var offsetFromSource: Duration { now().duration(since: Timestamp(nanoseconds: source())) }

    /// The system's real-time clock.
    public static func systemNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
