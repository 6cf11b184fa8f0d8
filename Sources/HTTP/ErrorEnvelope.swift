import JSON

/// The error format of one API family: how a status and a message become a response in the body its clients
/// parse. Every route has one, so errors from any layer (404, 405, 413, a thrown `RequestProblem`, a store failure)
/// come back in the format of the API that owns the path.
public struct ErrorEnvelope: Sendable {
    /// Names the envelope (`secureauth-connect-admin`); rate-limit policies are registered under it.
    public let id: String
    /// The vendor module the envelope belongs to (`secureauth-connect`); the journal and the log name it.
    public let module: String
    /// The API family whose paths the envelope answers: its own `id`, or the id of the family's main envelope when
    /// this one only rewords some of its errors for a few routes (so an unmatched path beside them still gets the
    /// family's main envelope).
    public let family: String
    private let render: @Sendable (_ status: Int, _ message: String) -> Response

    public init(
        id: String, module: String, family: String? = nil,
        render: @escaping @Sendable (_ status: Int, _ message: String) -> Response
    ) {
        self.id = id
        self.module = module
        self.family = family ?? id
        self.render = render
    }

    /// An error response with `status` and a human-readable `message` in this envelope.
    public func response(status: Int, message: String) -> Response {
        render(status, message)
    }

    /// The same envelope rendering `message` through `rewrite` first (Authlete names the API in every message).
    public func rewritingMessages(_ rewrite: @escaping @Sendable (String) -> String) -> ErrorEnvelope {
        let render = self.render
        return ErrorEnvelope(id: id, module: module, family: family) { status, message in
            render(status, rewrite(message))
        }
    }

    /// The emulator's own envelope: `{"error": "...", "status": 404}`.
    public static let emulator = ErrorEnvelope(id: "emulator", module: "emulator") { status, message in
        .json(["error": .string(message), "status": .int(Int64(status))], status: status)
    }
}
