import Foundation

/// The text of an author's file, decoded with the care that hand-edited files need: a UTF-8 byte
/// order mark is dropped, CRLF line endings become LF, and bytes that are not UTF-8 are reported
/// with the line and column where they start.
public struct SourceText: Sendable {
    /// The decoded text with `\n` line endings.
    public var text: String

    public enum DecodingError: Error, Hashable, Sendable {
        /// The first invalid byte and where it is (1-based line, 1-based byte column).
        case invalidUTF8(line: Int, column: Int)
    }

    /// Decodes `data`.
    ///
    /// - Complexity: O(*n*) in the size of `data`.
    public init(decoding data: Data) throws(DecodingError) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // The standard library validates quickly; only a file that fails is walked again to
        // find where.
        guard var decoded = String(validating: bytes, as: UTF8.self) else {
            let invalid = Self.firstInvalidUTF8Offset(in: bytes) ?? 0
            let prefix = bytes[..<invalid]
            let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            throw .invalidUTF8(line: line, column: invalid - lineStart + 1)
        }
        // `memchr`, which reads many bytes at a time: `contains` went byte by byte, a hundredth
        // of a site build.
        let hasCarriageReturn = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), buffer.count) != nil } ?? false
        }
        if hasCarriageReturn {
            decoded = decoded.replacingOccurrences(of: "\r\n", with: "\n")
        }
        text = decoded
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8Offset(in bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}

/// A Markdown file split into its YAML front matter and its body.
public struct FrontMatterSplit: Sendable {
    /// The YAML between the `---` lines, without them.
    public var yaml: String
    /// The line of the file where the YAML starts (the line after the opening `---`).
    public var yamlFirstLine: Int
    /// The Markdown after the closing line.
    public var body: String
    /// How many lines precede the body.
    public var bodyLineOffset: Int

    public enum Problem: Error, Hashable, Sendable {
        case missing
        /// The opening `---` has no closing `---` or `...` line.
        case unclosed
    }

    /// Splits `text`, which must start with a `---` line.
    ///
    /// - Complexity: O(*n*) in the length of the front matter.
    public static func split(_ text: String) throws(Problem) -> FrontMatterSplit {
        var index = text.startIndex
        func nextLine() -> Substring? {
            guard index < text.endIndex else { return nil }
            // Over the bytes: a line ends at its `\n` byte, and walking characters cost more than
            // the rest of the split.
            let end = text.utf8[index...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            defer { index = end < text.endIndex ? text.index(after: end) : end }
            return text[index..<end]
        }
        guard let first = nextLine(), isDelimiter(first, allowingDots: false) else { throw .missing }
        let yamlStart = index
        var lineNumber = 1
        while let line = nextLine() {
            lineNumber += 1
            if isDelimiter(line, allowingDots: true) {
                return FrontMatterSplit(
                    yaml: String(text[yamlStart..<line.startIndex]),
                    yamlFirstLine: 2,
                    body: String(text[index...]),
                    bodyLineOffset: lineNumber
                )
            }
        }
        throw .unclosed
    }

    private static func isDelimiter(_ line: Substring, allowingDots: Bool) -> Bool {
        var content = line
        while let last = content.last, last == " " || last == "\t" { content.removeLast() }
        return content == "---" || (allowingDots && content == "...")
    }
}
