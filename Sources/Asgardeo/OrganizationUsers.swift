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
        guard let page = try? service.list(AsgardeoSCIMRegistry.users, query: query,
                                           partition: AsgardeoSCIMRegistry.partition(orgID)),
              let user = page.resources.first,
              user.body["active"]?.boolValue != false,
              let stored = user.body["password"]?.stringValue, ConstantTime.equals(password, stored) else { return nil }
        return Self.profile(user)
    }

    /// The stored user with this id.
    func user(orgID: String, id: String) -> StoredResource? {
        try? service.resource(AsgardeoSCIMRegistry.users, id: id, partition: AsgardeoSCIMRegistry.partition(orgID))
    }

    /// The username of a user id (introspection's `username`).
    func username(orgID: String, userID: String) -> String? {
        user(orgID: orgID, id: userID)?.body["userName"]?.stringValue
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
