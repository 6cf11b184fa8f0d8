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

    func run(_ request: Request, scope: SCIMScope) throws -> Response {
        guard request.body.count <= Self.maxPayloadSize else {
            return SCIMError(status: 413, detail: "The size of the bulk operation exceeds the maxPayloadSize (\(Self.maxPayloadSize)).")
                .response(statusStyle: .integer)
        }
        guard let json = try? JSON.parse(request.body), let body = json.objectValue else {
            return SCIMError.invalidSyntax("The request body is not a JSON object").response(statusStyle: .integer)
        }
        guard body["schemas"]?.arrayValue?.contains(.string(Self.requestSchema)) == true else {
            return SCIMError.invalidSyntax("The schemas attribute must contain \(Self.requestSchema)").response(statusStyle: .integer)
        }
        guard let operations = body["Operations"]?.arrayValue else {
            return SCIMError.invalidSyntax("The Operations attribute is required").response(statusStyle: .integer)
        }
        guard operations.count <= Self.maxOperations else {
            return SCIMError(status: 413, detail: "The number of operations exceeds the maxOperations (\(Self.maxOperations)).")
                .response(statusStyle: .integer)
        }
        let failOnErrors: Int?
        switch body["failOnErrors"] {
        case nil, .null?: failOnErrors = nil
        case .int(let n)? where n > 0: failOnErrors = Int(n)
        default: return SCIMError.invalidValue("failOnErrors must be a positive integer").response(statusStyle: .integer)
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
        let bulkID = operation["bulkId"]?.stringValue
        var result: JSONObject = ["method": .string(method)]
        if let bulkID { result["bulkId"] = .string(bulkID) }
        func fail(_ error: SCIMError) -> JSONObject {
            var failed = result
            failed["status"] = ["code": .int(Int64(error.status))]
            failed["response"] = error.json(statusStyle: .integer)
            return failed
        }
        guard ["POST", "PUT", "PATCH", "DELETE"].contains(method) else {
            return fail(.invalidValue("Bulk operation method must be POST, PUT, PATCH or DELETE"))
        }
        guard let rawPath = operation["path"]?.stringValue, rawPath.hasPrefix("/") else { return fail(.invalidValue("Bulk operation path is required")) }
        let segments = rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let definition = service.registry.definition(endpoint: segments[0]) else {
            return fail(.invalidPath("No resource type is served at \(rawPath)"))
        }
        var id: String?
        if segments.count == 2 {
            let target = segments[1]
            if target.hasPrefix("bulkId:") {
                guard let found = resolved[String(target.dropFirst("bulkId:".count))] else {
                    return fail(SCIMError(status: 409, scimType: "invalidValue", detail: "Unresolved bulkId reference \(target)"))
                }
                id = found
            } else {
                id = target
            }
        } else if segments.count > 2 {
            return fail(.invalidPath("Invalid bulk operation path \(rawPath)"))
        }
        var data = operation["data"]
        if method != "DELETE" {
            guard let given = data, given.objectValue != nil else { return fail(.invalidSyntax("Bulk operation data must be a JSON object")) }
            switch Self.resolvingBulkIDs(given, resolved) {
            case .failure(let error): return fail(error)
            case .success(let value): data = value
            }
        }
        let location = { (resourceID: String) in scope.baseURL + "/" + definition.type.endpoint + "/" + resourceID }
        do {
            return try perform(method, definition, id: id, bulkID: bulkID, data: data,
                               version: operation["version"]?.stringValue, scope: scope, resolved: &resolved,
                               result: result, location: location)
        } catch let error as SCIMError {
            return fail(error)
        }
    }

    /// Runs one operation on the service: its result, or the `SCIMError` that fails it.
    private func perform(_ method: String, _ definition: ResourceDefinition, id: String?, bulkID: String?, data: JSON?,
                         version: String?, scope: SCIMScope, resolved: inout [String: String], result: JSONObject,
                         location: (String) -> String) throws -> JSONObject {
        switch (method, id) {
        case ("POST", nil):
            guard let bulkID, !bulkID.isEmpty else {
                throw SCIMError.invalidValue("bulkId is required for POST operations")
            }
            let created = try service.create(definition, body: data!, partition: scope.partition)
            resolved[bulkID] = created.id
            return succeeded(result, 201, location(created.id), created.version)
        case ("PUT", let id?):
            let replaced = try service.replace(definition, id: id, body: data!, partition: scope.partition,
                                               ifMatch: version)
            return succeeded(result, 200, location(id), replaced.version)
        case ("PATCH", let id?):
            let patched = try service.patch(definition, id: id, body: data!, partition: scope.partition,
                                            ifMatch: version)
            return succeeded(result, 200, location(id), patched.version)
        case ("DELETE", let id?):
            try service.delete(definition, id: id, partition: scope.partition, ifMatch: version)
            return succeeded(result, 204, location(id), nil)
        default:
            throw SCIMError.invalidPath(method == "POST"
                ? "POST operations address a resource type, such as /Users"
                : "\(method) operations address one resource, such as /Users/{id}")
        }
    }

    private func succeeded(_ result: JSONObject, _ code: Int, _ location: String, _ version: String?) -> JSONObject {
        var done = result
        done["location"] = .string(location)
        if let version { done["version"] = .string(version) }
        done["status"] = ["code": .int(Int64(code))]
        return done
    }

    /// `data` with every string `bulkId:X` replaced by the id created for `X`.
    static func resolvingBulkIDs(_ value: JSON, _ resolved: [String: String]) -> Result<JSON, SCIMError> {
        switch value {
        case .string(let text) where text.hasPrefix("bulkId:"):
            guard let id = resolved[String(text.dropFirst("bulkId:".count))] else {
                return .failure(SCIMError(status: 409, scimType: "invalidValue", detail: "Unresolved bulkId reference \(text)"))
            }
            return .success(.string(id))
        case .array(let items):
            var out: [JSON] = []
            for item in items {
                switch resolvingBulkIDs(item, resolved) {
                case .failure(let error): return .failure(error)
                case .success(let value): out.append(value)
                }
            }
            return .success(.array(out))
        case .object(let members):
            var out = JSONObject()
            for (name, member) in members {
                switch resolvingBulkIDs(member, resolved) {
                case .failure(let error): return .failure(error)
                case .success(let value): out[name] = value
                }
            }
            return .success(.object(out))
        default:
            return .success(value)
        }
    }
}
