import Foundation
import Testing

/// The folder of expected outputs.
let expectedOutputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Expected")

/// This target's fixture courses.
let endToEndFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Compares `actual` with the expected output file `name`, showing the first differing line.
func expectOutput(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let expected = try String(contentsOf: expectedOutputs.appendingPathComponent(name), encoding: .utf8)
    guard actual != expected else { return }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let firstDifference = zip(actualLines, expectedLines).enumerated().first { $1.0 != $1.1 }?.offset ?? min(actualLines.count, expectedLines.count)
    Issue.record("""
        output differs from Expected/\(name) at line \(firstDifference + 1):
          expected: \(firstDifference < expectedLines.count ? String(expectedLines[firstDifference]) : "<end>")
          actual:   \(firstDifference < actualLines.count ? String(actualLines[firstDifference]) : "<end>")
        """, sourceLocation: sourceLocation)
}

/// Runs `command` under a pseudo-terminal with `script`, so the program sees a tty.
func runInTerminal(_ command: String, environment: [String: String] = [:]) throws -> ProcessResult {
    var environment = environment
    if environment["CACHEBOOK_STATE"] == nil {
        environment["CACHEBOOK_STATE"] = temporaryStateFile()
    }
    return try runCommand("/usr/bin/script", ["-qec", command, "/dev/null"], environment: environment)
}
