import HTTP
import JSON
import SCIM

/// SCIM Bulk (RFC 7644 §3.7) on the SCIM engine: operations run in order, each on its own (each one's failure
/// changes nothing), `bulkId:` references to resources created earlier in the request are resolved in paths and data,
/// and `failOnErrors` stops the run. WSO2 (charon) reports each operation's status as `{"code": n}` and answers 200
/// (scim2.yaml documents 201; charon's bulk manager returns 200, as RFC 7644 does).
struct SCIMBulk {
    static let requestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    static let responseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
    static let maxOperations = 1000
    static let maxPayloadSize = 1_048_576

    let service: SCIMService

    /// Runs the operations of a `BulkRequest`; a malformed body is the envelope's 400 (`invalidSyntax`).
    func run(_ request: Request, scope: SCIMScope) throws -> Response {
        guard request.body.count <= Self.maxPayloadSize else {
            throw AsgardeoError.scim(
                SCIMError(
                    status: 413,
                    detail: "The size of the bulk operation exceeds the maxPayloadSize (\(Self.maxPayloadSize))."))
        }
        let body = try request.jsonObject()
        guard body["schemas"]?.arrayValue?.contains(.string(Self.requestSchema)) == true else {
            throw AsgardeoError.scim(.invalidSyntax("The schemas attribute must contain \(Self.requestSchema)"))
        }
        guard let operations = body["Operations"]?.arrayValue else {
            throw AsgardeoError.scim(.invalidSyntax("The Operations attribute is required"))
        }
        guard operations.count <= Self.maxOperations else {
            throw AsgardeoError.scim(
                SCIMError(
                    status: 413, detail: "The number of operations exceeds the maxOperations (\(Self.maxOperations))."))
        }
        let failOnErrors: Int?
        switch body["failOnErrors"] {
        case nil, .null?: failOnErrors = nil
        case .int(let n)? where n > 0: failOnErrors = Int(n)
        default: throw AsgardeoError.scim(.invalidValue("failOnErrors must be a positive integer"))
        }
        var resolved: [String: String] = [:]
        var results: [JSON] = []
        var errors = 0
        for operation in operations {
            let result = try perform(operation, scope: scope, resolved: &resolved)
            if result["response"] != nil { errors += 1 }
            results.append(.object(result))
            if let failOnErrors, errors >= failOnErrors { break }
        }
        return SCIMRoutes.scimJSON(["schemas": [.string(Self.responseSchema)], "Operations": .array(results)])
    }

    /// One operation's result: `method`, `bulkId`, `location`, `version`, `status`, and `response` on failure.
    private func perform(_ operation: JSON, scope: SCIMScope, resolved: inout [String: String]) throws -> JSONObject {
        let method = operation["method"]?.stringValue?.uppercased() ?? ""
        var result: JSONObject = ["method": .string(method)]
        if let bulkID = operation["bulkId"]?.stringValue { result["bulkId"] = .string(bulkID) }
        // A SCIM error is this operation's result; anything else (a failed store write) fails the whole request.
        do {
            let outcome = try outcome(of: operation, method: method, scope: scope, resolved: &resolved)
            result["location"] = .string(outcome.location)
            if let version = outcome.version { result["version"] = .string(version) }
            result["status"] = ["code": .int(Int64(outcome.status))]
        } catch let error as SCIMError {
            result["status"] = ["code": .int(Int64(error.status))]
            result["response"] = error.json(statusStyle: .integer)
        }
        return result
    }

    /// What a successful operation did: its status, the resource's location and version.
    private struct Outcome {
        let status: Int
        let location: String
        let version: String?
    }

    private func outcome(
        of operation: JSON, method: String, scope: SCIMScope,
        resolved: inout [String: String]
    ) throws -> Outcome {
        guard ["POST", "PUT", "PATCH", "DELETE"].contains(method) else {
            throw SCIMError.invalidValue("Bulk operation method must be POST, PUT, PATCH or DELETE")
        }
        guard let rawPath = operation["path"]?.stringValue, rawPath.hasPrefix("/") else {
            throw SCIMError.invalidValue("Bulk operation path is required")
        }
        let segments = rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let definition = service.registry.definition(endpoint: segments[0]) else {
            throw SCIMError.invalidPath("No resource type is served at \(rawPath)")
        }
        var id: String?
        if segments.count == 2 {
            let target = segments[1]
            id = target.hasPrefix("bulkId:") ? try Self.resolve(target, resolved) : target
        } else if segments.count > 2 {
            throw SCIMError.invalidPath("Invalid bulk operation path \(rawPath)")
        }
        var data = JSON.null
        if method != "DELETE" {
            guard let given = operation["data"], given.objectValue != nil else {
                throw SCIMError.invalidSyntax("Bulk operation data must be a JSON object")
            }
            data = try Self.resolvingBulkIDs(given, resolved)
        }
        let location = { (resourceID: String) in scope.baseURL + "/" + definition.type.endpoint + "/" + resourceID }
        let version = operation["version"]?.stringValue
        switch (method, id) {
        case ("POST", nil):
            guard let bulkID = operation["bulkId"]?.stringValue, !bulkID.isEmpty else {
                throw SCIMError.invalidValue("bulkId is required for POST operations")
            }
            let created = try service.create(definition, body: data, partition: scope.partition)
            resolved[bulkID] = created.id
            return Outcome(status: 201, location: location(created.id), version: created.version)
        case ("PUT", let id?):
            let replaced = try service.replace(
                definition, id: id, body: data, partition: scope.partition,
                ifMatch: version)
            return Outcome(status: 200, location: location(id), version: replaced.version)
        case ("PATCH", let id?):
            let patched = try service.patch(
                definition, id: id, body: data, partition: scope.partition,
                ifMatch: version)
            return Outcome(status: 200, location: location(id), version: patched.version)
        case ("DELETE", let id?):
            try service.delete(definition, id: id, partition: scope.partition, ifMatch: version)
            return Outcome(status: 204, location: location(id), version: nil)
        default:
            throw SCIMError.invalidPath(
                method == "POST"
                    ? "POST operations address a resource type, such as /Users"
                    : "\(method) operations address one resource, such as /Users/{id}")
        }
    }

    /// The id created earlier in the request for a `bulkId:X` reference.
    private static func resolve(_ reference: String, _ resolved: [String: String]) throws(SCIMError) -> String {
        guard let id = resolved[String(reference.dropFirst("bulkId:".count))] else {
            throw SCIMError(status: 409, scimType: "invalidValue", detail: "Unresolved bulkId reference \(reference)")
        }
        return id
    }

    /// `data` with every string `bulkId:X` replaced by the id created for `X`.
    static func resolvingBulkIDs(_ value: JSON, _ resolved: [String: String]) throws(SCIMError) -> JSON {
        switch value {
        case .string(let text) where text.hasPrefix("bulkId:"):
            return .string(try resolve(text, resolved))
        case .array(let items):
            var out: [JSON] = []
            for item in items { out.append(try resolvingBulkIDs(item, resolved)) }
            return .array(out)
        case .object(let members):
            var out = JSONObject()
            for (name, member) in members { out[name] = try resolvingBulkIDs(member, resolved) }
            return .object(out)
        default:
            return value
        }
    }
}
