/// Why an application (or its OIDC inbound configuration) as a request or the seed gives it cannot be stored: the
/// `description` of the Applications API's 400 (`APP-60001`), or the reason of a seed error.
struct InvalidApplication: Error {
    let reason: String

    init(_ reason: String) { self.reason = reason }
}
