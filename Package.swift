// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "runbook", targets: ["runbook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(
            name: "RunbookKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedPlaybooks"]
        ),
        .target(name: "CursesUI", dependencies: ["RunbookKit", "CNCurses"]),
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookKit", "CursesUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["StampBuild"]
        ),
        // Build time only: Playbooks/*.yaml compiled into RunbookKit, and the commit into runbook.
        .executableTarget(name: "runbook-generate"),
        .plugin(name: "EmbedPlaybooks", capability: .buildTool(), dependencies: ["runbook-generate"]),
        .plugin(name: "StampBuild", capability: .buildTool(), dependencies: ["runbook-generate"]),
        .executableTarget(name: "runbook-bench", dependencies: ["RunbookKit", "CursesUI"], path: "Benchmarks/runbook-bench"),
        .testTarget(name: "RunbookKitTests", dependencies: ["RunbookKit"], exclude: ["Fixtures"]),
        .testTarget(name: "CursesUITests", dependencies: ["CursesUI", "RunbookKit"]),
        .testTarget(name: "EndToEnd", dependencies: ["RunbookKit"]),
    ]
)
