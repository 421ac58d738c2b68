import CacheLab
import CachebookMarkdown
import CachebookSite
import CachebookTestSupport
import Foundation
import Testing

@Suite("Random documents render every character of their text in the HTML")
struct RandomDocumentHTMLTests {
    /// The text a reader sees: tags removed (an image's alt text kept) and entities decoded.
    private func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"<img [^>]*alt="([^"]*)"[^>]*>"#, with: "$1", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    @Test func everyCharacterAppearsInOrderAndTheMarkupIsBalanced() {
        var generator = SeededGenerator(seed: 20_261_124)
        for round in 0..<300 {
            let markdown = randomMarkdown(using: &generator)
            let document = CommonMarkConverter.parse(markdown)
            var renderer = HTMLRenderer()
            let html = renderer.render(document.blocks)
            // Raw HTML is dropped unless a course allows it, so it is not expected in the text.
            let expected = textContent(of: document.blocks, includingHTML: false).joined()
            if let missing = missingCharacter(of: expected, in: visibleText(html)) {
                Issue.record("round \(round): \(missing.debugDescription) missing from the HTML of \(markdown.debugDescription)")
            }
            for tag in ["p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"] {
                let opened = html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 2
                let closed = html.components(separatedBy: "</\(tag)>").count - 1
                #expect(opened == closed, "round \(round): <\(tag)> opened \(opened) times, closed \(closed)")
            }
        }
    }
}
