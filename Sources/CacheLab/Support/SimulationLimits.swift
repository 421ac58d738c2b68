/// Caps that keep every simulation bounded: exceeding one is a typed error, never a hang or a trap.
public struct SimulationLimits: Sendable, Hashable {
    /// The most requests one workload or replay may generate.
    public var maxRequests: Int
    /// The most distinct keys a workload may span (each costs memory up front).
    public var maxKeys: Int
    /// The most simulation steps (scheduled events) one scenario may run.
    public var maxSteps: Int
    /// The latest virtual time a scenario may reach.
    public var maxVirtualTime: VirtualTime
    /// The most events a scenario may record. Events are kept for the log and the diagrams, so
    /// this bounds memory: a write retried every few seconds through a year-long outage would
    /// otherwise fill gigabytes while staying under every other limit.
    public var maxEvents: Int

    public init(
        maxRequests: Int = 50_000_000, maxKeys: Int = 10_000_000,
        maxSteps: Int = 50_000_000, maxVirtualTime: VirtualTime = .seconds(86_400 * 365),
        maxEvents: Int = 10_000_000
    ) {
        self.maxRequests = maxRequests
        self.maxKeys = maxKeys
        self.maxSteps = maxSteps
        self.maxVirtualTime = maxVirtualTime
        self.maxEvents = maxEvents
    }

    /// Which limit a ``LimitExceeded`` error is about.
    public enum Kind: String, Sendable, Hashable {
        case requests, keys, steps, events
        case virtualTime = "virtual time"
    }

    /// The value of the limit of `kind`.
    ///
    /// - Complexity: O(1)
    public func limit(_ kind: Kind) -> Int64 {
        switch kind {
        case .requests: Int64(maxRequests)
        case .keys: Int64(maxKeys)
        case .steps: Int64(maxSteps)
        case .events: Int64(maxEvents)
        case .virtualTime: maxVirtualTime.microseconds
        }
    }

    /// Throws ``LimitExceeded`` if `value` is over the limit of `kind`.
    ///
    /// - Complexity: O(1)
    public func check(_ kind: Kind, _ value: Int) throws(LimitExceeded) {
        try check(kind, Int64(value))
    }

    /// Throws ``LimitExceeded`` if `value` is over the limit of `kind`.
    ///
    /// - Complexity: O(1)
    public func check(_ kind: Kind, _ value: Int64) throws(LimitExceeded) {
        let limit = limit(kind)
        if value > limit { throw LimitExceeded(kind: kind, limit: limit, requested: value) }
    }
}

/// A simulation asked for more than its ``SimulationLimits`` allow.
public struct LimitExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: SimulationLimits.Kind
    public var limit: Int64
    public var requested: Int64

    public var description: String {
        if kind == .virtualTime {
            return "the simulation would reach \(VirtualTime(microseconds: requested)), past the limit of \(VirtualTime(microseconds: limit))"
        }
        return "\(requested) \(kind.rawValue) is over the limit of \(limit)"
    }
}
