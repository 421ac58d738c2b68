import Foundation

/// A change to one `output` block of a lesson file.
public struct OutputBlockEdit: Hashable, Sendable {
    public enum Placement: Hashable, Sendable {
        /// Replace the content of the fenced block that opens on `openingLine` and closes on
        /// `closingLine` (file lines, 1-based).
        case replace(openingLine: Int, closingLine: Int)
        /// Add a new `output` block after `line`, the closing fence of the runnable block whose
        /// opening fence is on `openingLine` (its indentation and quote markers are copied).
        case insert(afterLine: Int, openingLine: Int)
    }

    public var placement: Placement
    /// The block's new content, one output line per line.
    public var content: String

    public init(_ placement: Placement, content: String) {
        self.placement = placement
        self.content = content
    }
}

/// Rewrites `output` blocks in place and leaves every other byte of the file as it was: line
/// endings (LF or CRLF), a byte order mark, trailing spaces, everything.
public enum OutputBlockUpdater {
    /// Applies `edits` to `data`.
    ///
    /// - Complexity: O(*n*) in the size of the file, plus the new content.
    public static func apply(_ edits: [OutputBlockEdit], to data: Data) -> Data {
        var lines = splitKeepingTerminators([UInt8](data))
        let newline: [UInt8] = lines.contains { $0.suffix(2) == [13, 10] } ? [13, 10] : [10]
        // Bottom to top, so that line numbers of earlier edits stay valid.
        let ordered = edits.sorted { anchor($0) > anchor($1) }
        for edit in ordered {
            switch edit.placement {
            case .replace(let openingLine, let closingLine):
                guard openingLine >= 1, openingLine <= lines.count else { continue }
                let opening = lines[openingLine - 1]
                let (prefix, fence) = fenceParts(of: opening)
                let closed = closingLine > openingLine && closingLine <= lines.count
                    && isClosingFence(lines[closingLine - 1], fence: fence, prefixCount: prefix.count)
                let contentEnd = closed ? closingLine - 1 : min(closingLine, lines.count)
                let chosenFence = fenceFor(edit.content, character: fence.first ?? UInt8(ascii: "`"), minimum: fence.count)
                var replacement: [[UInt8]] = []
                if chosenFence.count != fence.count {
                    replacement.append(prefix + chosenFence + Array(opening.dropFirst(prefix.count + fence.count)).withTerminator(newline))
                } else {
                    replacement.append(opening)
                }
                replacement += contentLines(edit.content, prefix: continuationPrefix(prefix), newline: newline)
                if closed && chosenFence.count == fence.count {
                    replacement.append(lines[closingLine - 1])
                } else {
                    replacement.append(continuationPrefix(prefix) + chosenFence + newline)
                }
                let end = closed ? closingLine : contentEnd
                lines.replaceSubrange((openingLine - 1)..<max(openingLine, end), with: replacement)
            case .insert(let afterLine, let openingLine):
                guard afterLine >= 1, afterLine <= lines.count, openingLine >= 1, openingLine <= lines.count else { continue }
                let prefix = continuationPrefix(fenceParts(of: lines[openingLine - 1]).prefix)
                let fence = fenceFor(edit.content, character: UInt8(ascii: "`"), minimum: 3)
                // The line before may lack a terminator at the end of the file.
                if !lines[afterLine - 1].hasTerminator { lines[afterLine - 1] += newline }
                let blank = prefix.trailingSpacesTrimmed + newline
                var block: [[UInt8]] = [blank, prefix + fence + Array("output".utf8) + newline]
                block += contentLines(edit.content, prefix: prefix, newline: newline)
                block.append(prefix + fence + newline)
                lines.insert(contentsOf: block, at: afterLine)
            }
        }
        return Data(lines.joined())
    }

    private static func anchor(_ edit: OutputBlockEdit) -> Int {
        switch edit.placement {
        case .replace(let openingLine, _): openingLine
        case .insert(let afterLine, _): afterLine
        }
    }

    private static func splitKeepingTerminators(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 10 {
            lines.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    /// What precedes the fence on its line (indentation, `>` markers, a list marker) and the
    /// fence itself (the run of backticks or tildes).
    private static func fenceParts(of line: [UInt8]) -> (prefix: [UInt8], fence: [UInt8]) {
        guard let start = line.firstIndex(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~") }) else {
            return ([], Array("```".utf8))
        }
        let character = line[start]
        let fence = Array(line[start...].prefix { $0 == character })
        return (Array(line[..<start]), fence)
    }

    /// The prefix for lines inside the block: quote markers stay, everything else becomes spaces.
    private static func continuationPrefix(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 == UInt8(ascii: ">") ? $0 : UInt8(ascii: " ") }
    }

    private static func isClosingFence(_ line: [UInt8], fence: [UInt8], prefixCount: Int) -> Bool {
        let content = line.drop(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ">") || $0 == 9 })
        let run = content.prefix { $0 == fence.first }
        let rest = content.dropFirst(run.count).filter { $0 != 13 && $0 != 10 && $0 != UInt8(ascii: " ") && $0 != 9 }
        return run.count >= fence.count && rest.isEmpty
    }

    /// A fence longer than any run of the same character that starts a line of `content`.
    private static func fenceFor(_ content: String, character: UInt8, minimum: Int) -> [UInt8] {
        var longest = 0
        for line in content.split(separator: "\n") {
            let trimmed = line.drop(while: { $0 == " " })
            longest = max(longest, trimmed.utf8.prefix { $0 == character }.count)
        }
        return [UInt8](repeating: character, count: max(minimum, longest + 1))
    }

    private static func contentLines(_ content: String, prefix: [UInt8], newline: [UInt8]) -> [[UInt8]] {
        var text = content
        if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            (line.isEmpty ? prefix.trailingSpacesTrimmed : prefix + Array(line.utf8)) + newline
        }
    }
}

private extension Array where Element == UInt8 {
    var hasTerminator: Bool { last == 10 }

    /// The line with its terminator replaced by `newline` (or given one if it had none).
    func withTerminator(_ newline: [UInt8]) -> [UInt8] {
        var line = self
        if line.last == 10 { line.removeLast() }
        if line.last == 13 { line.removeLast() }
        return line + newline
    }

    var trailingSpacesTrimmed: [UInt8] {
        var line = self
        while line.last == UInt8(ascii: " ") { line.removeLast() }
        return line
    }
}
