import CachebookMarkdown
import CachebookNotebook
import Foundation
import Testing

/// Applies `edits` to `text` and returns the result as text.
private func apply(_ edits: [OutputBlockEdit], to text: String) -> String {
    String(decoding: OutputBlockUpdater.apply(edits, to: Data(text.utf8)), as: UTF8.self)
}

@Suite("Updating output blocks keeps every other byte")
struct OutputBlockUpdaterTests {
    let lesson = """
        Intro  with two spaces.  \n\
        ```cachelab id=a
        get k
        ```
        ```output
        old line
        ```
        Tail text\t
        """

    @Test func replacesOnlyTheContent() {
        let updated = apply([OutputBlockEdit(.replace(openingLine: 5, closingLine: 7), content: "new 1\nnew 2\n")], to: lesson)
        #expect(updated == """
            Intro  with two spaces.  \n\
            ```cachelab id=a
            get k
            ```
            ```output
            new 1
            new 2
            ```
            Tail text\t
            """)
    }

    @Test func insertsAMissingOutputBlockAfterTheRunnableBlock() {
        let text = "# T\n\n```cachelab\nget k\n```\nAfter.\n"
        let updated = apply([OutputBlockEdit(.insert(afterLine: 5, openingLine: 3), content: "result\n")], to: text)
        #expect(updated == "# T\n\n```cachelab\nget k\n```\n\n```output\nresult\n```\nAfter.\n")
    }

    @Test func insertingAtTheEndOfAFileWithoutFinalNewline() {
        let updated = apply([OutputBlockEdit(.insert(afterLine: 3, openingLine: 1), content: "x")], to: "```cachelab\nget k\n```")
        #expect(updated == "```cachelab\nget k\n```\n\n```output\nx\n```\n")
    }

    @Test func keepsCRLFAndByteOrderMark() {
        let text = "\u{FEFF}Intro\r\n```output\r\nold\r\n```\r\nEnd\r\n"
        let updated = apply([OutputBlockEdit(.replace(openingLine: 2, closingLine: 4), content: "one\ntwo\n")], to: text)
        #expect(updated == "\u{FEFF}Intro\r\n```output\r\none\r\ntwo\r\n```\r\nEnd\r\n")
    }

    @Test func keepsQuoteAndListPrefixes() {
        let quoted = "> ```output\n> old\n> ```\n"
        #expect(apply([OutputBlockEdit(.replace(openingLine: 1, closingLine: 3), content: "a\n\nb\n")], to: quoted)
                == "> ```output\n> a\n>\n> b\n> ```\n")
        let listed = "- item\n\n  ```cachelab\n  get k\n  ```\n"
        #expect(apply([OutputBlockEdit(.insert(afterLine: 5, openingLine: 3), content: "r\n")], to: listed)
                == "- item\n\n  ```cachelab\n  get k\n  ```\n\n  ```output\n  r\n  ```\n")
    }

    @Test func lengthensTheFenceWhenTheOutputHoldsOne() {
        let updated = apply([OutputBlockEdit(.replace(openingLine: 1, closingLine: 3), content: "```\n")], to: "```output\nold\n```\n")
        #expect(updated == "````output\n```\n````\n")
    }

    @Test func severalEditsInOneFile() {
        let text = "```cachelab\na\n```\n```output\nx\n```\n```cachelab\nb\n```\n"
        let updated = apply([
            OutputBlockEdit(.replace(openingLine: 4, closingLine: 6), content: "A\n"),
            OutputBlockEdit(.insert(afterLine: 9, openingLine: 7), content: "B\n"),
        ], to: text)
        #expect(updated == "```cachelab\na\n```\n```output\nA\n```\n```cachelab\nb\n```\n\n```output\nB\n```\n")
    }

    @Test func theRewrittenFileParsesBackToTheNewOutput() {
        let text = "> ```cachelab id=q\n> get k\n> ```\n"
        let updated = apply([OutputBlockEdit(.insert(afterLine: 3, openingLine: 1), content: "line one\n  indented\n")], to: text)
        let cells = NotebookCells(CommonMarkConverter.parse(updated))
        #expect(cells.runnableBlocks.first?.expectedOutput?.text == "line one\n  indented\n")
    }
}

@Suite("Unified diffs show what changed, where")
struct UnifiedDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.diff(expected: "a\nb\n", actual: "a\nb\n", expectedLabel: "x", actualLabel: "y").isEmpty)
    }

    @Test func aChangedLineWithContextAndFileLines() {
        let diff = UnifiedDiff.diff(expected: "1\n2\n3\n4\n5\n6\n7\n8\n", actual: "1\n2\n3\n4\nfive\n6\n7\n8\n",
                                    expectedLabel: "lesson.md:11 (expected)", actualLabel: "actual", expectedFirstLine: 11)
        #expect(diff == """
            --- lesson.md:11 (expected)
            +++ actual
            @@ -12,7 +12,7 @@
             2
             3
             4
            -5
            +five
             6
             7
             8

            """)
    }

    @Test func addedAndRemovedLinesAtTheEnds() {
        let diff = UnifiedDiff.diff(expected: "a\n", actual: "a\nb\n", expectedLabel: "e", actualLabel: "a")
        #expect(diff == "--- e\n+++ a\n@@ -1 +1,2 @@\n a\n+b\n")
        let removed = UnifiedDiff.diff(expected: "a\nb\n", actual: "", expectedLabel: "e", actualLabel: "a")
        #expect(removed == "--- e\n+++ a\n@@ -1,2 +0,0 @@\n-a\n-b\n")
    }

    @Test func distantChangesGetSeparateHunks() {
        let old = (1...20).map(String.init).joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "\n2\n", with: "\ntwo\n").replacingOccurrences(of: "\n19\n", with: "\nnineteen\n")
        let diff = UnifiedDiff.diff(expected: old, actual: new, expectedLabel: "e", actualLabel: "a")
        #expect(diff.components(separatedBy: "@@ -").count - 1 == 2)
    }
}

@Suite("Info strings and notebook cells are found in lessons")
struct NotebookCellsTests {
    @Test func infoStringsHoldQuotedAttributes() {
        let info = InfoString(#"cachelab id=race title="Two clients, one key" show=state-diff stray"#)
        #expect(info.language == "cachelab")
        #expect(info.attributes == ["id": "race", "title": "Two clients, one key", "show": "state-diff"])
        #expect(info.strayWords == ["stray"])
        #expect(InfoString(#"x title="say \"hi\"""#).attributes["title"] == #"say "hi""#)
    }

    @Test func runnableBlocksPairWithTheOutputRightAfterThem() {
        let markdown = """
            ```cachelab id=one
            get a
            ```

            ```output
            expected
            ```

            Text between.

            ```cachelab
            get b
            ```

            Not directly after.

            ```output
            orphan
            ```

            ```exercise
            id: q
            ```
            """
        let cells = NotebookCells(CommonMarkConverter.parse(markdown, lineOffset: 10))
        #expect(cells.runnableBlocks.map(\.id) == ["one", nil])
        #expect(cells.runnableBlocks[0].expectedOutput?.text == "expected\n")
        #expect(cells.runnableBlocks[0].firstSourceLine == 12)
        #expect(cells.runnableBlocks[1].expectedOutput == nil)
        #expect(cells.strayOutputBlocks.map(\.text) == ["orphan\n"])
        #expect(cells.exerciseBlocks.map(\.yaml) == ["id: q\n"])
    }

    @Test func cellsInsideQuotesAndListsAreFound() {
        let cells = NotebookCells(CommonMarkConverter.parse("> ```cachelab\n> get a\n> ```\n\n- ```cachelab\n  get b\n  ```\n"))
        #expect(cells.runnableBlocks.map(\.source) == ["get a\n", "get b\n"])
    }
}
