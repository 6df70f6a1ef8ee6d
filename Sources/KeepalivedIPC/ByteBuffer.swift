/// Appends big-endian integers and length-prefixed strings: the IPC payload encoding.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u16(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v)) }
    public mutating func u32(_ v: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }
    public mutating func u64(_ v: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }
    public mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    /// UInt32 length, then the UTF-8 bytes.
    public mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    public mutating func raw(_ b: some Sequence<UInt8>) { bytes.append(contentsOf: b) }
}

/// Why a payload could not be decoded.
public enum DecodeError: Error, Equatable, Sendable {
    case truncated(needed: Int, available: Int)
    case invalidValue(String)
    case tooLarge(String, Int)
}

/// Reads what `ByteWriter` wrote, checking every length against what is left.
public struct ByteReader: Sendable {
    let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int) throws(DecodeError) -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw .truncated(needed: n, available: remaining) }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    public mutating func u8() throws(DecodeError) -> UInt8 { try take(1).first! }
    public mutating func u16() throws(DecodeError) -> UInt16 {
        let s = try take(2)
        return UInt16(s[s.startIndex]) << 8 | UInt16(s[s.startIndex + 1])
    }
    public mutating func u32() throws(DecodeError) -> UInt32 {
        try take(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
    public mutating func u64() throws(DecodeError) -> UInt64 {
        try take(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
    public mutating func bool() throws(DecodeError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let v: throw .invalidValue("boolean \(v)")
        }
    }
    public mutating func string(maximum: Int = IPCLimits.maximumMessageSize) throws(DecodeError) -> String {
        let n = Int(try u32())
        guard n <= maximum else { throw .tooLarge("string", n) }
        return String(decoding: try take(n), as: UTF8.self)
    }
    /// A count of following items, bounded so that a hostile count cannot make us allocate.
    public mutating func count(maximum: Int) throws(DecodeError) -> Int {
        let n = Int(try u32())
        guard n <= maximum, n <= remaining else { throw .tooLarge("count", n) }
        return n
    }
}
