import JOSE
import JSON
import OAuth

/// An organization ready to serve: a root organization (addressed as `/t/{handle}`) or one of its
/// sub-organizations (reached with an `organization_switch` token under `/t/{root}/o/...`), with its applications
/// indexed by client id. Rebuilt from the store after every change.
final class Organization {
    let id: String
    let handle: String
    let name: String
    /// The parent organization's id; nil for a root organization.
    let parentID: String?
    /// The root organization (itself for a root): its handle is the `/t/{handle}` path segment and its key signs.
    let rootID: String
    let rootHandle: String
    let signingKey: SigningKey
    let applications: [Application]
    private let byClientID: [String: (application: Application, client: OAuthClient)]
    /// The JWKS (root organizations), rendered once.
    lazy var jwksBody: [UInt8] = JWKS.document([signingKey]).serialized()
    /// Discovery documents by origin.
    var discoveryCache: [String: [UInt8]] = [:]

    init(
        document: JSONObject, root: (id: String, handle: String), signingKey: SigningKey,
        applications: [Application]
    ) {
        id = document["id"]?.stringValue ?? ""
        handle = document["orgHandle"]?.stringValue ?? ""
        name = document["name"]?.stringValue ?? ""
        parentID = document["parent"]?["id"]?.stringValue
        rootID = root.id
        rootHandle = root.handle
        self.signingKey = signingKey
        self.applications = applications
        var index: [String: (Application, OAuthClient)] = [:]
        for application in applications {
            if let client = application.oauthClient { index[client.id] = (application, client) }
        }
        byClientID = index
    }

    var isRoot: Bool { parentID == nil }
    /// Tokens issued for this organization (by the root's token endpoint, or by an organization switch) live here.
    var realmID: String { "asgardeo/" + id }

    func client(_ clientID: String) -> OAuthClient? { byClientID[clientID]?.client }
    func application(clientID: String) -> Application? { byClientID[clientID]?.application }
    func application(id: String) -> Application? { applications.first { $0.id == id } }
}
