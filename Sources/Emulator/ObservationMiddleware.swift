import CLibUV
import HTTP
import JSON
import Primitives

/// Writes the access-log line and the journal entry of every request once its response is ready.
final class ObservationMiddleware: Middleware {
    private let logger: Logger
    private let journal: RequestJournal
    private let clock: Primitives.Clock

    init(logger: Logger, journal: RequestJournal, clock: Primitives.Clock) {
        self.logger = logger
        self.journal = journal
        self.clock = clock
    }

    func handle(_ request: Request, next: Handler) -> Reply {
        let reply = next(request)
        switch reply {
        case .now(let response): record(request, response)
        case .later(let pending): pending.whenReady { [self] in record(request, $0) }
        }
        return reply
    }

    private func record(_ request: Request, _ response: Response) {
        let micros = Int64((uv_hrtime() &- request.receivedAt) / 1000)
        let target = Redaction.target(request)
        journal.record(
            JournalEntry(
                id: request.id, time: clock.now(), method: request.method.rawValue,
                target: target, status: response.status, durationMicroseconds: micros,
                vendor: request.envelope.module, route: request.route?.pattern))
        logger.logAccess(
            method: request.method.rawValue, target: target, status: response.status, microseconds: micros,
            vendor: request.envelope.module, requestID: request.id, remote: request.remoteAddress)
    }
}
