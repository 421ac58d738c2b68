/// The trace file formats `cachebook lab --trace` reads.
public enum TraceFormat: String, CaseIterable, Sendable {
    /// One integer key per line.
    case text = "txt"
    /// Comma-separated with a header row naming a key column and optional time, size and op columns.
    case csv
    /// libCacheSim's binary oracleGeneral: 24-byte little-endian records
    /// `u32 time, u64 id, u32 size, i64 next_access_vtime`.
    case oracleGeneral = "oracle-general"

    /// Parses a format name, accepting `text` and `oraclegeneral` too.
    ///
    /// - Complexity: O(1)
    public init?(name: String) {
        switch name.lowercased() {
        case "txt", "text": self = .text
        case "csv": self = .csv
        case "oracle-general", "oraclegeneral", "oracle_general": self = .oracleGeneral
        default: return nil
        }
    }

    /// The format a file name suggests: `.csv`, `.bin`/`.oracleGeneral`, or text otherwise.
    ///
    /// - Complexity: O(*n*) in the path length.
    public init(guessingFrom path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") {
            self = .csv
        } else if lower.hasSuffix(".bin") || lower.hasSuffix(".oraclegeneral") || lower.contains(".oraclegeneral.") {
            self = .oracleGeneral
        } else {
            self = .text
        }
    }
}

/// A trace that cannot be read: which file, which record, what is wrong and how to fix it.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The 1-based line (text, CSV) or record (oracleGeneral) number, if the problem has one.
    public var record: Int?
    public var problem: String
    public var fix: String

    public init(file: String, record: Int? = nil, problem: String, fix: String) {
        self.file = file
        self.record = record
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        let place = record.map { "\(file): record \($0)" } ?? file
        return "\(place): \(problem)\n  fix: \(fix)"
    }
}
