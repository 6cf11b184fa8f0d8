import Primitives

/// The RFC 3339 text of the JWK lifecycle members (`created_at`, `promoted_at`, …): whole seconds, or the
/// shortest exact fraction, as Go's `time.RFC3339Nano` (and so SecureAuth) writes them.
enum JWKTimestamp {
    static func format(_ timestamp: Timestamp) -> String {
        var nanoseconds = CivilTime(timestamp).nanosecond
        var digits = nanoseconds == 0 ? 0 : 9
        while digits > 0 && nanoseconds % 10 == 0 {
            nanoseconds /= 10
            digits -= 1
        }
        return DateFormats.iso8601(timestamp, fractionDigits: digits)
    }
}
