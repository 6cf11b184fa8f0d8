import JSON
import Store

/// Reads and writes SCIM resources, their unique-value index and group memberships (tables of `SCIMStorage`).
/// Callers wrap writes in a transaction; every method throws the store's errors unchanged.
///
/// Lists (which filters without an index scan) are served from parsed copies kept per partition and resource type,
/// dropped on every write to them and by `forget()` (call it from the module's `resetState`).
public final class SCIMResourceStore {
    private let database: Database
    private var parsed: [String: [StoredResource]] = [:]

    public init(database: Database) { self.database = database }

    /// Drops the parsed copies (after a reset, or writes made through another store object).
    public func forget() { parsed.removeAll() }

    /// A group's membership row: the member, the group and the group's display name.
    public struct Membership: Sendable {
        public var memberID: String
        public var groupID: String
        public var groupDisplay: String?
    }

    public func find(_ partition: String, _ type: String, id: String) throws -> StoredResource? {
        try database.queryOne(
            "SELECT * FROM scim_resources WHERE partition = ? AND resource_type = ? AND id = ?",
            [.text(partition), .text(type), .text(id)]
        ).flatMap(Self.resource)
    }

    /// Every resource of a type in the partition, oldest first.
    public func all(_ partition: String, _ type: String) throws -> [StoredResource] {
        let key = partition + "\u{0}" + type
        if let cached = parsed[key] { return cached }
        var resources: [StoredResource] = []
        try database.forEachRow(
            "SELECT * FROM scim_resources WHERE partition = ? AND resource_type = ? ORDER BY seq",
            [.text(partition), .text(type)]
        ) { row in
            if let resource = Self.resource(row) { resources.append(resource) }
        }
        parsed[key] = resources
        return resources
    }

    /// The id of the resource whose unique `attribute` has the index key `key`.
    public func owner(_ partition: String, _ type: String, attribute: String, key: String) throws -> String? {
        try database.queryOne(
            "SELECT id FROM scim_unique_values WHERE partition = ? AND resource_type = ? AND attribute = ? AND value = ?",
            [.text(partition), .text(type), .text(attribute), .text(key)])?.string("id")
    }

    /// The resource type of the resource `id` in the partition, if there is one.
    public func typeOf(_ partition: String, id: String) throws -> String? {
        try database.queryOne(
            "SELECT resource_type FROM scim_resources WHERE partition = ? AND id = ?", [.text(partition), .text(id)])?
            .string("resource_type")
    }

    /// Inserts or replaces `resource` with its unique keys (`attribute`, `key`); a taken key throws a unique violation.
    public func save(
        _ partition: String, _ resource: StoredResource, uniqueKeys: [(attribute: String, key: String)]
    ) throws {
        parsed[partition + "\u{0}" + resource.resourceType] = nil
        let body = JSON.object(resource.body).jsonString()
        let changed = try database.run(
            """
            UPDATE scim_resources SET body = ?, last_modified = ?, version = ? WHERE partition = ? AND resource_type = ? AND id = ?
            """,
            [
                .text(body), .text(resource.lastModified), .text(resource.version), .text(partition),
                .text(resource.resourceType), .text(resource.id),
            ])
        if changed == 0 {
            try database.run(
                """
                INSERT INTO scim_resources (partition, resource_type, id, body, created, last_modified, version) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(partition), .text(resource.resourceType), .text(resource.id), .text(body),
                    .text(resource.created),
                    .text(resource.lastModified), .text(resource.version),
                ])
        }
        try database.run(
            "DELETE FROM scim_unique_values WHERE partition = ? AND resource_type = ? AND id = ?",
            [.text(partition), .text(resource.resourceType), .text(resource.id)])
        for (attribute, key) in uniqueKeys {
            try database.run(
                "INSERT INTO scim_unique_values (partition, resource_type, attribute, value, id) VALUES (?, ?, ?, ?, ?)",
                [.text(partition), .text(resource.resourceType), .text(attribute), .text(key), .text(resource.id)])
        }
    }

    /// Deletes the resource and its unique keys; false when there was none.
    public func delete(_ partition: String, _ type: String, id: String) throws -> Bool {
        parsed[partition + "\u{0}" + type] = nil
        try database.run(
            "DELETE FROM scim_unique_values WHERE partition = ? AND resource_type = ? AND id = ?",
            [.text(partition), .text(type), .text(id)])
        return try database.run(
            "DELETE FROM scim_resources WHERE partition = ? AND resource_type = ? AND id = ?",
            [.text(partition), .text(type), .text(id)]) > 0
    }

    /// Replaces the membership rows of group `groupID`.
    public func setMembers(_ partition: String, groupID: String, display: String?, memberIDs: [String]) throws {
        try database.run(
            "DELETE FROM scim_memberships WHERE partition = ? AND group_id = ?", [.text(partition), .text(groupID)])
        for member in Set(memberIDs) {
            try database.run(
                "INSERT INTO scim_memberships (partition, member_id, group_id, group_display) VALUES (?, ?, ?, ?)",
                [.text(partition), .text(member), .text(groupID), SQLValue(display)])
        }
    }

    /// The groups `memberID` belongs to.
    public func groups(_ partition: String, of memberID: String) throws -> [Membership] {
        try database.query(
            "SELECT * FROM scim_memberships WHERE partition = ? AND member_id = ? ORDER BY group_id",
            [.text(partition), .text(memberID)]
        ).map(Self.membership)
    }

    /// Every membership row of the partition (to derive the groups of many members at once).
    public func memberships(_ partition: String) throws -> [Membership] {
        try database.query("SELECT * FROM scim_memberships WHERE partition = ? ORDER BY group_id", [.text(partition)])
            .map(Self.membership)
    }

    private static func membership(_ row: Row) -> Membership {
        Membership(
            memberID: row.string("member_id") ?? "", groupID: row.string("group_id") ?? "",
            groupDisplay: row.string("group_display"))
    }

    private static func resource(_ row: Row) -> StoredResource? {
        guard let id = row.string("id"), let type = row.string("resource_type"), let text = row.string("body"),
            case .object(let body)? = try? JSON.parse(text)
        else { return nil }
        return StoredResource(
            id: id, resourceType: type, body: body, created: row.string("created") ?? "",
            lastModified: row.string("last_modified") ?? "", version: row.string("version") ?? "")
    }
}
