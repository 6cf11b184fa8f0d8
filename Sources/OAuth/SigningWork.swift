import HTTP

/// Runs token signing on the worker pool, so the loop thread (the bottleneck under load) only parses, stores and
/// answers while a second core signs: even ES256 (about 24 µs) is a third of a token request's loop time. Without
/// a pool (unit tests) the work runs inline.
public struct SigningWork {
    let workers: WorkerPool?

    public init(workers: WorkerPool?) { self.workers = workers }

    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T, completion: @escaping (T) -> Void) {
        if let workers {
            workers.run(work, completion: completion)
        } else {
            completion(work())
        }
    }
}
