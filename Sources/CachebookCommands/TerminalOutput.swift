import CachebookTerminal
import Foundation

/// Writes rendered lines to standard output, through the pager when they are long and the
/// output is a terminal.
struct TerminalOutput {
    let environment: TerminalEnvironment
    let display: DisplayOptions

    init(display: DisplayOptions, variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = TerminalEnvironment.current(variables: variables)
        self.display = display
    }

    var width: Int { environment.width(override: display.width) }

    var styler: TerminalStyler { TerminalStyler(isColorEnabled: environment.isColorEnabled(noColorFlag: display.noColor)) }

    func write(_ lines: [StyledLine]) {
        let text = styler.render(lines)
        if let pager = environment.pagerCommand(noPagerFlag: display.noPager, lineCount: lines.count), Pager.show(text, command: pager) {
            return
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Writes to standard error, for notices that must not mix with the output.
func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
