/// Typed access to members: `string("id")` requires the member, `optionalString("id")`
/// accepts it absent or null. Both fail when the member has another type, or when
/// this value is not an object.
extension JSONReader {
    public func string(_ key: String) throws(JSONReadError) -> String {
        try required(key).string()
    }

    public func optionalString(_ key: String) throws(JSONReadError) -> String? {
        try optionalMember(key)?.string()
    }

    public func int(_ key: String) throws(JSONReadError) -> Int64 {
        try required(key).int()
    }

    public func optionalInt(_ key: String) throws(JSONReadError) -> Int64? {
        try optionalMember(key)?.int()
    }

    public func double(_ key: String) throws(JSONReadError) -> Double {
        try required(key).double()
    }

    public func optionalDouble(_ key: String) throws(JSONReadError) -> Double? {
        try optionalMember(key)?.double()
    }

    public func bool(_ key: String) throws(JSONReadError) -> Bool {
        try required(key).bool()
    }

    public func optionalBool(_ key: String) throws(JSONReadError) -> Bool? {
        try optionalMember(key)?.bool()
    }

    public func array(_ key: String) throws(JSONReadError) -> [JSONReader] {
        try required(key).array()
    }

    public func optionalArray(_ key: String) throws(JSONReadError) -> [JSONReader]? {
        try optionalMember(key)?.array()
    }

    public func object(_ key: String) throws(JSONReadError) -> JSONObject {
        try required(key).object()
    }

    public func optionalObject(_ key: String) throws(JSONReadError) -> JSONObject? {
        try optionalMember(key)?.object()
    }

    /// The member named `key` unless it is absent or null; fails when this is not an object.
    private func optionalMember(_ key: String) throws(JSONReadError) -> JSONReader? {
        guard let member = try object()[key], member != .null else { return nil }
        return JSONReader(member, path: JSONPath.member(key, of: path))
    }
}
