import CLibUV

/// Runs CPU-heavy work on libuv's thread pool (`uv_queue_work`) and delivers the result back on the loop thread.
public final class WorkerPool {
    private let loop: UnsafeMutablePointer<uv_loop_t>
    /// Jobs queued or running; the server waits for them before it stops.
    public private(set) var pending = 0
    var onIdle: (() -> Void)?

    init(loop: UnsafeMutablePointer<uv_loop_t>) { self.loop = loop }

    private final class Job: @unchecked Sendable {
        let work: () -> Void
        let finish: () -> Void
        init(work: @escaping () -> Void, finish: @escaping () -> Void) {
            self.work = work
            self.finish = finish
        }
    }

    /// Runs `work` off the loop, then `completion` with its result on the loop.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T, completion: @escaping (T) -> Void) {
        nonisolated(unsafe) var result: T?
        let job = Job(
            work: { result = work() },
            finish: { [unowned self] in
                self.pending -= 1
                completion(result!)
                if self.pending == 0 { self.onIdle?() }
            })
        let request = UnsafeMutablePointer<uv_work_t>.allocate(capacity: 1)
        request.pointee.data = Unmanaged.passRetained(job).toOpaque()
        pending += 1
        let status = uv_queue_work(
            loop, request,
            { req in
                Unmanaged<Job>.fromOpaque(req!.pointee.data).takeUnretainedValue().work()
            },
            { req, _ in
                let job = Unmanaged<Job>.fromOpaque(req!.pointee.data).takeRetainedValue()
                req!.deallocate()
                job.finish()
            })
        if status != 0 {
            // The pool refused the job (only on a closing loop): run it inline so the caller still gets an answer.
            Unmanaged<Job>.fromOpaque(request.pointee.data).release()
            request.deallocate()
            job.work()
            job.finish()
        }
    }
}
