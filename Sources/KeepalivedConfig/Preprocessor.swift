/// One line of configuration after preprocessing, with the place it came from.
public struct LogicalLine: Hashable, Sendable {
    public var text: String
    public var location: SourceLocation

    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// What the preprocessor needs to know beyond the files themselves.
public struct PreprocessorOptions: Sendable {
    /// The config id that `@id` / `@^id` lines are tested against (`-i`; default: short host name).
    public var configID: String
    /// The directory relative paths are resolved against for the main file, and that `${_PWD}`
    /// is made absolute with.
    public var workingDirectory: String
    /// `-e` / `--all-config`: a plain `include` that matches nothing is an error.
    public var requireAllIncludes: Bool
    /// Seed for `${_RANDOM}`, so that a configuration can be reproduced.
    public var randomSeed: UInt64
    /// Limits that turn a hostile or runaway configuration into a clear error.
    public var maximumIncludeDepth: Int
    public var maximumLines: Int
    public var maximumExpansionDepth: Int
    /// Longest line that expansion may produce.
    public var maximumLineLength: Int

    public init(configID: String, workingDirectory: String = "/", requireAllIncludes: Bool = false,
                randomSeed: UInt64 = 0x6b61_6c69_7665_6421, maximumIncludeDepth: Int = 32,
                maximumLines: Int = 5_000_000, maximumExpansionDepth: Int = 64, maximumLineLength: Int = 1 << 20) {
        self.configID = configID
        self.workingDirectory = workingDirectory
        self.requireAllIncludes = requireAllIncludes
        self.randomSeed = randomSeed
        self.maximumIncludeDepth = maximumIncludeDepth
        self.maximumLines = maximumLines
        self.maximumExpansionDepth = maximumExpansionDepth
        self.maximumLineLength = maximumLineLength
    }
}

/// Turns configuration files into logical lines, doing what keepalived does before keywords
/// are looked at: comments, `include` (with globs, relative to the including file),
/// `@id` / `@^id` conditional lines, `$NAME=value` definitions (multi-line with `\`) and their
/// expansion as `$NAME` / `${NAME}`, and `~SEQ` / `~SEQx` / `~LST` line multiplication.
///
/// Pure: all file access goes through the injected `ConfigFileSystem`.
public struct Preprocessor {
    public let fileSystem: any ConfigFileSystem
    public let options: PreprocessorOptions

    private var definitions: [String: [String]] = [:]
    private var pendingDefinition: (name: String, lines: [String])?
    private var includeStack: [String] = []
    private var currentDirectory: String = "/"
    private var random: SplitMix64
    private var stopped = false
    public private(set) var lines: [LogicalLine] = []
    public private(set) var diagnostics = DiagnosticLog()
    /// Every file read, in order (for reload previews and the consolidated text).
    public private(set) var filesRead: [String] = []

    public init(fileSystem: any ConfigFileSystem, options: PreprocessorOptions) {
        self.fileSystem = fileSystem
        self.options = options
        self.random = SplitMix64(seed: options.randomSeed)
        self.currentDirectory = options.workingDirectory
    }

    /// Preprocesses `path` and everything it includes.
    public static func run(path: String, fileSystem: any ConfigFileSystem, options: PreprocessorOptions)
        -> (lines: [LogicalLine], diagnostics: DiagnosticLog, files: [String]) {
        var p = Preprocessor(fileSystem: fileSystem, options: options)
        p.process(file: Path.join(options.workingDirectory, path), displayName: path, includedFrom: nil)
        return (p.lines, p.diagnostics, p.filesRead)
    }

    // MARK: files

