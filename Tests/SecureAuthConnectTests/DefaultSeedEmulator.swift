import Asgardeo
import Emulator
import Foundation
import SecureAuthConnect
import TestSupport

/// The emulator with the built-in default seed and the modules that read it, on a free port.
final class DefaultSeedEmulator: @unchecked Sendable {
    let emulator: Emulator
    private let stopped = DispatchSemaphore(value: 0)

    init() throws {
        var configuration = EmulatorConfiguration(seed: .builtIn, logLevel: .error)
        configuration.server.port = 0
        emulator = try Emulator(configuration: configuration, modules: [SecureAuthConnectModule(), AsgardeoModule()])
        try emulator.start()
        let server = emulator.server, stopped = self.stopped
        Thread.detachNewThread {
            server.run()
            stopped.signal()
        }
    }

    func client() throws -> RawClient { try RawClient(port: emulator.port) }

    func stop() {
        emulator.server.requestStop()
        _ = stopped.wait(timeout: .now() + 15)
    }
}
