// swift-tools-version:6.0
import PackageDescription

// Swift 6 language mode (below) gives complete strict concurrency checking.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "geoloop",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GeoloopEngine", targets: ["GeoloopEngine"]),
        .library(name: "GeoloopSOFT", targets: ["GeoloopSOFT"]),
        .library(name: "GeoloopGEO", targets: ["GeoloopGEO"]),
        .executable(name: "geoloop", targets: ["geoloop"]),
        .executable(name: "parallel-get", targets: ["parallel-get"]),
    ],
    targets: [
        // System libraries, found through pkg-config; the apt providers are Debian 12's.
        .systemLibrary(
            name: "CCurl", path: "CModules/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CUV", path: "CModules/CUV", pkgConfig: "libuv",
            providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "CModules/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // Typed, non-variadic wrappers for the curl calls Swift cannot make.
        .target(name: "CGeoloopShim", dependencies: ["CCurl"], path: "CModules/CGeoloopShim"),

        // A pthread-mutex lock that ThreadSanitizer understands, shared by every module.
        .target(name: "GeoloopLocks", swiftSettings: strict),
        .target(
            name: "GeoloopEngine", dependencies: ["CCurl", "CUV", "CGeoloopShim", "GeoloopLocks"], swiftSettings: strict
        ),
        .target(name: "GeoloopSOFT", dependencies: ["CZlib", "GeoloopLocks"], swiftSettings: strict),
        .target(
            name: "GeoloopGEO",
            dependencies: ["GeoloopEngine", "GeoloopSOFT", "CZlib", "GeoloopLocks", "CGeoloopShim"],
            swiftSettings: strict),
        .target(name: "GeoloopTestSupport", dependencies: ["CZlib", "GeoloopLocks"], swiftSettings: strict),
        .executableTarget(
            name: "geoloop",
            dependencies: [
                "GeoloopEngine", "GeoloopSOFT", "GeoloopGEO", "GeoloopTestSupport", "GeoloopLocks", "CGeoloopShim",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "parallel-get", dependencies: ["GeoloopEngine"], path: "examples/parallel-get",
            swiftSettings: strict),

        .executableTarget(
            name: "make-corpus", dependencies: ["GeoloopTestSupport"], path: "benchmarks/make-corpus",
            swiftSettings: strict),
        .executableTarget(
            name: "fetch-serve", dependencies: ["GeoloopTestSupport"], path: "benchmarks/fetch/serve",
            swiftSettings: strict),

        .testTarget(
            name: "GeoloopEngineTests", dependencies: ["GeoloopEngine", "GeoloopTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "GeoloopCLITests",
            dependencies: ["geoloop", "GeoloopGEO", "GeoloopSOFT", "GeoloopTestSupport", "GeoloopLocks"],
            swiftSettings: strict),
        .testTarget(
            name: "GeoloopReliabilityTests",
            dependencies: ["GeoloopEngine", "GeoloopSOFT", "GeoloopGEO", "GeoloopTestSupport", "GeoloopLocks"],
            swiftSettings: strict),
        .testTarget(
            name: "GeoloopGEOTests", dependencies: ["GeoloopGEO", "GeoloopTestSupport", "GeoloopLocks"],
            swiftSettings: strict),
        .testTarget(
            name: "GeoloopTestSupportTests", dependencies: ["GeoloopTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GeoloopSOFTTests", dependencies: ["GeoloopSOFT", "GeoloopTestSupport", "GeoloopLocks"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
