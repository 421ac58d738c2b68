import Foundation

/// How a workload picks keys.
public enum KeyDistribution: Sendable, Hashable {
    /// Key *i* (0-based) with probability proportional to 1 / (i + 1)^alpha; key 0 is the hottest.
    case zipf(alpha: Double)
    /// Every key equally likely.
    case uniform
    /// `hotRequestFraction` of the requests go, uniformly, to the first `hotKeyFraction` of the
    /// keys; the rest go uniformly to the other keys.
    case hotspot(hotKeyFraction: Double, hotRequestFraction: Double)
    /// A scan: every request is a key never requested before (0, 1, 2, …), the one-hit wonders
    /// that pollute a cache. The key count is ignored.
    case scan
    /// A loop: 0, 1, …, keys − 1, 0, 1, … The pattern that defeats LRU when the loop is longer
    /// than the cache.
    case loop

    /// The distribution's name as the command line spells it.
    public var name: String {
        switch self {
        case .zipf: "zipf"
        case .uniform: "uniform"
        case .hotspot: "hotspot"
        case .scan: "scan"
        case .loop: "loop"
        }
    }
}

/// A seeded synthetic workload.
public struct WorkloadSpec: Sendable, Hashable {
    public var distribution: KeyDistribution
    public var keys: Int
    public var requests: Int
    /// The fraction of requests that are reads; the rest are writes.
    public var readFraction: Double
    public var seed: UInt64

    public init(distribution: KeyDistribution, keys: Int, requests: Int, readFraction: Double = 1, seed: UInt64) {
        self.distribution = distribution
        self.keys = keys
        self.requests = requests
        self.readFraction = readFraction
        self.seed = seed
    }

    /// The number of distinct keys the workload can produce.
    public var keySpace: Int {
        if case .scan = distribution { return requests }
        return keys
    }

    /// Checks the parameters against `limits` before anything is generated.
    ///
    /// - Throws: ``WorkloadError`` for a bad parameter, ``LimitExceeded`` for one over a limit.
    /// - Complexity: O(1)
    public func validate(limits: SimulationLimits) throws {
        guard requests >= 0 else { throw WorkloadError("requests must be 0 or more, not \(requests)") }
        guard keys >= 1 else { throw WorkloadError("keys must be at least 1, not \(keys)") }
        guard readFraction >= 0 && readFraction <= 1 else {
            throw WorkloadError("the read fraction must be between 0 and 1, not \(readFraction)")
        }
        switch distribution {
        case .zipf(let alpha):
            guard alpha.isFinite && alpha >= 0 && alpha <= 10 else {
                throw WorkloadError("zipf alpha must be between 0 and 10, not \(alpha)")
            }
        case .hotspot(let keyFraction, let requestFraction):
            guard keyFraction > 0 && keyFraction < 1 && requestFraction >= 0 && requestFraction <= 1 else {
                throw WorkloadError("hotspot needs a hot key fraction in (0, 1) and a hot request fraction in [0, 1]")
            }
        case .uniform, .scan, .loop:
            break
        }
        try limits.check(.requests, requests)
        try limits.check(.keys, keySpace)
    }
}

/// A workload parameter out of range.
public struct WorkloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// One generated request: a key index in `0..<keySpace` and whether it reads or writes.
public struct WorkloadRequest: Sendable, Hashable {
    public var key: Int
    public var isRead: Bool
}

/// Produces a ``WorkloadSpec``'s requests one by one, deterministically from its seed.
public struct WorkloadGenerator: IteratorProtocol, Sendable {
    public let spec: WorkloadSpec
    private var generator: SeededGenerator
    private var produced = 0
    /// Cumulative Zipf weights, for sampling by binary search.
    private let cumulative: [Double]

    /// - Throws: what ``WorkloadSpec/validate(limits:)`` throws.
    /// - Complexity: O(*k*) for a Zipf workload over *k* keys, O(1) otherwise.
    public init(_ spec: WorkloadSpec, limits: SimulationLimits = SimulationLimits()) throws {
        try spec.validate(limits: limits)
        self.spec = spec
        generator = SeededGenerator(seed: spec.seed)
        if case .zipf(let alpha) = spec.distribution {
            var weights = [Double](repeating: 0, count: spec.keys)
            var total = 0.0
            for rank in 0..<spec.keys {
                total += 1 / DeterministicMath.pow(Double(rank + 1), alpha)
                weights[rank] = total
            }
            cumulative = weights
        } else {
            cumulative = []
        }
    }

    /// The next request, or `nil` after `spec.requests` of them.
    ///
    /// - Complexity: O(log *k*) for Zipf, O(1) otherwise.
    public mutating func next() -> WorkloadRequest? {
        guard produced < spec.requests else { return nil }
        defer { produced += 1 }
        let key: Int
        switch spec.distribution {
        case .zipf:
            key = sampleZipf()
        case .uniform:
            key = generator.nextInt(below: spec.keys)
        case .hotspot(let keyFraction, let requestFraction):
            let hotKeys = min(spec.keys - 1, max(1, Int(Double(spec.keys) * keyFraction)))
            if spec.keys == 1 || generator.nextUnitDouble() < requestFraction {
                key = generator.nextInt(below: max(1, hotKeys))
            } else {
                key = hotKeys + generator.nextInt(below: spec.keys - hotKeys)
            }
        case .scan:
            key = produced
        case .loop:
            key = produced % spec.keys
        }
        let isRead = spec.readFraction >= 1 || generator.nextUnitDouble() < spec.readFraction
        return WorkloadRequest(key: key, isRead: isRead)
    }

    private mutating func sampleZipf() -> Int {
        let target = generator.nextUnitDouble() * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

extension Trace {
    /// The trace of a workload's requests, every one a read, with ids equal to key indexes.
    ///
    /// - Throws: what ``WorkloadSpec/validate(limits:)`` throws.
    /// - Complexity: O(*n*) in the number of requests (times log *k* for Zipf).
    public static func generate(_ spec: WorkloadSpec, limits: SimulationLimits = SimulationLimits()) throws -> Trace {
        var generator = try WorkloadGenerator(spec, limits: limits)
        var ids: [EntryID] = []
        ids.reserveCapacity(spec.requests)
        while let request = generator.next() {
            ids.append(EntryID(request.key))
        }
        return Trace(ids: ids, keys: .dense(count: spec.keySpace), source: spec.description)
    }
}

extension WorkloadSpec: CustomStringConvertible {
    /// For example `zipf alpha=1.0 keys=100000 requests=1000000 seed=1`.
    public var description: String {
        var text = distribution.name
        switch distribution {
        case .zipf(let alpha): text += " alpha=\(alpha)"
        case .hotspot(let keys, let requests): text += " hot-keys=\(keys) hot-requests=\(requests)"
        case .uniform, .scan, .loop: break
        }
        if case .scan = distribution {} else { text += " keys=\(keys)" }
        text += " requests=\(requests)"
        if readFraction < 1 { text += " writes=" + String(format: "%g", 1 - readFraction) }
        return text + " seed=\(seed)"
    }
}
