import CachebookMarkdown
import CachebookNotebook
@testable import CachebookSite
import Testing

private func html(_ markdown: String, unsafe: Bool = false) -> String {
    var renderer = HTMLRenderer(allowsRawHTML: unsafe)
    return renderer.render(CommonMarkConverter.parse(markdown).blocks)
}

@Suite("HTML for every kind of node")
struct HTMLRendererTests {
    @Test func headingsGetUniqueAnchors() {
        #expect(html("# Title\n## Title\n## Content") == "<h1 id=\"title\">Title</h1>\n<h2 id=\"title-2\">Title</h2>\n<h2 id=\"content-2\">Content</h2>\n")
    }

    @Test func linksToHeadingsFollowThePrefixOnASharedPage() {
        var renderer = HTMLRenderer(anchorPrefix: "one--")
        let page = renderer.render(CommonMarkConverter.parse("# Start\n\nSee [the start](#start) and [elsewhere](other.html#start).").blocks)
        #expect(page.contains("<h1 id=\"one--start\">Start</h1>"))
        #expect(page.contains("<a href=\"#one--start\">the start</a>"))
        #expect(page.contains("<a href=\"other.html#start\">elsewhere</a>"))
    }

    @Test func aStateDiffRowSaysEverythingThatChangedIt() {
        let block = RunnableBlock(scenarioFile: "cache capacity=2\ndb a=1\npattern write-back\nget a\nput a 2")
        var withDiff = block
        withDiff.info = InfoString("cachelab show=state-diff")
        let figure = ScenarioHTML.html(withDiff.execute(lessonPath: "x.lab"), anchor: "x")
        // The write updates a clean entry and leaves it dirty: one row, both changes.
        #expect(figure.contains("<tr class=\"changed updated\"><td>a</td><td>2</td><td>yes</td>"))
        #expect(figure.contains("<td>updated, was 1; now dirty</td>"))
    }

    @Test func paragraphsAndInlines() {
        #expect(html("*a* **b** `c`  \nd\ne") == "<p><em>a</em> <strong>b</strong> <code>c</code><br>\nd\ne</p>\n")
    }

    @Test func codeBlocksCarryTheirLanguage() {
        #expect(html("```swift\nlet x = 1 < 2\n```") == "<pre><code class=\"language-swift\" data-language=\"swift\">let x = 1 &lt; 2\n</code></pre>\n")
        #expect(html("    plain") == "<pre><code>plain\n</code></pre>\n")
    }

    @Test func listsTightAndLooseAndNested() {
        #expect(html("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
        #expect(html("3. a\n\n4. b") == "<ol start=\"3\">\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ol>\n")
        #expect(html("- a\n  - b") == "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n")
    }

    @Test func quotesBreaksLinksAndImages() {
        #expect(html("> q") == "<blockquote>\n<p>q</p>\n</blockquote>\n")
        #expect(html("---") == "<hr>\n")
        #expect(html("[t](https://e.org \"T\")") == "<p><a href=\"https://e.org\" title=\"T\">t</a></p>\n")
        #expect(html("![alt](img/x.png)") == "<p><img src=\"img/x.png\" alt=\"alt\"></p>\n")
    }

    @Test func textIsAlwaysEscaped() {
        #expect(html("a & b < c > \"d\" 'e'") == "<p>a &amp; b &lt; c &gt; &quot;d&quot; &#39;e&#39;</p>\n")
        #expect(html("`<script>`") == "<p><code>&lt;script&gt;</code></p>\n")
    }

    @Test func rawHTMLIsDroppedUnlessTheCourseAllowsIt() {
        #expect(html("<script>alert(1)</script>") == "")
        #expect(html("a <b onclick=\"x()\">b</b>") == "<p>a b</p>\n")
        #expect(html("<div>ok</div>", unsafe: true) == "<div>ok</div>\n")
    }

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "vbscript:x"])
    func unsafeLinksKeepTheirTextOnly(destination: String) {
        let rendered = html("[click](<\(destination)>)")
        #expect(!rendered.contains("href"), "\(rendered)")
        #expect(rendered.contains("click"))
    }

    @Test func imagesFromOtherSitesBecomeTheirAltText() {
        #expect(html("![a chart](https://example.org/chart.png)") == "<p><span class=\"image-alt\">[a chart]</span></p>\n")
        #expect(html("![x](//example.org/x.png)").contains("image-alt"))
    }

    @Test func safeURLs() {
        #expect(LinkTarget.isSafe("https://example.org"))
        #expect(LinkTarget.isSafe("mailto:me@example.org"))
        #expect(LinkTarget.isSafe("lessons/a.html#x"))
        #expect(LinkTarget.isSafe("a/b:c"))
        #expect(!LinkTarget.isSafe("javascript:x"))
        #expect(!LinkTarget.isSafe("ftp://x"))
    }
}
