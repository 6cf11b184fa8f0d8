import Primitives

/// A SCIM `dateTime` (RFC 7643 §2.3.5, xsd:dateTime with a time zone) as an orderable instant, for any four-digit
/// year (stores return Go's zero time `0001-01-01T00:00:00Z` for "never").
struct SCIMDateTime: Comparable {
    let seconds: Int64
    let nanosecond: Int

    static func parse(_ text: String) -> SCIMDateTime? {
        DateFormats.parseISO8601Seconds(text).map { SCIMDateTime(seconds: $0.seconds, nanosecond: $0.nanosecond) }
    }

    static func < (a: SCIMDateTime, b: SCIMDateTime) -> Bool {
        (a.seconds, a.nanosecond) < (b.seconds, b.nanosecond)
    }
}