    mutating func process(file path: String, displayName: String, includedFrom: SourceLocation?) {
        if stopped { return }
        let normalized = Path.normalize(path)
        if includeStack.contains(normalized) {
            diagnostics.error("include loop: '\(displayName)' includes itself (through \(includeStack.map { "'\($0)'" }.joined(separator: " → ")))", at: includedFrom)
            return
        }
        if includeStack.count >= options.maximumIncludeDepth {
            diagnostics.error("includes nested more than \(options.maximumIncludeDepth) deep", at: includedFrom)
            return
        }
        let text: String
        do {
            text = try fileSystem.read(path)
        } catch {
            if includedFrom == nil {
                diagnostics.error("\(error)", at: nil)
            } else {
                diagnostics.error("\(error)", at: includedFrom)
            }
            return
        }
        filesRead.append(normalized)
        includeStack.append(normalized)
        let savedDirectory = currentDirectory
        currentDirectory = Path.directory(of: normalized)
        defer {
            includeStack.removeLast()
            currentDirectory = savedDirectory
        }

        var lineNumber = 0
        var definitionStart: SourceLocation? = nil
        for rawLine in splitLines(text) {
            lineNumber += 1
            if stopped { return }
            let location = SourceLocation(file: displayName, line: lineNumber)
            var line = Substring(stripComment(rawLine))
            line = trimmed(line)

            if var pending = pendingDefinition {
                if line.isEmpty { continue }
                if line.last == "\\" {
                    pending.lines.append(String(trimmed(line.dropLast())))
                    pendingDefinition = pending
                } else {
                    pending.lines.append(String(line))
                    definitions[pending.name] = pending.lines.filter { !$0.isEmpty }
                    pendingDefinition = nil
                    definitionStart = nil
                }
                continue
            }
            if line.isEmpty { continue }
            if let include = includeDirective(line) {
                processInclude(kind: include.kind, pattern: include.pattern, at: location)
                continue
            }
            processLine(String(line), at: location, depth: 0)
            if pendingDefinition != nil && definitionStart == nil { definitionStart = location }
        }
        if let pending = pendingDefinition, let start = definitionStart {
            diagnostics.error("multi-line definition of '$\(pending.name)' is not finished at the end of the file", at: start)
            definitions[pending.name] = pending.lines
            pendingDefinition = nil
        }
    }

    private enum IncludeKind: String { case include, includer, includem, includew, includeb, includea, includet }

    private func includeDirective(_ line: Substring) -> (kind: IncludeKind, pattern: String)? {
        guard line.hasPrefix("include") else { return nil }
        let word = line.prefix { !$0.isWhitespace }
        guard let kind = IncludeKind(rawValue: String(word)) else { return nil }
        var rest = trimmed(line.dropFirst(word.count))
        if rest.count >= 2, let q = rest.first, q == "\"" || q == "'", rest.last == q {
            rest = rest.dropFirst().dropLast()
        }
        return (kind, String(rest))
    }

    private mutating func processInclude(kind: IncludeKind, pattern: String, at location: SourceLocation) {
        guard !pattern.isEmpty else {
            diagnostics.error("'\(kind.rawValue)' needs a file name or pattern", at: location)
            return
        }
        let absolutePattern = Path.join(currentDirectory, pattern)
        let isWildcard = pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "{" }
        var matches = fileSystem.glob(absolutePattern)
        if !isWildcard && matches.isEmpty {
            // glob() only returns existing files; try the name itself so that an unreadable
            // file is reported as such.
            if (try? fileSystem.read(absolutePattern)) != nil { matches = [absolutePattern] }
        }
        if matches.isEmpty {
            let strict = kind != .include || options.requireAllIncludes
            let message = isWildcard ? "include pattern '\(pattern)' matches no file" : "included file '\(pattern)' does not exist"
            if strict {
                diagnostics.error(message, at: location)
            } else if isWildcard {
                diagnostics.note(message, at: location)
            } else {
                diagnostics.warning(message, at: location)
            }
            return
        }
        for match in matches {
            let display = pattern.hasPrefix("/") ? match : relativeDisplayName(match)
            process(file: match, displayName: display, includedFrom: location)
        }
    }

