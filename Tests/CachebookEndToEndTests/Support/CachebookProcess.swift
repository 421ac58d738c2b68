import Foundation
import Testing

/// What one run of the built `cachebook` executable produced.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The repository root, found from this file's location so tests run from any directory.
let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url
        }
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// The `cachebook` binary that SwiftPM built next to the test bundle.
let cachebookExecutable: URL = {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = testBinary.deletingLastPathComponent()
    // On Linux the test runner sits in the build folder; on macOS inside an .xctest bundle.
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("cachebook")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory.deleteLastPathComponent()
    }
    fatalError("cachebook executable not found near \(testBinary.path)")
}()

/// Runs `cachebook` with `arguments` and a clean, predictable environment.
///
/// `NO_COLOR`, `COLUMNS` and `PAGER` are cleared unless `environment` sets them, so output does not
/// depend on the terminal the tests were started from. Unless `environment` names a progress
/// file in `CACHEBOOK_STATE`, each run gets a fresh one, so no test sees another's progress or
/// the developer's own.
func runCachebook(
    _ arguments: [String],
    environment: [String: String] = [:],
    stdin: String? = nil,
    currentDirectory: URL? = nil
) throws -> ProcessResult {
    var environment = environment
    if environment["CACHEBOOK_STATE"] == nil {
        environment["CACHEBOOK_STATE"] = temporaryStateFile()
    }
    return try runCommand(cachebookExecutable.path, arguments, environment: environment, stdin: stdin, currentDirectory: currentDirectory)
}

/// The folder of every progress file the tests make, removed when the test process exits.
private let stateRoot: URL = {
    atexit {
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-e2e-state-\(getpid())"))
    }
    return FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-e2e-state-\(getpid())")
}()

/// A path for a progress file that does not exist yet, in a folder of its own.
func temporaryStateFile() -> String {
    stateRoot.appendingPathComponent("\(UUID().uuidString)/progress.json").path
}

/// Runs any program the way ``runCachebook(_:environment:stdin:currentDirectory:)`` does.
func runCommand(
    _ executable: String,
    _ arguments: [String],
    environment: [String: String] = [:],
    stdin: String? = nil,
    currentDirectory: URL? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for key in ["NO_COLOR", "COLUMNS", "PAGER", "CACHEBOOK_COURSE", "CACHEBOOK_STATE"] { env[key] = nil }
    env.merge(environment) { _, new in new }
    process.environment = env
    process.currentDirectoryURL = currentDirectory ?? packageRoot
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Drain stdout on another thread while this one drains stderr, so that neither pipe can
    // fill up and block the child.
    let stdoutBox = DataBox()
    let reader = Thread { stdoutBox.data = out.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !stdoutBox.isFilled { usleep(1000) }
    let stdoutData = stdoutBox.data
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: stdoutData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self)
    )
}

/// A hand-off slot for the stdout reader thread.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: Data?
    var data: Data {
        get { lock.withLock { storage ?? Data() } }
        set { lock.withLock { storage = newValue } }
    }
    var isFilled: Bool { lock.withLock { storage != nil } }
}
