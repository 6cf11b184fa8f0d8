/// A JSON value. Numbers keep the distinction between integer literals that fit
/// `Int64` (`.int`) and every other number (`.double`); objects keep member order.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}
