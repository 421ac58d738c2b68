import Foundation
import Testing
@testable import CacheLab

@Suite("Workloads are seeded, shaped as named, and bounded up front")
struct WorkloadTests {
    func keys(_ spec: WorkloadSpec) throws -> [Int] {
        var generator = try WorkloadGenerator(spec)
        var keys: [Int] = []
        while let request = generator.next() { keys.append(request.key) }
        return keys
    }

    @Test func theSameSeedGivesTheSameRequests() throws {
        let spec = WorkloadSpec(distribution: .zipf(alpha: 0.9), keys: 500, requests: 2_000, seed: 5)
        #expect(try keys(spec) == keys(spec))
        var other = spec
        other.seed = 6
        #expect(try keys(spec) != keys(other))
    }

    @Test func zipfFavoursLowKeysInProportion() throws {
        let spec = WorkloadSpec(distribution: .zipf(alpha: 1.0), keys: 100, requests: 50_000, seed: 1)
        var counts = [Int](repeating: 0, count: 100)
        for key in try keys(spec) { counts[key] += 1 }
        // P(0) / P(1) = 2 for alpha 1; allow sampling noise.
        let ratio = Double(counts[0]) / Double(counts[1])
        #expect(ratio > 1.8 && ratio < 2.2)
        #expect(counts[0] > counts[10] && counts[10] > counts[90])
    }

    @Test func scanLoopAndHotspotHaveTheirShapes() throws {
        #expect(try keys(WorkloadSpec(distribution: .scan, keys: 3, requests: 5, seed: 1)) == [0, 1, 2, 3, 4])
        #expect(try keys(WorkloadSpec(distribution: .loop, keys: 3, requests: 7, seed: 1)) == [0, 1, 2, 0, 1, 2, 0])
        let hot = try keys(WorkloadSpec(distribution: .hotspot(hotKeyFraction: 0.1, hotRequestFraction: 0.9), keys: 100, requests: 10_000, seed: 1))
        let share = Double(hot.filter { $0 < 10 }.count) / Double(hot.count)
        #expect(share > 0.88 && share < 0.92)
        let uniform = try keys(WorkloadSpec(distribution: .uniform, keys: 4, requests: 4_000, seed: 1))
        #expect(Set(uniform) == [0, 1, 2, 3])
    }

    @Test func theReadFractionSplitsReadsAndWrites() throws {
        var generator = try WorkloadGenerator(WorkloadSpec(distribution: .uniform, keys: 10, requests: 10_000, readFraction: 0.7, seed: 3))
        var reads = 0
        while let request = generator.next() { if request.isRead { reads += 1 } }
        #expect(reads > 6_800 && reads < 7_200)
    }

    @Test func aHugeWorkloadIsRefusedBeforeAnythingIsGenerated() {
        let spec = WorkloadSpec(distribution: .zipf(alpha: 1), keys: 1_000, requests: 1_000_000_000_000, seed: 1)
        #expect(throws: LimitExceeded(kind: .requests, limit: 50_000_000, requested: 1_000_000_000_000)) {
            try WorkloadGenerator(spec)
        }
        #expect(throws: WorkloadError.self) {
            try WorkloadGenerator(WorkloadSpec(distribution: .zipf(alpha: -1), keys: 10, requests: 10, seed: 1))
        }
    }
}

@Suite("Deterministic math agrees with the platform's to within a few ulps")
struct DeterministicMathTests {
    @Test func logExpAndPowAreAccurate() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2_000 {
            let x = 1 + generator.nextUnitDouble() * 1_000_000
            let alpha = generator.nextUnitDouble() * 2
            #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) <= 1e-12 * abs(Foundation.log(x)) + 1e-15)
            let p = DeterministicMath.pow(x, -alpha)
            #expect(abs(p - Foundation.pow(x, -alpha)) <= 1e-12 * Foundation.pow(x, -alpha))
        }
        #expect(DeterministicMath.exp(0) == 1)
        #expect(abs(DeterministicMath.exp(1) - M_E) < 1e-15)
    }

    @Test func theGeneratorIsReproducibleAndBounded() {
        var generator = SeededGenerator(seed: 0)
        let first = (0..<3).map { _ in generator.next() }
        var again = SeededGenerator(seed: 0)
        #expect(first == (0..<3).map { _ in again.next() })
        #expect(first[0] != first[1])
        var bounded = SeededGenerator(seed: 1)
        #expect((0..<1_000).allSatisfy { _ in bounded.nextInt(below: 7) < 7 })
    }
}
