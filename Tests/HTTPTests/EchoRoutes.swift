import HTTP

/// Routes shared by the socket tests.
enum EchoRoutes {
    static func install(on router: Router, server: HTTPServer) {
        router.add(.GET, "/hello", envelope: .emulator) { _ in .now(.text("hello")) }
        router.add(.POST, "/echo", envelope: .emulator) { request in
            .now(Response(status: 200, contentType: "application/octet-stream", body: request.body))
        }
        router.add(.GET, "/n/{n}", envelope: .emulator) { request in .now(.text(request.param("n")!)) }
        // Answers from the worker pool, after `ms` milliseconds of work off the loop.
        router.add(.GET, "/slow/{ms}", envelope: .emulator) { request in
            let ms = UInt32(request.param("ms")!) ?? 0
            let pending = PendingReply()
            server.workers.run({
                usleep(ms * 1000)
                return "slow \(ms)"
            }) { text in pending.resolve(.text(text)) }
            return .later(pending)
        }
    }
}
#if canImport(Glibc)
    import Glibc
#endif
