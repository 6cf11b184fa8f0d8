import JSON
import Primitives
import Store

/// The SCIM operations on one vendor's registered resource types, vendor-neutral: create, read, replace, PATCH,
/// delete and list/search, each in a partition (a vendor's tenant, store or organization), plus rendering of stored
/// resources. Writes are transactions: a failed operation changes nothing. Group memberships stay consistent: members
/// must exist, and deleting a resource removes it from every group.
///
/// Operations throw `SCIMError` for what the client did wrong (a unique value the store refuses is `uniqueness`) and
/// let every other store failure propagate, for the router to log and answer with the vendor's 500.
public final class SCIMService {
    public let registry: SCIMRegistry
    public let store: SCIMResourceStore
    private let database: Database
    private let clock: Clock

    public init(registry: SCIMRegistry, database: Database, clock: Clock) {
        self.registry = registry
        self.database = database
        self.clock = clock
        store = SCIMResourceStore(database: database)
    }

    // MARK: Reads

    public func resource(_ definition: ResourceDefinition, id: String, partition: String) throws -> StoredResource {
        guard let found = try store.find(partition, definition.type.name, id: id) else {
            throw Self.notFound(definition, id)
        }
        return found
    }

    /// Filters, sorts and pages the resources of a type (RFC 7644 §3.4.2).
    public func list(_ definition: ResourceDefinition, query: ListQuery, partition: String) throws -> ListPage {
        let type = definition.type.name
        var matches: [StoredResource]
        if let text = query.filter {
            let filter = try CompiledFilter(try FilterParser.parse(text), for: definition)
            if let lookup = filter.uniqueLookup {
                let attribute = lookup.attribute.attribute
                let key = ValueComparison.indexKey(lookup.value, caseExact: attribute.caseExact)
                let id =
                    attribute.name == "id"
                    ? lookup.value
                    : try store.owner(partition, type, attribute: attribute.name, key: key)
                matches = try id.flatMap { try store.find(partition, type, id: $0) }.map { [$0] } ?? []
                matches = matches.filter { filter.matches($0) }
            } else {
                let all = try store.all(partition, type)
                matches = []
                for index in all.indices where filter.matches(all[index]) { matches.append(all[index]) }
            }
        } else {
            matches = try store.all(partition, type)
        }
        if let sortBy = query.sortBy {
            guard let path = AttributePath.parse(sortBy), let resolved = definition.resolveAttribute(path) else {
                throw SCIMError.invalidValue("sortBy: \"\(sortBy)\" is not an attribute of \(type)")
            }
            matches = Self.sorted(
                matches, by: resolved, order: query.sortOrder,
                readsServerAttributes: StoredResource.isServerAttribute(path))
        }
        let pageSize = min(query.count ?? registry.config.filterMaxResults, registry.config.filterMaxResults)
        let start = min(query.startIndex - 1, matches.count)
        let page = Array(matches[start..<min(matches.count, start + pageSize)])
        return ListPage(totalResults: matches.count, startIndex: query.startIndex, resources: page)
    }

    // MARK: Writes

    /// Creates a resource from a client's body (`mode: .client`) or a trusted one, with a new id.
    public func create(
        _ definition: ResourceDefinition, body: JSON, partition: String,
        mode: ResourceValidator.Mode = .client
    ) throws -> StoredResource {
        let stored = try ResourceValidator(definition: definition).normalize(body, existing: nil, mode: mode)
        let now = DateFormats.iso8601(clock.now())
        let id = SecureRandom.uuid()
        let resource = StoredResource(
            id: id, resourceType: definition.type.name, body: stored, created: now,
            lastModified: now, version: ResourceVersion.of(id: id, body: stored))
        try save(resource, definition, partition: partition)
        return resource
    }

