import JSON
import OAuth

/// A user of a static identity provider (admin.yaml `StaticUser`).
struct StaticUser {
    let username: String
    let password: String
    let authenticationContext: JSONObject
    let idpID: String

    init?(_ json: JSON, idpID: String) {
        guard let username = json["username"]?.stringValue, let password = json["password"]?.stringValue else {
            return nil
        }
        self.username = username
        self.password = password
        authenticationContext = json["authentication_context"]?.objectValue ?? [:]
        self.idpID = idpID
    }

    /// The profile released to clients: the authentication context (`name`, `email`, …) as OIDC claims.
    var profile: UserProfile {
        var claims = authenticationContext
        if claims["preferred_username"] == nil { claims["preferred_username"] = .string(username) }
        return UserProfile(subject: username, claims: claims, idp: idpID, amr: ["pwd"])
    }
}
