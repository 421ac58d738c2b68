import CLibpq
import Foundation

/// One connection to a PostgreSQL server, through libpq. Every libpq call is in this file; the
/// connection and each result are freed here.
///
/// libpq's blocking calls (`PQconnectdb`, `PQexec`) wait for ever on a server that stopped
/// answering: a stopped process, or a network that drops packets without a reset. The server's
/// own `statement_timeout` cannot help there, since the server is the one not answering. So
/// every exchange here uses libpq's asynchronous calls in non-blocking mode and waits on the
/// socket with poll(), up to a deadline; past it the connection is closed and the call throws.
final class PostgresConnection {
    let url: BackendURL
    /// `nil` once the connection was closed after a timeout.
    private var connection: OpaquePointer?
    private let operationTimeout: Duration
    private let clock = ContinuousClock()
    /// The server's last word before it ended the session (`FATAL: terminating connection …`).
    /// Sent while no statement runs, it reaches libpq's notice processor, not a result.
    private var farewell: String?

    /// Connects, waiting at most `connectTimeout` in all (resolving the host aside); each
    /// statement may then take at most `operationTimeout` to answer.
    init(_ url: BackendURL, connectTimeout: Duration, operationTimeout: Duration) throws(BackendError) {
        self.url = url
        self.operationTimeout = operationTimeout
        let timeoutSeconds = max(1, Int(operationTimeout.components.seconds))
        var parameters: [(String, String)] = [
            ("host", url.host), ("port", String(url.port)), ("dbname", url.database), ("application_name", "cachebook"),
            // No `connect_timeout`: libpq ignores it under PQconnectPoll, and the loop below
            // keeps its own deadline. Keepalives and tcp_user_timeout let the kernel notice a
            // server that vanished (a cut cable sends no reset) while nothing is being waited for.
            ("keepalives", "1"), ("keepalives_idle", String(timeoutSeconds)), ("keepalives_interval", "1"), ("keepalives_count", "3"),
            ("tcp_user_timeout", String(Self.milliseconds(operationTimeout))),
        ]
        if let user = url.user { parameters.append(("user", user)) }
        if let password = url.password { parameters.append(("password", password)) }
        guard let connection = Self.startConnecting(parameters) else { throw BackendError("\(url): cannot connect: out of memory") }
        self.connection = connection
        // libpq prints notices on standard error, which must stay one line; the processor lives
        // no longer than the connection, which this object frees.
        PQsetNoticeProcessor(connection, { context, message in
            guard let context, let message else { return }
            let text = String(cString: message)
            if text.hasPrefix("FATAL:") { Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue().farewell = text }
        }, Unmanaged.passUnretained(self).toOpaque())
        try finishConnecting(connection, deadline: clock.now + connectTimeout, timeout: connectTimeout)
        guard PQsetnonblocking(connection, 1) == 0 else {
            throw BackendError("\(url): cannot connect: \(Self.firstLine(String(cString: PQerrorMessage(connection))))")
        }
        // The server cancels a statement stuck on its side (waiting for a lock), which keeps the
        // connection usable; the deadline in `execute` covers a server that does not answer at all.
        _ = try execute("SET statement_timeout = \(max(1, Self.milliseconds(operationTimeout)))")
        // Notices the processor would only drop (like "drop cascades to table …") need not come.
        _ = try execute("SET client_min_messages = warning")
    }

    deinit {
        if let connection { PQfinish(connection) }
    }

    /// Whether the connection is gone (closed by the server, or by a timeout here), so that
    /// every later statement would fail.
    var isLost: Bool {
        connection.map { PQstatus($0) != CONNECTION_OK } ?? true
    }

