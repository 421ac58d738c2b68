/// The eviction policies CacheLab implements, by their command-line names.
public enum PolicyKind: String, CaseIterable, Sendable, Hashable, Codable {
    case lru
    case lfu
    case fifo
    case clock
    case sieve
    case s3fifo = "s3-fifo"
    case arc
    case random
    case belady

    /// Parses a policy name, accepting common spellings (`S3FIFO`, `opt`, `min`).
    ///
    /// - Complexity: O(1)
    public init?(name: String) {
        let normalized = name.lowercased()
        switch normalized {
        case "s3fifo", "s3_fifo": self = .s3fifo
        case "opt", "min": self = .belady
        default:
            guard let kind = PolicyKind(rawValue: normalized) else { return nil }
            self = kind
        }
    }

    /// Whether the policy needs each request's next access time, and so only works on replays.
    public var needsFutureKnowledge: Bool { self == .belady }

    /// Calls `visitor` with this policy's concrete type, so generic code is specialized for it.
    ///
    /// - Complexity: O(1) plus the visitor's work.
    public func accept<Visitor: PolicyVisitor>(_ visitor: Visitor) -> Visitor.Result {
        switch self {
        case .lru: visitor.visit(LRUPolicy.self)
        case .lfu: visitor.visit(LFUPolicy.self)
        case .fifo: visitor.visit(FIFOPolicy.self)
        case .clock: visitor.visit(ClockPolicy.self)
        case .sieve: visitor.visit(SievePolicy.self)
        case .s3fifo: visitor.visit(S3FIFOPolicy.self)
        case .arc: visitor.visit(ARCPolicy.self)
        case .random: visitor.visit(RandomPolicy.self)
        case .belady: visitor.visit(BeladyPolicy.self)
        }
    }

    /// A fresh policy of this kind behind an existential, for the scenario cache, which is not on
    /// the hot path.
    ///
    /// - Complexity: O(1)
    public func makePolicy(capacity: Int, seed: UInt64) -> any EvictionPolicy {
        accept(PolicyMaker(capacity: capacity, seed: seed))
    }
}

/// Generic code run with a policy's concrete type; see ``PolicyKind/accept(_:)``.
///
/// Swift has no generic closures, so this protocol plays that role.
public protocol PolicyVisitor {
    associatedtype Result
    func visit<Policy: EvictionPolicy>(_ policy: Policy.Type) -> Result
}

private struct PolicyMaker: PolicyVisitor {
    let capacity: Int
    let seed: UInt64

    func visit<Policy: EvictionPolicy>(_ policy: Policy.Type) -> any EvictionPolicy {
        Policy(capacity: capacity, seed: seed)
    }
}
