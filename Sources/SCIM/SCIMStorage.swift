import Store

/// The SCIM engine's tables, shared by every vendor module that serves SCIM (register them as a shared schema named
/// `name`). Resources are one row each with their JSON body; unique attribute values and group memberships are indexed
/// beside them, every row keyed by the vendor's partition (an identity store, an organization).
public enum SCIMStorage {
    public static let name = "scim"
    public static let migrations = [
        Migration(
            version: 1, name: "resources, unique values and memberships",
            sql: """
                CREATE TABLE scim_resources (
                    seq INTEGER PRIMARY KEY,
                    partition TEXT NOT NULL,
                    resource_type TEXT NOT NULL,
                    id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created TEXT NOT NULL,
                    last_modified TEXT NOT NULL,
                    version TEXT NOT NULL,
                    UNIQUE (partition, resource_type, id)
                );
                CREATE TABLE scim_unique_values (
                    partition TEXT NOT NULL,
                    resource_type TEXT NOT NULL,
                    attribute TEXT NOT NULL,
                    value TEXT NOT NULL,
                    id TEXT NOT NULL,
                    PRIMARY KEY (partition, resource_type, attribute, value)
                ) WITHOUT ROWID;
                CREATE INDEX scim_unique_values_owner ON scim_unique_values (partition, resource_type, id);
                CREATE TABLE scim_memberships (
                    partition TEXT NOT NULL,
                    member_id TEXT NOT NULL,
                    group_id TEXT NOT NULL,
                    group_display TEXT,
                    PRIMARY KEY (partition, member_id, group_id)
                ) WITHOUT ROWID;
                CREATE INDEX scim_memberships_group ON scim_memberships (partition, group_id);
                """),
        // Looking a resource up by id alone (`typeOf`: is an id taken, is a member a user or a group) scanned the
        // partition, which made seeding n users O(n²); the index covers the query, or the planner prefers the other.
        Migration(
            version: 2, name: "resources by id",
            sql: "CREATE INDEX scim_resources_id ON scim_resources (partition, id, resource_type)"),
    ]
}
