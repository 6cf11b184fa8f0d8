/// Calendar fields of a UTC instant, and the conversions between them and `Timestamp` (proleptic Gregorian).
public struct CivilTime: Equatable, Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second, self.nanosecond) =
            (year, month, day, hour, minute, second, nanosecond)
    }

    public init(_ t: Timestamp) {
        let secs = t.epochSeconds
        let nanos = Int(t.nanoseconds - secs * 1_000_000_000)
        var days = Int(secs / 86_400)
        var rem = Int(secs % 86_400)
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        // Days-to-civil after Howard Hinnant's public-domain algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(
            year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d,
            hour: rem / 3600, minute: rem % 3600 / 60, second: rem % 60, nanosecond: nanos)
    }

    /// Days since 1970-01-01 of this date.
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var timestamp: Timestamp {
        let secs = Int64(daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(nanoseconds: secs * 1_000_000_000 + Int64(nanosecond))
    }

    /// 0 = Sunday.
    var weekday: Int { ((daysSinceEpoch % 7) + 11) % 7 }
}