    private func relativeDisplayName(_ path: String) -> String {
        let cwd = Path.normalize(options.workingDirectory)
        let prefix = cwd == "/" ? "/" : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    // MARK: lines

    private mutating func emit(_ text: String, at location: SourceLocation) {
        if lines.count >= options.maximumLines {
            if !stopped {
                diagnostics.error("the configuration expands to more than \(options.maximumLines) lines; giving up", at: location)
                stopped = true
            }
            return
        }
        lines.append(LogicalLine(text, at: location))
    }

    mutating func processLine(_ text: String, at location: SourceLocation, depth: Int) {
        if stopped { return }
        guard depth <= options.maximumExpansionDepth else {
            diagnostics.error("definitions expand more than \(options.maximumExpansionDepth) levels deep (a definition that refers to itself?)", at: location)
            return
        }
        var line = trimmed(Substring(text))
        if line.isEmpty { return }
        // Fast path: most lines are plain keyword lines.
        if let first = line.utf8.first, first != 0x40, first != 0x24, first != 0x7E, !line.utf8.contains(0x24) {
            emit(String(line), at: location)
            return
        }

        // @id / @^id
        if line.first == "@" {
            var body = line.dropFirst()
            var negate = false
            if body.first == "^" { negate = true; body = body.dropFirst() }
            let id = body.prefix { !$0.isWhitespace }
            let matches = id == options.configID
            if matches == negate { return }
            line = trimmed(body.dropFirst(id.count))
            if line.isEmpty { return }
        }

        // $NAME=value
        if line.first == "$", let (name, value) = definition(line) {
            let v = trimmed(value)
            if v.last == "\\" {
                if depth == 0 {
                    let first = trimmed(v.dropLast())
                    pendingDefinition = (name, first.isEmpty ? [] : [String(first)])
                } else {
                    definitions[name] = [String(trimmed(v.dropLast()))]
                }
            } else {
                definitions[name] = [String(v)]
            }
            return
        }

        // ~SEQ / ~SEQx / ~LST
        if line.hasPrefix("~SEQ") || line.hasPrefix("~LST") {
            expandMultiplier(line, at: location, depth: depth)
            return
        }

        if line.contains("$") {
            switch substitute(line, depth: 0) {
            case .unchanged:
                break
            case .failed(let message):
                diagnostics.error(message, at: location)
                return
            case .replaced(let expanded):
                for piece in expanded.split(separator: "\n", omittingEmptySubsequences: true) {
                    processLine(String(piece), at: location, depth: depth + 1)
                }
                return
            }
        }
        emit(String(line), at: location)
    }

    private func definition(_ line: Substring) -> (String, Substring)? {
        let body = line.dropFirst()
        guard let first = body.first, first == "_" || (first.isASCII && first.isLetter) else { return nil }
        let name = body.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let rest = body.dropFirst(name.count)
        guard rest.first == "=" else { return nil }
        return (String(name), rest.dropFirst())
    }

    // MARK: substitution

    private enum Substitution { case unchanged, replaced(String), failed(String) }

    private mutating func substitute(_ text: Substring, depth: Int) -> Substitution {
        if depth > options.maximumExpansionDepth {
            return .failed("definitions expand more than \(options.maximumExpansionDepth) levels deep (a definition that refers to itself?)")
        }
        var out = ""
        var changed = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            guard c == "$" else { out.append(c); i = text.index(after: i); continue }
            let afterDollar = text.index(after: i)
            var name: Substring = ""
            var end = afterDollar
            if afterDollar < text.endIndex && text[afterDollar] == "{" {
                guard let close = text[afterDollar...].firstIndex(of: "}") else { out.append(c); i = afterDollar; continue }
                name = text[text.index(after: afterDollar)..<close]
                end = text.index(after: close)
            } else {
                name = text[afterDollar...].prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
                end = text.index(afterDollar, offsetBy: name.count)
                // A bare $NAME is only replaced when followed by white space or the end.
                if end < text.endIndex && !text[end].isWhitespace { out.append(c); i = afterDollar; continue }
            }
            guard let value = lookup(name) else { out.append(c); i = afterDollar; continue }
            var replacement = value
            if replacement.contains("$") {
                switch substitute(Substring(replacement), depth: depth + 1) {
                case .unchanged: break
                case .replaced(let r): replacement = r
                case .failed(let m): return .failed(m)
                }
            }
            out += replacement
            if out.utf8.count > options.maximumLineLength {
                return .failed("a line expands to more than \(options.maximumLineLength / 1024) KiB")
            }
            changed = true
            i = end
        }
        return changed ? .replaced(out) : .unchanged
    }

