import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Primitives

/// Service management (`/api/service/get/list`, `/api/service/create`, `/api/{serviceId}/service/get|update|delete`)
/// and what a service publishes: `/service/configuration` (its discovery document) and `/service/jwks/get`.
struct ServiceRoutes {
    let directory: ServiceDirectory
    let runtime: Runtime

    func register(_ access: APIAccess) {
        access.root(.GET, "/api/service/get/list", apiPath: "/service/get/list") { list($0, $1) }
        access.root(.POST, "/api/service/create", apiPath: "/service/create") { create($0, $1) }
        access.service(.GET, "/service/get") { .now(.json(.object($0.service.document))) }
        access.service(.POST, "/service/update") { update($0) }
        access.service(.DELETE, "/service/delete") { delete($0) }
        access.service(.GET, "/service/configuration") { configuration($0) }
        access.service(.POST, "/service/configuration") { configuration($0) }
        access.service(.GET, "/service/jwks/get") { jwks($0) }
    }

    /// A query flag as the Python SDK writes it (`True`/`False`), or as anyone else does (`true`, `1`).
    static func flag(_ request: Request, _ name: String, default value: Bool) -> Bool {
        guard let text = request.query[name]?.lowercased() else { return value }
        return text == "true" || text == "1"
    }

    /// `start` and `end` of a list query (`end` exclusive; defaults 0 and 5, as Authlete's list APIs), clamped to
    /// the Java `int` range Authlete reads them in.
    static func range(_ request: Request) -> (start: Int, end: Int) {
        func bounded(_ name: String) -> Int? { request.query[name].flatMap { Int($0) }.map { min(max(0, $0), Int(Int32.max)) } }
        let start = bounded("start") ?? 0
        let end = max(start, bounded("end") ?? start + 5)
        return (start, end)
    }

    private func list(_ request: Request, _ scope: ServiceDirectory.TokenScope) -> Reply {
        let visible = directory.allServices().filter { scope == .organization || scope == .service($0.apiKey) }
        let (start, end) = Self.range(request)
        let page = visible.count > start ? Array(visible[start..<min(end, visible.count)]) : []
        return .now(.json(["start": .int(Int64(start)), "end": .int(Int64(end)), "totalCount": .int(Int64(visible.count)),
                           "services": .array(page.map { .object($0.document) })]))
    }

    /// The checked members of a create or update body, or the 400 to answer.
    private func document(_ request: Request, apiPath: String) -> Result<JSONObject, Refusal> {
        switch request.jsonBody() {
        case .failure(let error): return .failure(Refusal(AuthleteErrors.badRequest(apiPath, "The request body is not valid JSON: \(error.description)")))
        case .success(let json):
            guard let object = json.objectValue else { return .failure(Refusal(AuthleteErrors.badRequest(apiPath, "The request body must be a JSON object."))) }
            switch FieldRules.sanitize(object, rules: FieldRules.service) {
            case .failure(let problem): return .failure(Refusal(AuthleteErrors.badRequest(apiPath, "The service has an invalid member \(problem.description).")))
            case .success(var clean):
                if let jwks = clean["jwks"]?.stringValue, let problem = Self.jwksProblem(jwks) {
                    return .failure(Refusal(AuthleteErrors.badRequest(apiPath, "'jwks' is not a usable JWK Set: \(problem).")))
                }
                for zero in ["accessTokenDuration", "refreshTokenDuration", "idTokenDuration"] where clean[zero] == 0 { clean[zero] = nil }
                return .success(clean)
            }
        }
    }

    static func jwksProblem(_ text: String) -> String? {
        guard let set = try? JSON.parse(Array(text.utf8)), let keys = set["keys"]?.arrayValue else { return "expected {\"keys\": [...]}" }
        for (index, key) in keys.enumerated() where key["use"]?.stringValue != "enc" {
            do { _ = try SigningKey(jwk: key) } catch { return "keys[\(index)]: \(error)" }
        }
        return nil
    }

