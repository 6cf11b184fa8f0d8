/// Go's `time.Duration` text form (`"1h0m0s"`, `"2s"`, `"1.5m"`, `"300ms"`), which SecureAuth uses for TTLs.
public enum GoDuration {
    /// Parses a Go duration string; nil when malformed. Units: ns, us, µs, ms, s, m, h.
    public static func parse(_ text: String) -> Duration? {
        var chars = Substring(text)
        var sign: Int64 = 1
        if chars.first == "-" || chars.first == "+" {
            if chars.first == "-" { sign = -1 }
            chars = chars.dropFirst()
        }
        if chars == "0" { return .zero }
        guard !chars.isEmpty else { return nil }
        var total: Double = 0
        while !chars.isEmpty {
            let numberPart = chars.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !numberPart.isEmpty, numberPart != ".", let value = Double(numberPart) else { return nil }
            chars = chars.dropFirst(numberPart.count)
            let unitPart = chars.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            chars = chars.dropFirst(unitPart.count)
            let scale: Double
            switch unitPart {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            total += value * scale
        }
        guard total < 9.2e18 else { return nil }
        return Duration(nanoseconds: sign * Int64(total.rounded()))
    }

    /// Formats like Go's `Duration.String()` for whole seconds and above (`1h0m0s`, `720h0m0s`, `2s`, `1m30s`),
    /// and `300ms` / `0s` below a second.
    public static func format(_ d: Duration) -> String {
        var n = d.nanoseconds
        if n == 0 { return "0s" }
        let sign = n < 0 ? "-" : ""
        n = abs(n)
        if n < 1_000_000_000 {
            if n % 1_000_000 == 0 { return sign + String(n / 1_000_000) + "ms" }
            if n % 1_000 == 0 { return sign + String(n / 1_000) + "µs" }
            return sign + String(n) + "ns"
        }
        let totalSeconds = n / 1_000_000_000
        let fraction = n % 1_000_000_000
        let h = totalSeconds / 3600, m = totalSeconds % 3600 / 60, s = totalSeconds % 60
        var secondsText = String(s)
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            secondsText += "." + digits
        }
        if h > 0 { return sign + "\(h)h\(m)m" + secondsText + "s" }
        if m > 0 { return sign + "\(m)m" + secondsText + "s" }
        return sign + secondsText + "s"
    }
}
