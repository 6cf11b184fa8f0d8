import CLibUV

extension HTTPServer {
    /// Runs one turn of the loop on the calling thread (for a caller that drives the loop itself, such as an
    /// in-process test client waiting for work on the worker pool). Never call it while `run()` is running.
    public func runLoopOnce() {
        uv_run(loop, UV_RUN_ONCE)
    }
}
