import Foundation
import Testing
@testable import CacheLab

@Suite("Trace readers remap keys to dense ids and name the file and record of any error")
struct TraceReaderTests {
    func expectError(
        _ problem: String, record: Int?, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws(TraceError) -> Trace
    ) {
        do {
            _ = try body()
            Issue.record("expected an error mentioning \"\(problem)\"", sourceLocation: sourceLocation)
        } catch {
            #expect(error.record == record, sourceLocation: sourceLocation)
            #expect(error.description.contains(problem), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains("fix:"), sourceLocation: sourceLocation)
        }
    }

    @Test func textKeysBecomeIdsInFirstSeenOrder() throws {
        let trace = try TraceReader.parseText(Array("10\n20\n\n10\n# comment\n 30 \r\n".utf8), file: "t.txt")
        #expect(trace.ids == [0, 1, 0, 2])
        #expect(trace.keyCount == 3)
        #expect(trace.keys.name(of: 2) == "30")
        #expect(trace.sizes == nil)
    }

    @Test func aNonNumericTextLineIsReportedWithItsLineNumber() {
        expectError("\"abc\" is not an unsigned integer key", record: 3) {
            () throws(TraceError) in try TraceReader.parseText(Array("1\n2\nabc\n".utf8), file: "bad.txt")
        }
    }

    @Test func oracleGeneralRecordsRoundTrip() throws {
        let bytes = oracleGeneralBytes(keys: [5, 9, 5, 7], sizes: [100, 200, 100, 50])
        let trace = try TraceReader.parseOracleGeneral(bytes, file: "t.bin")
        #expect(trace.ids == [0, 1, 0, 2])
        #expect(trace.sizes == [100, 200, 100, 50])
        #expect(trace.nextAccess == [2, neverAccessedAgain, neverAccessedAgain, neverAccessedAgain])
    }

    @Test func aTruncatedOracleGeneralFileNamesTheBrokenRecord() {
        let bytes = Array(oracleGeneralBytes(keys: [1, 2, 3]).dropLast(10))
        expectError("ends 14 bytes into this record", record: 3) {
            () throws(TraceError) in try TraceReader.parseOracleGeneral(bytes, file: "short.bin")
        }
    }

    @Test func csvReadsNamedColumnsAndQuotedKeys() throws {
        let trace = try TraceReader.read(path: fixture("small.csv"), format: .csv)
        #expect(trace.ids == [0, 1, 0, 2, 0])
        #expect(trace.keys.name(of: 0) == "user:1")
        #expect(trace.sizes == [10, 20, 10, 5, 10])
        #expect(trace.times == [1, 2, 3, 4, 5])
        #expect(trace.operations == [.read, .read, .write, .read, .read])
    }

    @Test func csvErrorsNameTheLine() {
        expectError("has no key column", record: 1) {
            () throws(TraceError) in try TraceReader.parseCSV(Array("time,value\n1,2\n".utf8), file: "x.csv")
        }
        expectError("size \"big\" is not a non-negative integer", record: 3) {
            () throws(TraceError) in try TraceReader.parseCSV(Array("key,size\na,1\nb,big\n".utf8), file: "x.csv")
        }
        expectError("3 fields where the header has 2", record: 2) {
            () throws(TraceError) in try TraceReader.parseCSV(Array("key,size\na,1,2\n".utf8), file: "x.csv")
        }
        expectError("unknown operation \"fly\"", record: 2) {
            () throws(TraceError) in try TraceReader.parseCSV(Array("key,op\na,fly\n".utf8), file: "x.csv")
        }
    }

    @Test func aMissingFileIsAnErrorNotACrash() {
        expectError("no such file", record: nil) {
            () throws(TraceError) in try TraceReader.read(path: "/nonexistent/trace.txt", format: .text)
        }
    }

    @Test func formatsAreGuessedFromTheFileName() {
        #expect(TraceFormat(guessingFrom: "a.csv") == .csv)
        #expect(TraceFormat(guessingFrom: "zipf.oracleGeneral.bin") == .oracleGeneral)
        #expect(TraceFormat(guessingFrom: "keys.txt") == .text)
    }
}

@Suite("Small traces replay to hand-checked counts")
struct SmallTraceTests {
    func misses(_ file: String, _ policy: PolicyKind, capacity: Int) throws -> Int {
        let trace = try TraceReader.read(path: fixture(file), format: .text).withNextAccess()
        return try Replay.run(trace, policy: policy, capacity: capacity).misses
    }

    @Test func aLoopLongerThanTheCacheDefeatsLRUAndFIFO() throws {
        // 1 2 3 4 three times through 3 slots: each key was evicted just before its return.
        #expect(try misses("loop-4-keys.txt", .lru, capacity: 3) == 12)
        #expect(try misses("loop-4-keys.txt", .fifo, capacity: 3) == 12)
        // Belady evicts what returns last: misses at 1 2 3 4 (evicting 3), 3 (evicting 2) and
        // 2 (evicting 1, never needed again).
        #expect(try misses("loop-4-keys.txt", .belady, capacity: 3) == 6)
        // SIEVE never marks anything visited here, so it behaves as FIFO.
        #expect(try misses("loop-4-keys.txt", .sieve, capacity: 3) == 12)
    }

    @Test func aScanFlushesTheHotKeyFromLRUButNotFromSIEVE() throws {
        // 7 7 7 1 2 3 4 5 7 7 with 4 slots. LRU: 7 is pushed out by the five scan keys.
        #expect(try misses("scan-with-hot-key.txt", .lru, capacity: 4) == 7)
        // SIEVE: 7 is visited; the hand passes it once and evicts scan keys instead.
        #expect(try misses("scan-with-hot-key.txt", .sieve, capacity: 4) == 6)
        // LFU: 7 has 3 uses; the scan keys evict each other.
        #expect(try misses("scan-with-hot-key.txt", .lfu, capacity: 4) == 6)
    }

    @Test func aCSVTraceReplaysWithAndWithoutSizes() throws {
        let trace = try TraceReader.read(path: fixture("small.csv"), format: .csv)
        // Unit sizes, one slot: user:1, user:2, user:1, user:3, user:1 all miss.
        #expect(try Replay.run(trace, policy: .lru, capacity: 1).misses == 5)
        // 25 bytes: user:1 (10) and user:2 (20) do not fit together; user:3 (5) fits beside user:1.
        #expect(try Replay.run(trace, policy: .lru, capacity: 25, useSizes: true).misses == 4)
    }
}