    /// Stores a seed resource as given: its `id` and `meta` (`created`, `lastModified`, `version`) are kept when
    /// present, and `readOnly` attributes are taken as they are.
    public func seed(_ definition: ResourceDefinition, document: JSON, partition: String) throws -> StoredResource {
        let stored = try ResourceValidator(definition: definition).normalize(document, existing: nil, mode: .trusted)
        let now = DateFormats.iso8601(clock.now())
        let id = document["id"]?.stringValue ?? SecureRandom.uuid()
        guard !id.isEmpty else { throw SCIMError.invalidValue("\"id\" must not be empty") }
        let meta = document["meta"]
        for field in ["created", "lastModified"] {
            if let text = meta?[field]?.stringValue, SCIMDateTime.parse(text) == nil {
                throw SCIMError.invalidValue("\"meta.\(field)\" must be a dateTime (RFC 3339)")
            }
        }
        let resource = StoredResource(
            id: id, resourceType: definition.type.name, body: stored,
            created: meta?["created"]?.stringValue ?? now,
            lastModified: meta?["lastModified"]?.stringValue ?? meta?["created"]?.stringValue ?? now,
            version: meta?["version"]?.stringValue ?? ResourceVersion.of(id: id, body: stored))
        if try store.typeOf(partition, id: id) != nil {
            throw SCIMError.uniqueness("The id \"\(id)\" is already in use")
        }
        try save(resource, definition, partition: partition)
        return resource
    }

    /// PUT (RFC 7644 §3.5.1).
    public func replace(
        _ definition: ResourceDefinition, id: String, body: JSON, partition: String,
        ifMatch: String?
    ) throws -> StoredResource {
        let current = try existing(definition, id: id, partition: partition, ifMatch: ifMatch)
        let stored = try ResourceValidator(definition: definition).normalize(
            body, existing: current.body, mode: .client)
        return try update(current, to: stored, definition, partition: partition)
    }

    /// PATCH (RFC 7644 §3.5.2): every operation applies, or none.
    public func patch(
        _ definition: ResourceDefinition, id: String, body: JSON, partition: String,
        ifMatch: String?
    ) throws -> StoredResource {
        let operations = try PatchOperation.parse(body)
        let current = try existing(definition, id: id, partition: partition, ifMatch: ifMatch)
        var patched = try PatchApplier(definition: definition).apply(operations, to: current.body)
        patched["schemas"] = current.body["schemas"]
        let validator = ResourceValidator(definition: definition)
        let stored = try validator.normalize(.object(patched), existing: current.body, mode: .client)
        return try update(current, to: stored, definition, partition: partition)
    }

    /// DELETE (RFC 7644 §3.6); the resource also leaves every group it was a member of.
    public func delete(_ definition: ResourceDefinition, id: String, partition: String, ifMatch: String?) throws {
        _ = try existing(definition, id: id, partition: partition, ifMatch: ifMatch)
        try transaction {
            _ = try store.delete(partition, definition.type.name, id: id)
            try removeFromGroups(id, partition: partition)
            if isGroupType(definition) { try store.setMembers(partition, groupID: id, display: nil, memberIDs: []) }
        }
    }

    // MARK: Rendering

    /// The resource as returned to clients: `schemas`, `id`, attributes, the member's groups (derived), and `meta`
    /// with its `location` under `baseURL`; then reduced by `projection`.
    public func render(
        _ resource: StoredResource, _ definition: ResourceDefinition, baseURL: String, partition: String,
        projection: AttributeProjection = .standard,
        memberships: [SCIMResourceStore.Membership]? = nil
    ) throws -> JSONObject {
        var object: JSONObject = [
            "schemas": resource.body["schemas"] ?? [.string(definition.core.id)],
            "id": .string(resource.id),
        ]
        for (key, value) in resource.body where key != "schemas" { object[key] = value }
        if let attribute = registry.membership?.memberGroupsAttribute,
            definition.core.attribute(named: attribute) != nil,
            let groupEndpoint = registry.membership.flatMap({ registry.definition(named: $0.groupType) })?.type.endpoint
        {
            let groups =
                try memberships?.filter { $0.memberID == resource.id } ?? store.groups(partition, of: resource.id)
            if !groups.isEmpty {
                object[attribute] = .array(
                    groups.map { membership in
                        var entry: JSONObject = [
                            "value": .string(membership.groupID),
                            "$ref": .string(baseURL + "/" + groupEndpoint + "/" + membership.groupID),
                        ]
                        if let display = membership.groupDisplay { entry["display"] = .string(display) }
                        entry["type"] = "direct"
                        return .object(entry)
                    })
            }
        }
        object["meta"] = [
            "resourceType": .string(resource.resourceType),
            "created": .string(resource.created),
            "lastModified": .string(resource.lastModified),
            "location": .string(baseURL + "/" + definition.type.endpoint + "/" + resource.id),
            "version": .string(resource.version),
        ]
        return projection.apply(object, definition: definition)
    }

