import HTTP
import JOSE

/// Runs signing work inline when it is cheap (ES256, HS256: tens of microseconds) and on the worker pool when
/// it is not (RSA: about a millisecond), so the loop never stalls.
public struct SigningWork {
    let workers: WorkerPool?

    public init(workers: WorkerPool?) { self.workers = workers }

    public func run<T: Sendable>(with key: SigningKey, _ work: @escaping @Sendable () -> T, completion: @escaping (T) -> Void) {
        if key.keyType == .rsa, let workers {
            workers.run(work, completion: completion)
        } else {
            completion(work())
        }
    }
}
