import CLibUV
import HTTP
import JSON
import Primitives

/// The emulator's own API under `/_emulator`: health, reset, effective config, clock control and the request journal.
final class ControlAPI {
    /// Unowned: the emulator owns the router, whose routes own this object.
    private unowned let emulator: Emulator

    init(emulator: Emulator) { self.emulator = emulator }

    func register(on router: Router) {
        router.claim(prefix: "/_emulator", for: .emulator)
        let control = router.group("/_emulator", envelope: .emulator)
        control.on(.GET, "/health") { _, _ in self.health() }
        control.on(.POST, "/reset") { _, _ in self.reset() }
        control.on(.GET, "/config") { _, _ in .json(self.emulator.configuration.json) }
        control.on(.GET, "/clock") { _, _ in .json(self.clockState()) }
        control.on(.POST, "/clock") { request, _ in try self.controlClock(request) }
        control.on(.GET, "/requests") { request, _ in try self.requests(request) }
        control.on(.DELETE, "/requests") { _, _ in
            self.emulator.journal.clear()
            return .empty()
        }
        control.on(.GET, "/rate-limits") { _, _ in self.rateLimits() }
        control.on(.POST, "/rate-limits/reset") { _, _ in
            self.emulator.context.rateLimits.limiter.reset()
            return self.rateLimits()
        }
    }

    /// `{"status":"ok","version":…,"uptime_ms":…,"evicted_tokens":…}`, from pre-rendered bytes: container health checks and load
    /// balancers call it all the time.
    private static let healthPrefix = JSON.object(["status": "ok", "version": .string(IdemuVersion.current)])
        .serialized().dropLast()

    private func health() -> Response {
        var body = Array(Self.healthPrefix)
        body.append(contentsOf: #","uptime_ms":"#.utf8)
        body.append(contentsOf: String((uv_hrtime() &- emulator.startedAt) / 1_000_000).utf8)
        // Unexpired rows (tokens, codes, tickets, revocations) the --max-tokens cap has removed since the last reset.
        body.append(contentsOf: #","evicted_tokens":"#.utf8)
        body.append(contentsOf: String(emulator.database.bounds.totalLiveEvictions).utf8)
        body.append(0x7D)
        return .json(body)
    }

    private func reset() -> Response {
        do {
            let files = try emulator.reloadSeed()
            return .json([
                "status": "ok", "seed": .string(emulator.configuration.seed.description),
                "files": .array(files.map(JSON.string)),
            ])
        } catch {
            var body = error.json.objectValue ?? [:]
            body["error"] = .string(error.description)
            body["status"] = 422
            return .json(.object(body), status: 422)
        }
    }

    private func clockState() -> JSON {
        let clock = emulator.clock
        let now = clock.now()
        return [
            "now": .string(DateFormats.iso8601(now, fractionDigits: 3)),
            "epoch_ms": .int(now.epochMilliseconds),
            "frozen": .bool(clock.isFrozen),
            "offset_ms": .int(clock.offsetFromSource.nanoseconds / 1_000_000),
        ]
    }

    /// `{"action": "freeze" | "resume" | "reset" | "advance" | "set", "seconds": n | "duration": "1h" | "time": "…"}`
    private func controlClock(_ request: Request) throws -> Response {
        let clock = emulator.clock
        let before = clock.now()
        let reader = JSONReader(try request.json())
        do {
            _ = try reader.object()
            switch try reader.string("action") {
            case "freeze":
                if let time = try reader.optionalString("time") {
                    guard let instant = DateFormats.parseISO8601(time) else {
                        throw RequestProblem("$.time: not an RFC 3339 date-time")
                    }
                    clock.freeze(at: instant)
                } else {
                    clock.freeze()
                }
            case "resume": clock.resume()
            case "reset": clock.reset()
            case "advance":
                if let seconds = try reader.optionalDouble("seconds") {
                    // Int64 nanoseconds hold ±9.2e9 s (±292 years).
                    guard seconds.isFinite, abs(seconds) < 9e9 else {
                        throw RequestProblem("$.seconds: out of range (at most 9e9)")
                    }
                    clock.advance(by: Duration(nanoseconds: Int64(seconds * 1e9)))
                } else if let text = try reader.optionalString("duration") {
                    guard let duration = GoDuration.parse(text) else {
                        throw RequestProblem("$.duration: not a duration like \"90s\" or \"1h30m\"")
                    }
                    clock.advance(by: duration)
                } else {
                    throw RequestProblem("advance needs \"seconds\" (a number) or \"duration\" (like \"1h30m\")")
                }
            case "set":
                guard let instant = DateFormats.parseISO8601(try reader.string("time")) else {
                    throw RequestProblem("$.time: not an RFC 3339 date-time")
                }
                clock.set(to: instant)
            case let other:
                throw RequestProblem("$.action: unknown action \"\(other)\" (freeze, resume, reset, advance, set)")
            }
        } catch let error as JSONReadError {
            throw RequestProblem(error.description)
        }
        // Rate-limit buckets hold arrival times: after a move into the past they would refuse until the clock caught
        // up again, so going back in time starts every bucket idle.
        if clock.now() < before { emulator.context.rateLimits.limiter.reset() }
        return .json(clockState())
    }

    private func requests(_ request: Request) throws(RequestProblem) -> Response {
        var limit = 100
        if let text = request.query["limit"] {
            guard let value = Int(text), value > 0 else { throw RequestProblem("limit must be a positive integer") }
            limit = value
        }
        return .json(emulator.journal.renderRecent(limit, vendor: request.query["vendor"]))
    }

    /// `{"enabled", "buckets": [{"key", "rate", "period_ms", "burst", "limit", "remaining", "reset_after_ms"}]}`:
    /// the buckets not yet back to idle.
    private func rateLimits() -> Response {
        let middleware = emulator.context.rateLimits
        let buckets = middleware.limiter.buckets(now: emulator.clock.now()).map { bucket -> JSON in
            [
                "key": .string(bucket.key),
                "rate": .int(Int64(bucket.quota.rate)),
                "period_ms": .int(bucket.quota.period.nanoseconds / 1_000_000),
                "burst": .int(Int64(bucket.quota.burst)),
                "limit": .int(Int64(bucket.state.limit)),
                "remaining": .int(Int64(bucket.state.remaining)),
                "reset_after_ms": .int(bucket.state.resetAfter.nanoseconds / 1_000_000),
            ]
        }
        return .json(["enabled": .bool(middleware.enabled), "buckets": .array(buckets)])
    }
}
