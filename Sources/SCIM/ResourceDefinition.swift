import JSON

/// A resource type with its schemas looked up: the core schema, the extension schemas, and path resolution.
public struct ResourceDefinition: Sendable {
    public let type: SCIMResourceType
    public let core: SCIMSchema
    public let extensions: [(schema: SCIMSchema, required: Bool)]

    /// What a path names: one attribute (or sub-attribute), or a whole extension object.
    public enum Target: Sendable {
        case attribute(ResolvedAttribute)
        case extensionObject(SCIMSchema)
    }

    init(type: SCIMResourceType, core: SCIMSchema, extensions: [(schema: SCIMSchema, required: Bool)]) {
        self.type = type
        self.core = core
        self.extensions = extensions
    }

    /// The extension schema with this URN (case-insensitive).
    public func extensionSchema(_ urn: String) -> SCIMSchema? {
        extensions.first { SCIMNames.equal($0.schema.id, urn) }?.schema
    }

    /// Every schema URN a resource of this type may list in `schemas`.
    public var schemaURNs: [String] { [core.id] + extensions.map(\.schema.id) }

    /// Resolves `path`; nil when it names nothing of this resource type.
    public func resolve(_ path: AttributePath) -> Target? {
        if let schema = path.schema {
            if path.subAttribute == nil, let whole = extensionSchema(schema + ":" + path.name) {
                return .extensionObject(whole)
            }
            if SCIMNames.equal(schema, core.id) {
                return attribute(path, in: CoreSchemas.commonAttributes + core.attributes, extensionURN: nil).map(
                    Target.attribute)
            }
            guard let ext = extensionSchema(schema) else { return nil }
            return attribute(path, in: ext.attributes, extensionURN: ext.id).map(Target.attribute)
        }
        return attribute(path, in: CoreSchemas.commonAttributes + core.attributes, extensionURN: nil).map(
            Target.attribute)
    }

    /// Resolves `path` to an attribute; nil for unknown paths and whole extensions.
    public func resolveAttribute(_ path: AttributePath) -> ResolvedAttribute? {
        if case .attribute(let resolved)? = resolve(path) { return resolved }
        return nil
    }

    private func attribute(
        _ path: AttributePath, in attributes: [SCIMAttribute], extensionURN: String?
    ) -> ResolvedAttribute? {
        guard let attribute = attributes.first(where: { SCIMNames.equal($0.name, path.name) }) else { return nil }
        guard let subName = path.subAttribute else {
            return ResolvedAttribute(extensionURN: extensionURN, attribute: attribute, subAttribute: nil)
        }
        guard attribute.type == .complex, let sub = attribute.subAttribute(named: subName) else { return nil }
        return ResolvedAttribute(extensionURN: extensionURN, attribute: attribute, subAttribute: sub)
    }
}
