import Testing

@Suite("The executable starts and describes itself")
struct HelpTests {
    @Test func helpExitsZero() throws {
        let result = try runCachebook(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: cachebook"))
    }
}
