import CacheLab
import Foundation

/// The store on a real PostgreSQL server: one table, `rows`, in a schema of the run's own
/// (`cachebook_RUN`), which ``close()`` drops, so nothing outside it is touched.
public final class PostgresStore: TimedStore, WallClockTimed {
    public let url: BackendURL
    /// The schema that holds this run's table.
    public let schema: String
    public internal(set) var lastCallDuration = VirtualTime.zero
    private var connection: PostgresConnection
    private let connectTimeout: Duration
    private let operationTimeout: Duration

    public init(_ url: BackendURL, runID: String, connectTimeout: Duration, operationTimeout: Duration) throws(BackendError) {
        self.url = url
        schema = "cachebook_\(runID)"
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
        connection = try PostgresConnection(url, connectTimeout: connectTimeout, operationTimeout: operationTimeout)
        // One transaction, so that a failure leaves no empty schema behind.
        try connection.execute("BEGIN")
        do {
            try connection.execute("CREATE SCHEMA \(schema)")
            try connection.execute("CREATE TABLE \(schema).rows (key text PRIMARY KEY, value text NOT NULL)")
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    public func read(_ key: String) throws(StoreError) -> String? {
        try timed { () throws(BackendError) in try connection.execute("SELECT value FROM \(schema).rows WHERE key = $1", [key]) }.first?.first ?? nil
    }

    public func write(_ key: String, _ value: String?) throws(StoreError) {
        try timed { () throws(BackendError) in
            if let value {
                try connection.execute("INSERT INTO \(schema).rows (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [key, value])
            } else {
                try connection.execute("DELETE FROM \(schema).rows WHERE key = $1", [key])
            }
        }
    }

    public func rows() throws(StoreError) -> [(key: String, value: String)] {
        try timed { () throws(BackendError) in try connection.execute("SELECT key, value FROM \(schema).rows ORDER BY key") }
            .compactMap { row in row.count == 2 ? row[0].flatMap { key in row[1].map { (key, $0) } } : nil }
    }

    /// Drops the run's schema and its table. A run whose connection was lost (its backend
    /// terminated, or a reply that never came) drops them over a new one, so that a server that
    /// is still there keeps nothing of the run.
    public func close() throws(BackendError) {
        if connection.isLost {
            connection = try PostgresConnection(url, connectTimeout: connectTimeout, operationTimeout: operationTimeout)
        }
        try connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }
}
