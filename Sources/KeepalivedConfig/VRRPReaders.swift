// Value readers that the VRRP blocks need and ConfigReader lacks.

// candidate for KeywordTable.swift
extension ConfigReader {
    /// A plain decimal integer (an optional sign, then digits), as keepalived reads VRIDs,
    /// priorities and weights: unlike `integer`, hexadecimal is refused.
    mutating func vrrpDecimal(_ text: String, at location: SourceLocation, in range: ClosedRange<Int>, what: String) -> Int? {
        guard let v = parseVRRPDecimal(text) else {
            diagnostics.error("'\(what)' needs a whole number, got '\(text)'", at: location)
            return nil
        }
        guard range.contains(v) else {
            diagnostics.error("'\(what)' \(v) is out of range [\(range.lowerBound), \(range.upperBound)]", at: location)
            return nil
        }
        return v
    }

    mutating func vrrpDecimal(_ s: Statement, _ index: Int = 0, in range: ClosedRange<Int>, what: String? = nil) -> Int? {
        vrrpDecimal(s.arguments[index], at: s.location, in: range, what: what ?? s.keyword)
    }

    /// Whole seconds (no fraction), returned in microseconds.
    mutating func vrrpWholeSeconds(_ s: Statement, _ index: Int = 0, in range: ClosedRange<Int>) -> Int? {
        vrrpDecimal(s, index, in: range).map { $0 * 1_000_000 }
    }

    /// An optional boolean after a flag keyword (`strict_mode`, `strict_mode off`).
    mutating func vrrpFlag(_ s: Statement) -> Bool? {
        bool(s, 0)
    }

    /// A script with an optional user and group: `notify_master /path [user [group]]`.
    mutating func vrrpNotifyScript(_ s: Statement) -> NotifyScript {
        NotifyScript(command: s.arguments[0],
                     user: s.arguments.count > 1 ? s.arguments[1] : nil,
                     group: s.arguments.count > 2 ? s.arguments[2] : nil)
    }
}

/// Decimal digits with an optional sign; nil for anything else (hex, fractions, garbage).
func parseVRRPDecimal(_ text: String) -> Int? {
    var t = Substring(text)
    var negative = false
    if t.first == "-" { negative = true; t = t.dropFirst() } else if t.first == "+" { t = t.dropFirst() }
    guard !t.isEmpty, t.count <= 18, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t) else { return nil }
    return negative ? -v : v
}

/// A non-negative number in decimal or, with `0x`, hexadecimal (marks, masks, TOS values).
func parseVRRPHexOrDecimal(_ text: String) -> Int? {
    if text.hasPrefix("0x") || text.hasPrefix("0X") {
        let digits = text.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        return Int(digits, radix: 16)
    }
    guard !text.hasPrefix("-") else { return nil }
    return parseVRRPDecimal(text)
}
