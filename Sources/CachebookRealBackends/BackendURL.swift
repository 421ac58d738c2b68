import Foundation

/// A server address from the command line: `redis://[:PASSWORD@]HOST:PORT[/DB]` or
/// `postgres://USER[:PASSWORD]@HOST:PORT/DB`.
public struct BackendURL: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case redis, postgres
    }

    public var kind: Kind
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    /// The Redis database number, or the PostgreSQL database name.
    public var database: String

    /// The URL without its password: what messages show.
    public var description: String {
        let userPart = user.map { "\($0)@" } ?? ""
        let scheme = kind == .redis ? "redis" : "postgres"
        return "\(scheme)://\(userPart)\(host):\(port)/\(database)"
    }

    /// Parses `text`, which must use `scheme`'s form.
    public init(parsing text: String, as kind: Kind) throws(BackendError) {
        let schemes = kind == .redis ? ["redis"] : ["postgres", "postgresql"]
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), schemes.contains(scheme),
              let host = components.host, !host.isEmpty
        else {
            let example = kind == .redis ? "redis://127.0.0.1:6379/0" : "postgres://learner@127.0.0.1:5432/cachebook"
            throw BackendError("`\(Self.redacting(text))` is not a \(kind.rawValue) URL; write it like \(example)")
        }
        self.kind = kind
        self.host = host
        port = components.port ?? (kind == .redis ? 6379 : 5432)
        user = components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = String(components.path.drop { $0 == "/" })
        switch kind {
        case .redis:
            guard path.isEmpty || Int(path).map({ $0 >= 0 }) == true else {
                throw BackendError("\(Self.redacting(text)): the Redis database must be a number, like /0")
            }
            database = path.isEmpty ? "0" : path
        case .postgres:
            guard !path.isEmpty else {
                throw BackendError("\(Self.redacting(text)): name the database, like postgres://learner@127.0.0.1:5432/cachebook")
            }
            database = path
        }
    }

    /// `text` with any password between `:` and `@` removed, for messages about URLs that did
    /// not parse.
    static func redacting(_ text: String) -> String {
        // Everything between `//` and the last `@` may hold a password, however oddly spelled.
        guard let scheme = text.range(of: "//"), let at = text.range(of: "@", options: .backwards), scheme.upperBound <= at.lowerBound else {
            return text
        }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        let user = credentials.prefix { $0 != ":" }
        return String(text[..<scheme.upperBound]) + user + text[at.lowerBound...]
    }
}

/// A real server failed or could not be reached: one line, naming the server without its
/// password.
public struct BackendError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
