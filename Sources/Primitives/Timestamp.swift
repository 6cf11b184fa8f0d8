/// A point in wall-clock time, in nanoseconds since the Unix epoch.
public struct Timestamp: Comparable, Hashable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(seconds: Int64) { self.nanoseconds = seconds.saturatingMultiplied(by: 1_000_000_000) }
    public init(milliseconds: Int64) { self.nanoseconds = milliseconds.saturatingMultiplied(by: 1_000_000) }

    /// Whole seconds since the epoch (rounded down), as JWT `iat`/`exp` use.
    public var epochSeconds: Int64 { Self.floorDivide(nanoseconds, 1_000_000_000) }
    /// Milliseconds since the epoch (rounded down), as Authlete's `...ExpiresAt` use.
    public var epochMilliseconds: Int64 { Self.floorDivide(nanoseconds, 1_000_000) }

    /// Division rounded towards negative infinity (without the overflow of adjusting the dividend first).
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    public func adding(_ duration: Duration) -> Timestamp {
        Timestamp(nanoseconds: nanoseconds.saturatingAdding(duration.nanoseconds))
    }
    public func duration(since earlier: Timestamp) -> Duration {
        Duration(nanoseconds: nanoseconds.saturatingSubtracting(earlier.nanoseconds))
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }
}

/// A signed length of time in nanoseconds (independent of the standard library's `Duration`).
public struct Duration: Comparable, Hashable, Sendable {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public static func seconds(_ s: Int64) -> Duration {
        Duration(nanoseconds: s.saturatingMultiplied(by: 1_000_000_000))
    }
    public static func milliseconds(_ ms: Int64) -> Duration {
        Duration(nanoseconds: ms.saturatingMultiplied(by: 1_000_000))
    }
    public static let zero = Duration(nanoseconds: 0)

    public var seconds: Double { Double(nanoseconds) / 1e9 }
    /// Whole seconds, rounded up (as rate-limit headers report them).
    public var secondsRoundedUp: Int64 {
        nanoseconds <= 0 ? 0 : nanoseconds / 1_000_000_000 + (nanoseconds % 1_000_000_000 == 0 ? 0 : 1)
    }

    public static func < (a: Duration, b: Duration) -> Bool { a.nanoseconds < b.nanoseconds }
    public static func + (a: Duration, b: Duration) -> Duration {
        Duration(nanoseconds: a.nanoseconds.saturatingAdding(b.nanoseconds))
    }
    public static func - (a: Duration, b: Duration) -> Duration {
        Duration(nanoseconds: a.nanoseconds.saturatingSubtracting(b.nanoseconds))
    }
    public static func * (a: Duration, k: Int64) -> Duration {
        Duration(nanoseconds: a.nanoseconds.saturatingMultiplied(by: k))
    }
}
