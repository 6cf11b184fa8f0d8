import Foundation

/// A server loop running on a thread of its own for socket-level tests: `start` runs `body` (the loop) in the
/// background, `stop` asks it to end and waits until it has.
public final class LoopThread: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let requestStop: @Sendable () -> Void

    /// Runs `run` on a new thread; `requestStop` must make it return (it is called from the test's thread).
    public init(run: @escaping @Sendable () -> Void, requestStop: @escaping @Sendable () -> Void) {
        self.requestStop = requestStop
        let finished = self.finished
        Thread.detachNewThread {
            run()
            finished.signal()
        }
    }

    /// Asks the loop to stop and waits up to `timeout` seconds for it.
    public func stop(timeout: TimeInterval = 15) {
        requestStop()
        _ = finished.wait(timeout: .now() + timeout)
    }
}
