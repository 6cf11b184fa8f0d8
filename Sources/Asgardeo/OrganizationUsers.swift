import JSON
import OAuth
import SCIM

/// The users of each organization, kept as SCIM2 User resources (so `/scim2/Users` and logins see the same users):
/// credentials checked against the write-only `password`, and the profile claims released in ID tokens and at
/// userinfo. `sub` is the user's id, as in Asgardeo.
final class OrganizationUsers {
    let service: SCIMService

    init(service: SCIMService) { self.service = service }

    /// The active user with these credentials (password compared in constant time), or nil.
    func authenticate(orgID: String, username: String, password: String) -> UserProfile? {
        var query = ListQuery()
        query.filter = "userName eq " + JSON.string(username).jsonString()
        let partition = AsgardeoSCIMRegistry.partition(orgID)
        // A list that fails (it cannot: the filter is well formed) finds no one.
        guard let page = try? service.list(AsgardeoSCIMRegistry.users, query: query, partition: partition),
            let user = page.resources.first,
            user.body["active"]?.boolValue != false,
            let stored = user.body["password"]?.stringValue, ConstantTime.equals(password, stored)
        else { return nil }
        return Self.profile(user)
    }

    /// The stored user with this id.
    func user(orgID: String, id: String) -> StoredResource? {
        // Absent when the read fails.
        try? service.resource(AsgardeoSCIMRegistry.users, id: id, partition: AsgardeoSCIMRegistry.partition(orgID))
    }

    /// The username of a user id (introspection's `username`).
    func username(orgID: String, userID: String) -> String? {
        user(orgID: orgID, id: userID)?.body["userName"]?.stringValue
    }

    /// Removes every user and group of an organization (inside the caller's transaction).
    func deleteAll(orgID: String) throws {
        let partition = AsgardeoSCIMRegistry.partition(orgID)
        for group in try service.store.all(partition, "Group") {
            try service.store.setMembers(partition, groupID: group.id, display: nil, memberIDs: [])
            _ = try service.store.delete(partition, "Group", id: group.id)
        }
        for user in try service.store.all(partition, "User") {
            _ = try service.store.delete(partition, "User", id: user.id)
        }
    }

    /// OIDC claims from a SCIM User: names, the primary (or first) email, `preferred_username`.
    static func profile(_ user: StoredResource) -> UserProfile {
        var claims: JSONObject = [:]
        let name = user.body["name"]
        let given = name?["givenName"]?.stringValue, family = name?["familyName"]?.stringValue
        if let given { claims["given_name"] = .string(given) }
        if let family { claims["family_name"] = .string(family) }
        if let formatted = name?["formatted"]?.stringValue ?? (given.flatMap { g in family.map { g + " " + $0 } }) {
            claims["name"] = .string(formatted)
        }
        let emails = user.body["emails"]?.arrayValue ?? []
        if let email = (emails.first { $0["primary"]?.boolValue == true } ?? emails.first)?["value"]?.stringValue {
            claims["email"] = .string(email)
        }
        claims["preferred_username"] = user.body["userName"] ?? .null
        return UserProfile(subject: user.id, claims: claims, idp: nil, amr: ["BasicAuthenticator"])
    }
}
