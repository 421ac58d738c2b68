import CSQLite

/// A store of real rows in a SQLite database: table `kv(key TEXT PRIMARY KEY, value TEXT)`.
///
/// Each write commits on its own, so after a crash demo a learner can open the file with
/// `sqlite3` and see exactly which rows made it.
public final class SQLiteStore: Store {
    private var database: OpaquePointer?
    private var readStatement: OpaquePointer?
    private var upsertStatement: OpaquePointer?
    private var deleteStatement: OpaquePointer?
    public let path: String

    /// Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`.
    ///
    /// - Throws: ``StoreError`` if the file cannot be opened or the table created.
    ///
    /// - Complexity: O(1)
    public init(path: String) throws(StoreError) {
        self.path = path
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(database)
            database = nil
            throw StoreError("cannot open SQLite database \(path): \(message)")
        }
        try execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
        readStatement = try prepare("SELECT value FROM kv WHERE key = ?1")
        upsertStatement = try prepare("INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        deleteStatement = try prepare("DELETE FROM kv WHERE key = ?1")
    }

    deinit {
        for statement in [readStatement, upsertStatement, deleteStatement] { sqlite3_finalize(statement) }
        sqlite3_close(database)
    }

    /// - Complexity: O(log *n*)
    public func read(_ key: String) throws(StoreError) -> String? {
        let statement = readStatement
        defer { sqlite3_reset(statement) }
        bind(key, at: 1, in: statement)
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return String(cString: sqlite3_column_text(statement, 0))
        case SQLITE_DONE: return nil
        default: throw failure("read \(key)")
        }
    }

    /// - Complexity: O(log *n*)
    public func write(_ key: String, _ value: String?) throws(StoreError) {
        let statement = value == nil ? deleteStatement : upsertStatement
        defer { sqlite3_reset(statement) }
        bind(key, at: 1, in: statement)
        if let value { bind(value, at: 2, in: statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("write \(key)") }
    }

    /// In one transaction, so that seeding many rows stays fast on a real file.
    ///
    /// - Complexity: O(*r* log *n*) for *r* rows.
    public func insertMissing(_ rows: [(key: String, value: String)]) throws(StoreError) {
        guard sqlite3_exec(database, "BEGIN", nil, nil, nil) == SQLITE_OK else { throw failure("begin a transaction") }
        do {
            for (key, value) in rows where try read(key) == nil {
                try write(key, value)
            }
        } catch {
            sqlite3_exec(database, "ROLLBACK", nil, nil, nil)
            throw error
        }
        guard sqlite3_exec(database, "COMMIT", nil, nil, nil) == SQLITE_OK else { throw failure("commit a transaction") }
    }

    /// - Complexity: O(*n*)
    public func rows() throws(StoreError) -> [(key: String, value: String)] {
        let statement = try prepare("SELECT key, value FROM kv ORDER BY key")
        defer { sqlite3_finalize(statement) }
        var rows: [(key: String, value: String)] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                rows.append((String(cString: sqlite3_column_text(statement, 0)), String(cString: sqlite3_column_text(statement, 1))))
            case SQLITE_DONE:
                return rows
            default:
                throw failure("list rows")
            }
        }
    }

    private func execute(_ sql: String) throws(StoreError) {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    private func prepare(_ sql: String) throws(StoreError) -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
        return statement
    }

    private func bind(_ text: String, at index: Int32, in statement: OpaquePointer?) {
        // SQLITE_TRANSIENT: SQLite copies the text before this call returns.
        sqlite3_bind_text(statement, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    private func failure(_ doing: String) -> StoreError {
        StoreError("SQLite (\(path)) failed to \(doing): \(String(cString: sqlite3_errmsg(database)))")
    }
}
