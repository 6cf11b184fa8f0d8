import JOSE
import JSON
import Store

/// Asgardeo organizations and their applications in SQLite (one JSON document per row), with a cache of
/// ready `Organization`s that every change invalidates. Writes throw; a read that fails (`try?`) finds nothing.
final class OrganizationDirectory {
    static let migrations = [
        Migration(
            version: 1, name: "organizations, applications, app-native flows",
            sql: """
                CREATE TABLE asg_organizations (
                    id TEXT PRIMARY KEY,
                    handle TEXT NOT NULL,
                    root_id TEXT NOT NULL,
                    parent_id TEXT REFERENCES asg_organizations (id) ON DELETE CASCADE,
                    document TEXT NOT NULL,
                    signing_keys TEXT,
                    created_seq INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX asg_organizations_handle ON asg_organizations (root_id, handle);
                CREATE TABLE asg_applications (
                    org_id TEXT NOT NULL REFERENCES asg_organizations (id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    client_id TEXT,
                    document TEXT NOT NULL,
                    created_seq INTEGER NOT NULL,
                    PRIMARY KEY (org_id, id),
                    UNIQUE (org_id, name),
                    UNIQUE (org_id, client_id)
                );
                CREATE TABLE asg_auth_flows (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES asg_organizations (id) ON DELETE CASCADE,
                    parameters TEXT NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                """)
    ]

    let database: Database
    private var cache: [String: Organization] = [:]
    private var rootIDs: [String: String] = [:]

    init(database: Database) { self.database = database }

    func invalidateAll() {
        cache.removeAll()
        rootIDs.removeAll()
    }

    func invalidate(_ orgID: String) { cache[orgID] = nil }

    /// Runs the writes of `body` about organization `orgID` (its applications, tokens, users) in one transaction; when
    /// one fails, nothing is written and the organization is read again from the store.
    func write(_ orgID: String, _ body: () throws -> Void) throws {
        do {
            try database.transaction { try body() }
        } catch {
            invalidate(orgID)
            throw error
        }
    }

    // MARK: Organizations

    /// The root organization addressed as `/t/{handle}`.
    func root(handle: String) -> Organization? {
        if let id = rootIDs[handle] { return organization(id: id) }
        guard
            let row = try? database.queryOne(
                "SELECT id FROM asg_organizations WHERE handle = ? AND parent_id IS NULL",
                [.text(handle)]), let id = row.string("id")
        else { return nil }
        rootIDs[handle] = id
        return organization(id: id)
    }

    /// Any organization by id (root or sub-organization), ready to serve.
    func organization(id: String) -> Organization? {
        if let cached = cache[id] { return cached }
        guard let row = try? database.queryOne("SELECT * FROM asg_organizations WHERE id = ?", [.text(id)]),
            let document = row.string("document").flatMap({ try? JSON.parse($0) })?.objectValue,
            let rootID = row.string("root_id")
        else { return nil }
        let rootRow =
            rootID == id
            ? row : (try? database.queryOne("SELECT * FROM asg_organizations WHERE id = ?", [.text(rootID)])) ?? nil
        guard let rootRow, let rootHandle = rootRow.string("handle"),
            let keys = rootRow.string("signing_keys").flatMap({ try? JSON.parse($0) })?.arrayValue,
            let signing = keys.lazy.compactMap({ try? SigningKey(jwk: $0) })
                .first(where: { $0.jwsAlgorithm == .RS256 })
        else { return nil }
        let organization = Organization(
            document: document, root: (rootID, rootHandle), signingKey: signing,
            applications: applications(orgID: id).map(Application.init))
        cache[id] = organization
        return organization
    }

    func organizationDocument(id: String, rootID: String) -> JSONObject? {
        documents("SELECT document FROM asg_organizations WHERE id = ? AND root_id = ?", [.text(id), .text(rootID)])
            .first?.objectValue
    }

