/// Parses sizes like `1048576`, `512k`, `1m`, `1MiB`, `64KB` (powers of 1024).
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let lower = text.lowercased()
        let digits = lower.prefix { $0.isASCII && $0.isNumber }
        guard let value = Int(digits), value >= 0 else { return nil }
        switch lower.dropFirst(digits.count) {
        case "", "b": return value
        case "k", "kb", "kib": return value.multipliedReportingOverflow(by: 1 << 10).overflow ? nil : value << 10
        case "m", "mb", "mib": return value.multipliedReportingOverflow(by: 1 << 20).overflow ? nil : value << 20
        default: return nil
        }
    }
}
