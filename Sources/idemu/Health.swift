import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// `idemu health`: exits 0 when the emulator at `--url` answers its health check (for Docker HEALTHCHECK).
struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a running emulator; exit 0 when healthy, 1 otherwise.")

    @Option(help: "Base URL of the emulator (IDEMU_HEALTH_URL). [default: http://127.0.0.1:$IDEMU_PORT or 8080]")
    var url: String?
    @Option(help: "Seconds to wait for the answer.")
    var timeout: Double = 2

    func run() throws {
        let base =
            url ?? Environment.value("IDEMU_HEALTH_URL")
            ?? "http://127.0.0.1:\(Environment.value("IDEMU_PORT") ?? "8080")"
        guard let target = HealthProbe.Target(url: base) else {
            throw ValidationError("--url must look like http://host:port")
        }
        switch HealthProbe.check(target, timeoutMilliseconds: Int32(timeout * 1000)) {
        case .success(let body):
            print(body)
        case .failure(let reason):
            printError("idemu health: \(reason.message)")
            throw ExitCode(1)
        }
    }
}
