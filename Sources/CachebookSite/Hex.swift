/// Lowercase hexadecimal, for digests and JSON escapes.
enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    /// Two digits per byte.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] }, as: UTF8.self)
    }
}
