/// The RFC 1071 one's-complement sum, used by IPv4 headers, VRRP and ICMPv6.
public struct InternetChecksum: Sendable {
    private var sum: UInt32 = 0
    private var odd: UInt8? = nil

    public init() {}

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for b in bytes {
            if let high = odd {
                sum &+= UInt32(high) << 8 | UInt32(b)
                odd = nil
            } else {
                odd = b
            }
        }
    }

    public mutating func add16(_ v: UInt16) { add([UInt8(v >> 8), UInt8(truncatingIfNeeded: v)]) }

    /// The checksum to store: the complement of the folded sum.
    public var value: UInt16 {
        var s = sum
        if let high = odd { s &+= UInt32(high) << 8 }
        while s >> 16 != 0 { s = (s & 0xFFFF) + (s >> 16) }
        return ~UInt16(s)
    }

    public static func of(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var c = InternetChecksum()
        c.add(bytes)
        return c.value
    }
}
