/// How many arguments a keyword takes, checked before its handler runs so that every keyword
/// reports arity problems the same way.
public enum Arity: Hashable, Sendable {
    /// A flag: no argument (`nopreempt`).
    case flag
    /// A flag that may carry a boolean (`smtp_alert`, `smtp_alert off`).
    case optionalBool
    /// Exactly n words.
    case exactly(Int)
    /// Between min and max words.
    case between(Int, Int)
    /// At least n words; the rest of the line belongs to the value (scripts, commands).
    case atLeast(Int)
    /// A block `{ ... }`, with no argument before it (`virtual_ipaddress {`).
    case block
    /// A named block: n words then `{ ... }` (`vrrp_instance NAME {`).
    case namedBlock(Int)
    /// Either a value on the line or a block (`track_script`, `unicast_peer`).
    case valueOrBlock

    var takesBlock: Bool {
        switch self {
        case .block, .namedBlock: return true
        default: return false
        }
    }
}

/// One keyword of a block: its name, arity, what it does to the model, and its documentation.
public struct Keyword<Model>: Sendable {
    public typealias Handler = @Sendable (inout Model, Statement, inout ConfigReader) -> Void
    public var name: String
    public var arity: Arity
    public var summary: String
    public var handler: Handler

    public init(_ name: String, _ arity: Arity, _ summary: String = "", _ handler: @escaping Handler) {
        self.name = name
        self.arity = arity
        self.summary = summary
        self.handler = handler
    }
}

/// The keywords one block accepts, as data: the parser dispatches through it, and the tests and
/// `docs/configuration.md` enumerate it.
public struct KeywordTable<Model>: Sendable {
    public var blockName: String
    public private(set) var keywords: [Keyword<Model>]
    private var index: [String: Int]

    public init(_ blockName: String, _ keywords: [Keyword<Model>]) {
        self.blockName = blockName
        self.keywords = keywords
        var index: [String: Int] = [:]
        for (i, k) in keywords.enumerated() {
            precondition(index[k.name] == nil, "keyword \(k.name) defined twice in \(blockName)")
            index[k.name] = i
        }
        self.index = index
    }

    public var names: [String] { keywords.map(\.name) }

    public func keyword(named name: String) -> Keyword<Model>? {
        index[name].map { keywords[$0] }
    }

    /// Applies each statement to `model`; unknown keywords warn and are skipped.
    public func apply(_ statements: [Statement], to model: inout Model, reader: inout ConfigReader) {
        for statement in statements {
            apply(statement, to: &model, reader: &reader)
        }
    }

    public func apply(_ statement: Statement, to model: inout Model, reader: inout ConfigReader) {
        guard let keyword = keyword(named: statement.keyword) else {
            reader.diagnostics.warning("unknown keyword '\(statement.keyword)' in \(blockName)", at: statement.location)
            return
        }
        guard reader.checkArity(keyword.arity, statement) else { return }
        keyword.handler(&model, statement, &reader)
    }
}

/// Reads typed values out of statements and records every problem it finds.
///
/// Each accessor returns nil after reporting an error, so a handler can simply skip the
/// assignment and parsing goes on.
public struct ConfigReader: Sendable {
    public var diagnostics = DiagnosticLog()

    public init() {}

    // MARK: arity

    mutating func checkArity(_ arity: Arity, _ s: Statement) -> Bool {
        let n = s.arguments.count
        let name = s.keyword
        switch arity {
        case .flag:
            if s.block != nil { diagnostics.error("'\(name)' does not take a block", at: s.location); return false }
            if n > 0 { extra(s, allowed: 0) }
        case .optionalBool:
            if s.block != nil { diagnostics.error("'\(name)' does not take a block", at: s.location); return false }
            if n > 1 { extra(s, allowed: 1) }
        case .exactly(let k):
            if s.block != nil { diagnostics.error("'\(name)' does not take a block", at: s.location); return false }
            if n < k {
                diagnostics.error(k == 1 ? "'\(name)' needs a value" : "'\(name)' needs \(k) values", at: s.location)
                return false
            }
            if n > k { extra(s, allowed: k) }
        case .between(let low, let high):
            if s.block != nil { diagnostics.error("'\(name)' does not take a block", at: s.location); return false }
            if n < low {
                diagnostics.error(low == 1 ? "'\(name)' needs a value" : "'\(name)' needs at least \(low) values", at: s.location)
                return false
            }
            if n > high { extra(s, allowed: high) }
        case .atLeast(let k):
            if s.block != nil { diagnostics.error("'\(name)' does not take a block", at: s.location); return false }
            if n < k {
                diagnostics.error(k == 1 ? "'\(name)' needs a value" : "'\(name)' needs at least \(k) values", at: s.location)
                return false
            }
        case .block:
            guard s.block != nil else {
                diagnostics.error("'\(name)' must be followed by a '{ ... }' block", at: s.location)
                return false
            }
            if n > 0 { extra(s, allowed: 0) }
        case .namedBlock(let k):
            if n < k {
                diagnostics.error(k == 1 ? "'\(name)' needs a name" : "'\(name)' needs \(k) values", at: s.location)
                return false
            }
            guard s.block != nil else {
                diagnostics.error("'\(name)' must be followed by a '{ ... }' block", at: s.location)
                return false
            }
        case .valueOrBlock:
            if s.block == nil && n == 0 {
                diagnostics.error("'\(name)' needs a value or a '{ ... }' block", at: s.location)
                return false
            }
        }
        return true
    }