    /// Runs `sql` with `$1`, `$2`, … bound to `parameters` (`nil` is SQL NULL) and returns the
    /// rows, each a list of column values. A server error, a lost connection or no reply within
    /// the operation timeout throws; after a timeout the connection is closed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(BackendError) -> [[String?]] {
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            throw BackendError("\(url): the connection was lost earlier")
        }
        let deadline = clock.now + operationTimeout
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let values = copies.map { UnsafePointer<CChar>($0) }
        let sent = values.withUnsafeBufferPointer { buffer in
            PQsendQueryParams(connection, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        guard sent == 1 else { throw connectionFailure(connection) }
        // In non-blocking mode what the socket did not take yet waits in libpq's buffer.
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { break }
            guard flushed == 1 else { throw connectionFailure(connection) }
            guard let readable = try wait(connection, for: Int16(POLLIN | POLLOUT), until: deadline) else { throw abandon(connection) }
            if readable && PQconsumeInput(connection) == 0 { throw connectionFailure(connection) }
        }
        var rows: [[String?]] = []
        var failure: BackendError?
        // Every result is read, up to the end marker, so that the next statement starts clean.
        while true {
            while PQisBusy(connection) == 1 {
                guard try wait(connection, for: Int16(POLLIN), until: deadline) != nil else { throw abandon(connection) }
                guard PQconsumeInput(connection) == 1 else { throw connectionFailure(connection) }
            }
            guard let result = PQgetResult(connection) else { break }
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK:
                break
            case PGRES_TUPLES_OK:
                for row in 0..<PQntuples(result) {
                    rows.append((0..<PQnfields(result)).map { column in
                        PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                    })
                }
            default:
                let message = String(cString: PQresultErrorMessage(result))
                failure = failure ?? BackendError("\(url): \(Self.firstLine(message.isEmpty ? String(cString: PQerrorMessage(connection)) : message))")
            }
        }
        // A backend that ended (terminated, or its server shut down) sends a FATAL error first.
        if PQstatus(connection) != CONNECTION_OK { throw connectionFailure(connection) }
        if let failure { throw failure }
        return rows
    }

    // MARK: Helpers

    private static func startConnecting(_ parameters: [(String, String)]) -> OpaquePointer? {
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
                PQconnectStartParams(keyBuffer.baseAddress, valueBuffer.baseAddress, 0)
            }
        }
    }

    /// Drives PQconnectPoll until the connection is up, as libpq's documentation describes:
    /// wait for what it last asked for (writing, at first), then ask again.
    private func finishConnecting(_ connection: OpaquePointer, deadline: ContinuousClock.Instant, timeout: Duration) throws(BackendError) {
        var status = PGRES_POLLING_WRITING
        while true {
            if PQstatus(connection) == CONNECTION_BAD || status == PGRES_POLLING_FAILED {
                throw BackendError("\(url): cannot connect: \(Self.connectionReason(String(cString: PQerrorMessage(connection))))")
            }
            if status == PGRES_POLLING_OK { return }
            guard try wait(connection, for: Int16(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), until: deadline) != nil else {
                throw BackendError("\(url): cannot connect: no answer within \(Self.seconds(timeout)); is the server stopped? (--connect-timeout sets the wait)")
            }
            status = PQconnectPoll(connection)
        }
    }

    /// Waits until the socket is ready for `events` and returns whether it is readable, or
    /// `nil` once `deadline` has passed.
    private func wait(_ connection: OpaquePointer, for events: Int16, until deadline: ContinuousClock.Instant) throws(BackendError) -> Bool? {
        while true {
            let socket = PQsocket(connection)
            guard socket >= 0 else { throw connectionFailure(connection) }
            let left = deadline - clock.now
            guard left > .zero else { return nil }
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            // Rounded up, so that a wait never ends just before the deadline and spins.
            let ready = poll(&descriptor, 1, Int32(min(Self.milliseconds(left) + 1, Int(Int32.max))))
            if ready > 0 { return descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 }
            if ready < 0 && errno != EINTR { throw BackendError("\(url): waiting for the server failed: \(String(cString: strerror(errno)))") }
        }
    }

    /// Closes a connection whose server did not answer in time: what it would still send can
    /// only be a late reply to a statement given up on. Returns the error to throw.
    private func abandon(_ connection: OpaquePointer) -> BackendError {
        PQfinish(connection)
        self.connection = nil
        return BackendError("\(url): no reply within \(Self.seconds(operationTimeout)); is the server stopped or overloaded? (--timeout sets the wait)")
    }

    /// The connection ended: the server's reason if it gave one, else libpq's.
    private func connectionFailure(_ connection: OpaquePointer) -> BackendError {
        var reason = Self.firstLine(farewell ?? String(cString: PQerrorMessage(connection)))
        if reason.hasPrefix("FATAL:") { reason = reason.dropFirst("FATAL:".count).trimmingCharacters(in: .whitespaces) }
        return BackendError("\(url): the connection was lost: \(reason)")
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// `1s`, `0.5s`: how the command line spells a timeout.
    private static func seconds(_ duration: Duration) -> String {
        String(format: "%gs", Double(milliseconds(duration)) / 1000)
    }

    /// Why libpq could not connect, without what the URL already says: libpq starts with
    /// `connection to server at "HOST" (ADDRESS), port N failed: ` and the server's `FATAL:`.
    private static func connectionReason(_ message: String) -> String {
        var reason = firstLine(message)
        if reason.hasPrefix("connection to server"), let colon = reason.range(of: " failed: ") {
            reason = String(reason[colon.upperBound...])
        }
        if reason.hasPrefix("FATAL:") { reason = reason.dropFirst("FATAL:".count).trimmingCharacters(in: .whitespaces) }
        let isAuthentication = reason.contains("authentication failed") || reason.contains("no password supplied")
        return reason + (isAuthentication ? "; check the user and password in the URL" : "")
    }

    /// libpq's messages end with a newline and sometimes add a detail line; messages here are one line.
    private static func firstLine(_ message: String) -> String {
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        return line.trimmingCharacters(in: .whitespaces)
    }
}
