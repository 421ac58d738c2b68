import CacheLab
import Foundation
import Testing

/// The conformance trace as shipped with the CacheLab tests.
let labFixtureTrace = packageRoot.appendingPathComponent("Tests/CacheLabTests/Fixtures/zipf-0.8-20k-200k.txt").path
/// The shared oracleGeneral trace, when the checkout has `shared/` beside it (as `main/` has here).
let sharedOracleGeneralTrace = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/conformance/zipf-0.8-20k-200k.oracleGeneral.bin").path

/// The rows of `cachebook lab`'s table, keyed by "policy size".
func labTable(_ stdout: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: (misses: Int, missRatio: String)] {
    var rows: [String: (Int, String)] = [:]
    for line in stdout.split(separator: "\n") {
        let fields = line.split(separator: " ")
        guard fields.count == 7, let misses = Int(fields[4]) else { continue }
        rows["\(fields[0]) \(fields[1])"] = (misses, String(fields[6]))
    }
    #expect(!rows.isEmpty, "no table rows in: \(stdout)", sourceLocation: sourceLocation)
    return rows
}

@Suite("cachebook lab replays traces and workloads through policies and sizes")
struct LabCommandTests {
    static let exactMisses: [String: Int] = [
        "lru 100": 175_914, "lru 1000": 131_529, "lru 5000": 76_461,
        "fifo 100": 179_514, "fifo 1000": 138_792, "fifo 5000": 85_075,
        "lfu 100": 154_784, "lfu 1000": 113_401, "lfu 5000": 68_159,
        "sieve 100": 153_403, "sieve 1000": 112_891, "sieve 5000": 68_159,
    ]
    static let printedRatios: [String: String] = [
        "clock 100": "0.8713", "clock 1000": "0.6453", "clock 5000": "0.3733",
        "s3-fifo 100": "0.7664", "s3-fifo 1000": "0.5563", "s3-fifo 5000": "0.3416",
        "arc 100": "0.7730", "arc 1000": "0.5654", "arc 5000": "0.3531",
        "belady 100": "0.6852", "belady 1000": "0.4260", "belady 5000": "0.2067",
    ]

    func expectConformance(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try runCachebook(
            ["lab", "--policies", "lru,fifo,lfu,sieve,clock,s3-fifo,arc,belady", "--sizes", "100,1000,5000"] + arguments)
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        let rows = labTable(result.stdout, sourceLocation: sourceLocation)
        for (row, misses) in Self.exactMisses {
            #expect(rows[row]?.misses == misses, "\(row)", sourceLocation: sourceLocation)
        }
        for (row, ratio) in Self.printedRatios {
            #expect(rows[row]?.missRatio == ratio, "\(row)", sourceLocation: sourceLocation)
        }
    }

    @Test func theTextTraceMatchesLibCacheSim() throws {
        try expectConformance(["--trace", labFixtureTrace])
    }

