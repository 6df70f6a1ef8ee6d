/// A keyword with its arguments and, when it opens one, its block of nested statements.
///
/// This is the configuration's shape before any keyword is interpreted. keepalived's syntax is
/// line based: a statement is the words on one line; `{` on the same line or on the next one
/// opens the block of the statement before it; words after `{` or `}` on a line start a new
/// statement.
public struct Statement: Hashable, Sendable {
    public var keyword: String
    public var arguments: [String]
    public var location: SourceLocation
    /// The nested statements, or nil when the keyword did not open a block.
    public var block: [Statement]?

    public init(keyword: String, arguments: [String] = [], location: SourceLocation, block: [Statement]? = nil) {
        self.keyword = keyword
        self.arguments = arguments
        self.location = location
        self.block = block
    }

    /// Every word of the statement, the keyword first.
    public var words: [String] { [keyword] + arguments }

    /// The words of every statement inside the block, in order: how keepalived reads list blocks
    /// such as `group { VI_1 VI_2 }` or `notification_email { a@b c@d }`.
    public var blockWords: [(word: String, location: SourceLocation)] {
        (block ?? []).flatMap { s in s.words.map { ($0, s.location) } }
    }
}

/// Builds the statement tree from logical lines, reporting unbalanced braces.
public enum StatementParser {
    public static func parse(_ lines: [LogicalLine], diagnostics: inout DiagnosticLog) -> [Statement] {
        // A stack of open blocks; each holds the statements gathered so far and the statement
        // that opened it (nil for the top level).
        var stack: [(owner: Statement?, body: [Statement])] = [(nil, [])]
        /// A statement that can still take a `{` as the first word of the next line.
        var lastCanOpen = false

        for line in lines {
            let (tokens, unterminated) = Tokenizer.scan(line.text)
            if unterminated {
                diagnostics.error("unterminated quote: a '\"' is never closed on this line", at: line.location)
            }
            var words: [Token] = []

            func finishStatement() {
                guard !words.isEmpty else { return }
                let statement = Statement(keyword: words[0].text, arguments: words.dropFirst().map(\.text), location: line.location)
                stack[stack.count - 1].body.append(statement)
                words.removeAll()
                lastCanOpen = true
            }

            for token in tokens {
                if token.isOpenBrace {
                    if !words.isEmpty {
                        let statement = Statement(keyword: words[0].text, arguments: words.dropFirst().map(\.text), location: line.location)
                        words.removeAll()
                        stack.append((statement, []))
                    } else if lastCanOpen, let previous = stack[stack.count - 1].body.popLast() {
                        stack.append((previous, []))
                    } else {
                        diagnostics.error("'{' does not follow a keyword", at: line.location)
                        // Open an anonymous block so that its closing brace balances.
                        stack.append((Statement(keyword: "", location: line.location), []))
                    }
                    lastCanOpen = false
                } else if token.isCloseBrace {
                    finishStatement()
                    if stack.count > 1 {
                        let (owner, body) = stack.removeLast()
                        var closed = owner!
                        closed.block = body
                        if closed.keyword.isEmpty {
                            stack[stack.count - 1].body.append(contentsOf: body)
                        } else {
                            stack[stack.count - 1].body.append(closed)
                        }
                    } else {
                        diagnostics.error("unmatched '}'", at: line.location)
                    }
                    lastCanOpen = false
                } else {
                    words.append(token)
                }
            }
            finishStatement()
        }
        while stack.count > 1 {
            let (owner, body) = stack.removeLast()
            var closed = owner!
            diagnostics.error("block '\(closed.keyword)' opened here is not closed: missing '}'", at: closed.location)
            closed.block = body
            stack[stack.count - 1].body.append(closed)
        }
        return stack[0].body
    }
}
