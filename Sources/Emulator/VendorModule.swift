import HTTP
import JSON
import Store

/// One emulated API family: its tables, its routes, and how it reads its part of the seed.
///
/// The emulator calls, in order: `migrations` (applied to the store), `registerRoutes`, then on start and on
/// every reset `resetState` followed by `loadSeed`.
public protocol VendorModule: AnyObject {
    /// Stable name, used for migrations and logs (`secureauth-connect`).
    var name: String { get }
    /// The seed file this module reads (`secureauth-connect.json`), if any.
    var seedFileName: String? { get }
    /// The module's versioned schema.
    var migrations: [Migration] { get }
    /// Schemas of the shared engines the module uses.
    var sharedSchemas: [SharedSchema] { get }
    func registerRoutes(on router: Router, context: EmulatorContext)
    /// Forgets in-memory state derived from the store (caches are rebuilt lazily from the store).
    func resetState()
    /// Writes the module's seed into the store. Throws `JSONReadError` (or `SeedError`) for invalid content.
    func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws
}

extension VendorModule {
    public var sharedSchemas: [SharedSchema] { [] }
}
