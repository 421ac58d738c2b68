@testable import CacheLab
import Testing

/// `cachebook lab`'s counts, checked against a cache driven one request at a time: hits are
/// counted here independently, not derived from the misses as the replay loop reports them.
@Suite("Replay counts add up on random workloads, policies and sizes")
struct ReplayCountPropertyTests {
    @Test(arguments: PolicyKind.allCases)
    func hitsAndMissesAddUpToTheRequests(kind: PolicyKind) throws {
        var generator = SeededGenerator(seed: 77 + UInt64(kind.rawValue.count))
        let distributions: [KeyDistribution] = [.zipf(alpha: 0.8), .zipf(alpha: 1.2), .uniform, .hotspot(hotKeyFraction: 0.1, hotRequestFraction: 0.9), .scan, .loop]
        for round in 0..<12 {
            let keys = 1 + generator.nextInt(below: 400)
            let spec = WorkloadSpec(distribution: distributions[generator.nextInt(below: distributions.count)],
                                    keys: keys, requests: generator.nextInt(below: 3_000), seed: UInt64(round))
            let trace = try Trace.generate(spec).withNextAccess()
            let capacity = 1 + generator.nextInt(below: 120)
            let result = try Replay.run(trace, policy: kind, capacity: capacity, seed: 3)

            var policy = kind.makePolicy(capacity: capacity, seed: 3)
            policy.reserveIDs(trace.keyCount)
            var hits = 0
            for (index, id) in trace.ids.enumerated() {
                let next = trace.nextAccess![index]
                if policy.recordAccess(id, nextAccess: next) {
                    hits += 1
                } else {
                    policy.recordMiss(id, size: 1)
                    while policy.count >= capacity { _ = policy.evict() }
                    policy.insert(id, size: 1, nextAccess: next)
                }
            }
            let context = "\(kind.rawValue) round \(round): \(spec.distribution.name) keys=\(keys) requests=\(spec.requests) capacity=\(capacity)"
            #expect(result.requests == spec.requests, "\(context)")
            #expect(result.hits == hits, "\(context)")
            #expect(result.hits + result.misses == result.requests, "\(context)")
            #expect(result.misses >= Set(trace.ids).count, "every key's first request misses: \(context)")
            #expect(result.evictions == max(0, result.misses - capacity), "\(context)")
        }
    }
}
