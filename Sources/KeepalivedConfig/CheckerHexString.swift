/// Bytes written as keepalived's free-form hex strings (UDP_CHECK `payload`, `require_reply`):
/// each word is read two digits at a time, and an odd last digit is a byte of its own, so
/// `Ab12f 3 456` is AB 12 0F 03 45 06. In a reply pattern a digit may be `x`/`X`, meaning
/// "any value" for those four bits.
public struct CheckerHexPattern: Hashable, Sendable {
    public var bytes: [UInt8]
    /// For each byte, the bits that must match (0xFF = all).
    public var mask: [UInt8]

    public init(bytes: [UInt8], mask: [UInt8]) {
        self.bytes = bytes
        self.mask = mask
    }

    /// Parses the words; nil when a character is not a hex digit (or `x` when allowed), or
    /// when there are no digits at all.
    public init?(words: [String], allowWildcards: Bool) {
        var bytes: [UInt8] = []
        var mask: [UInt8] = []
        for word in words {
            var digits: [(value: UInt8, mask: UInt8)] = []
            for c in word.utf8 {
                if let v = hexNibble(c) {
                    digits.append((v, 0xF))
                } else if allowWildcards && (c == UInt8(ascii: "x") || c == UInt8(ascii: "X")) {
                    digits.append((0, 0))
                } else {
                    return nil
                }
            }
            var i = 0
            while i < digits.count {
                if i + 1 < digits.count {
                    bytes.append(digits[i].value << 4 | digits[i + 1].value)
                    mask.append(digits[i].mask << 4 | digits[i + 1].mask)
                    i += 2
                } else {
                    bytes.append(digits[i].value)
                    mask.append(0xF0 | digits[i].mask)
                    i += 1
                }
            }
        }
        guard !bytes.isEmpty else { return nil }
        self.bytes = bytes
        self.mask = mask
    }

    /// Whether `reply` matches over the shorter of the two lengths, as keepalived compares.
    public func matches(_ reply: [UInt8]) -> Bool {
        for i in 0..<min(reply.count, bytes.count) where reply[i] & mask[i] != bytes[i] & mask[i] {
            return false
        }
        return true
    }
}

private func hexNibble(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
