import CacheLab
import CachebookNotebook
import Foundation

/// Hit ratio against cache size, one line per policy, as SVG: what a `compare` step found.
/// Lines differ in dash pattern and marker as well as color, so they read without color.
public enum SVGComparisonChart {
    static let width = 640
    static let height = 320
    static let plot = (left: 56, right: 130, top: 20, bottom: 44)
    static let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 4", "10 4", "4 2 1 2", "3 6", "12 2"]

    /// - Complexity: O(*p* · *s*) for *p* policies and *s* sizes.
    public static func svg(_ comparison: Comparison, id: String) -> String {
        let plotWidth = width - plot.left - plot.right
        let plotHeight = height - plot.top - plot.bottom
        let sizes = comparison.sizes.sorted()
        func x(_ index: Int) -> Int {
            sizes.count == 1 ? plot.left + plotWidth / 2 : plot.left + index * plotWidth / (sizes.count - 1)
        }
        func y(_ ratio: Double) -> Int { plot.top + Int(((1 - ratio) * Double(plotHeight)).rounded()) }

        let title = "Hit ratio by cache size, \(comparison.workload.distribution.name) workload"
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
        svg += " role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
        svg += "<title id=\"\(id)-title\">\(HTML.escape(title))</title>\n"
        svg += "<desc id=\"\(id)-desc\">\(HTML.escape(description(comparison)))</desc>\n"
        for tick in stride(from: 0, through: 100, by: 25) {
            let ty = y(Double(tick) / 100)
            svg += "<line class=\"grid\" x1=\"\(plot.left)\" y1=\"\(ty)\" x2=\"\(plot.left + plotWidth)\" y2=\"\(ty)\"/>"
            svg += "<text class=\"tick\" x=\"\(plot.left - 6)\" y=\"\(ty + 4)\" text-anchor=\"end\">\(tick)%</text>\n"
        }
        for (index, size) in sizes.enumerated() {
            svg += "<text class=\"tick\" x=\"\(x(index))\" y=\"\(height - plot.bottom + 18)\" text-anchor=\"middle\">\(size)</text>\n"
        }
        svg += "<text class=\"axis\" x=\"\(plot.left + plotWidth / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\">cache size (entries)</text>\n"
        for (number, policy) in comparison.policies.enumerated() {
            let points = sizes.enumerated().compactMap { index, size in
                comparison.result(policy: policy, size: size).map { (x(index), y($0.hitRatio)) }
            }
            let dash = dashes[number % dashes.count]
            let style = "series series-\(number % 9)"
            svg += "<g class=\"\(style)\"><polyline points=\"" + points.map { "\($0.0),\($0.1)" }.joined(separator: " ") + "\""
            svg += dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
            svg += "/>"
            for point in points {
                svg += "<circle cx=\"\(point.0)\" cy=\"\(point.1)\" r=\"3.5\"/>"
            }
            let legendY = plot.top + 14 + number * 20
            let legendX = width - plot.right + 14
            svg += "<line x1=\"\(legendX)\" y1=\"\(legendY - 4)\" x2=\"\(legendX + 24)\" y2=\"\(legendY - 4)\"" + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>"
            svg += "<text x=\"\(legendX + 30)\" y=\"\(legendY)\">\(HTML.escape(policy.rawValue))</text></g>\n"
        }
        return svg + "</svg>\n"
    }

    static func description(_ comparison: Comparison) -> String {
        let sizes = comparison.sizes.sorted()
        return "Workload \(comparison.workload). " + comparison.policies.map { policy in
            "\(policy.rawValue): " + sizes.compactMap { size in
                comparison.result(policy: policy, size: size).map { "\(String(format: "%.1f", $0.hitRatio * 100))% at \(size)" }
            }.joined(separator: ", ")
        }.joined(separator: "; ") + "."
    }
}
