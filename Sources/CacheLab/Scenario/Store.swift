/// The data behind the cache. Latency and faults are modelled by the simulation on its virtual
/// clock; a store only keeps rows.
public protocol Store: AnyObject {
    /// The value stored under `key`, or `nil`.
    func read(_ key: String) throws(StoreError) -> String?
    /// Stores `value` under `key`; `nil` deletes the row.
    func write(_ key: String, _ value: String?) throws(StoreError)
    /// Every row, sorted by key.
    func rows() throws(StoreError) -> [(key: String, value: String)]
    /// Adds the rows whose keys the store does not have yet, leaving existing rows alone.
    func insertMissing(_ rows: [(key: String, value: String)]) throws(StoreError)
}

extension Store {
    /// - Complexity: O(*r*) reads and writes for *r* rows.
    public func insertMissing(_ rows: [(key: String, value: String)]) throws(StoreError) {
        for (key, value) in rows where try read(key) == nil {
            try write(key, value)
        }
    }
}

/// The store itself failed (not an injected fault): a SQLite error, for example.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A store in a dictionary.
public final class MemoryStore: Store {
    private var values: [String: String] = [:]

    public init() {}

    /// - Complexity: O(1)
    public func read(_ key: String) -> String? { values[key] }

    /// - Complexity: O(1)
    public func write(_ key: String, _ value: String?) { values[key] = value }

    /// - Complexity: O(*n* log *n*)
    public func rows() -> [(key: String, value: String)] {
        values.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }
}
