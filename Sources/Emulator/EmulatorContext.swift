import HTTP
import Primitives
import RateLimit
import Store

/// The shared services a vendor module uses: time, storage, the worker pool, logging and public origins.
public final class EmulatorContext {
    public let clock: Clock
    public let database: Database
    public let workers: WorkerPool
    public let logger: Logger
    public let configuration: EmulatorConfiguration
    /// Vendor modules register their rate-limit policies here.
    public let rateLimits: RateLimitMiddleware

    init(
        clock: Clock, database: Database, workers: WorkerPool, logger: Logger, configuration: EmulatorConfiguration,
        rateLimits: RateLimitMiddleware
    ) {
        self.clock = clock
        self.database = database
        self.workers = workers
        self.logger = logger
        self.configuration = configuration
        self.rateLimits = rateLimits
    }

    /// The origin issuers and links use for `request`: `--public-url` when set, else `http://{Host}`.
    public func origin(for request: Request) -> String {
        if let configured = configuration.publicURL {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        return request.origin
    }
}
