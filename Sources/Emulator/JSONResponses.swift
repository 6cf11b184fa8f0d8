import HTTP
import JSON

extension Response {
    /// A JSON body serialized from `value`.
    public static func json(_ value: JSON, status: Int = 200, contentType: String = "application/json") -> Response {
        Response.json(value.serialized(), status: status, contentType: contentType)
    }
}

extension Request {
    /// The body parsed as JSON, or the parse error's text.
    public func jsonBody(options: JSONParseOptions = JSONParseOptions()) -> Result<JSON, JSONParseError> {
        Result { () throws(JSONParseError) in try JSON.parse(body, options: options) }
    }
}
