import Emulator
import Foundation
import TestSupport
import Vendors

/// The emulator with every vendor module (so the built-in seed loads whole), on a free port and its own thread,
/// for socket-level tests.
public final class VendorsEmulator: @unchecked Sendable {
    public let emulator: Emulator
    private let stopped = DispatchSemaphore(value: 0)

    /// `configure` adjusts the configuration (seed, key seed, public URL...) before the emulator starts.
    public init(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }) throws {
        var configuration = EmulatorConfiguration(seed: .builtIn, logLevel: .error)
        configure(&configuration)
        configuration.server.port = 0
        emulator = try Emulator(configuration: configuration, modules: VendorModules.all())
        try emulator.start()
        let server = emulator.server, stopped = self.stopped
        Thread.detachNewThread {
            server.run()
            stopped.signal()
        }
    }

    public var port: Int { emulator.port }

    public func client() throws -> RawClient { try RawClient(port: emulator.port) }

    public func stop() {
        emulator.server.requestStop()
        _ = stopped.wait(timeout: .now() + 15)
    }
}
