import Emulator
import HTTP
import JSON

/// Reading management API requests: JSON object bodies and paging parameters, with the `APP-6xxxx` errors WSO2
/// answers for bad input (identity-api-server `ApplicationManagementConstants`).
enum APIRequests {
    static func badRequest(_ description: String, code: String = "APP-60001", message: String = "Invalid request.") -> Response {
        AsgardeoErrors.apiError(status: 400, code: code, message: message, description: description)
    }

    /// The body as a JSON object, or the 400 to answer (`codePrefix` names the API: `APP`, `ORG`).
    static func object(_ request: Request, codePrefix: String = "APP") -> Result<JSONObject, Refusal> {
        switch request.jsonBody() {
        case .failure(let error):
            return .failure(Refusal(response: badRequest("The request body is not valid JSON: \(error.description)", code: codePrefix + "-60001")))
        case .success(let json):
            guard let object = json.objectValue else {
                return .failure(Refusal(response: badRequest("The request body must be a JSON object.", code: codePrefix + "-60001")))
            }
            return .success(object)
        }
    }

    /// A non-negative integer query parameter, its default when absent, or nil when malformed.
    static func count(_ request: Request, _ name: String, default value: Int) -> Int? {
        guard let text = request.query[name] else { return value }
        // WSO2 reads paging parameters as Java ints: a larger value is as invalid as a negative one.
        guard let parsed = Int(text), (0...Int(Int32.max)).contains(parsed) else { return nil }
        return parsed
    }

    /// `{"href", "rel"}` links to the next and previous pages.
    static func pageLinks(path: String, offset: Int, limit: Int, total: Int, returned: Int, filter: String?) -> JSON {
        let filterPart = filter.map { "&filter=" + PercentDecoding.encode($0) } ?? ""
        var links: [JSON] = []
        if offset + returned < total {
            links.append(["href": .string("\(path)?offset=\(offset + limit)&limit=\(limit)\(filterPart)"), "rel": "next"])
        }
        if offset > 0 {
            links.append(["href": .string("\(path)?offset=\(max(0, offset - limit))&limit=\(limit)\(filterPart)"), "rel": "previous"])
        }
        return .array(links)
    }
}
