import CacheLab
import Foundation

/// The cache tier on a real Redis server. Every key lives under `cachebook:RUN:`, and ``close()``
/// removes them all, so nothing outside the run's namespace is touched.
public final class RedisCache: ExternalCache, WallClockTimed {
    public let url: BackendURL
    /// The prefix of every key this run stores.
    public let namespace: String
    public internal(set) var lastCallDuration = VirtualTime.zero
    private let connection: RedisConnection
    /// Settings changed by ``configureEviction(capacity:policy:)``, to put back on close.
    private var changedSettings: [(name: String, value: String)] = []

    /// A cached "not found" and a value, told apart by their first byte.
    private static let negativeMarker = "n"
    private static let valuePrefix = "v"

    public init(_ url: BackendURL, runID: String, connectTimeout: Duration, operationTimeout: Duration) throws(BackendError) {
        self.url = url
        namespace = "cachebook:\(runID):"
        connection = try RedisConnection(url, connectTimeout: connectTimeout, operationTimeout: operationTimeout)
    }

    public func get(_ key: String) throws(StoreError) -> String?? {
        switch try timed({ () throws(BackendError) in try connection.command(["GET", namespace + key]) }) {
        case .string(let stored) where stored == Self.negativeMarker: return .some(nil)
        case .string(let stored): return .some(String(stored.dropFirst(Self.valuePrefix.count)))
        default: return nil
        }
    }

    /// Stores without an expiry: TTLs are on the scenario's clock, which `advance` moves without
    /// waiting, so the simulation expires entries itself and deletes them here.
    public func set(_ key: String, _ value: String?) throws(StoreError) -> Bool {
        let arguments = ["SET", namespace + key, value.map { Self.valuePrefix + $0 } ?? Self.negativeMarker]
        do {
            _ = try timed { () throws(BackendError) in try connection.command(arguments) }
            return true
        } catch where error.description.contains("OOM command not allowed") {
            // Redis under maxmemory with nothing left to evict refuses the write: not stored.
            return false
        }
    }

    public func delete(_ key: String) throws(StoreError) {
        _ = try timed { () throws(BackendError) in try connection.command(["DEL", namespace + key]) }
    }

    public func clear() throws(StoreError) {
        do { try deleteNamespace() } catch { throw StoreError(error.description) }
    }

    /// How many keys of the run's namespace the server holds.
    public func keyCount() throws(BackendError) -> Int {
        try scanNamespace().count
    }

    /// Makes Redis evict the way the scenario's cache would, as far as Redis can: its
    /// `maxmemory-policy` for the policy, and a `maxmemory` that holds about `capacity` entries.
    /// Redis limits memory, not entries, and its own overheads (hash tables, buffers) grow with
    /// the key count, so the limit is measured: `capacity` entries shaped like a workload's are
    /// written, the memory in use is read, and they are deleted again. Returns what was set,
    /// for the run's report.
    public func configureEviction(capacity: Int, policy: PolicyKind) throws(BackendError) -> String {
        // The limit is server-wide: on a Redis that holds anything else it would evict that too.
        guard case .string(let keyspace) = try connection.command(["INFO", "keyspace"]), !keyspace.contains("keys=") else {
            throw BackendError("\(url): --configure-redis changes server-wide settings and this Redis holds other keys; use a Redis of your own")
        }
        let redisPolicy = Self.redisPolicy(for: policy)
        for (name, value) in [("maxmemory", "0"), ("maxmemory-policy", redisPolicy.name)] {
            let old = try setting(name)
            _ = try connection.command(["CONFIG", "SET", name, value])
            changedSettings.append((name, old))
        }
        let calibration = (0..<capacity).map { "\(namespace)calibrate:key:\($0)" }
        for start in stride(from: 0, to: calibration.count, by: 500) {
            let batch = calibration[start..<min(start + 500, calibration.count)]
            _ = try connection.command(["MSET"] + batch.flatMap { [$0, Self.valuePrefix + "v0000"] })
        }
        // Redis's own tables and buffers keep growing a little once traffic starts; without some
        // room for them it would refuse writes instead of evicting.
        let limit = try usedMemory() + 64 * 1024
        for start in stride(from: 0, to: calibration.count, by: 500) {
            _ = try connection.command(["DEL"] + calibration[start..<min(start + 500, calibration.count)])
        }
        _ = try connection.command(["CONFIG", "SET", "maxmemory", String(limit)])
        return "Redis evicts with \(redisPolicy.name) at maxmemory \(limit) bytes, measured to hold about \(capacity) entries"
            + (redisPolicy.exact ? "" : "; Redis has no \(policy.rawValue), so this is the nearest it has")
    }

