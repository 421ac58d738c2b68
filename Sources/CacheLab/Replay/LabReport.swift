/// One row of a `cachebook lab` report: a replay result and how long the replay took.
public struct LabRow: Sendable, Hashable {
    public var result: ReplayResult
    /// Wall-clock seconds of the replay alone, measured by the caller (the engine never reads a clock).
    public var replaySeconds: Double

    public init(result: ReplayResult, replaySeconds: Double) {
        self.result = result
        self.replaySeconds = replaySeconds
    }
}

/// Renders `cachebook lab` results as a text table or JSON.
///
/// The text table has no timings unless asked for, so two runs compare byte for byte.
public enum LabReport {
    /// A right-aligned table, one row per policy and size, ratios to 4 decimals:
    ///
    /// ```
    /// policy  size  requests   hits  misses  hit ratio  miss ratio
    /// lru      100    200000  24086  175914     0.1204      0.8796
    /// ```
    ///
    /// - Parameter timings: adds `seconds` and `requests/s` columns.
    /// - Complexity: O(*r*) in the number of rows.
    public static func table(_ rows: [LabRow], timings: Bool = false) -> String {
        var header = ["policy", "size", "requests", "hits", "misses", "hit ratio", "miss ratio"]
        if timings { header += ["seconds", "requests/s"] }
        var cells = [header]
        for row in rows {
            let r = row.result
            var line = [
                r.policy.rawValue, String(r.capacity), String(r.requests), String(r.hits), String(r.misses),
                fixed(r.hitRatio, decimals: 4), fixed(r.missRatio, decimals: 4),
            ]
            if timings {
                line.append(fixed(row.replaySeconds, decimals: 4))
                line.append(row.replaySeconds > 0 ? String(Int((Double(r.requests) / row.replaySeconds).rounded())) : "-")
            }
            cells.append(line)
        }
        var widths = [Int](repeating: 0, count: header.count)
        for line in cells {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return cells.map { line in
            line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A JSON array of objects with the fields `policy`, `size`, `requests`, `hits`, `misses`,
    /// `hitRatio` and `replaySeconds`, in that order.
    ///
    /// - Complexity: O(*r*) in the number of rows.
    public static func json(_ rows: [LabRow]) -> String {
        let objects = rows.map { row in
            let r = row.result
            return "  {\"policy\": \"\(r.policy.rawValue)\", \"size\": \(r.capacity), \"requests\": \(r.requests), "
                + "\"hits\": \(r.hits), \"misses\": \(r.misses), \"hitRatio\": \(jsonNumber(r.hitRatio)), "
                + "\"replaySeconds\": \(jsonNumber(row.replaySeconds))}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// `value` with exactly `decimals` digits after the point, rounded as C's `printf("%.*f")`
    /// rounds: the exact binary value, ties to even. So 0.42605, which is stored as
    /// 0.426049999…, prints as `0.4260`, the way libCacheSim prints it.
    ///
    /// Fused multiply-adds decide each rounding exactly, so the digits are the same everywhere.
    ///
    /// - Complexity: O(`decimals`)
    public static func fixed(_ value: Double, decimals: Int) -> String {
        precondition((0...15).contains(decimals), "between 0 and 15 decimals")
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let magnitude = abs(value)
        guard value.isFinite, magnitude * scale < 9e15 else { return String(value) }
        // The exact floor of magnitude * scale; the rounded product may be off by one either way.
        var units = (magnitude * scale).rounded(.down)
        if (-units).addingProduct(magnitude, scale) < 0 { units -= 1 }
        if (-(units + 1)).addingProduct(magnitude, scale) >= 0 { units += 1 }
        // Round up when the exact product is past the midpoint, or on it and the floor is odd.
        let pastMidpoint = (-(units + 0.5)).addingProduct(magnitude, scale)
        if pastMidpoint > 0 || (pastMidpoint == 0 && Int64(units) % 2 == 1) { units += 1 }
        let whole = Int64(units)
        let divisor = Int64(scale)
        let sign = value < 0 && whole != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let fraction = String(whole % divisor)
        return sign + String(whole / divisor) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    private static func jsonNumber(_ value: Double) -> String {
        value.isFinite ? String(value) : "null"
    }
}
