import Foundation

/// Parsers for the comma-separated lists `cachebook lab` and the notebook's `compare` take.
public enum LabArguments {
    /// Parses `lru,lfu,belady` into policies, in the given order, without duplicates.
    ///
    /// - Throws: ``LabArgumentError`` naming the unknown policy and listing the known ones.
    ///
    /// - Complexity: O(*n*) in the list length.
    public static func policies(_ list: String) throws(LabArgumentError) -> [PolicyKind] {
        var policies: [PolicyKind] = []
        for name in items(list) {
            guard let policy = PolicyKind(name: name) else {
                let known = PolicyKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw LabArgumentError("unknown policy \"\(name)\"; choose from \(known)")
            }
            if !policies.contains(policy) { policies.append(policy) }
        }
        guard !policies.isEmpty else { throw LabArgumentError("no policy given; for example --policies lru,sieve") }
        return policies
    }

    /// Parses `1000,10000` (also `10k`, `1m`) into positive cache sizes, in the given order.
    ///
    /// - Throws: ``LabArgumentError`` naming the bad size.
    ///
    /// - Complexity: O(*n*) in the list length.
    public static func sizes(_ list: String) throws(LabArgumentError) -> [Int] {
        var sizes: [Int] = []
        for item in items(list) {
            guard let size = count(item), size >= 1 else {
                throw LabArgumentError("cache size \"\(item)\" is not a positive whole number; for example --sizes 1000,10000")
            }
            if !sizes.contains(size) { sizes.append(size) }
        }
        guard !sizes.isEmpty else { throw LabArgumentError("no cache size given; for example --sizes 1000,10000") }
        return sizes
    }

    /// Parses a whole number with an optional `k`, `m` or `g` suffix (powers of 1000), or `nil`.
    ///
    /// - Complexity: O(*n*) in the text length.
    public static func count(_ text: String) -> Int? {
        var digits = Substring(text.lowercased())
        var multiplier = 1
        switch digits.last {
        case "k": multiplier = 1_000
        case "m": multiplier = 1_000_000
        case "g": multiplier = 1_000_000_000
        default: break
        }
        if multiplier != 1 { digits = digits.dropLast() }
        let cleaned = digits.replacingOccurrences(of: "_", with: "")
        guard let value = Int(cleaned) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    private static func items(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// A `cachebook lab` argument that does not parse.
public struct LabArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
