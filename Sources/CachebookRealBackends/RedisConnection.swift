import CHiredis
import Foundation

/// One connection to a Redis server, through hiredis. Every hiredis call is in this file; the
/// context and each reply are freed here.
final class RedisConnection {
    /// What a command returned.
    enum Reply: Equatable {
        case string(String)
        case integer(Int)
        case status(String)
        case array([Reply])
        case null
    }

    let url: BackendURL
    private var context: UnsafeMutablePointer<redisContext>?

    /// Connects, authenticates and selects the database, waiting at most `connectTimeout` to
    /// connect and `operationTimeout` for each reply.
    init(_ url: BackendURL, connectTimeout: Duration, operationTimeout: Duration) throws(BackendError) {
        self.url = url
        let context = redisConnectWithTimeout(url.host, Int32(url.port), Self.timeval(connectTimeout))
        guard let context else { throw BackendError("\(url): cannot connect: out of memory") }
        self.context = context
        if context.pointee.err != 0 {
            let reason = Self.errorString(context)
            throw BackendError("\(url): cannot connect: \(reason)" + (reason.lowercased().contains("timed out") ? " (after \(connectTimeout))" : ""))
        }
        guard redisSetTimeout(context, Self.timeval(operationTimeout)) == REDIS_OK else {
            throw BackendError("\(url): cannot set the operation timeout")
        }
        if let password = url.password {
            do {
                _ = try command(url.user.map { ["AUTH", $0, password] } ?? ["AUTH", password])
            } catch {
                throw BackendError("\(url): authentication failed: \(error.description.replacingOccurrences(of: "\(url): ", with: ""))")
            }
        }
        if url.database != "0" { _ = try command(["SELECT", url.database]) }
    }

    deinit {
        if let context { redisFree(context) }
    }

    /// Sends one command and waits for its reply. A server error, a lost connection or a
    /// timeout throws; after a lost connection every later command throws too.
    func command(_ arguments: [String]) throws(BackendError) -> Reply {
        guard let context, context.pointee.err == 0 else {
            throw BackendError("\(url): the connection was lost earlier")
        }
        let bytes = arguments.map { Array($0.utf8) }
        let lengths = bytes.map(\.count)
        let raw: UnsafeMutableRawPointer? = withArgumentPointers(bytes) { pointers in
            lengths.withUnsafeBufferPointer { lengthBuffer in
                redisCommandArgv(context, Int32(pointers.count), pointers.baseAddress, lengthBuffer.baseAddress)
            }
        }
        guard let raw else {
            let reason = Self.errorString(context)
            throw BackendError("\(url): \(arguments.first ?? "command") failed: \(reason.isEmpty ? "no reply" : reason)")
        }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return try convert(reply, command: arguments.first ?? "")
    }

    private func convert(_ reply: UnsafeMutablePointer<redisReply>, command: String) throws(BackendError) -> Reply {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING: return .string(Self.text(value))
        case REDIS_REPLY_STATUS: return .status(Self.text(value))
        case REDIS_REPLY_INTEGER: return .integer(Int(value.integer))
        case REDIS_REPLY_NIL: return .null
        case REDIS_REPLY_ARRAY:
            var elements: [Reply] = []
            for index in 0..<Int(value.elements) {
                guard let element = value.element[index] else { continue }
                elements.append(try convert(element, command: command))
            }
            return .array(elements)
        case REDIS_REPLY_ERROR:
            throw BackendError("\(url): \(command) failed: \(Self.text(value))")
        default:
            return .null
        }
    }

    private static func text(_ reply: redisReply) -> String {
        guard let pointer = reply.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: Int(reply.len)), as: UTF8.self)
    }

    private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = duration.components
        return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}

/// Calls `body` with C string pointers to each of `arguments`, valid for the call only.
private func withArgumentPointers<Result>(_ arguments: [[UInt8]], _ body: (UnsafeMutableBufferPointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let buffers = arguments.map { bytes -> UnsafeMutablePointer<CChar> in
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
        bytes.withUnsafeBufferPointer { source in
            // An empty argument (AUTH "") has no bytes, and maybe no base address, to copy.
            guard let base = source.baseAddress, !source.isEmpty else { return }
            base.withMemoryRebound(to: CChar.self, capacity: source.count) { buffer.initialize(from: $0, count: source.count) }
        }
        return buffer
    }
    defer { buffers.forEach { $0.deallocate() } }
    var pointers = buffers.map { UnsafePointer<CChar>?($0) }
    return pointers.withUnsafeMutableBufferPointer { body($0) }
}
