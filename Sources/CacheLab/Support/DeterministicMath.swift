/// `log`, `exp` and `pow` built only from IEEE-754 `+ - * /`, which are exactly rounded everywhere.
///
/// The platform's libm may differ in the last bit between Linux and macOS. A Zipf table built
/// with it could then put a different key at a boundary, and the same scenario would print
/// different bytes on different machines. These functions are accurate to a few ulps and, more
/// importantly, bit-for-bit identical on every machine.
enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// The natural logarithm of a positive finite `x`.
    ///
    /// - Complexity: O(1)
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log needs a positive finite argument")
        // x = m * 2^e with m in [1, 2); fold m into [sqrt(1/2), sqrt(2)) so the series converges fast.
        var exponent = Double(Int(x.exponent))
        var m = x.significand
        if m > 1.414_213_562_373_095_048_8 {
            m = m / 2
            exponent += 1
        }
        // log(m) = 2 atanh(s) with s = (m - 1) / (m + 1), |s| < 0.1716.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= s2
            k += 2
        }
        return exponent * ln2 + 2 * sum
    }

    /// e raised to `y`, for `y` in a range that does not overflow.
    ///
    /// - Complexity: O(1)
    static func exp(_ y: Double) -> Double {
        precondition(y.isFinite && y < 709 && y > -708, "exp argument out of range")
        let k = (y / ln2).rounded()
        let r = y - k * ln2
        // Taylor series of e^r for |r| <= 0.35, summed from the small terms up.
        var coefficients = [Double](repeating: 1, count: 22)
        for i in 1..<coefficients.count {
            coefficients[i] = coefficients[i - 1] / Double(i)
        }
        var sum = 0.0
        for c in coefficients.reversed() {
            sum = sum * r + c
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// `base` raised to `exponent`, for a positive `base`.
    ///
    /// - Complexity: O(1)
    static func pow(_ base: Double, _ exponent: Double) -> Double {
        exp(exponent * log(base))
    }
}
