import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// What every CIS API handler needs: the caller behind the Bearer token, the JSON body, the app named in the
/// path, and the emulator's clock, each failing with the response to send.
struct CISRequests {
    let directory: TransmitDirectory
    let engine: OAuthEngine

    /// The caller, or 401.
    func caller(_ request: Request) -> Result<Caller, Rejection> {
        guard let caller = Caller.of(request, engine: engine, directory: directory) else { return .failure(Rejection(TransmitErrors.unauthorized)) }
        return .success(caller)
    }

    /// An admin access token's caller: 401 without a valid token, 403 for a client access token.
    func admin(_ request: Request) -> Result<Caller, Rejection> {
        caller(request).flatMap { caller in
            caller.isAdmin ? .success(caller)
                : .failure(Rejection(TransmitErrors.forbidden("This operation requires an admin access token (from a management application)")))
        }
    }

    /// A caller allowed to act on the app in the path (`{appId}`): 401, or 403 for another app's client token.
    func caller(_ request: Request, forApp appID: String) -> Result<Caller, Rejection> {
        caller(request).flatMap { caller in
            caller.mayAccess(appID: appID) ? .success(caller)
                : .failure(Rejection(TransmitErrors.forbidden("A client access token can only access its own application")))
        }
    }

    /// The body as a validated JSON object: 400 for malformed JSON or another JSON type.
    func object(_ request: Request) -> Result<JSONObject, Rejection> {
        switch request.jsonBody() {
        case .failure(let error): return .failure(Rejection(TransmitErrors.badRequest(["Invalid JSON body: \(error.description)"])))
        case .success(let json):
            guard let object = json.objectValue else { return .failure(Rejection(TransmitErrors.badRequest(["The request body must be a JSON object"]))) }
            return .success(object)
        }
    }

    /// An ordinary (or, with `management`, a management) app of the caller's tenant, or 404.
    func app(_ caller: Caller, _ appID: String, management: Bool = false) -> Result<TransmitDirectory.App, Rejection> {
        guard let app = directory.app(caller.tenantID, appID), app.isManagement == management else {
            return .failure(Rejection(TransmitErrors.notFound(management ? "Management application \(appID) not found" : "Application \(appID) not found")))
        }
        return .success(app)
    }

    /// `{"resource_ids": [string]}` (`ApiUpdateResourceInAppInput`), or 400.
    func resourceIDs(_ request: Request) -> Result<[String], Rejection> {
        object(request).flatMap { body in
            let input = InputValidator(body)
            let ids = input.strings("resource_ids", required: true)
            guard input.isValid, let ids else { return .failure(Rejection(TransmitErrors.badRequest(input.messages))) }
            return .success(ids)
        }
    }

    /// Revokes the stored tokens of deleted clients (their requests already fail: the client is gone).
    func revokeTokens(tenantID: String, clientIDs: [String]) {
        for clientID in clientIDs { try? engine.tokens.revokeAll(realm: TokenRoutes.realmPrefix + tenantID, clientID: clientID) }
    }

    /// ISO-8601 with milliseconds, on the emulator's clock.
    func now() -> String { DateFormats.iso8601(engine.clock.now(), fractionDigits: 3) }

    /// `{"result": value}` (the seed's envelope for every success body).
    static func result(_ value: JSON, status: Int = 200) -> Response { .json(["result": value], status: status) }
}

/// A request refused with `response`.
struct Rejection: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

extension Result where Failure == Rejection {
    /// The success value passed to `body`, or the rejection's response.
    func reply(_ body: (Success) -> Response) -> Reply {
        switch self {
        case .success(let value): return .now(body(value))
        case .failure(let rejection): return .now(rejection.response)
        }
    }
}
