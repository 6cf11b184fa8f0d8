/// JSON Patch (RFC 6902: `add`, `remove`, `replace`, `move`, `copy`, `test` at JSON Pointers) and JSON Merge Patch
/// (RFC 7396), applied to `JSON` values. A patch either applies completely or fails with nothing changed.
public enum JSONPatch {
    /// Applies the operations (a JSON array of operation objects) in order and returns the patched document.
    /// Members an operation does not define are ignored, as RFC 6902 §4 requires.
    public static func apply(_ operations: JSON, to document: JSON) throws(JSONPatchError) -> JSON {
        guard case .array(let list) = operations else {
            throw JSONPatchError(
                kind: .invalidPatch, operationIndex: nil, reason: "a JSON Patch must be an array of operations")
        }
        guard list.count <= maximumOperations else {
            throw JSONPatchError(
                kind: .invalidPatch, operationIndex: nil,
                reason: "a JSON Patch may hold at most \(maximumOperations) operations")
        }
        var parsed: [Operation] = []
        parsed.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            parsed.append(try Operation(element, index: index))
        }
        var result = document
        var nodes = Self.nodeCount(document)
        for operation in parsed {
            try operation.checkGrowth(of: &nodes, in: result)
            try operation.apply(to: &result)
        }
        return result
    }

    /// Deepest nesting a patched document may reach (the parser's default limit): writers and readers recurse.
    public static let maximumDepth = JSONParseOptions().maxDepth
    /// Most values a patched document may hold: `copy` doubles a document per operation, so without a bound a
    /// short patch would exhaust memory.
    public static let maximumNodes = 200_000
    /// Most operations in one patch (each may walk the document once to check these bounds).
    public static let maximumOperations = 1_000

    static func nodeCount(_ value: JSON) -> Int {
        switch value {
        case .object(let members): return members.reduce(1) { $0 + nodeCount($1.value) }
        case .array(let elements): return elements.reduce(1) { $0 + nodeCount($1) }
        default: return 1
        }
    }

    static func depth(_ value: JSON) -> Int {
        switch value {
        case .object(let members): return 1 + members.reduce(0) { max($0, depth($1.value)) }
        case .array(let elements): return 1 + elements.reduce(0) { max($0, depth($1)) }
        default: return 0
        }
    }

    /// Applies a JSON Merge Patch (RFC 7396 §2): object members of `patch` are merged recursively into `target`,
    /// a `null` member removes that member, and any other patch value replaces the target as a whole.
    public static func merge(_ patch: JSON, into target: JSON) -> JSON {
        guard case .object(let members) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in members {
            if value == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = merge(value, into: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// Equality as the `test` operation defines it (RFC 6902 §4.6): numbers compare by value (`1` equals `1.0`),
    /// objects ignore member order, arrays compare element by element.
    public static func valuesEqual(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)):
            guard y >= -0x1p63 && y < 0x1p63 else { return false }
            return Int64(y) == x && Double(Int64(y)) == y
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { valuesEqual($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count
                && x.allSatisfy { member in y[member.key].map { valuesEqual(member.value, $0) } ?? false }
        default:
            return a == b
        }
    }
}

/// Why a JSON Patch could not be applied: which operation (0-based), and what went wrong.
public struct JSONPatchError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The patch document itself is malformed: not an array, an operation that is not an object, a missing or
        /// ill-typed `op`, `path`, `from` or `value`, an unknown `op`, a bad pointer, a move into its own child.
        case invalidPatch
        /// A well-formed operation that does not fit the document: a missing target or parent, an array index out
        /// of range, a parent that is not a container, removing the whole document.
        case unresolvable
        /// A `test` operation found another value.
        case testFailed
    }

    public let kind: Kind
    /// Position of the failing operation in the patch, when the failure concerns one operation.
    public let operationIndex: Int?
    public let reason: String

    public init(kind: Kind, operationIndex: Int?, reason: String) {
        self.kind = kind
        self.operationIndex = operationIndex
        self.reason = reason
    }

    public var description: String {
        operationIndex.map { "operation \($0): \(reason)" } ?? reason
    }
}

