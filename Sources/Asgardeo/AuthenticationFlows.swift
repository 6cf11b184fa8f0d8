import HTTP
import JSON
import Primitives
import Store

/// Pending app-native authentication flows (`response_mode=direct`): the checked authorization parameters under a
/// random `flowId`, until the flow completes (it is then deleted: a flow id is single-use) or expires.
final class AuthenticationFlows {
    /// WSO2 keeps an authentication context for the session idle timeout, 15 minutes by default (INFERRED: the
    /// flow's lifetime is not documented for app-native authentication).
    static let lifetimeSeconds: Int64 = 900
    private let database: Database
    /// Bounded by `--max-tokens`: expired flows go first, then the oldest.
    private let rows: BoundedTable

    init(database: Database) {
        self.database = database
        rows = BoundedTable("asg_auth_flows", database: database)
    }

    /// Stores a new flow for `parameters` and returns its id.
    func start(orgID: String, parameters: FormData, now: Int64) throws -> String {
        let id = SecureRandom.uuid()
        let pairs = JSON.array(parameters.pairs.map { ["name": .string($0.name), "value": .string($0.value)] })
        try database.run(
            "INSERT INTO asg_auth_flows (id, org_id, parameters, expires_at) VALUES (?, ?, ?, ?)",
            [.text(id), .text(orgID), .text(pairs.jsonString()), .integer(now + Self.lifetimeSeconds)])
        try rows.inserted(now: now)
        return id
    }

    /// The parameters of a live flow of `orgID`, or nil (unknown, completed, expired or another organization's).
    func parameters(flowID: String, orgID: String, now: Int64) -> FormData? {
        // A flow that cannot be read is no live flow.
        guard
            let row = try? database.queryOne(
                "SELECT parameters, expires_at FROM asg_auth_flows WHERE id = ? AND org_id = ?",
                [.text(flowID), .text(orgID)]),
            let expiresAt = row.int("expires_at"), now < expiresAt,
            let pairs = row.string("parameters").flatMap({ try? JSON.parse($0) })?.arrayValue
        else { return nil }
        return FormData(
            pairs: pairs.map {
                (name: $0["name"]?.stringValue ?? "", value: $0["value"]?.stringValue ?? "")
            })
    }

    /// Ends a flow (after it completed).
    func finish(flowID: String) throws {
        try database.run("DELETE FROM asg_auth_flows WHERE id = ?", [.text(flowID)])
    }
}
