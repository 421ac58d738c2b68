import Foundation

extension TraceReader {
    /// What a CSV request asks for. `cachebook lab` treats every request as a read.
    public enum Operation: String, Sendable {
        case read, write, delete
    }

    /// The column names a CSV header may use, lowercased.
    static let keyColumnNames: Set<String> = ["key", "id", "obj_id", "object", "object_id"]
    static let timeColumnNames: Set<String> = ["time", "timestamp", "ts", "clock_time"]
    static let sizeColumnNames: Set<String> = ["size", "obj_size", "bytes", "object_size"]
    static let opColumnNames: Set<String> = ["op", "operation", "type", "command"]

    /// Parses a CSV trace. The first line is a header naming the columns: a key column (`key`,
    /// `id`, `obj_id`) and optionally `time`, `size` and `op`. Fields may be double-quoted.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    public static func parseCSV(_ bytes: [UInt8], file: String) throws(TraceError) -> Trace {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().makeIterator()
        var header: [String]?
        var headerLine = 0
        while header == nil, let (index, line) = lines.next() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            headerLine = index + 1
            header = try splitCSV(trimmed, file: file, line: headerLine).map { $0.lowercased() }
        }
        guard let header else {
            throw TraceError(file: file, problem: "the file is empty", fix: "a CSV trace needs a header line and one request per line")
        }
        guard let keyColumn = header.firstIndex(where: keyColumnNames.contains) else {
            throw TraceError(
                file: file, record: headerLine,
                problem: "the header (\(header.joined(separator: ","))) has no key column",
                fix: "name the key column key, id or obj_id in the first line")
        }
        let timeColumn = header.firstIndex(where: timeColumnNames.contains)
        let sizeColumn = header.firstIndex(where: sizeColumnNames.contains)
        let opColumn = header.firstIndex(where: opColumnNames.contains)

        var interner = KeyInterner<String>()
        var ids: [EntryID] = []
        var sizes: [Int32] = []
        var times: [Int64] = []
        var operations: [Operation] = []
        while let (index, line) = lines.next() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let fields = try splitCSV(trimmed, file: file, line: number)
            guard fields.count == header.count else {
                throw TraceError(
                    file: file, record: number,
                    problem: "\(fields.count) fields where the header has \(header.count)",
                    fix: "every line needs one field per header column")
            }
            let key = fields[keyColumn]
            guard !key.isEmpty else {
                throw TraceError(file: file, record: number, problem: "the key is empty", fix: "give every request a key")
            }
            ids.append(interner.id(for: key))
            if let sizeColumn {
                guard let size = Int32(fields[sizeColumn]), size >= 0 else {
                    throw TraceError(
                        file: file, record: number, problem: "size \"\(fields[sizeColumn])\" is not a non-negative integer",
                        fix: "sizes are whole numbers of bytes")
                }
                sizes.append(size)
            }
            if let timeColumn {
                guard let time = Int64(fields[timeColumn]) else {
                    throw TraceError(
                        file: file, record: number, problem: "time \"\(fields[timeColumn])\" is not an integer",
                        fix: "times are integers (for example seconds or microseconds)")
                }
                times.append(time)
            }
            if let opColumn {
                guard let operation = parseOperation(fields[opColumn]) else {
                    throw TraceError(
                        file: file, record: number, problem: "unknown operation \"\(fields[opColumn])\"",
                        fix: "use get/read, set/put/write or delete")
                }
                operations.append(operation)
            }
        }
        var trace = Trace(ids: ids, sizes: sizeColumn == nil ? nil : sizes, keys: .names(interner.keys), source: file)
        trace.times = timeColumn == nil ? nil : times
        trace.operations = opColumn == nil ? nil : operations
        return trace
    }

    static func parseOperation(_ field: String) -> Operation? {
        switch field.lowercased() {
        case "get", "read", "r", "gets": .read
        case "set", "put", "write", "w", "update", "add", "replace": .write
        case "delete", "del", "remove", "d": .delete
        default: nil
        }
    }

    /// Splits one CSV line, honouring double quotes and doubled quotes inside them.
    static func splitCSV(_ line: String, file: String, line number: Int) throws(TraceError) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let after = iterator.next()
                    if after == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = after
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else {
                field.append(character)
            }
        }
        if quoted {
            throw TraceError(file: file, record: number, problem: "a quoted field is not closed", fix: "close the quote on the same line")
        }
        fields.append(field.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
