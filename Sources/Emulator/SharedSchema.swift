import Store

/// Tables owned by a shared engine (the OAuth engine's tokens and codes), migrated once however many vendor modules
/// use the engine.
public struct SharedSchema: Sendable {
    public let name: String
    public let migrations: [Migration]

    public init(name: String, migrations: [Migration]) {
        self.name = name
        self.migrations = migrations
    }
}
