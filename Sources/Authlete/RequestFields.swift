import Emulator
import HTTP
import JSON

/// The members of a request body, JSON or `application/x-www-form-urlencoded` (the spec lists both for the runtime
/// APIs). The SDK sends every attribute it declares, so `null`, `""`, `0` and `false` mean "not set" wherever
/// the field has no meaningful zero.
struct RequestFields {
    private let object: JSONObject
    private let form: FormData?

    /// The request's body fields: its form, or its JSON object (an empty body has no fields); malformed JSON or
    /// a JSON value that is not an object is a 400 the route's envelope renders.
    init(_ request: Request) throws(RequestProblem) {
        if request.isForm {
            self.init(object: [:], form: request.form)
        } else {
            self.init(object: try request.optionalJSONObject() ?? [:])
        }
    }

    private init(object: JSONObject, form: FormData? = nil) {
        self.object = object
        self.form = form
    }

    /// A non-empty string; numbers are accepted as their text (`clientId` may come as a number).
    func string(_ name: String) -> String? {
        if let form { return form[name].flatMap { $0.isEmpty ? nil : $0 } }
        switch object[name] {
        case .string(let value)?: return value.isEmpty ? nil : value
        case .int(let value)?: return value == 0 ? nil : String(value)
        default: return nil
        }
    }

    /// An integer; nil when absent, null, or not an integer.
    func int(_ name: String) -> Int64? {
        if let form { return form[name].flatMap { Int64($0) } }
        switch object[name] {
        case .int(let value)?: return value
        case .string(let text)?: return Int64(text)
        default: return nil
        }
    }

    /// A positive integer (0 is the SDK's "unset").
    func positiveInt(_ name: String) -> Int64? { int(name).flatMap { $0 > 0 ? $0 : nil } }

    /// A list of strings: a JSON array, or in a form body repeated fields or one space-separated value.
    func strings(_ name: String) -> [String]? {
        if let form {
            let values = form.all(name)
            if values.isEmpty { return nil }
            return values.count == 1 ? values[0].split(separator: " ").map(String.init) : values
        }
        guard let items = object[name]?.arrayValue else { return nil }
        return items.compactMap(\.stringValue)
    }
}