    /// The `ListResponse` of a page (RFC 7644 §3.4.2).
    public func listResponse(
        _ page: ListPage, _ definition: ResourceDefinition, baseURL: String, partition: String,
        projection: AttributeProjection
    ) throws -> JSON {
        let memberships =
            page.resources.count > 1 && registry.membership?.memberGroupsAttribute != nil
            ? try store.memberships(partition) : nil
        return [
            "schemas": [.string(SCIMMedia.listResponse)],
            "totalResults": .int(Int64(page.totalResults)),
            "startIndex": .int(Int64(page.startIndex)),
            "itemsPerPage": .int(Int64(page.resources.count)),
            "Resources": .array(
                try page.resources.map {
                    .object(
                        try render(
                            $0, definition, baseURL: baseURL, partition: partition, projection: projection,
                            memberships: memberships))
                }),
        ]
    }

    // MARK: Internals

    private func existing(
        _ definition: ResourceDefinition, id: String, partition: String,
        ifMatch: String?
    ) throws -> StoredResource {
        guard let current = try store.find(partition, definition.type.name, id: id) else {
            throw Self.notFound(definition, id)
        }
        if let ifMatch, !ResourceVersion.header(ifMatch, matches: current.version) {
            throw SCIMError.preconditionFailed(
                "The resource has changed: its version is \(current.version), not \(ifMatch)")
        }
        return current
    }

    private func update(
        _ current: StoredResource, to stored: JSONObject, _ definition: ResourceDefinition, partition: String
    ) throws -> StoredResource {
        var updated = current
        guard stored != current.body else { return current }
        updated.body = stored
        updated.lastModified = DateFormats.iso8601(clock.now())
        updated.version = ResourceVersion.of(id: current.id, body: stored)
        try save(updated, definition, partition: partition)
        return updated
    }

    /// Checks uniqueness and memberships, then writes the resource (and a group's membership rows) in one transaction.
    private func save(_ resource: StoredResource, _ definition: ResourceDefinition, partition: String) throws {
        var keys: [(attribute: String, key: String)] = []
        for attribute in definition.core.attributes where attribute.uniqueness != .none && !attribute.multiValued {
            guard let text = resource.body[attribute.name]?.stringValue else { continue }
            let key = ValueComparison.indexKey(text, caseExact: attribute.caseExact)
            if let owner = try store.owner(partition, definition.type.name, attribute: attribute.name, key: key),
                owner != resource.id
            {
                throw SCIMError.uniqueness("The \(attribute.name) \"\(text)\" is already in use")
            }
            keys.append((attribute.name, key))
        }
        var memberIDs: [String] = []
        if isGroupType(definition), let name = registry.membership?.membersAttribute {
            for member in resource.body[name]?.arrayValue ?? [] {
                guard let value = member["value"]?.stringValue else {
                    throw SCIMError.invalidValue("Every \(name) value needs a \"value\"")
                }
                guard value != resource.id else { throw SCIMError.invalidValue("A group cannot be a member of itself") }
                guard try store.typeOf(partition, id: value) != nil else {
                    throw SCIMError.invalidValue("The member \"\(value)\" does not exist")
                }
                memberIDs.append(value)
            }
        }
        try transaction {
            try store.save(partition, resource, uniqueKeys: keys)
            if isGroupType(definition) {
                try store.setMembers(
                    partition, groupID: resource.id, display: resource.body["displayName"]?.stringValue,
                    memberIDs: memberIDs)
            }
        }
    }

