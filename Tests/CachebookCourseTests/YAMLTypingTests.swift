import CacheLab
import CachebookCourse
import Foundation
import Testing
import Yams

/// The reader parses YAML with no typing rules and types a value only when asked; it must
/// give every value the type that Yams's own rules give it.
@Suite("YAML values are typed as Yams types them")
struct YAMLTypingTests {
    private static let yamsTyping = Resolver.default.removing(.merge).removing(.timestamp).removing(.value)

    /// The scalar `value` as the reader types it and as Yams does.
    private func types(of value: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (ours: Yams.Tag.Name, yams: Yams.Tag.Name) {
        let yaml = "key: \(value)\n"
        let ours = try #require(try Yams.compose(yaml: yaml, .basic, .default, .utf8)?.mapping?["key"], sourceLocation: sourceLocation)
        let theirs = try #require(try Yams.compose(yaml: yaml, Self.yamsTyping, .default, .utf8)?.mapping?["key"], sourceLocation: sourceLocation)
        return (YAMLSource.typeTag(of: ours), Yams.Tag.Name(rawValue: theirs.tag.rawValue))
    }

    @Test(arguments: ["", "~", "null", "NULL", "true", "False", "yes", "off", "ON", "0", "-3", "+7", "0x1F", "0o17", "0b101", "1_000",
                      "1:30", "3.14", "-.5", ".5", "1e10", ".inf", "-.Inf", ".NaN", "2026-11-23", "\"42\"", "'true'", "!!str 42",
                      "!!int \"7\"", "123456", "-1_000_000", ".50000", "+12.5e3", "1:30:00", "0x1F_FF", "twenty", "Lesson 1, Entry", "nulls", "truely", "12 monkeys", "-1-2", "+", ".", "[1, 2]", "{a: 1}",
                      "500", "-0", "+500", "007", "08", "0009", "35m", "1h", "1h30m", "INF", ".inf_", "0xg",
                      "core", "Yes", "nO", "Off", "Null", "nULL", "y", "n", "On", "tRUE", "e5", "inf", "nan", "NaN", "x1", "Ok"])
    func matchesYams(value: String) throws {
        let (ours, yams) = try types(of: value)
        #expect(ours == yams, "\(value)")
    }

    @Test(arguments: ["0", "-3", "+7", "-0", "+0", "500", "123456", "9223372036854775807", "9223372036854775808", "007", "0x1F", "1_000", "1:30", "3.5", "x"])
    func wholeNumbersReadAsYamsReadsThem(value: String) throws {
        let mapping = try #require(try Yams.compose(yaml: "key: \(value)\n", .basic, .default, .utf8)?.mapping)
        var reader = YAMLMappingReader(mapping, source: YAMLSource(path: "t.md", firstLine: 1), context: "the front matter")
        let yams = try #require(try Yams.compose(yaml: "key: \(value)\n", Self.yamsTyping, .default, .utf8)?.mapping?["key"])
        let expected = yams.tag == .init(.int) ? yams.int : nil
        #expect(reader.int("key", required: true, example: "key: 1") == expected, "\(value)")
        #expect(reader.diagnostics.isEmpty == (expected != nil), "\(value)")
    }

    @Test func matchesYamsOnSeededRandomScalars() throws {
        var generator = SeededGenerator(seed: 2026_11_23)
        var compared = 0
        let alphabet = Array("0123456789-+._:eExXoObBaAfFnNlLtTrRuUsSyYiIhm~ ")
        for _ in 0..<2_000 {
            let length = Int.random(in: 1...8, using: &generator)
            var value = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            value = value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, !value.hasPrefix("-") || value.count > 1, value.last != ":" else { continue }
            guard let (ours, yams) = try? types(of: value) else { continue }
            #expect(ours == yams, "\(value)")
            compared += 1
        }
        #expect(compared > 1_000)
    }
}
