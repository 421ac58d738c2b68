import CachebookFuzzEntries
import Foundation
import Testing

/// Inputs that once crashed, hung or blew up a fuzz target, kept in `Inputs/TARGET/`. Each must
/// now go through its target's entry and return.
@Suite("Inputs found by fuzzing stay fixed")
struct FuzzRegressionTests {
    static let inputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Inputs")

    static var cases: [String] {
        FuzzEntries.all.flatMap { target in
            let folder = inputs.appendingPathComponent(target.name)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return files.filter { !$0.hasPrefix(".") }.sorted().map { "\(target.name)/\($0)" }
        }
    }

    @Test("every kept input runs to the end", arguments: cases)
    func replay(_ path: String) throws {
        let name = String(path.prefix { $0 != "/" })
        let entry = try #require(FuzzEntries.all.first { $0.name == name })
        entry.run(Array(try Data(contentsOf: Self.inputs.appendingPathComponent(path))))
    }

    @Test("every target has a folder of kept inputs")
    func foldersExist() {
        for target in FuzzEntries.all {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: Self.inputs.appendingPathComponent(target.name).path, isDirectory: &isDirectory)
                    && isDirectory.boolValue, "missing Inputs/\(target.name)")
        }
    }
}
