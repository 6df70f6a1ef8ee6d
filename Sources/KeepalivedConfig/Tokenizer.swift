/// One word of a configuration line.
public struct Token: Hashable, Sendable {
    public var text: String
    /// True when any part of the word was quoted (so `"{"` is a word, not a brace).
    public var quoted: Bool

    public init(_ text: String, quoted: Bool = false) {
        self.text = text
        self.quoted = quoted
    }

    var isOpenBrace: Bool { !quoted && text == "{" }
    var isCloseBrace: Bool { !quoted && text == "}" }
}

/// Splits a logical line into words the way keepalived 2.2 does: white space separates words,
/// `"` quotes (keeping the white space inside, and joining with the text around it), and an
/// unquoted `{` or `}` is always a word of its own. Single quotes are ordinary characters here,
/// and backslash escapes are kept as written (only `\"` inside quotes stands for a quote):
/// keepalived decodes both only in script command lines, which `Tokenizer.commandWords` does.
public enum Tokenizer {
    public static func tokens(_ line: String) -> [Token] { scan(line).tokens }

    /// The words, and whether a double quote was left open at the end of the line (keepalived
    /// reports that, and the value it was meant to quote is then missing).
    public static func scan(_ line: String) -> (tokens: [Token], unterminatedQuote: Bool) {
        var out: [Token] = []
        var current = ""
        var inWord = false
        var quoted = false
        var quote: Character? = nil
        var iterator = Array(line)
        var i = 0
        func flush() {
            if inWord { out.append(Token(current, quoted: quoted)) }
            current = ""; inWord = false; quoted = false
        }
        while i < iterator.count {
            let c = iterator[i]
            if let q = quote {
                if c == q { quote = nil; i += 1; continue }
                if c == "\\" && i + 1 < iterator.count && iterator[i + 1] == "\"" {
                    current.append("\""); i += 2; continue
                }
                current.append(c); i += 1; continue
            }
            if c == "\"" { quote = c; inWord = true; quoted = true; i += 1; continue }
            if c.isWhitespace { flush(); i += 1; continue }
            if c == "{" || c == "}" {
                flush()
                out.append(Token(String(c)))
                i += 1
                continue
            }
            current.append(c); inWord = true; i += 1
        }
        flush()
        iterator.removeAll()
        return (out, quote != nil)
    }

    /// The words of a script command line, as keepalived runs it: white space separates, single
    /// quotes group (keeping white space), and backslash escapes are decoded.
    public static func commandWords(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inWord = false
        var inQuote = false
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" && i + 1 < chars.count {
                let (decoded, consumed) = unescape(chars, from: i + 1)
                current += decoded; inWord = true; i += 1 + consumed; continue
            }
            if c == "'" { inQuote.toggle(); inWord = true; i += 1; continue }
            if c.isWhitespace && !inQuote {
                if inWord { out.append(current) }
                current = ""; inWord = false; i += 1; continue
            }
            current.append(c); inWord = true; i += 1
        }
        if inWord { out.append(current) }
        return out
    }

    /// Decodes the escape after a backslash: \a \b \E \f \n \r \t \v \nnn \xXX \cC, else C itself.
    static func unescape(_ chars: [Character], from start: Int) -> (String, Int) {
        let c = chars[start]
        switch c {
        case "a": return ("\u{07}", 1)
        case "b": return ("\u{08}", 1)
        case "E", "e": return ("\u{1B}", 1)
        case "f": return ("\u{0C}", 1)
        case "n": return ("\n", 1)
        case "r": return ("\r", 1)
        case "t": return ("\t", 1)
        case "v": return ("\u{0B}", 1)
        case "x":
            var value: UInt32 = 0
            var n = 0
            while start + 1 + n < chars.count, n < 2, let d = chars[start + 1 + n].hexDigitValue {
                value = value * 16 + UInt32(d); n += 1
            }
            guard n > 0, let scalar = Unicode.Scalar(value) else { return ("x", 1) }
            return (String(Character(scalar)), 1 + n)
        case "0"..."7":
            var value: UInt32 = 0
            var n = 0
            while start + n < chars.count, n < 3, let d = chars[start + n].wholeNumberValue, d < 8 {
                value = value * 8 + UInt32(d); n += 1
            }
            return (String(Character(Unicode.Scalar(value)!)), n)
        case "c":
            guard start + 1 < chars.count, let ascii = chars[start + 1].asciiValue else { return ("c", 1) }
            return (String(Character(Unicode.Scalar(ascii & 0x1F))), 2)
        default:
            return (String(c), 1)
        }
    }
}
