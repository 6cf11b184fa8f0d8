import JSON

/// A parsed SCIM filter (RFC 7644 §3.4.2.2), before its attribute paths are resolved against a resource type.
public indirect enum Filter: Equatable, Sendable {
    case compare(AttributePath, ComparisonOperator, JSON)
    case present(AttributePath)
    case and(Filter, Filter)
    case or(Filter, Filter)
    case not(Filter)
    /// `attr[filter]`: some value of the multi-valued complex `attr` matches the inner filter, whose paths are
    /// sub-attributes of `attr`.
    case valuePath(AttributePath, Filter)
}

/// The comparison operators of RFC 7644 §3.4.2.2 Table 3 (besides `pr`).
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case eq, ne, co, sw, ew, gt, lt, ge, le
}