    /// The sub-organizations of a root organization, oldest first.
    func subOrganizations(rootID: String) -> [JSONObject] {
        documents(
            "SELECT document FROM asg_organizations WHERE root_id = ? AND parent_id IS NOT NULL ORDER BY created_seq",
            [.text(rootID)]
        ).compactMap(\.objectValue)
    }

    func hasChildren(_ id: String) -> Bool {
        (try? database.queryOne("SELECT 1 FROM asg_organizations WHERE parent_id = ?", [.text(id)])) != nil
    }

    func handleInUse(_ handle: String, rootID: String) -> Bool {
        (try? database.queryOne(
            "SELECT 1 FROM asg_organizations WHERE root_id = ? AND handle = ?",
            [.text(rootID), .text(handle)])) != nil
    }

    func nameInUse(_ name: String, rootID: String) -> Bool {
        subOrganizations(rootID: rootID).contains { $0["name"]?.stringValue == name }
    }

    /// Inserts an organization; `signingKeys` (private JWKs) only for root organizations.
    func insertOrganization(_ document: JSONObject, rootID: String, signingKeys: JSON?) throws {
        try database.run(
            """
            INSERT INTO asg_organizations (id, handle, root_id, parent_id, document, signing_keys, created_seq)
            VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(created_seq), 0) + 1 FROM asg_organizations))
            """,
            [
                .text(document["id"]?.stringValue ?? ""), .text(document["orgHandle"]?.stringValue ?? ""),
                .text(rootID),
                SQLValue(document["parent"]?["id"]?.stringValue), .text(JSON.object(document).jsonString()),
                SQLValue(signingKeys?.jsonString()),
            ])
    }

    /// Deletes a sub-organization with its applications and flows; false when it did not exist.
    func deleteOrganization(_ id: String) throws -> Bool {
        let changed = try database.run(
            "DELETE FROM asg_organizations WHERE id = ? AND parent_id IS NOT NULL",
            [.text(id)])
        invalidate(id)
        return changed > 0
    }

    // MARK: Applications

    func applications(orgID: String) -> [JSONObject] {
        documents("SELECT document FROM asg_applications WHERE org_id = ? ORDER BY created_seq", [.text(orgID)])
            .compactMap(\.objectValue)
    }

    func insertApplication(_ application: Application, orgID: String) throws {
        try database.run(
            """
            INSERT INTO asg_applications (org_id, id, name, client_id, document, created_seq)
            VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(created_seq), 0) + 1 FROM asg_applications))
            """,
            [
                .text(orgID), .text(application.id), .text(application.name), SQLValue(application.clientID),
                .text(JSON.object(application.document).jsonString()),
            ])
        invalidate(orgID)
    }

    func replaceApplication(_ application: Application, orgID: String) throws {
        try database.run(
            """
            UPDATE asg_applications SET name = ?, client_id = ?, document = ? WHERE org_id = ? AND id = ?
            """,
            [
                .text(application.name), SQLValue(application.clientID),
                .text(JSON.object(application.document).jsonString()), .text(orgID), .text(application.id),
            ])
        invalidate(orgID)
    }

    func deleteApplication(id: String, orgID: String) throws {
        try database.run("DELETE FROM asg_applications WHERE org_id = ? AND id = ?", [.text(orgID), .text(id)])
        invalidate(orgID)
    }

    func applicationNameInUse(_ name: String, orgID: String, except id: String? = nil) -> Bool {
        guard
            let row = try? database.queryOne(
                "SELECT id FROM asg_applications WHERE org_id = ? AND name = ?",
                [.text(orgID), .text(name)])
        else { return false }
        return row.string("id") != id
    }

    func clientIDInUse(_ clientID: String, orgID: String, except id: String? = nil) -> Bool {
        guard
            let row = try? database.queryOne(
                "SELECT id FROM asg_applications WHERE org_id = ? AND client_id = ?",
                [.text(orgID), .text(clientID)])
        else { return false }
        return row.string("id") != id
    }

    func documents(_ sql: String, _ params: [SQLValue]) -> [JSON] {
        ((try? database.query(sql, params)) ?? []).compactMap { $0.string("document").flatMap { try? JSON.parse($0) } }
    }
}
