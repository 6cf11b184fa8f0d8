import JSON

/// The JSON type a Service or Client member must have for the SDK to parse it.
enum FieldKind {
    case string
    case int
    case bool
    case stringList
    /// One name of an SDK enum (`"CONFIDENTIAL"`).
    case enumName(Set<String>)
    /// A list of names of an SDK enum (`["AUTHORIZATION_CODE", "REFRESH_TOKEN"]`).
    case enumList(Set<String>)
    /// A nested SDK object (`extension`, `credentialIssuerMetadata`).
    case object
    /// A list of nested SDK objects (`supportedScopes`, `attributes`).
    case objectList

    private static func unknown(_ name: String, _ names: Set<String>) -> String {
        "unknown value \"\(name)\" (expected one of \(names.sorted().joined(separator: ", ")))"
    }

    /// Why `value` does not fit, or nil when it does.
    func problem(with value: JSON) -> String? {
        switch self {
        case .string: return value.stringValue == nil ? "expected a string" : nil
        case .int: return value.intValue == nil ? "expected an integer" : nil
        case .bool: return value.boolValue == nil ? "expected a boolean" : nil
        case .object: return value.objectValue == nil ? "expected an object" : nil
        case .stringList:
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                return "expected an array of strings"
            }
            return nil
        case .objectList:
            guard let items = value.arrayValue, items.allSatisfy({ $0.objectValue != nil }) else {
                return "expected an array of objects"
            }
            return nil
        case .enumName(let names):
            guard let name = value.stringValue else { return "expected a string" }
            return names.contains(name) ? nil : Self.unknown(name, names)
        case .enumList(let names):
            guard let items = value.arrayValue else { return "expected an array of strings" }
            for item in items {
                guard let name = item.stringValue else { return "expected an array of strings" }
                if !names.contains(name) { return Self.unknown(name, names) }
            }
            return nil
        }
    }
}

extension FieldRules {
    /// The members of `body` the rules know, without `null`s (the SDK's placeholder for "unset"), each checked; or
    /// the first member that does not fit, as `"name: reason"`.
    static func sanitize(_ body: JSONObject, rules: [String: FieldKind]) -> Result<JSONObject, DocumentProblem> {
        var clean = JSONObject()
        for (name, value) in body where value != .null {
            guard let kind = rules[name] else { continue }
            if let problem = kind.problem(with: value) {
                return .failure(DocumentProblem(field: name, reason: problem))
            }
            clean[name] = value
        }
        if let scopes = clean["supportedScopes"]?.arrayValue,
            let index = scopes.firstIndex(where: { $0["name"]?.stringValue.map { !$0.isEmpty } != true })
        {
            return .failure(
                DocumentProblem(
                    field: "supportedScopes[\(index)].name",
                    reason: "expected a non-empty string"))
        }
        if let extensionObject = clean["extension"]?.objectValue {
            let rules: [String: FieldKind] = [
                "requestableScopesEnabled": .bool, "requestableScopes": .stringList,
                "accessTokenDuration": .int, "refreshTokenDuration": .int,
                "tokenExchangePermitted": .bool,
            ]
            for (name, value) in extensionObject where value != .null {
                if let problem = rules[name]?.problem(with: value) {
                    return .failure(DocumentProblem(field: "extension.\(name)", reason: problem))
                }
            }
        }
        return .success(clean)
    }
}

/// A member of a request body that does not fit its type.
struct DocumentProblem: Error {
    let field: String
    let reason: String

    var description: String { "'\(field)': \(reason)" }
}
