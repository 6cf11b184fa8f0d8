import JSON
import OAuth
import Store

/// The users of each organization (Asgardeo's local user store): credentials and the profile claims released in
/// ID tokens and at userinfo. `sub` is the user's id, as in Asgardeo.
final class OrganizationUsers {
    private let database: Database

    init(database: Database) { self.database = database }

    /// Stores a user; `claims` are OIDC claims (`given_name`, `family_name`, `email`, …).
    func insert(orgID: String, id: String, username: String, password: String, claims: JSONObject) throws {
        try database.run("INSERT INTO asg_users (org_id, id, username, password, claims) VALUES (?, ?, ?, ?, ?)",
                         [.text(orgID), .text(id), .text(username), .text(password), .text(JSON.object(claims).jsonString())])
    }

    /// The user with these credentials (password compared in constant time), or nil.
    func authenticate(orgID: String, username: String, password: String) -> UserProfile? {
        guard let row = try? database.queryOne("SELECT * FROM asg_users WHERE org_id = ? AND username = ?", [.text(orgID), .text(username)]),
              let stored = row.string("password"), ConstantTime.equals(password, stored) else { return nil }
        return profile(row)
    }

    /// The username of a user id (introspection's `username`).
    func username(orgID: String, userID: String) -> String? {
        (try? database.queryOne("SELECT username FROM asg_users WHERE org_id = ? AND id = ?", [.text(orgID), .text(userID)]))??.string("username")
    }

    private func profile(_ row: Row) -> UserProfile {
        var claims = row.string("claims").flatMap { try? JSON.parse($0) }?.objectValue ?? [:]
        claims["preferred_username"] = .string(row.string("username") ?? "")
        return UserProfile(subject: row.string("id") ?? "", claims: claims, idp: nil, amr: ["BasicAuthenticator"])
    }
}
