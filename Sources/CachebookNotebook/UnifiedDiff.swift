/// A unified diff of two texts, line by line, as `diff -u` prints it.
public enum UnifiedDiff {
    /// The diff of `expected` against `actual`, with `context` lines around each change, or an
    /// empty string when they are equal. `expectedLabel`/`actualLabel` head the diff, and hunk
    /// line numbers start at `expectedFirstLine` (the file line of the first expected line).
    ///
    /// - Complexity: O(*n* · *m*) time and space for *n* and *m* lines; outputs are short.
    public static func diff(
        expected: String, actual: String, expectedLabel: String, actualLabel: String,
        expectedFirstLine: Int = 1, context: Int = 3
    ) -> String {
        let old = lines(expected), new = lines(actual)
        guard old != new else { return "" }
        let edits = editScript(old, new)
        var output = "--- \(expectedLabel)\n+++ \(actualLabel)\n"
        // Group edits into hunks: runs of changes with up to 2 × context unchanged lines between.
        var index = 0
        while index < edits.count {
            guard let firstChange = edits[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var lastChange = firstChange
            var scan = firstChange + 1
            while scan < edits.count {
                if edits[scan].kind != .same {
                    lastChange = scan
                } else if scan - lastChange > 2 * context {
                    break
                }
                scan += 1
            }
            let start = max(index, firstChange - context)
            let end = min(edits.count, lastChange + context + 1)
            let hunk = edits[start..<end]
            let oldStart = hunk.first!.oldLine, newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != .added }.count
            let newCount = hunk.filter { $0.kind != .removed }.count
            output += "@@ -\(range(oldStart + expectedFirstLine - 1, oldCount)) +\(range(newStart + expectedFirstLine - 1, newCount)) @@\n"
            for edit in hunk {
                switch edit.kind {
                case .same: output += " " + edit.text + "\n"
                case .removed: output += "-" + edit.text + "\n"
                case .added: output += "+" + edit.text + "\n"
                }
            }
            index = end
        }
        return output
    }

    private struct Edit {
        enum Kind { case same, removed, added }
        var kind: Kind
        var text: String
        /// 1-based line in the old and new text at which this edit sits.
        var oldLine: Int
        var newLine: Int
    }

    private static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
    }

    /// A shortest edit script from a longest common subsequence table.
    private static func editScript(_ old: [String], _ new: [String]) -> [Edit] {
        let n = old.count, m = new.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && old[i] == new[j] {
                edits.append(Edit(kind: .same, text: old[i], oldLine: i + 1, newLine: j + 1))
                i += 1
                j += 1
            } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
                // Removals first, as `diff -u` prints them.
                edits.append(Edit(kind: .removed, text: old[i], oldLine: i + 1, newLine: j + 1))
                i += 1
            } else {
                edits.append(Edit(kind: .added, text: new[j], oldLine: i + 1, newLine: j + 1))
                j += 1
            }
        }
        return edits
    }
}
