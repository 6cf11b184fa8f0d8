/// Text forms of timestamps used on the wire: ISO 8601 / RFC 3339 and the HTTP `Date` format.
public enum DateFormats {
    /// `2026-11-23T08:00:00Z`, or with `fractionDigits` (1...9) `2026-11-23T08:00:00.123Z`.
    public static func iso8601(_ t: Timestamp, fractionDigits: Int = 0) -> String {
        let c = CivilTime(t)
        var s = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T"
        s += pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if fractionDigits > 0 {
            let digits = min(fractionDigits, 9)
            var divisor = 1
            for _ in digits..<9 { divisor *= 10 }
            s += "." + pad(c.nanosecond / divisor, digits)
        }
        return s + "Z"
    }

    /// Parses RFC 3339 date-times (`Z` or `±hh:mm` offsets, optional fraction). Returns nil when malformed.
    public static func parseISO8601(_ text: String) -> Timestamp? {
        guard let instant = parseISO8601Seconds(text) else { return nil }
        // Timestamp counts nanoseconds in an Int64 (years 1678...2262); an instant outside that range is not one.
        let (scaled, overflow) = instant.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow, scaled <= Int64.max - Int64(instant.nanosecond) else { return nil }
        return Timestamp(nanoseconds: scaled + Int64(instant.nanosecond))
    }

    /// An RFC 3339 date-time as whole seconds since the epoch plus nanoseconds, for any four-digit year
    /// (SCIM dateTimes such as Go's zero time `0001-01-01T00:00:00Z` lie outside `Timestamp`'s range).
    public static func parseISO8601Seconds(_ text: String) -> (seconds: Int64, nanosecond: Int)? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let y = number(b, 0, 4), let mo = number(b, 5, 2), let d = number(b, 8, 2),
            let h = number(b, 11, 2), let mi = number(b, 14, 2), let s = number(b, 17, 2),
            (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        var nanos = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, let v = digit(b[i]) {
                if digits < 9 {
                    nanos = nanos * 10 + v
                    digits += 1
                }
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                let oh = number(b, i + 1, 2), let om = number(b, i + 4, 2), oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let civil = CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: min(s, 59))
        let seconds =
            Int64(civil.daysSinceEpoch) * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 59)) - Int64(offsetSeconds)
        return (seconds, nanos)
    }

    /// The IMF-fixdate of RFC 9110 §5.6.7: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func httpDate(_ t: Timestamp) -> String {
        let c = CivilTime(t)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return days[c.weekday] + ", " + pad(c.day, 2) + " " + months[c.month - 1] + " " + pad(c.year, 4) + " "
            + pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2) + " GMT"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func digit(_ c: UInt8) -> Int? {
        c >= 48 && c <= 57 ? Int(c - 48) : nil
    }

    private static func number(_ b: [UInt8], _ at: Int, _ width: Int) -> Int? {
        var v = 0
        for i in at..<(at + width) {
            guard i < b.count, let d = digit(b[i]) else { return nil }
            v = v * 10 + d
        }
        return v
    }
}
