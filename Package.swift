// swift-tools-version: 6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Cachebook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cachebook", targets: ["cachebook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // C libraries from Debian, found with pkg-config.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // hiredis's pkg-config file adds -D_FILE_OFFSET_BITS=64, which SwiftPM refuses with a
        // warning on every build; its header is found in the default include path instead.
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),
        .systemLibrary(
            name: "CLibpq",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),

        // How many terminal columns text takes: wide characters, combining marks, emoji.
        .target(name: "CachebookText"),
        // Ordered parallel map: lessons are read and rendered on every core.
        .target(name: "CachebookConcurrency"),
        // Markdown: our own tree, built from cmark's, plus the visitor renderers walk.
        .target(name: "CachebookMarkdown", dependencies: ["CCmark"]),
        // Course model: course.yml, lessons with front matter, and the linter's diagnostics.
        .target(
            name: "CachebookCourse",
            dependencies: ["CachebookConcurrency", "CachebookMarkdown", .product(name: "Yams", package: "Yams")]
        ),
        // Terminal output: width measurement, wrapping, styles, the lesson and outline renderers.
        .target(
            name: "CachebookTerminal",
            dependencies: ["CachebookText", "CachebookMarkdown", "CachebookCourse", "CachebookNotebook", "CachebookProgress"]
        ),
        // The deterministic caching simulator. It knows nothing about lessons.
        .target(name: "CacheLab", dependencies: ["CSQLite"]),
        // Real Redis and PostgreSQL behind a simulation, for `cachebook run --cache/--store`.
        .target(name: "CachebookRealBackends", dependencies: ["CacheLab", "CHiredis", "CLibpq"]),
        // Lessons as notebooks: runnable blocks, expected outputs, exercises.
        .target(
            name: "CachebookNotebook",
            dependencies: ["CachebookText", "CachebookMarkdown", "CachebookCourse", "CacheLab", .product(name: "Yams", package: "Yams")]
        ),
        // The static course website: HTML, SVG diagrams, exercises checked in the browser.
        .target(
            name: "CachebookSite",
            dependencies: [
                "CachebookConcurrency", "CachebookText", "CachebookMarkdown", "CachebookCourse", "CachebookNotebook", "CacheLab",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `cachebook serve`: the built site on 127.0.0.1, rebuilt and reloaded on every change.
        .target(
            name: "CachebookServer",
            dependencies: [
                "CachebookSite",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // The learner's progress file: atomic, locked, crash-safe.
        .target(name: "CachebookProgress", dependencies: ["CachebookCourse"]),
        // Command definitions: parse arguments, build actions, map errors to exit codes.
        .target(
            name: "CachebookCommands",
            dependencies: [
                "CachebookMarkdown", "CachebookCourse", "CachebookTerminal", "CachebookNotebook", "CachebookProgress", "CacheLab",
                "CachebookSite", "CachebookServer", "CachebookRealBackends",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // mimalloc (Debian's libmimalloc-dev) replaces the C library's malloc in the whole
        // process, the Swift runtime's allocations included: a 1,000-lesson site build spends
        // about a tenth less CPU time (docs/benchmarks.md). Linked before the C library, so its
        // malloc is the one every library finds.
        .executableTarget(name: "cachebook", dependencies: ["CachebookCommands"],
                          linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]),
        // What each fuzz target does with an input; `make fuzz` drives it, the regression tests replay it.
        .target(
            name: "CachebookFuzzEntries",
            dependencies: ["CachebookCourse", "CachebookMarkdown", "CachebookNotebook", "CachebookSite", "CachebookTerminal"],
            path: "Fuzz/Entries"
        ),
        // Replay throughput per policy, for docs/benchmarks.md; run it with -c release.
        .executableTarget(name: "CacheLabBenchmark", dependencies: ["CacheLab"]),

        .testTarget(name: "CachebookConcurrencyTests", dependencies: ["CachebookConcurrency"]),
        .testTarget(name: "CachebookMarkdownTests", dependencies: ["CachebookMarkdown"]),
        .testTarget(name: "CachebookCourseTests", dependencies: ["CachebookCourse", "CacheLab", .product(name: "Yams", package: "Yams")],
                    exclude: ["Fixtures"]),
        // Generators and helpers that several test targets share.
        .target(name: "CachebookTestSupport", dependencies: ["CacheLab", "CachebookMarkdown"], path: "Tests/Support"),
        .testTarget(name: "CachebookTerminalTests", dependencies: ["CachebookTerminal", "CachebookText", "CachebookTestSupport", "CacheLab"]),
        .testTarget(name: "CacheLabTests", dependencies: ["CacheLab"], exclude: ["Fixtures"]),
        .testTarget(name: "CachebookNotebookTests", dependencies: ["CachebookNotebook"]),
        .testTarget(name: "CachebookSiteTests", dependencies: ["CachebookSite", "CachebookNotebook", "CachebookTestSupport", "CacheLab"]),
        .testTarget(name: "CachebookProgressTests", dependencies: ["CachebookProgress"]),
        // The course itself: the rules every lesson follows, and originality against the seeds.
        .testTarget(name: "CourseContentTests", dependencies: ["CachebookCourse", "CachebookNotebook", "CachebookMarkdown"]),
        // Run by `make test-integration`, which starts Redis and PostgreSQL; skipped otherwise.
        .testTarget(name: "RealBackendTests", dependencies: ["CachebookRealBackends", "CachebookNotebook", "CacheLab"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["CachebookFuzzEntries"], exclude: ["Inputs"]),
        .testTarget(name: "CachebookEndToEndTests", dependencies: ["cachebook", "CacheLab"], exclude: ["Expected", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer executable, only in `make fuzz` builds (CACHEBOOK_FUZZ=1, -sanitize=fuzzer,
// -parse-as-library): in a normal build its entry point would be an executable that does nothing.
if ProcessInfo.processInfo.environment["CACHEBOOK_FUZZ"] != nil {
    package.targets += [
        .target(name: "CachebookFuzzMain", path: "Fuzz/DriverMain"),
        .executableTarget(name: "cachebook-fuzz", dependencies: ["CachebookFuzzEntries", "CachebookFuzzMain"], path: "Fuzz/Driver"),
    ]
}