    private func create(_ request: Request, _ scope: ServiceDirectory.TokenScope) -> Reply {
        guard scope == .organization else {
            return .now(AuthleteErrors.result(status: 403, code: AuthleteErrors.code(for: 403), apiPath: "/service/create",
                                              message: "A service access token cannot create services; use an organization token."))
        }
        switch document(request, apiPath: "/service/create") {
        case .failure(let refusal): return .now(refusal.response)
        case .success(var document):
            let now = runtime.clock.now().epochMilliseconds
            document["apiKey"] = .int(directory.freshID())
            document["number"] = .int(directory.nextNumber(table: "authlete_services"))
            document["createdAt"] = .int(now)
            document["modifiedAt"] = .int(now)
            Self.complete(&document)
            do { try directory.insertService(document) } catch { return .now(AuthleteErrors.storeFailure("/service/create", error)) }
            return .now(.json(.object(document), status: 201))
        }
    }

    /// Fills the defaults a new service gets (Authlete's console defaults).
    static func complete(_ document: inout JSONObject) {
        let defaults: [(String, JSON)] = [
            ("serviceName", .null), ("accessTokenType", "Bearer"), ("accessTokenDuration", 86_400), ("refreshTokenDuration", 864_000),
            ("idTokenDuration", 86_400), ("supportedGrantTypes", []), ("supportedResponseTypes", []), ("supportedScopes", []),
            ("supportedTokenAuthMethods", ["CLIENT_SECRET_BASIC"]), ("supportedClaimTypes", ["NORMAL"]), ("supportedDisplays", ["PAGE"]),
            ("pkceRequired", false), ("pkceS256Required", false), ("parRequired", false), ("issSuppressed", false),
            ("clientIdAliasEnabled", false), ("dynamicRegistrationSupported", false), ("singleAccessTokenPerSubject", false),
            ("refreshTokenKept", false), ("errorDescriptionOmitted", false), ("errorUriOmitted", false),
        ]
        for (name, value) in defaults where document[name] == nil && value != .null { document[name] = value }
    }

    private func update(_ call: ServiceCall) -> Reply {
        switch document(call.request, apiPath: call.apiPath) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let changes):
            var document = call.service.document
            for (name, value) in changes where !["apiKey", "number", "createdAt", "modifiedAt"].contains(name) { document[name] = value }
            document["modifiedAt"] = .int(runtime.clock.now().epochMilliseconds)
            do { try directory.replaceService(document) } catch { return .now(AuthleteErrors.storeFailure(call.apiPath, error)) }
            return .now(.json(.object(document)))
        }
    }

    private func delete(_ call: ServiceCall) -> Reply {
        do {
            try directory.deleteService(call.service.apiKey)
            try runtime.engine.tokens.revokeAll(realm: Runtime.realmID(call.service))
        } catch {
            return .now(AuthleteErrors.storeFailure(call.apiPath, error))
        }
        return .now(.empty(204))
    }

    private func configuration(_ call: ServiceCall) -> Reply {
        var document = Discovery.document(call.service)
        if let patch = call.request.query["patch"], !patch.isEmpty {
            guard let operations = try? JSON.parse(Array(patch.utf8)) else {
                return .now(AuthleteErrors.badRequest(call.apiPath, "'patch' is not a JSON Patch (RFC 6902) document."))
            }
            do { document = try JSONPatch.apply(operations, to: document) } catch {
                return .now(AuthleteErrors.badRequest(call.apiPath, "'patch' could not be applied: \(error)."))
            }
        }
        let pretty = Self.flag(call.request, "pretty", default: true)
        return .now(.json(document.serialized(pretty ? .prettyPrinted : [])))
    }

    private func jwks(_ call: ServiceCall) -> Reply {
        guard let set = call.service.jwks(includePrivateKeys: Self.flag(call.request, "includePrivateKeys", default: false)) else {
            return .now(.empty(204))
        }
        let pretty = Self.flag(call.request, "pretty", default: false)
        return .now(.json(set.serialized(pretty ? .prettyPrinted : [])))
    }
}
