@testable import CachebookSite
import Foundation
import Testing

@Suite("Themes render values escaped and keep the template's text as written")
struct ThemeTests {
    @Test func overridesEscapeValuesAndKeepLeadingBlankLines() throws {
        try withFolder { folder in
            let overrides = folder.appendingPathComponent("theme")
            try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
            try Data("\n  \n<p>{{value}}|{{{value}}}</p>\n".utf8).write(to: overrides.appendingPathComponent("notfound.mustache"))
            let theme = try Theme.load(from: packageRoot.appendingPathComponent("site"), overrides: overrides)
            let hostile = "<b a='1'>\"&\u{1}</b>"
            #expect(theme.render("notfound", ["value": hostile])
                    == "\n  \n<p>&lt;b a=&#39;1&#39;&gt;&quot;&amp;\u{FFFD}&lt;/b&gt;|\(hostile)</p>\n")
            #expect(theme.render("layout", ["pageTitle": "<x>"]).hasPrefix("<!DOCTYPE html>"), "the first line is kept")
        }
    }

    @Test func aBrokenTemplateIsReportedAtItsOwnLine() throws {
        try withFolder { folder in
            let overrides = folder.appendingPathComponent("theme")
            try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
            try Data("<p>one</p>\n<p>two</p>\n<p>{{#open}}{{/shut}}</p>\n".utf8).write(to: overrides.appendingPathComponent("notfound.mustache"))
            #expect {
                _ = try Theme.load(from: packageRoot.appendingPathComponent("site"), overrides: overrides)
            } throws: { error in
                "\(error)".contains("notfound.mustache:3:")
            }
        }
    }
}