/// One parsed RFC 6902 operation.
private struct Operation {
    enum Verb: String {
        case add, remove, replace, move, copy, test
    }

    let verb: Verb
    let path: JSONPointer
    let from: JSONPointer?
    let value: JSON?
    let index: Int

    init(_ json: JSON, index: Int) throws(JSONPatchError) {
        self.index = index
        guard case .object(let members) = json else { throw Self.invalid(index, "an operation must be an object") }
        guard let opName = members["op"]?.stringValue else { throw Self.invalid(index, "\"op\" must be a string") }
        guard let verb = Verb(rawValue: opName) else {
            throw Self.invalid(
                index,
                "unknown op \(JSON.string(opName).jsonString()); expected add, remove, replace, move, copy or test")
        }
        self.verb = verb
        path = try Self.pointer(members, "path", index: index)
        switch verb {
        case .add, .replace, .test:
            guard let value = members["value"] else { throw Self.invalid(index, "\(opName) needs a \"value\"") }
            self.value = value
            from = nil
        case .move, .copy:
            from = try Self.pointer(members, "from", index: index)
            value = nil
        case .remove:
            value = nil
            from = nil
        }
        if verb == .move, let from, from != path, from.isPrefix(of: path) {
            throw Self.invalid(index, "cannot move \(from) into its own child \(path)")
        }
    }

    /// Refuses an operation whose result would nest deeper than `JSONPatch.maximumDepth` or hold more than
    /// `JSONPatch.maximumNodes` values (`nodes`: the document's count so far, updated for what this operation adds).
    func checkGrowth(of nodes: inout Int, in document: JSON) throws(JSONPatchError) {
        let inserted: JSON?
        switch verb {
        case .add, .replace: inserted = value
        case .copy, .move: inserted = from!.resolve(in: document)
        case .remove, .test: inserted = nil
        }
        guard let inserted else { return }
        guard path.tokens.count + JSONPatch.depth(inserted) <= JSONPatch.maximumDepth else {
            throw unresolvable(
                "the result would nest deeper than \(JSONPatch.maximumDepth) levels at \(pointerText(path))")
        }
        if verb == .add || verb == .copy { nodes += JSONPatch.nodeCount(inserted) }
        guard nodes <= JSONPatch.maximumNodes else {
            throw unresolvable("the result would hold more than \(JSONPatch.maximumNodes) values")
        }
    }

    func apply(to document: inout JSON) throws(JSONPatchError) {
        switch verb {
        case .add:
            try add(value!, at: path, in: &document)
        case .remove:
            try remove(at: path, in: &document)
        case .replace:
            guard path.resolve(in: document) != nil else { throw missing(path) }
            if path.isRoot {
                document = value!
            } else {
                try withParent(of: path, in: &document) { (parent: inout JSON, token: String) throws(JSONPatchError) in
                    switch parent {
                    case .object(var members):
                        members[token] = value!
                        parent = .object(members)
                    case .array(var elements):
                        elements[JSONPointer.arrayIndex(token)!] = value!
                        parent = .array(elements)
                    default:
                        throw missing(path)
                    }
                }
            }
        case .move:
            guard let moved = from!.resolve(in: document) else { throw missing(from!) }
            guard from! != path else { return }
            try remove(at: from!, in: &document)
            try add(moved, at: path, in: &document)
        case .copy:
            guard let copied = from!.resolve(in: document) else { throw missing(from!) }
            try add(copied, at: path, in: &document)
        case .test:
            guard let found = path.resolve(in: document) else { throw missing(path) }
            guard JSONPatch.valuesEqual(found, value!) else {
                throw JSONPatchError(
                    kind: .testFailed, operationIndex: index,
                    reason: "test failed at \(pointerText(path)): expected \(value!), found \(found)")
            }
        }
    }