    @Test func anOracleGeneralTraceMatchesLibCacheSim() throws {
        // Encode the text trace as oracleGeneral here, so this runs without shared/ too.
        let keys = try String(contentsOfFile: labFixtureTrace, encoding: .utf8).split(separator: "\n").map { UInt64($0)! }
        var next = [Int64](repeating: -1, count: keys.count)
        var upcoming: [UInt64: Int64] = [:]
        for index in keys.indices.reversed() {
            next[index] = upcoming[keys[index]] ?? -1
            upcoming[keys[index]] = Int64(index)
        }
        var data = Data()
        for index in keys.indices {
            withUnsafeBytes(of: UInt32(index).littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: keys[index].littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(1).littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: next[index].littleEndian) { data.append(contentsOf: $0) }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(UUID().uuidString).bin")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try expectConformance(["--trace", file.path, "--format", "oracle-general"])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedOracleGeneralTrace)))
    func theSharedOracleGeneralFileMatchesLibCacheSim() throws {
        try expectConformance(["--trace", sharedOracleGeneralTrace, "--format", "oracle-general"])
    }

    @Test func twoRunsInSeparateProcessesPrintTheSameBytes() throws {
        let arguments = ["lab", "--policies", "lru,random,s3-fifo,arc", "--sizes", "50,500", "--workload", "zipf",
                         "--alpha", "0.9", "--keys", "5000", "--requests", "50000", "--seed", "7"]
        let first = try runCachebook(arguments)
        let second = try runCachebook(arguments)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.hasPrefix("workload: zipf alpha=0.9 keys=5000 requests=50000 seed=7, 50000 requests, 5000 keys\n"))
        let other = try runCachebook(arguments.dropLast() + ["8"])
        #expect(other.stdout != first.stdout)
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let result = try runCachebook(["lab", "--policies", "lru,sieve", "--sizes", "100", "--trace", labFixtureTrace, "--json"])
        #expect(result.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 2)
        let first = try #require(rows?.first)
        #expect(Set(first.keys) == ["policy", "size", "requests", "hits", "misses", "hitRatio", "replaySeconds"])
        #expect(first["policy"] as? String == "lru")
        #expect(first["misses"] as? Int == 175_914)
        #expect(first["hits"] as? Int == 24_086)
        #expect((first["hitRatio"] as? Double).map { abs($0 - 0.12043) < 1e-12 } == true)
        #expect((first["replaySeconds"] as? Double).map { $0 >= 0 } == true)
    }

    @Test func bytesModeUsesSizes() throws {
        let csv = packageRoot.appendingPathComponent("Tests/CacheLabTests/Fixtures/small.csv").path
        let result = try runCachebook(["lab", "--policies", "lru", "--sizes", "25", "--trace", csv, "--bytes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(labTable(result.stdout)["lru 25"]?.misses == 4)
        #expect(result.stdout.contains("sizes in bytes"))
    }

    func expectUsageError(_ arguments: [String], mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try runCachebook(["lab"] + arguments)
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        for text in mentions {
            #expect(result.stderr.contains(text), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test func badArgumentsExitTwoWithAClearMessage() throws {
        try expectUsageError(["--policies", "lru,lfru", "--workload", "zipf"], mentions: ["unknown policy \"lfru\"", "sieve"])
        try expectUsageError(["--sizes", "100,big", "--workload", "zipf"], mentions: ["cache size \"big\""])
        try expectUsageError(["--sizes", "0", "--workload", "zipf"], mentions: ["cache size \"0\""])
        try expectUsageError([], mentions: ["--trace FILE or a --workload"])
        try expectUsageError(["--workload", "zipf", "--trace", "x"], mentions: ["not both"])
        try expectUsageError(["--workload", "zipfian"], mentions: ["unknown workload \"zipfian\""])
        try expectUsageError(["--workload", "zipf", "--alpha", "one"], mentions: ["--alpha \"one\""])
        try expectUsageError(["--workload", "zipf", "--requests", "1000000000000"], mentions: ["over the limit"])
        try expectUsageError(["--trace", labFixtureTrace, "--format", "parquet"], mentions: ["unknown trace format"])
        try expectUsageError(["--trace", labFixtureTrace, "--bytes"], mentions: ["--bytes needs object sizes"])
        try expectUsageError(["--workload", "zipf", "--polices", "lru"], mentions: ["unknown option --polices; did you mean --policies?"])
        try expectUsageError(["--workload", "zipf", "stray"], mentions: ["unexpected argument \"stray\""])
    }

    @Test func unreadableOrMalformedTracesExitTwoNamingFileAndRecord() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("bad.txt")
        try "1\n2\nthree\n".write(to: text, atomically: true, encoding: .utf8)
        try expectUsageError(["--trace", text.path], mentions: [text.path, "record 3", "\"three\""])

        let binary = directory.appendingPathComponent("short.bin")
        try Data(repeating: 0, count: 24 * 2 + 5).write(to: binary)
        try expectUsageError(["--trace", binary.path, "--format", "oracle-general"], mentions: [binary.path, "record 3", "5 bytes"])

        try expectUsageError(["--trace", directory.appendingPathComponent("missing.txt").path], mentions: ["missing.txt", "no such file"])
    }

    @Test func helpDescribesTheCommand() throws {
        let result = try runCachebook(["lab", "--help"])
        #expect(result.status == 0)
        for text in ["--policies", "--sizes", "--trace", "--format", "--workload", "--json", "--bytes", "Examples:"] {
            #expect(result.stdout.contains(text), "\(text)")
        }
    }

    @Test func countsAddUpOnRandomWorkloads() throws {
        var generator = SeededGenerator(seed: 31)
        let workloads = ["zipf --alpha 0.7", "zipf --alpha 1.3", "uniform", "hotspot", "scan", "loop"]
        for round in 0..<8 {
            let keys = 1 + generator.nextInt(below: 5_000), requests = generator.nextInt(below: 50_000)
            let sizes = (0..<3).map { _ in String(1 + generator.nextInt(below: 2_000)) }.joined(separator: ",")
            let arguments = ["lab", "--workload"] + workloads[generator.nextInt(below: workloads.count)].split(separator: " ").map(String.init)
                + ["--keys", "\(keys)", "--requests", "\(requests)", "--seed", "\(round)", "--policies", "lru,lfu,fifo,clock,sieve,s3-fifo,arc,random,belady", "--sizes", sizes, "--json"]
            let result = try runCachebook(arguments)
            #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            #expect(!rows.isEmpty)
            for row in rows {
                let hits = row["hits"] as? Int ?? -1, misses = row["misses"] as? Int ?? -1
                #expect(row["requests"] as? Int == requests, "\(arguments.joined(separator: " "))")
                #expect(hits >= 0 && misses >= 0 && hits + misses == requests, "\(row)")
                let ratio = row["hitRatio"] as? Double ?? -1
                #expect(abs(ratio - (requests == 0 ? 0 : Double(hits) / Double(requests))) < 1e-12, "\(row)")
            }
        }
    }
}
