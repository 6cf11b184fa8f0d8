import JSON

/// Which attributes a response carries (RFC 7643 §7 `returned`, RFC 7644 §3.9 `attributes` / `excludedAttributes`):
/// `never` attributes are always removed, `always` ones always kept, `request` ones only when asked for.
public struct AttributeProjection: Sendable {
    /// What is selected of one attribute: all of it, or some sub-attributes.
    enum Selection: Sendable {
        case whole
        case subAttributes(Set<String>)
    }

    /// By container (`""` for core and common attributes, else the extension URN), then attribute name.
    private var included: [String: [String: Selection]]?
    private var excluded: [String: [String: Selection]] = [:]
    private var wholeExtensions: Set<String> = []

    /// The default set of attributes.
    public static let standard = AttributeProjection()

    private init() {}

    /// Reads `attributes` and `excludedAttributes` (names that resolve to nothing are ignored).
    public init(attributes: [String], excludedAttributes: [String], definition: ResourceDefinition) {
        if !attributes.isEmpty {
            var included: [String: [String: Selection]] = [:]
            for text in attributes {
                guard let path = AttributePath.parse(text) else { continue }
                switch definition.resolve(path) {
                case .extensionObject(let schema)?: wholeExtensions.insert(schema.id)
                case .attribute(let resolved)?: Self.add(resolved, to: &included)
                case nil: continue
                }
            }
            self.included = included
        }
        for text in excludedAttributes {
            guard let path = AttributePath.parse(text), let resolved = definition.resolveAttribute(path) else {
                continue
            }
            Self.add(resolved, to: &excluded)
        }
    }

    private static func add(_ resolved: ResolvedAttribute, to map: inout [String: [String: Selection]]) {
        let container = resolved.extensionURN ?? ""
        let name = resolved.attribute.name
        guard let sub = resolved.subAttribute else {
            map[container, default: [:]][name] = .whole
            return
        }
        switch map[container]?[name] {
        case .whole?: break
        case .subAttributes(let subs)?: map[container]![name] = .subAttributes(subs.union([sub.name]))
        case nil: map[container, default: [:]][name] = .subAttributes([sub.name])
        }
    }

    /// `resource` (a rendered resource with `schemas`, `id`, `meta`) reduced to what this projection returns.
    public func apply(_ resource: JSONObject, definition: ResourceDefinition) -> JSONObject {
        var result = JSONObject()
        let core = CoreSchemas.commonAttributes + definition.core.attributes
        for (key, value) in resource {
            if key == "schemas" {
                result[key] = value
            } else if let schema = definition.extensionSchema(key) {
                guard case .object(let members) = value else { continue }
                let whole = wholeExtensions.contains(schema.id)
                if included != nil && !whole && included?[schema.id] == nil { continue }
                result[key] = .object(
                    project(members, attributes: schema.attributes, container: schema.id, whole: whole))
            } else if let attribute = core.first(where: { $0.name == key }) {
                if let projected = project(value, attribute, container: "", whole: false) { result[key] = projected }
            }
        }
        return result
    }

    private func project(
        _ members: JSONObject, attributes: [SCIMAttribute], container: String, whole: Bool
    ) -> JSONObject {
        var result = JSONObject()
        for (key, value) in members {
            guard let attribute = attributes.first(where: { $0.name == key }) else { continue }
            if let projected = project(value, attribute, container: container, whole: whole) { result[key] = projected }
        }
        return result
    }

    /// The value of `attribute` as returned, or nil when it is left out.
    private func project(_ value: JSON, _ attribute: SCIMAttribute, container: String, whole: Bool) -> JSON? {
        if attribute.returned == .never { return nil }
        var subs: Set<String>?
        if attribute.returned != .always {
            if let included, !whole {
                switch included[container]?[attribute.name] {
                case nil: return nil
                case .whole?: break
                case .subAttributes(let selected)?: subs = selected
                }
            } else if attribute.returned == .request && !whole {
                return nil
            }
            switch excluded[container]?[attribute.name] {
            case .whole?: return nil
            case .subAttributes(let removed)?:
                let all = Set(attribute.subAttributes.map(\.name))
                subs = (subs ?? all).subtracting(removed)
            case nil: break
            }
        }
        guard attribute.type == .complex else { return value }
        let filtered = { (element: JSON) -> JSON? in
            guard case .object(let members) = element else { return element }
            var kept = JSONObject()
            for (key, member) in members {
                guard let sub = attribute.subAttribute(named: key), sub.returned != .never else { continue }
                if let subs, !subs.contains(sub.name), sub.returned != .always { continue }
                if subs == nil, sub.returned == .request { continue }
                kept[key] = member
            }
            return kept.isEmpty ? nil : .object(kept)
        }
        if attribute.multiValued {
            let all = value.arrayValue ?? []
            let elements = all.compactMap(filtered)
            return elements.isEmpty && !all.isEmpty ? nil : .array(elements)
        }
        return filtered(value)
    }
}
