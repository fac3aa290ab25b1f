// swift-tools-version: 6.0
// A libFuzzer target for the SOFT parser and the gzip inflater, kept out of the main package so
// `swift build` there never needs -sanitize=fuzzer. Run with ./run.sh SECONDS.
import PackageDescription

let package = Package(
    name: "geoloop-fuzz",
    dependencies: [.package(name: "geoloop", path: "..")],
    targets: [
        .executableTarget(
            name: "SOFTFuzz", dependencies: [.product(name: "GeoloopSOFT", package: "geoloop")])
    ])
