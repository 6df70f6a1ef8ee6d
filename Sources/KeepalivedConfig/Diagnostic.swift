/// Where a configuration line came from: the file (as named by the user or by `include`) and
/// the 1-based line number in that file.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// How bad a diagnostic is.
///
/// keepalived's `-t` fails on anything it reports, so both `error` and `warning` make a config
/// test fail (exit 5). They differ for the daemon: an error rejects the configuration (at start
/// or reload), a warning is reported and the line is ignored, as keepalived does. A `note` is
/// advice only and never fails anything.
public enum Severity: String, Hashable, Sendable, Comparable {
    case note, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        func rank(_ s: Severity) -> Int { s == .note ? 0 : s == .warning ? 1 : 2 }
        return rank(lhs) < rank(rhs)
    }
}

/// One finding about a configuration, printed as `file:line: severity: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var severity: Severity
    public var message: String
    /// What kind of problem: `-t` exits 6 instead of 5 for script-security problems, as keepalived does.
    public var category: Category

    /// The kinds of problem that change how `-t` exits.
    public enum Category: Hashable, Sendable {
        case general
        case scriptSecurity
    }

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, category: Category = .general) {
        self.severity = severity
        self.message = message
        self.location = location
        self.category = category
    }

    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "keepalived: \(severity.rawValue): \(message)"
    }
}

/// Collects every diagnostic of a parse, in the order found, instead of stopping at the first.
public struct DiagnosticLog: Sendable, Equatable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func error(_ message: String, at location: SourceLocation?) {
        all.append(Diagnostic(.error, message, at: location))
    }

    public mutating func warning(_ message: String, at location: SourceLocation?) {
        all.append(Diagnostic(.warning, message, at: location))
    }

    public mutating func note(_ message: String, at location: SourceLocation?) {
        all.append(Diagnostic(.note, message, at: location))
    }

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: DiagnosticLog) { all.append(contentsOf: other.all) }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    /// What keepalived's `-t` counts as a failure: any error or warning.
    public var failsConfigTest: Bool { all.contains { $0.severity >= .warning } }
}
