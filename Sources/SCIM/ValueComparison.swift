import JSON
import Primitives

/// Compares attribute values the way SCIM filters and `sortBy` do (RFC 7644 §3.4.2.2): strings by their `caseExact`
/// characteristic, `dateTime` chronologically, numbers numerically, booleans only for equality.
enum ValueComparison {
    /// Whether `value op operand` holds for an attribute defined by `attribute`. The operand has been checked by
    /// `checkOperand`; values of the wrong type never match.
    static func matches(_ value: JSON, _ op: ComparisonOperator, _ operand: JSON, _ attribute: SCIMAttribute) -> Bool {
        switch attribute.type {
        case .boolean:
            guard case .bool(let a) = value, case .bool(let b) = operand else { return false }
            return op == .eq ? a == b : a != b
        case .integer, .decimal:
            guard let a = value.doubleValue, let b = operand.doubleValue else { return false }
            return order(a, b, op)
        case .dateTime:
            guard let text = value.stringValue, let other = operand.stringValue else { return false }
            if op == .co || op == .sw || op == .ew { return stringMatch(text, other, op, caseExact: true) }
            guard let a = SCIMDateTime.parse(text), let b = SCIMDateTime.parse(other) else { return false }
            return order(a, b, op)
        case .string, .reference, .binary, .complex:
            guard let a = value.stringValue, let b = operand.stringValue else { return false }
            return stringMatch(a, b, op, caseExact: attribute.caseExact)
        }
    }

    /// Rejects operators and operands that cannot apply to the attribute (RFC 7644 §3.4.2.2: `gt`… on boolean or binary
    /// attributes SHALL fail with `invalidFilter`).
    static func checkOperand(
        _ op: ComparisonOperator, _ operand: JSON, _ attribute: SCIMAttribute, path: String
    ) throws(SCIMError) {
        if operand == .null {
            guard op == .eq || op == .ne else {
                throw .invalidFilter("\"\(op.rawValue) null\" is not a comparison: use eq, ne or pr on \"\(path)\"")
            }
            return
        }
        switch attribute.type {
        case .boolean:
            guard op == .eq || op == .ne else {
                throw .invalidFilter("The boolean attribute \"\(path)\" supports only eq and ne")
            }
            guard case .bool = operand else {
                throw .invalidFilter("The boolean attribute \"\(path)\" is compared with true or false")
            }
        case .integer, .decimal:
            guard ![.co, .sw, .ew].contains(op) else {
                throw .invalidFilter("\"\(op.rawValue)\" does not apply to the number \"\(path)\"")
            }
            guard operand.doubleValue != nil else {
                throw .invalidFilter("The numeric attribute \"\(path)\" is compared with a number")
            }
        case .dateTime:
            guard let text = operand.stringValue else {
                throw .invalidFilter("The dateTime attribute \"\(path)\" is compared with a string")
            }
            if ![.co, .sw, .ew].contains(op) && SCIMDateTime.parse(text) == nil {
                throw .invalidFilter("\"\(text)\" is not a dateTime (RFC 3339), as \"\(path)\" needs")
            }
        case .binary:
            guard op == .eq || op == .ne else {
                throw .invalidFilter("The binary attribute \"\(path)\" supports only eq and ne")
            }
            guard operand.stringValue != nil else {
                throw .invalidFilter("The attribute \"\(path)\" is compared with a string")
            }
        case .string, .reference, .complex:
            guard operand.stringValue != nil else {
                throw .invalidFilter("The attribute \"\(path)\" is compared with a string")
            }
        }
    }

    /// Orders two values of one attribute for `sortBy`; nil when either is not comparable.
    static func ascending(_ a: JSON, _ b: JSON, _ attribute: SCIMAttribute) -> Bool? {
        switch attribute.type {
        case .integer, .decimal:
            guard let x = a.doubleValue, let y = b.doubleValue else { return nil }
            return x < y
        case .boolean:
            guard let x = a.boolValue, let y = b.boolValue else { return nil }
            return !x && y
        case .dateTime:
            if let x = a.stringValue.flatMap(DateFormats.parseISO8601),
                let y = b.stringValue.flatMap(DateFormats.parseISO8601)
            {
                return x < y
            }
            fallthrough
        default:
            guard let x = a.stringValue, let y = b.stringValue else { return nil }
            if let ascending = ASCIIStringMatch.matches(x, y, .lt, fold: !attribute.caseExact) { return ascending }
            return attribute.caseExact ? x < y : x.lowercased() < y.lowercased()
        }
    }

    /// The key under which a value of a unique attribute is indexed (folded unless the attribute is `caseExact`).
    static func indexKey(_ text: String, caseExact: Bool) -> String {
        caseExact ? text : text.lowercased()
    }

    private static func order<T: Comparable>(_ a: T, _ b: T, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .eq: return a == b
        case .ne: return a != b
        case .gt: return a > b
        case .ge: return a >= b
        case .lt: return a < b
        case .le: return a <= b
        case .co, .sw, .ew: return false
        }
    }

    private static func stringMatch(
        _ value: String, _ operand: String, _ op: ComparisonOperator, caseExact: Bool
    ) -> Bool {
        if let result = ASCIIStringMatch.matches(value, operand, op, fold: !caseExact) { return result }
        let a = caseExact ? value : value.lowercased()
        let b = caseExact ? operand : operand.lowercased()
        switch op {
        case .co: return b.isEmpty || a.contains(b)
        case .sw: return a.hasPrefix(b)
        case .ew: return a.hasSuffix(b)
        default: return order(a, b, op)
        }
    }
}
