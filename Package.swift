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
        .executable(name: "idemu", targets: ["idemu"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.3.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
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
        .target(
            name: "HTTP", dependencies: ["CLibUV", "CHTTPParser", "JSON", "Primitives"], swiftSettings: releaseFlags),

        // Shared engines.
        .target(
            name: "JOSE",
            dependencies: [
                "JSON", "Primitives",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "BigInt", package: "BigInt"),
            ], swiftSettings: releaseFlags),

        .target(name: "RateLimit", dependencies: ["HTTP", "Primitives"], swiftSettings: releaseFlags),
        .target(
            name: "OAuth",
            dependencies: [
                "HTTP", "JSON", "Store", "JOSE", "Primitives", .product(name: "Crypto", package: "swift-crypto"),
            ], swiftSettings: releaseFlags),

        .target(
            name: "SCIM",
            dependencies: [
                "HTTP", "JSON", "Store", "Primitives", .product(name: "Crypto", package: "swift-crypto"),
            ], swiftSettings: releaseFlags),

        // Vendor modules.
        .target(
            name: "SecureAuthConnect",
            dependencies: ["Emulator", "OAuth", "JOSE", "HTTP", "JSON", "Store", "Primitives", "RateLimit"],
            swiftSettings: releaseFlags),
        .target(
            name: "TransmitApps",
            dependencies: ["Emulator", "OAuth", "JOSE", "HTTP", "JSON", "Store", "Primitives", "RateLimit"],
            swiftSettings: releaseFlags),
        .target(
            name: "IdentityStore", dependencies: ["Emulator", "SCIM", "OAuth", "HTTP", "JSON", "Store", "Primitives"],
            swiftSettings: releaseFlags),
        .target(
            name: "Authlete",
            dependencies: ["Emulator", "OAuth", "JOSE", "HTTP", "JSON", "Store", "Primitives", "RateLimit"],
            swiftSettings: releaseFlags),
        .target(
            name: "Asgardeo",
            dependencies: [
                "Emulator", "OAuth", "SCIM", "JOSE", "HTTP", "JSON", "Store", "Primitives", "RateLimit",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: releaseFlags),

        // Every vendor module, in registration order (the CLI and the tests share the list).
        .target(
            name: "Vendors",
            dependencies: ["Emulator", "SecureAuthConnect", "TransmitApps", "IdentityStore", "Authlete", "Asgardeo"],
            swiftSettings: releaseFlags),

        // Composition: config, seed, control API, journal.
        .target(
            name: "Emulator", dependencies: ["HTTP", "JSON", "Store", "Primitives", "RateLimit"],
            swiftSettings: releaseFlags, plugins: ["EmbedDefaultSeed"]),
        .executableTarget(name: "SeedEmbedder"),
        .plugin(name: "EmbedDefaultSeed", capability: .buildTool(), dependencies: ["SeedEmbedder"]),
        .executableTarget(
            name: "idemu",
            dependencies: [
                "Emulator", "Vendors", "JOSE", "Primitives",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "JOSETests", dependencies: ["JOSE", "JSON", "Primitives"]),
        .testTarget(name: "RateLimitTests", dependencies: ["RateLimit", "Primitives"]),
        .testTarget(
            name: "OAuthTests",
            dependencies: [
                "OAuth", "JOSE", "HTTP", "JSON", "Store", "Primitives",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "SecureAuthConnectTests",
            dependencies: [
                "SecureAuthConnect", "EmulatorTestSupport", "Emulator", "JOSE", "JSON", "Primitives", "RateLimit",
                "TestSupport",
            ]),
        .testTarget(
            name: "TransmitAppsTests",
            dependencies: [
                "TransmitApps", "EmulatorTestSupport", "Emulator", "JOSE", "JSON", "Primitives", "TestSupport",
            ]),
        .testTarget(
            name: "AuthleteTests",
            dependencies: [
                "Authlete", "EmulatorTestSupport", "Emulator", "OAuth", "JOSE", "JSON", "Primitives", "TestSupport",
            ]),
        .testTarget(
            name: "AsgardeoTests",
            dependencies: [
                "Asgardeo", "EmulatorTestSupport", "Emulator", "JOSE", "JSON", "Primitives", "TestSupport",
            ]),
        .testTarget(
            name: "SCIMTests",
            dependencies: [
                "SCIM", "JSON", "Store", "Primitives", "EmulatorTestSupport", "Emulator", "HTTP", "TestSupport",
            ]),
        .testTarget(
            name: "IdentityStoreTests",
            dependencies: [
                "IdentityStore", "EmulatorTestSupport", "Emulator", "JSON", "Primitives", "TestSupport",
            ]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .target(
            name: "EmulatorTestSupport", dependencies: ["Emulator", "HTTP", "Vendors", "TestSupport"],
            path: "Tests/EmulatorTestSupport"),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Primitives", "TestSupport"]),
        .testTarget(
            name: "EmulatorTests",
            dependencies: [
                "Emulator", "EmulatorTestSupport", "HTTP", "JSON", "Store", "Primitives", "TestSupport",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
