// Value readers that global_defs needs and ConfigReader lacks.

// candidate for KeywordTable.swift
extension ConfigReader {
    /// A time in seconds with an optional fraction, returned in microseconds, with the bounds
    /// given in microseconds so that messages print them exactly (`[0.000001, 4294.967295]`).
    mutating func seconds(_ s: Statement, _ index: Int = 0, inMicroseconds range: ClosedRange<Int>, what: String? = nil) -> Int? {
        let text = s.arguments[index]
        let what = what ?? s.keyword
        guard let value = parseDecimal(text), value.isFinite else {
            diagnostics.error("'\(what)' needs a time in seconds, got '\(text)'", at: s.location)
            return nil
        }
        let micros = (value * 1_000_000).rounded()
        guard micros >= Double(range.lowerBound), micros <= Double(range.upperBound) else {
            diagnostics.error("'\(what)' \(text) is out of range [\(secondsText(microseconds: range.lowerBound)), \(secondsText(microseconds: range.upperBound))] seconds", at: s.location)
            return nil
        }
        return Int(micros)
    }

    /// Whole seconds (no fraction), returned in microseconds.
    mutating func wholeSeconds(_ s: Statement, _ index: Int = 0, in range: ClosedRange<Int>, what: String? = nil) -> Int? {
        integer(s, index, in: range, what: what).map { $0 * 1_000_000 }
    }

    /// An optional boolean after a flag keyword: true when absent.
    mutating func optionalBool(_ s: Statement) -> Bool? {
        bool(s, 0)
    }
}

/// Microseconds as seconds with as many decimals as needed and no exponent: 1 → "0.000001",
/// 4_294_967_295 → "4294.967295", 5_000_000 → "5".
func secondsText(microseconds micros: Int) -> String {
    let sign = micros < 0 ? "-" : ""
    let magnitude = micros.magnitude
    let whole = magnitude / 1_000_000
    var fraction = String(magnitude % 1_000_000)
    if fraction == "0" { return sign + String(whole) }
    fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return "\(sign)\(whole).\(fraction)"
}

/// A number written as C's `strtol(…, 0)` reads it: `0x` hexadecimal, a leading `0` octal,
/// otherwise decimal; the whole text must be the number (keepalived reads `umask` this way).
func parseCNumber(_ text: String) -> Int? {
    var t = Substring(text)
    var radix = 10
    if t.hasPrefix("0x") || t.hasPrefix("0X") {
        radix = 16
        t = t.dropFirst(2)
    } else if t.count > 1, t.hasPrefix("0") {
        radix = 8
        t = t.dropFirst()
    }
    guard !t.isEmpty, t.count <= 16, t.first != "+", t.first != "-" else { return nil }
    return Int(t, radix: radix)
}