    /// Removes `memberID` from the members of every group holding it (new versions for those groups).
    private func removeFromGroups(_ memberID: String, partition: String) throws {
        guard let membership = registry.membership, let groupType = registry.definition(named: membership.groupType)
        else { return }
        for entry in try store.groups(partition, of: memberID) {
            guard var group = try store.find(partition, groupType.type.name, id: entry.groupID) else { continue }
            let members = (group.body[membership.membersAttribute]?.arrayValue ?? []).filter {
                $0["value"] != .string(memberID)
            }
            group.body[membership.membersAttribute] = members.isEmpty ? nil : .array(members)
            group.lastModified = DateFormats.iso8601(clock.now())
            group.version = ResourceVersion.of(id: group.id, body: group.body)
            try store.save(partition, group, uniqueKeys: try uniqueKeys(group, groupType))
            try store.setMembers(
                partition, groupID: group.id, display: group.body["displayName"]?.stringValue,
                memberIDs: members.compactMap { $0["value"]?.stringValue })
        }
    }

    private func uniqueKeys(
        _ resource: StoredResource,
        _ definition: ResourceDefinition
    ) throws -> [(attribute: String, key: String)] {
        definition.core.attributes.compactMap { attribute in
            guard attribute.uniqueness != .none, !attribute.multiValued,
                let text = resource.body[attribute.name]?.stringValue
            else { return nil }
            return (attribute.name, ValueComparison.indexKey(text, caseExact: attribute.caseExact))
        }
    }

    private func isGroupType(_ definition: ResourceDefinition) -> Bool {
        registry.membership?.groupType == definition.type.name
    }

    private static func notFound(_ definition: ResourceDefinition, _ id: String) -> SCIMError {
        .notFound("\(definition.type.name) \(id) not found")
    }

    /// Sorts by the first value (the primary one, for multi-valued attributes); resources without a value come last.
    private static func sorted(
        _ resources: [StoredResource], by path: ResolvedAttribute, order: ListQuery.SortOrder,
        readsServerAttributes: Bool
    ) -> [StoredResource] {
        let keyed = resources.map { resource -> (StoredResource, JSON?) in
            let object = readsServerAttributes ? resource.filterable : resource.body
            var values = path.values(in: object)
            if path.attribute.multiValued, path.subAttribute != nil,
                let primary = path.container(in: object)?[path.attribute.name]?.arrayValue?.first(where: {
                    $0["primary"] == .bool(true)
                }),
                let value = primary[path.subAttribute!.name]
            {
                values = [value]
            }
            if path.attribute.type == .complex && path.subAttribute == nil {
                values = values.compactMap { $0["value"] }
            }
            return (resource, values.first)
        }
        let attribute =
            path.attribute.type == .complex
            ? (path.subAttribute ?? path.attribute.subAttribute(named: "value") ?? path.attribute)
            : path.attribute
        return keyed.enumerated().sorted { a, b in
            switch (a.element.1, b.element.1) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                let forward = ValueComparison.ascending(x, y, attribute) ?? false
                let backward = ValueComparison.ascending(y, x, attribute) ?? false
                if !forward && !backward { return a.offset < b.offset }
                return order == .ascending ? forward : backward
            }
        }.map(\.element.0)
    }

    /// Runs `body` in one transaction; a unique value the store refuses (two writers racing for a userName) is
    /// `uniqueness`, like the check before the write. Any other store failure propagates.
    private func transaction<T>(_ body: () throws -> T) throws -> T {
        do {
            return try database.transaction(body)
        } catch let error as StoreError where error.isUniqueViolation {
            throw SCIMError.uniqueness("A unique attribute value is already in use")
        }
    }
}
