import JSON

/// One operation of a PATCH request (RFC 7644 §3.5.2), parsed from a `PatchOp` message.
public struct PatchOperation: Sendable {
    public enum Op: String, Sendable { case add, replace, remove }

    public var op: Op
    public var path: PatchPath?
    /// The path as written, for error messages.
    public var pathText: String?
    public var value: JSON?

    /// The operations of a `PatchOp` body. Operation names are case-insensitive (some clients send `Replace`).
    public static func parse(_ body: JSON) throws(SCIMError) -> [PatchOperation] {
        guard case .object(let members) = body else {
            throw .invalidSyntax("The request body must be a PatchOp JSON object")
        }
        guard let schemas = members["schemas"]?.arrayValue, schemas.contains(.string(SCIMMedia.patchOp)) else {
            throw .invalidSyntax("\"schemas\" must be [\"\(SCIMMedia.patchOp)\"]")
        }
        guard let operations = members.first(where: { SCIMNames.equal($0.key, "Operations") })?.value.arrayValue,
            !operations.isEmpty
        else {
            throw .invalidSyntax("\"Operations\" must be a non-empty array")
        }
        var parsed: [PatchOperation] = []
        for (index, operation) in operations.enumerated() {
            guard case .object(let fields) = operation else {
                throw .invalidSyntax("Operations[\(index)] must be an object")
            }
            func field(_ name: String) -> JSON? { fields.first { SCIMNames.equal($0.key, name) }?.value }
            guard let opText = field("op")?.stringValue, let op = Op(rawValue: SCIMNames.fold(opText)) else {
                throw .invalidSyntax("Operations[\(index)].op must be \"add\", \"replace\" or \"remove\"")
            }
            var path: PatchPath?
            var pathText: String?
            switch field("path") {
            case nil, .null?: break
            case .string(let text)?:
                pathText = text
                path = try FilterParser.parsePatchPath(text)
            default: throw .invalidPath("Operations[\(index)].path must be a string")
            }
            let value = field("value").flatMap { $0 == .null ? nil : $0 }
            switch op {
            case .remove:
                guard path != nil else { throw .noTarget("Operations[\(index)]: remove needs a path") }
            case .add, .replace:
                guard let value else { throw .invalidValue("Operations[\(index)]: \(op.rawValue) needs a value") }
                if path == nil, value.objectValue == nil {
                    throw .invalidValue(
                        "Operations[\(index)]: without a path, the value must be an object of attributes")
                }
            }
            parsed.append(PatchOperation(op: op, path: path, pathText: pathText, value: value))
        }
        return parsed
    }
}
