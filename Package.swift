// swift-tools-version:6.0
import PackageDescription

/// Release builds skip dynamic exclusivity checks: all state lives on the loop thread, and the checks cost
/// about 3 % of request throughput (measured with perf on the health endpoint).
let releaseFlags: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

/// idemu: a local emulator of identity vendors' REST APIs (see README.md).
let package = Package(
    name: "idemu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "idemu", targets: ["idemu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian (module maps only).
        .systemLibrary(name: "CLibUV", pkgConfig: "libuv", providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CHTTPParser", providers: [.apt(["libhttp-parser-dev"])]),

        // Foundation-free building blocks.
        .target(name: "Primitives", swiftSettings: releaseFlags),
        .target(name: "JSON", swiftSettings: releaseFlags),
        .target(name: "Store", dependencies: ["CSQLite"], swiftSettings: releaseFlags),
        .target(name: "HTTP", dependencies: ["CLibUV", "CHTTPParser", "Primitives"], swiftSettings: releaseFlags),

        // Composition: config, seed, control API, journal.
        .target(name: "Emulator", dependencies: ["HTTP", "JSON", "Store", "Primitives"],
                swiftSettings: releaseFlags, plugins: ["EmbedDefaultSeed"]),
        .executableTarget(name: "SeedEmbedder"),
        .plugin(name: "EmbedDefaultSeed", capability: .buildTool(), dependencies: ["SeedEmbedder"]),
        .executableTarget(name: "idemu", dependencies: [
            "Emulator",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Primitives", "TestSupport"]),
        .testTarget(name: "EmulatorTests", dependencies: ["Emulator", "HTTP", "JSON", "Store", "Primitives", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