    /// Extra words after a keyword's value: keepalived silently ignores them, which hides
    /// mistakes such as two keywords on one line, so we warn.
    mutating func extra(_ s: Statement, allowed: Int) {
        let ignored = s.arguments.dropFirst(allowed).joined(separator: " ")
        diagnostics.warning("'\(s.keyword)' takes \(allowed == 0 ? "no value" : allowed == 1 ? "one value" : "\(allowed) values"); ignoring '\(ignored)'", at: s.location)
    }

    // MARK: values

    public mutating func integer(_ s: Statement, _ index: Int = 0, in range: ClosedRange<Int>, what: String? = nil) -> Int? {
        integer(s.arguments[index], at: s.location, in: range, what: what ?? s.keyword)
    }

    public mutating func integer(_ text: String, at location: SourceLocation, in range: ClosedRange<Int>, what: String) -> Int? {
        guard let v = parseInteger(text) else {
            diagnostics.error("'\(what)' needs an integer, got '\(text)'", at: location)
            return nil
        }
        guard range.contains(v) else {
            diagnostics.error("'\(what)' \(v) is out of range [\(range.lowerBound), \(range.upperBound)]", at: location)
            return nil
        }
        return v
    }

    /// keepalived's booleans: on|off|true|false|yes|no; a flag with no argument is true.
    public mutating func bool(_ s: Statement, _ index: Int = 0) -> Bool? {
        guard index < s.arguments.count else { return true }
        let text = s.arguments[index]
        switch text {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        default:
            diagnostics.error("'\(s.keyword)' needs on|off|true|false|yes|no, got '\(text)'", at: s.location)
            return nil
        }
    }

    /// A time in seconds, fractions allowed (microsecond resolution), returned in microseconds.
    public mutating func timer(_ s: Statement, _ index: Int = 0, in range: ClosedRange<Double> = 0...Double(UInt32.max), what: String? = nil) -> Int? {
        let text = s.arguments[index]
        let what = what ?? s.keyword
        guard let seconds = parseDecimal(text), seconds.isFinite else {
            diagnostics.error("'\(what)' needs a time in seconds, got '\(text)'", at: s.location)
            return nil
        }
        guard range.contains(seconds) else {
            diagnostics.error("'\(what)' \(text) is out of range [\(formatSeconds(range.lowerBound)), \(formatSeconds(range.upperBound))] seconds", at: s.location)
            return nil
        }
        return Int((seconds * 1_000_000).rounded())
    }

    public mutating func decimal(_ s: Statement, _ index: Int = 0, in range: ClosedRange<Double>) -> Double? {
        let text = s.arguments[index]
        guard let v = parseDecimal(text), v.isFinite else {
            diagnostics.error("'\(s.keyword)' needs a number, got '\(text)'", at: s.location)
            return nil
        }
        guard range.contains(v) else {
            diagnostics.error("'\(s.keyword)' \(text) is out of range [\(formatSeconds(range.lowerBound)), \(formatSeconds(range.upperBound))]", at: s.location)
            return nil
        }
        return v
    }

    public mutating func address(_ text: String, at location: SourceLocation, what: String) -> IPAddress? {
        guard let a = IPAddress(text) else {
            diagnostics.error("'\(what)': '\(text)' is not an IPv4 or IPv6 address", at: location)
            return nil
        }
        return a
    }

    public mutating func address(_ s: Statement, _ index: Int = 0) -> IPAddress? {
        address(s.arguments[index], at: s.location, what: s.keyword)
    }

    public mutating func prefix(_ text: String, at location: SourceLocation, what: String) -> IPPrefix? {
        guard let p = IPPrefix(text) else {
            if let slash = text.firstIndex(of: "/"), IPAddress(text[..<slash]) != nil {
                diagnostics.error("'\(what)': bad prefix length in '\(text)'", at: location)
            } else {
                diagnostics.error("'\(what)': '\(text)' is not an IPv4 or IPv6 address", at: location)
            }
            return nil
        }
        return p
    }

    public mutating func port(_ text: String, at location: SourceLocation, what: String) -> Int? {
        integer(text, at: location, in: 0...65535, what: what)
    }

    /// One of a fixed set of words.
    public mutating func choice<T>(_ s: Statement, _ index: Int = 0, _ options: [String: T]) -> T? {
        let text = s.arguments[index]
        if let v = options[text] { return v }
        if let v = options.first(where: { $0.key.lowercased() == text.lowercased() })?.value { return v }
        diagnostics.error("'\(s.keyword)' must be one of \(options.keys.sorted().joined(separator: ", ")); got '\(text)'", at: s.location)
        return nil
    }

    /// The rest of the line as a script command line, as written (keepalived joins the words
    /// with spaces). `Tokenizer.commandWords` splits it into the program and its arguments.
    public func command(_ s: Statement, from index: Int = 0) -> String {
        s.arguments.dropFirst(index).joined(separator: " ")
    }

    public mutating func error(_ message: String, at s: Statement) { diagnostics.error(message, at: s.location) }
    public mutating func warning(_ message: String, at s: Statement) { diagnostics.warning(message, at: s.location) }
}

// MARK: - number parsing shared by the readers

/// Decimal only, optionally signed, leading zeros allowed (`010` is ten), as keepalived reads
/// integers; no hexadecimal, no fraction, no trailing garbage.
func parseInteger(_ text: String) -> Int? {
    var t = Substring(text)
    var negative = false
    if t.first == "-" { negative = true; t = t.dropFirst() } else if t.first == "+" { t = t.dropFirst() }
    guard !t.isEmpty, t.utf8.count <= 18, t.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(t) else { return nil }
    return negative ? -value : value
}

/// A plain decimal number such as 3, 0.05 or 2.71828 (no exponent, no hex).
func parseDecimal(_ text: String) -> Double? {
    guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }) else { return nil }
    return Double(text)
}

func formatSeconds(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : String(v)
}
