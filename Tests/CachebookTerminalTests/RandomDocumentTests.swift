import CacheLab
import CachebookMarkdown
import CachebookTerminal
import CachebookTestSupport
import Testing

@Suite("Random documents render every character of their text")
struct RandomDocumentTests {
    @Test func everyCharacterAppearsInOrderAndNoLineIsTooWide() {
        var generator = SeededGenerator(seed: 20_261_123)
        for round in 0..<300 {
            let markdown = randomMarkdown(using: &generator)
            let width = Int.random(in: 20...100, using: &generator)
            let document = CommonMarkConverter.parse(markdown)
            let lines = MarkdownTerminalRenderer(width: width).render(document)
            #expect(lines.allSatisfy { $0.width <= width }, "round \(round), width \(width): \(markdown.debugDescription)")
            let expected = textContent(of: document.blocks).joined()
            if let missing = missingCharacter(of: expected, in: lines.map(\.plainText).joined()) {
                Issue.record("round \(round): \(missing.debugDescription) missing from the output of \(markdown.debugDescription)")
            }
        }
    }
}
