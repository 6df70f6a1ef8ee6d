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
        // Byte scan: the separators, quotes and braces are ASCII, and UTF-8 never uses ASCII
        // bytes inside a multi-byte sequence, so words are cut at the right places.
        var out: [Token] = []
        var current: [UInt8] = []
        var inWord = false
        var quoted = false
        var inQuote = false
        let bytes = Array(line.utf8)
        var i = 0
        @inline(__always) func flush() {
            if inWord { out.append(Token(String(decoding: current, as: UTF8.self), quoted: quoted)) }
            current.removeAll(keepingCapacity: true); inWord = false; quoted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if inQuote {
                if c == 0x22 { inQuote = false; i += 1; continue }
                if c == 0x5C && i + 1 < bytes.count && bytes[i + 1] == 0x22 { current.append(0x22); i += 2; continue }
                current.append(c); i += 1; continue
            }
            if c == 0x22 { inQuote = true; inWord = true; quoted = true; i += 1; continue }
            if isSpaceByte(c) { flush(); i += 1; continue }
            if c == 0x7B || c == 0x7D {  // { }
                flush()
                out.append(Token(c == 0x7B ? "{" : "}"))
                i += 1
                continue
            }
            current.append(c); inWord = true; i += 1
        }
        flush()
        return (out, inQuote)
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
