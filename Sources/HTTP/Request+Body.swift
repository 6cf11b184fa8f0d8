import JSON

/// The kit's readers: path parameters and bodies, each throwing a `RequestProblem` that the route's envelope renders.
extension Request {
    /// A path parameter of the matched route (`{tid}` → `require("tid")`); a name the pattern lacks is a 400.
    public func require(_ name: String) throws(RequestProblem) -> String {
        guard let value = param(name) else { throw RequestProblem("The path parameter \(name) is missing") }
        return value
    }

    /// The body parsed as JSON, or the parse error.
    public func jsonBody(options: JSONParseOptions = JSONParseOptions()) -> Result<JSON, JSONParseError> {
        Result { () throws(JSONParseError) in try JSON.parse(body, options: options) }
    }

    /// The body as a JSON value: malformed JSON is a 400 that says where.
    public func json(options: JSONParseOptions = JSONParseOptions()) throws(RequestProblem) -> JSON {
        do {
            return try JSON.parse(body, options: options)
        } catch {
            throw RequestProblem("The request body is not valid JSON: \(error.description)")
        }
    }

    /// The body as a JSON object: malformed JSON or another JSON type is a 400.
    public func jsonObject(options: JSONParseOptions = JSONParseOptions()) throws(RequestProblem) -> JSONObject {
        guard let object = try json(options: options).objectValue else {
            throw RequestProblem("The request body must be a JSON object")
        }
        return object
    }

    /// The body as JSON, except that an empty (or all-whitespace) body is `nil`.
    public func optionalJSONObject() throws(RequestProblem) -> JSONObject? {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try jsonObject()
    }

    /// The body's pairs when it is `application/x-www-form-urlencoded`; another media type is a 400.
    public func formFields() throws(RequestProblem) -> FormData {
        guard isForm else { throw RequestProblem("The request body must be application/x-www-form-urlencoded") }
        return form
    }
}

extension Response {
    /// A JSON body serialized from `value`.
    public static func json(_ value: JSON, status: Int = 200, contentType: String = "application/json") -> Response {
        Response.json(value.serialized(), status: status, contentType: contentType)
    }
}
