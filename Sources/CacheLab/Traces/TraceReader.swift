import Foundation

/// Reads trace files into a ``Trace``, remapping keys to dense ids in first-seen order.
public enum TraceReader {
    /// Reads the trace at `path` in `format`.
    ///
    /// - Throws: ``TraceError`` naming the file and record for an unreadable file or a malformed record.
    /// - Complexity: O(*n*) in the file's size.
    public static func read(path: String, format: TraceFormat) throws(TraceError) -> Trace {
        let bytes = try contents(of: path)
        switch format {
        case .text: return try parseText(bytes, file: path)
        case .csv: return try parseCSV(bytes, file: path)
        case .oracleGeneral: return try parseOracleGeneral(bytes, file: path)
        }
    }

    static func contents(of path: String) throws(TraceError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TraceError(file: path, problem: "no such file", fix: "check the path given to --trace")
        }
        guard !isDirectory.boolValue else {
            throw TraceError(file: path, problem: "is a directory", fix: "give the path of a trace file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraceError(file: path, problem: "cannot be read", fix: "check the file's permissions")
        }
        return [UInt8](data)
    }
}

/// Assigns dense ids to keys in the order they are first seen.
///
/// The dictionary is only used while loading; the replay itself sees ids.
struct KeyInterner<Key: Hashable> {
    private var ids: [Key: EntryID] = [:]
    private(set) var keys: [Key] = []

    mutating func id(for key: Key) -> EntryID {
        if let id = ids[key] { return id }
        let id = EntryID(keys.count)
        ids[key] = id
        keys.append(key)
        return id
    }
}