    private mutating func lookup(_ name: Substring) -> String? {
        if let lines = definitions[String(name)] { return lines.joined(separator: "\n") }
        let words = name.split(separator: " ", omittingEmptySubsequences: true)
        switch words.first {
        case "_PWD": return absolute(currentDirectory)
        case "_INSTANCE": return options.configID
        case "_HASH": return "#"
        case "_BANG": return "!"
        case "_RANDOM":
            let low = words.count > 1 ? UInt64(words[1]) ?? 0 : 0
            let high = words.count > 2 ? UInt64(words[2]) ?? 32767 : 32767
            guard high >= low else { return String(low) }
            return String(low + random.next() % (high - low + 1))
        default: return nil
        }
    }

    private func absolute(_ directory: String) -> String {
        Path.normalize(Path.join(options.workingDirectory, directory))
    }

    // MARK: ~SEQ and ~LST

    private mutating func expandMultiplier(_ line: Substring, at location: SourceLocation, depth: Int) {
        guard let open = line.firstIndex(of: "("), let close = matchingParenthesis(line, from: open) else {
            diagnostics.error("'\(line.prefix(5))' needs a parenthesised list: ~SEQ(var, start, step, end) or ~LST(var, value, ...)", at: location)
            return
        }
        let keyword = line[..<open]
        let inner = line[line.index(after: open)..<close]
        let rest = String(trimmed(line[line.index(after: close)...]))
        var assignments: [[(String, String)]] = []
        switch keyword {
        case "~SEQ", "~SEQx":
            let args = inner.split(separator: ",", omittingEmptySubsequences: false).map { String(trimmed($0)) }
            guard args.count >= 2 && args.count <= 4, isVariableName(args[0]) else {
                diagnostics.error("~SEQ takes (var, end), (var, start, end) or (var, start, step, end)", at: location)
                return
            }
            let numbers = args.dropFirst().map { parseSequenceNumber($0) }
            guard numbers.allSatisfy({ $0 != nil }) else {
                diagnostics.error("~SEQ bounds must be integers, got '\(args.dropFirst().joined(separator: ", "))'", at: location)
                return
            }
            let n = numbers.map { $0! }
            let end = n.last!
            let start = n.count >= 2 ? n[0] : (end >= 0 ? 1 : -1)
            let step = n.count == 3 ? n[1] : (end >= start ? 1 : -1)
            guard step != 0 else { diagnostics.error("~SEQ step must not be 0", at: location); return }
            let hex = keyword == "~SEQx"
            var v = start
            var count = 0
            while (step > 0 && v <= end) || (step < 0 && v >= end) {
                count += 1
                if count > options.maximumLines { diagnostics.error("~SEQ produces too many lines", at: location); stopped = true; return }
                assignments.append([(args[0], hex ? String(v, radix: 16) : String(v))])
                v += step
            }
        case "~LST":
            guard let parsed = parseList(inner) else {
                diagnostics.error("~LST takes (var, value, ...) or ({var1, var2}, {v1, v2}, ...)", at: location)
                return
            }
            assignments = parsed
        default:
            diagnostics.error("unknown line multiplier '\(keyword)'", at: location)
            return
        }
        guard !rest.isEmpty else { return }
        for assignment in assignments {
            let saved = assignment.map { ($0.0, definitions[$0.0]) }
            for (name, value) in assignment { definitions[name] = [value] }
            processLine(rest, at: location, depth: depth + 1)
            for (name, old) in saved { definitions[name] = old }
            if stopped { return }
        }
    }

