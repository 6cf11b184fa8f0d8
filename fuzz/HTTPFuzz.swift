import HTTP

// libFuzzer target: raw bytes through the request parser (split in two at a data-chosen point), then every
// completed request through the router and the lazily parsed parts (query, form, cookies, Authorization).

nonisolated(unsafe) let router: Router = {
    let router = Router()
    let ok: Handler = { request in
        _ = request.query.pairs.count
        _ = request.form.pairs.count
        _ = request.cookies.count
        _ = request.authorization
        _ = request.origin
        return .now(.text(request.pathParameters.map(\.value).joined(separator: ",")))
    }
    for pattern in ["/t/{org}/oauth2/token", "/{tid}/{aid}/oauth2/token", "/{tid}/{aid}/.well-known/openid-configuration",
                    "/api/admin/{tid}/servers/{aid}", "/files/{rest...}", "/_emulator/health"] {
        router.add(.GET, pattern, vendor: .emulator, handler: ok)
        router.add(.POST, pattern, vendor: .emulator, handler: ok)
    }
    router.use(RequestIDMiddleware())
    return router
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let parser = RequestParser(limits: RequestLimits(maxHeaderBytes: 4096, maxBodyBytes: 4096))
    let split = size == 0 ? 0 : Int(bytes[0]) % (size + 1)
    parser.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<split]))
    parser.feed(UnsafeRawBufferPointer(rebasing: bytes[split...]))
    for request in parser.completed {
        guard case .now(let response) = router.respond(to: request) else { fatalError("deferred reply") }
        precondition((200...599).contains(response.status))
    }
    if let failure = parser.failure { precondition([400, 413, 431, 505].contains(failure.status)) }
    return 0
}
