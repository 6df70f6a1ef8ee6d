/// An address with a prefix length, as written `192.0.2.1/24` or `2001:db8::1/64`.
///
/// VIPs, routes and `virtual_server` ranges are all prefixes; the host bits are kept (a VIP
/// `192.0.2.1/24` is the address .1 on a /24, not the network .0).
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var length: Int

    public init(address: IPAddress, length: Int) {
        self.address = address
        self.length = length
    }

    /// Parses `ADDR` or `ADDR/LEN`. Without a length, the full host length is used.
    public init?(_ text: some StringProtocol) {
        let s = String(text)
        if let slash = s.firstIndex(of: "/") {
            guard let a = IPAddress(s[..<slash]) else { return nil }
            let lenText = s[s.index(after: slash)...]
            guard !lenText.isEmpty, lenText.utf8.count <= 3, lenText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let l = Int(lenText), l >= 0, l <= a.family.bitWidth else { return nil }
            self.init(address: a, length: l)
        } else {
            guard let a = IPAddress(s) else { return nil }
            self.init(address: a, length: a.family.bitWidth)
        }
    }

    public var family: AddressFamily { address.family }

    /// The network address: host bits cleared.
    public var network: IPAddress {
        switch address {
        case .v4(let a):
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
            return .v4(IPv4Address(a.value & mask))
        case .v6(let a):
            let mask: UInt128 = length == 0 ? 0 : ~UInt128(0) << UInt128(128 - length)
            return .v6(IPv6Address(a.value & mask))
        }
    }

    /// True when `other` lies inside this prefix.
    public func contains(_ other: IPAddress) -> Bool {
        guard other.family == family else { return false }
        return IPPrefix(address: other, length: length).network == network
    }

    public var description: String { "\(address)/\(length)" }
}