    private func add(_ value: JSON, at pointer: JSONPointer, in document: inout JSON) throws(JSONPatchError) {
        if pointer.isRoot {
            document = value
            return
        }
        try withParent(of: pointer, in: &document) { (parent: inout JSON, token: String) throws(JSONPatchError) in
            switch parent {
            case .object(var members):
                members[token] = value
                parent = .object(members)
            case .array(var elements):
                if token == "-" {
                    elements.append(value)
                } else {
                    guard let position = JSONPointer.arrayIndex(token), position <= elements.count else {
                        throw unresolvable(
                            "\(pointerText(pointer)): \(JSON.string(token).jsonString()) is not an index from 0 to \(elements.count) or \"-\""
                        )
                    }
                    elements.insert(value, at: position)
                }
                parent = .array(elements)
            default:
                throw unresolvable("\(pointerText(pointer)): the parent is neither an object nor an array")
            }
        }
    }

    private func remove(at pointer: JSONPointer, in document: inout JSON) throws(JSONPatchError) {
        guard !pointer.isRoot else { throw unresolvable("the whole document cannot be removed") }
        guard pointer.resolve(in: document) != nil else { throw missing(pointer) }
        try withParent(of: pointer, in: &document) { (parent: inout JSON, token: String) throws(JSONPatchError) in
            switch parent {
            case .object(var members):
                members.removeValue(forKey: token)
                parent = .object(members)
            case .array(var elements):
                elements.remove(at: JSONPointer.arrayIndex(token)!)
                parent = .array(elements)
            default:
                throw missing(pointer)
            }
        }
    }

    /// Calls `body` with the container that holds the target of `pointer` (not the root) and the last token.
    private func withParent(
        of pointer: JSONPointer, in document: inout JSON,
        _ body: (inout JSON, String) throws(JSONPatchError) -> Void
    ) throws(JSONPatchError) {
        try descend(&document, pointer.tokens[...], pointer: pointer, body)
    }

    private func descend(
        _ value: inout JSON, _ tokens: ArraySlice<String>, pointer: JSONPointer,
        _ body: (inout JSON, String) throws(JSONPatchError) -> Void
    ) throws(JSONPatchError) {
        let token = tokens.first!
        if tokens.count == 1 {
            try body(&value, token)
            return
        }
        switch value {
        case .object(var members):
            guard var child = members[token] else { throw missingParent(pointer) }
            try descend(&child, tokens.dropFirst(), pointer: pointer, body)
            members[token] = child
            value = .object(members)
        case .array(var elements):
            guard let position = JSONPointer.arrayIndex(token), position < elements.count else {
                throw missingParent(pointer)
            }
            var child = elements[position]
            try descend(&child, tokens.dropFirst(), pointer: pointer, body)
            elements[position] = child
            value = .array(elements)
        default:
            throw missingParent(pointer)
        }
    }

    private func pointerText(_ pointer: JSONPointer) -> String {
        pointer.isRoot ? "the document root" : pointer.description
    }

    private func missing(_ pointer: JSONPointer) -> JSONPatchError {
        unresolvable("\(pointerText(pointer)) does not exist")
    }

    private func missingParent(_ pointer: JSONPointer) -> JSONPatchError {
        unresolvable("the parent of \(pointer) does not exist")
    }

    private func unresolvable(_ reason: String) -> JSONPatchError {
        JSONPatchError(kind: .unresolvable, operationIndex: index, reason: "\(verb.rawValue): \(reason)")
    }

    private static func invalid(_ index: Int, _ reason: String) -> JSONPatchError {
        JSONPatchError(kind: .invalidPatch, operationIndex: index, reason: reason)
    }

    private static func pointer(_ members: JSONObject, _ key: String, index: Int) throws(JSONPatchError) -> JSONPointer
    {
        guard let text = members[key]?.stringValue else { throw invalid(index, "\"\(key)\" must be a string") }
        do {
            return try JSONPointer(text)
        } catch {
            throw invalid(index, "\"\(key)\": \(error)")
        }
    }
}
