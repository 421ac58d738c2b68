import CachebookCourse

/// `cachebook test` results as JUnit XML, which CI systems show as test reports: a test suite
/// per lesson, a test case per runnable block and per exercise.
public enum JUnitReport {
    public static func xml(_ reports: [LessonTestReport], lint: [Diagnostic]) -> String {
        var suites: [(name: String, cases: [(String, String?)])] = []
        let lintFailures = lint.filter { $0.severity == .error }
        suites.append(("lint", [("course", lintFailures.isEmpty ? nil : lintFailures.map(\.description).joined(separator: "\n"))]))
        for report in reports {
            var cases: [(String, String?)] = report.diagnostics.filter { $0.severity == .error }.map { ("notebook: " + $0.headline, $0.description) }
            for block in report.blocks {
                let name = "\(block.block.displayName) (line \(block.block.range.start.line))"
                switch block.status {
                case .passed: cases.append((name, nil))
                case .mismatch(let diff): cases.append((name, "output differs from the expected output\n" + diff))
                case .missingOutput: cases.append((name, "no expected output block; run `cachebook test --update`"))
                case .failed(let diagnostic): cases.append((name, diagnostic.description))
                }
            }
            for exercise in report.exercises {
                cases.append(("exercise \(exercise.exercise.id)", exercise.problem?.description))
            }
            suites.append((report.lesson.id, cases))
        }
        // The totals count test cases, as CI systems that read only the root element expect.
        let cases = suites.flatMap(\.cases)
        let failures = cases.filter { $0.1 != nil }.count
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cachebook\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
            + suites.map { suite(name: $0.name, cases: $0.cases) }.joined() + "</testsuites>\n"
    }

    private static func suite(name: String, cases: [(String, String?)]) -> String {
        let failures = cases.filter { $0.1 != nil }.count
        var xml = "  <testsuite name=\"\(escape(name))\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        for (caseName, failure) in cases {
            if let failure {
                let firstLine = failure.split(separator: "\n").first.map(String.init) ?? failure
                xml += "    <testcase classname=\"\(escape(name))\" name=\"\(escape(caseName))\">\n"
                xml += "      <failure message=\"\(escape(firstLine))\">\(escape(failure))</failure>\n"
                xml += "    </testcase>\n"
            } else {
                xml += "    <testcase classname=\"\(escape(name))\" name=\"\(escape(caseName))\"/>\n"
            }
        }
        return xml + "  </testsuite>\n"
    }

    /// Escapes text for XML attributes and content, dropping characters XML 1.0 forbids.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
