import Foundation
import Testing
@testable import CacheLab

/// Runs `sequence` through a fresh `Policy` cache of `capacity` unit entries, the way the replay
/// does, and returns the hit/miss pattern (`H`/`M`) and the final residents in eviction order.
func run<Policy: EvictionPolicy>(
    _ type: Policy.Type, capacity: Int, _ sequence: [EntryID], seed: UInt64 = 1,
    sourceLocation: SourceLocation = #_sourceLocation
) -> (pattern: String, order: [EntryID], policy: Policy) {
    var policy = Policy(capacity: capacity, seed: seed)
    policy.reserveIDs(Int(sequence.max() ?? 0) + 1)
    var pattern = ""
    for id in sequence {
        if policy.recordAccess(id, nextAccess: neverAccessedAgain) {
            pattern += "H"
            continue
        }
        pattern += "M"
        policy.recordMiss(id, size: 1)
        while policy.count >= capacity { _ = policy.evict() }
        policy.insert(id, size: 1, nextAccess: neverAccessedAgain)
        #expect(throws: Never.self, sourceLocation: sourceLocation) { try policy.checkInvariants() }
    }
    return (pattern, policy.residentsInEvictionOrder(), policy)
}

/// The path of a file in `Tests/CacheLabTests/Fixtures`.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// The conformance trace shipped with the tests.
let conformanceTracePath = fixture("zipf-0.8-20k-200k.txt")

/// Encodes `trace` in libCacheSim's oracleGeneral layout, computing next_access_vtime here
/// (independently of `Trace.withNextAccess`) as the index of the key's next request, or -1.
func oracleGeneralBytes(keys: [UInt64], sizes: [UInt32]? = nil) -> [UInt8] {
    var nextIndex = [UInt64: Int64]()
    var next = [Int64](repeating: -1, count: keys.count)
    for index in keys.indices.reversed() {
        next[index] = nextIndex[keys[index]] ?? -1
        nextIndex[keys[index]] = Int64(index)
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(keys.count * 24)
    func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    for index in keys.indices {
        append(UInt32(index))
        append(keys[index])
        append(sizes?[index] ?? 1)
        append(next[index])
    }
    return bytes
}

/// A scratch directory for one test, removed by the caller.
func makeScratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cachelab-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