    /// What Redis is set to do, for a run that may not change it. When the simulation of the
    /// same scenario evicted (`simulatedEvictions`), the counts depend on how Redis evicts, so
    /// the report says they may differ: a learner comparing the figures must not take that for
    /// a difference between the patterns.
    public func evictionReport(capacity: Int, policy: PolicyKind, simulatedEvictions: Int) -> [String] {
        let current = ((try? setting("maxmemory-policy")) ?? "unknown", (try? setting("maxmemory")) ?? "unknown")
        var report = ["Redis keeps its own settings (maxmemory-policy \(current.0), maxmemory \(current.1)); the scenario's "
            + "capacity=\(capacity) policy=\(policy.rawValue) is not applied (pass --configure-redis to apply it)"]
        if simulatedEvictions > 0 {
            report.append("counts may differ: the simulation evicted \(simulatedEvictions) entr\(simulatedEvictions == 1 ? "y" : "ies"), "
                + "and Redis evicts by its own settings, not the scenario's")
        }
        return report
    }

    /// Removes the run's keys (unless `keepingKeys`) and puts back any setting it changed; each
    /// step is tried even if an earlier one fails.
    public func close(keepingKeys: Bool = false) throws(BackendError) {
        var problems: [String] = []
        if !keepingKeys {
            do { try deleteNamespace() } catch { problems.append("the keys under \(namespace) remain (\(error))") }
        }
        for (name, value) in changedSettings.reversed() {
            do { _ = try connection.command(["CONFIG", "SET", name, value]) } catch { problems.append("\(name) is still changed (\(error))") }
        }
        changedSettings = []
        if !problems.isEmpty { throw BackendError("\(url): cleaning up failed: " + problems.joined(separator: "; ")) }
    }

    // MARK: Helpers

    private static func redisPolicy(for policy: PolicyKind) -> (name: String, exact: Bool) {
        switch policy {
        case .lru: ("allkeys-lru", true)
        case .lfu: ("allkeys-lfu", true)
        case .random: ("allkeys-random", true)
        default: ("allkeys-lru", false)
        }
    }


    private func scanNamespace() throws(BackendError) -> [String] {
        var cursor = "0"
        var keys: [String] = []
        repeat {
            guard case .array(let parts) = try connection.command(["SCAN", cursor, "MATCH", namespace + "*", "COUNT", "1000"]),
                  parts.count == 2, case .string(let next) = parts[0], case .array(let found) = parts[1] else { break }
            for case .string(let key) in found { keys.append(key) }
            cursor = next
        } while cursor != "0"
        return keys
    }

    private func deleteNamespace() throws(BackendError) {
        let keys = try scanNamespace()
        for start in stride(from: 0, to: keys.count, by: 500) {
            _ = try connection.command(["DEL"] + keys[start..<min(start + 500, keys.count)])
        }
    }

    private func setting(_ name: String) throws(BackendError) -> String {
        guard case .array(let pair) = try connection.command(["CONFIG", "GET", name]), pair.count == 2, case .string(let value) = pair[1] else {
            return "unknown"
        }
        return value
    }

    private func usedMemory() throws(BackendError) -> Int {
        guard case .string(let info) = try connection.command(["INFO", "memory"]) else { return 0 }
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("used_memory:") }
        return line.flatMap { Int($0.dropFirst("used_memory:".count)) } ?? 0
    }
}

extension VirtualTime {
    /// A measured wall-clock duration, to the microsecond.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .microseconds(seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }
}
