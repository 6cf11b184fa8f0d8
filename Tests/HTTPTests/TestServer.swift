import Foundation
import HTTP
@_exported import TestSupport

/// Runs an `HTTPServer` on a background thread for socket-level tests.
final class TestServer: @unchecked Sendable {
    let server: HTTPServer
    let router: Router
    private var loop: LoopThread?

    /// `setup` registers routes before the loop starts (it may capture `server.workers`).
    init(
        _ configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
        setup: (Router, HTTPServer) -> Void = { _, _ in }
    ) throws {
        let router = Router()
        self.router = router
        server = HTTPServer(configuration: configuration) { router.respond(to: $0) }
        setup(router, server)
        try server.start()
        let server = self.server
        loop = LoopThread(run: { server.run() }, requestStop: { server.requestStop() })
    }

    var port: Int { server.port }

    /// Asks for a graceful stop and waits for the loop to end.
    func stop(timeout: TimeInterval = 15) { loop?.stop(timeout: timeout) }

    func client() throws -> RawClient { try RawClient(port: port) }
}
