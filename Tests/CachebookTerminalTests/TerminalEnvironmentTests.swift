import CachebookTerminal
import Testing

@Suite("Width, color and pager follow flags, environment and terminal")
struct TerminalEnvironmentTests {
    @Test func widthPrefersFlagThenColumnsThenTerminalThenEighty() {
        let terminal = TerminalEnvironment(isOutputTerminal: true, variables: ["COLUMNS": "100"], windowSize: (120, 40))
        #expect(terminal.width(override: 60) == 60)
        #expect(terminal.width(override: nil) == 100)
        #expect(TerminalEnvironment(isOutputTerminal: true, variables: [:], windowSize: (120, 40)).width(override: nil) == 120)
        #expect(TerminalEnvironment(isOutputTerminal: false, variables: [:]).width(override: nil) == 80)
        #expect(TerminalEnvironment(isOutputTerminal: false, variables: ["COLUMNS": "junk"]).width(override: nil) == 80)
        #expect(TerminalEnvironment(isOutputTerminal: false, variables: ["COLUMNS": "3"]).width(override: nil) == 20)
    }

    @Test func colorOnlyOnATerminalWithoutNoColor() {
        #expect(TerminalEnvironment(isOutputTerminal: true, variables: [:]).isColorEnabled(noColorFlag: false))
        #expect(!TerminalEnvironment(isOutputTerminal: false, variables: [:]).isColorEnabled(noColorFlag: false))
        #expect(!TerminalEnvironment(isOutputTerminal: true, variables: [:]).isColorEnabled(noColorFlag: true))
        #expect(!TerminalEnvironment(isOutputTerminal: true, variables: ["NO_COLOR": "1"]).isColorEnabled(noColorFlag: false))
        // no-color.org: an empty NO_COLOR does not count.
        #expect(TerminalEnvironment(isOutputTerminal: true, variables: ["NO_COLOR": ""]).isColorEnabled(noColorFlag: false))
        #expect(!TerminalEnvironment(isOutputTerminal: true, variables: ["TERM": "dumb"]).isColorEnabled(noColorFlag: false))
    }

    @Test func pagerOnlyForLongOutputOnATerminal() {
        let terminal = TerminalEnvironment(isOutputTerminal: true, variables: [:], windowSize: (80, 24))
        #expect(terminal.pagerCommand(noPagerFlag: false, lineCount: 100) == "less -R")
        #expect(terminal.pagerCommand(noPagerFlag: false, lineCount: 10) == nil)
        #expect(terminal.pagerCommand(noPagerFlag: true, lineCount: 100) == nil)
        #expect(TerminalEnvironment(isOutputTerminal: false, variables: [:]).pagerCommand(noPagerFlag: false, lineCount: 100) == nil)
        let custom = TerminalEnvironment(isOutputTerminal: true, variables: ["PAGER": "more"], windowSize: (80, 24))
        #expect(custom.pagerCommand(noPagerFlag: false, lineCount: 100) == "more")
        let none = TerminalEnvironment(isOutputTerminal: true, variables: ["PAGER": ""], windowSize: (80, 24))
        #expect(none.pagerCommand(noPagerFlag: false, lineCount: 100) == nil)
    }

    @Test func stylerWritesEscapesOnlyWhenColorIsOn() {
        let line = StyledLine([StyledText("plain "), StyledText("bold", style: .strong)])
        #expect(TerminalStyler(isColorEnabled: false).render(line) == "plain bold")
        #expect(TerminalStyler(isColorEnabled: true).render(line) == "plain \u{1B}[1mbold\u{1B}[0m")
    }
}
