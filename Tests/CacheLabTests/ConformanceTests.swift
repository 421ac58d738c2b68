import Foundation
import Testing
@testable import CacheLab

/// libCacheSim's figures for the 200K-request Zipf(0.8) trace (see /work/shared/conformance/README.md).
enum Conformance {
    static let sizes = [100, 1000, 5000]
    /// Exact miss counts, from libCacheSim and an independent reference model.
    static let exactMisses: [PolicyKind: [Int]] = [
        .lru: [175_914, 131_529, 76_461],
        .fifo: [179_514, 138_792, 85_075],
        .lfu: [154_784, 113_401, 68_159],
        .sieve: [153_403, 112_891, 68_159],
    ]
    /// Miss ratios as libCacheSim prints them (4 decimals).
    static let printedMissRatios: [PolicyKind: [String]] = [
        .clock: ["0.8713", "0.6453", "0.3733"],
        .s3fifo: ["0.7664", "0.5563", "0.3416"],
        .arc: ["0.7730", "0.5654", "0.3531"],
        .belady: ["0.6852", "0.4260", "0.2067"],
    ]
}

@Suite("The replay matches libCacheSim on the conformance trace")
struct ConformanceTests {
    static let textTrace: Trace = {
        (try? TraceReader.read(path: conformanceTracePath, format: .text).withNextAccess())
            ?? Trace(ids: [], keys: .dense(count: 0), source: "missing")
    }()

    func check(_ trace: Trace, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(trace.count == 200_000, sourceLocation: sourceLocation)
        for (policy, misses) in Conformance.exactMisses {
            for (size, expected) in zip(Conformance.sizes, misses) {
                let result = try Replay.run(trace, policy: policy, capacity: size)
                #expect(result.misses == expected, "\(policy) at \(size)", sourceLocation: sourceLocation)
            }
        }
        for (policy, ratios) in Conformance.printedMissRatios {
            for (size, expected) in zip(Conformance.sizes, ratios) {
                let result = try Replay.run(trace, policy: policy, capacity: size)
                #expect(LabReport.fixed(result.missRatio, decimals: 4) == expected, "\(policy) at \(size)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func theTextTraceMatches() throws {
        try check(Self.textTrace)
    }

    @Test func anOracleGeneralEncodingOfTheTextTraceMatches() throws {
        let text = try String(contentsOfFile: conformanceTracePath, encoding: .utf8)
        let keys = text.split(separator: "\n").map { UInt64($0)! }
        let trace = try TraceReader.parseOracleGeneral(oracleGeneralBytes(keys: keys), file: "generated.bin")
        // Next-access times from the file, computed independently of Trace.withNextAccess().
        #expect(trace.nextAccess == Self.textTrace.nextAccess)
        try check(trace)
    }
}

@Suite("Printed ratios round the way printf does")
struct FixedDecimalTests {
    @Test func tiesOnTheDecimalValueFollowTheBinaryValue() {
        // 0.42605 is stored just below itself, so printf("%.4f") prints 0.4260.
        #expect(LabReport.fixed(85_210.0 / 200_000.0, decimals: 4) == "0.4260")
        #expect(LabReport.fixed(0.5, decimals: 0) == "0")
        #expect(LabReport.fixed(1.5, decimals: 0) == "2")
        #expect(LabReport.fixed(0.125, decimals: 2) == "0.12")
        #expect(LabReport.fixed(1, decimals: 4) == "1.0000")
        #expect(LabReport.fixed(0, decimals: 4) == "0.0000")
    }

    @Test func agreesWithPrintfOnSeededRandomRatios() {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<5_000 {
            let denominator = 1 + generator.nextInt(below: 1_000_000)
            let value = Double(generator.nextInt(below: denominator + 1)) / Double(denominator)
            #expect(LabReport.fixed(value, decimals: 4) == String(format: "%.4f", value))
        }
    }
}
