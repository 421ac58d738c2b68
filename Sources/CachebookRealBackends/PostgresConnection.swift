import CLibpq
import Foundation

/// One connection to a PostgreSQL server, through libpq. Every libpq call is in this file; the
/// connection and each result are freed here.
final class PostgresConnection {
    let url: BackendURL
    private let connection: OpaquePointer

    /// Connects, waiting at most `connectTimeout`; each statement may then run for at most
    /// `operationTimeout`.
    init(_ url: BackendURL, connectTimeout: Duration, operationTimeout: Duration) throws(BackendError) {
        self.url = url
        var parameters: [(String, String)] = [
            ("host", url.host), ("port", String(url.port)), ("dbname", url.database),
            ("connect_timeout", String(max(1, Int(connectTimeout.components.seconds)))),
            ("application_name", "cachebook"),
        ]
        if let user = url.user { parameters.append(("user", user)) }
        if let password = url.password { parameters.append(("password", password)) }
        guard let connection = Self.connect(parameters) else { throw BackendError("\(url): cannot connect: out of memory") }
        self.connection = connection
        guard PQstatus(connection) == CONNECTION_OK else {
            throw BackendError("\(url): cannot connect: \(Self.firstLine(String(cString: PQerrorMessage(connection))))")
        }
        let milliseconds = Int(operationTimeout.components.seconds) * 1000 + Int(operationTimeout.components.attoseconds / 1_000_000_000_000_000)
        _ = try execute("SET statement_timeout = \(max(1, milliseconds))")
        // libpq prints notices (like "drop cascades to table …") on standard error otherwise.
        _ = try execute("SET client_min_messages = warning")
    }

    deinit {
        PQfinish(connection)
    }

    /// Runs `sql` with `$1`, `$2`, … bound to `parameters` (`nil` is SQL NULL) and returns the
    /// rows, each a list of column values.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(BackendError) -> [[String?]] {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let values = copies.map { UnsafePointer<CChar>($0) }
        let result = values.withUnsafeBufferPointer { buffer in
            PQexecParams(connection, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        guard let result else {
            throw BackendError("\(url): \(Self.firstLine(String(cString: PQerrorMessage(connection))))")
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK:
            return []
        case PGRES_TUPLES_OK:
            var rows: [[String?]] = []
            for row in 0..<PQntuples(result) {
                rows.append((0..<PQnfields(result)).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
            }
            return rows
        default:
            let message = String(cString: PQresultErrorMessage(result))
            let reason = message.isEmpty ? String(cString: PQerrorMessage(connection)) : message
            throw BackendError("\(url): \(Self.firstLine(reason))")
        }
    }

    private static func connect(_ parameters: [(String, String)]) -> OpaquePointer? {
        let keys = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keyPointers = keys.map { UnsafePointer<CChar>($0) }
        let valuePointers = values.map { UnsafePointer<CChar>($0) }
        return keyPointers.withUnsafeBufferPointer { keyBuffer in
            valuePointers.withUnsafeBufferPointer { valueBuffer in
                PQconnectdbParams(keyBuffer.baseAddress, valueBuffer.baseAddress, 0)
            }
        }
    }

    /// libpq's messages end with a newline and sometimes add a detail line; messages here are one line.
    private static func firstLine(_ message: String) -> String {
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        return line.trimmingCharacters(in: .whitespaces)
    }
}
