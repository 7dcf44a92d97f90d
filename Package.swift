// swift-tools-version:6.1
// Chengyun 城运 — the architecture, read from the targets below:
//   ChengyunCore      pure domain: organisation, geometry, taxonomy, calendar,
//                     case state machine, dispatch, deadlines, KPIs, access policy, error catalogues
//   ChengyunStore     the storage ports: one protocol per capability, in domain terms
//   ChengyunSQLite    the storage adapter on GRDB (SQLite, WAL, group commit)
//   ChengyunPostgres  the storage adapter on postgres-nio (PostgreSQL 15, several server nodes on one database)
//   ChengyunServices  use cases grouped by capability, each holding only its ports (load → decide →
//                     persist + history), and background services
// Each capability (Cases, Dispatch, Duty, KPI, Organisation, Users, Police = 110, Hotline = 12345, Open311, Map …)
// has a folder of the same name in every layer that has a part of it (docs/ARCHITECTURE.md).
//   ChengyunDemo      the deterministic demo city generator
//   ChengyunHTTP      Hummingbird 2: context, auth, routes, errors, OpenAPI, metrics, console, exports (XLSX via ZIPFoundation)
//   ChengyunServer    the composition root: typed configuration (swift-configuration: command line > environment >
//                     file > defaults), the store chosen by the database URL's scheme, the application built from both
//   chengyun          the command line (swift-argument-parser)
//   ChengyunTesting   test support, a library for the test targets only: the store contract suite every adapter runs
//                     (over a factory of fresh stores), the manual clock, temporary databases and the demo test city
//                     served by the production application builder
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Chengyun",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chengyun", targets: ["chengyun"]),
        .library(name: "ChengyunCore", targets: ["ChengyunCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // JSON files only: no YAML, no reloading, no command-line provider (swift-argument-parser parses the command line).
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["JSON"]),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(name: "ChengyunCore", swiftSettings: swiftSettings),
        .target(name: "ChengyunStore", dependencies: ["ChengyunCore"], swiftSettings: swiftSettings),
        .target(
            name: "ChengyunSQLite",
            dependencies: [
                "ChengyunCore", "ChengyunStore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChengyunPostgres",
            dependencies: [
                "ChengyunCore", "ChengyunStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChengyunServices",
            dependencies: [
                "ChengyunCore", "ChengyunStore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "ChengyunDemo", dependencies: ["ChengyunCore", "ChengyunStore", "ChengyunServices"], resources: [.copy("Resources")], swiftSettings: swiftSettings),
        .target(
            name: "ChengyunHTTP",
            dependencies: [
                "ChengyunCore", "ChengyunStore", "ChengyunServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChengyunServer",
            dependencies: [
                "ChengyunCore", "ChengyunStore", "ChengyunSQLite", "ChengyunPostgres", "ChengyunServices", "ChengyunHTTP",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "chengyun",
            dependencies: [
                "ChengyunCore", "ChengyunStore", "ChengyunSQLite", "ChengyunPostgres", "ChengyunServices", "ChengyunDemo", "ChengyunHTTP", "ChengyunServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // `bench peak`'s workers: one HTTP/1.1 connection each.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test support: depended on by test targets only, never by the executable.
        .target(
            name: "ChengyunTesting",
            dependencies: [
                "ChengyunCore", "ChengyunStore", "ChengyunServices", "ChengyunDemo", "ChengyunServer", "ChengyunPostgres", "ChengyunSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ChengyunCoreTests", dependencies: ["ChengyunCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ChengyunSQLiteTests",
            dependencies: ["ChengyunCore", "ChengyunStore", "ChengyunSQLite", "ChengyunServices", "ChengyunDemo", "ChengyunTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChengyunPostgresTests",
            dependencies: ["ChengyunCore", "ChengyunStore", "ChengyunPostgres", "ChengyunServices", "ChengyunTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChengyunHTTPTests",
            dependencies: [
                "ChengyunCore", "ChengyunStore", "ChengyunSQLite", "ChengyunPostgres", "ChengyunServices", "ChengyunDemo", "ChengyunHTTP", "ChengyunServer",
                "ChengyunTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