    private func matchingParenthesis(_ s: Substring, from open: Substring.Index) -> Substring.Index? {
        var level = 0
        var i = open
        while i < s.endIndex {
            if s[i] == "(" { level += 1 }
            if s[i] == ")" { level -= 1; if level == 0 { return i } }
            i = s.index(after: i)
        }
        return nil
    }

    private func parseSequenceNumber(_ s: String) -> Int? {
        var t = Substring(s)
        var negative = false
        if t.first == "-" { negative = true; t = t.dropFirst() }
        let value: Int?
        if t.hasPrefix("0x") || t.hasPrefix("0X") { value = Int(t.dropFirst(2), radix: 16) } else { value = Int(t) }
        guard let v = value else { return nil }
        return negative ? -v : v
    }

    private func isVariableName(_ s: String) -> Bool {
        guard let f = s.first, f == "_" || (f.isASCII && f.isLetter) else { return false }
        return s.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// `var, a, b` or `{v1, v2}, {a1, a2}, {b1, b2}`.
    private func parseList(_ inner: Substring) -> [[(String, String)]]? {
        var items: [[String]] = []
        var i = inner.startIndex
        while i < inner.endIndex {
            while i < inner.endIndex && (inner[i].isWhitespace || inner[i] == ",") { i = inner.index(after: i) }
            guard i < inner.endIndex else { break }
            if inner[i] == "{" {
                guard let close = inner[i...].firstIndex(of: "}") else { return nil }
                let group = inner[inner.index(after: i)..<close].split(separator: ",", omittingEmptySubsequences: false).map { String(trimmed($0)) }
                items.append(group)
                i = inner.index(after: close)
            } else {
                let end = inner[i...].firstIndex(of: ",") ?? inner.endIndex
                items.append([String(trimmed(inner[i..<end]))])
                i = end
            }
        }
        guard let names = items.first, !names.isEmpty, names.allSatisfy(isVariableName), items.count >= 2 else { return nil }
        var out: [[(String, String)]] = []
        for values in items.dropFirst() {
            guard values.count == names.count else { return nil }
            out.append(Array(zip(names, values)))
        }
        return out
    }
}

// MARK: - helpers shared by the lexing stages

/// Drops a `#` or `!` comment that is outside double quotes (keepalived does not treat single
/// quotes as quoting here).
func stripComment(_ line: Substring) -> Substring {
    // Byte scan: every character that matters here is ASCII, and UTF-8 never uses ASCII
    // bytes inside a multi-byte sequence.
    let bytes = line.utf8
    var inQuote = false
    var escaped = false
    var i = bytes.startIndex
    while i < bytes.endIndex {
        let c = bytes[i]
        if escaped { escaped = false }
        else if c == 0x5C { escaped = true }                 // backslash
        else if inQuote { if c == 0x22 { inQuote = false } } // "
        else if c == 0x22 { inQuote = true }
        else if c == 0x23 || c == 0x21 { return Substring(bytes[bytes.startIndex..<i]) } // # !
        i = bytes.index(after: i)
    }
    return line
}

@inline(__always)
func isSpaceByte(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

func trimmed(_ s: Substring) -> Substring {
    let bytes = s.utf8
    var start = bytes.startIndex, end = bytes.endIndex
    while start < end && isSpaceByte(bytes[start]) { start = bytes.index(after: start) }
    while end > start && isSpaceByte(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
    if start == bytes.startIndex && end == bytes.endIndex { return s }
    return Substring(bytes[start..<end])
}

/// The lines of a text, split at LF (a CR before it is dropped with the other white space).
func splitLines(_ text: String) -> [Substring] {
    var out: [Substring] = []
    let bytes = text.utf8
    var start = bytes.startIndex
    var i = start
    while i < bytes.endIndex {
        if bytes[i] == 0x0A {
            out.append(Substring(bytes[start..<i]))
            start = bytes.index(after: i)
        }
        i = bytes.index(after: i)
    }
    out.append(Substring(bytes[start..<bytes.endIndex]))
    return out
}

/// A small, fast, seedable generator for `${_RANDOM}`.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
