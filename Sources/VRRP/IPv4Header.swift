import NetworkAddress

/// The IPv4 header keepalived writes itself for adverts (IP_HDRINCL): TOS 0xc0 (network
/// control), TTL 255, DF clear, protocol 112, and an identification that counts up.
public struct IPv4Header: Hashable, Sendable {
    public var source: IPv4Address
    public var destination: IPv4Address
    public var identification: UInt16
    public var payloadLength: Int
    public var tos: UInt8 = 0xC0
    public var ttl: UInt8 = 255
    public var proto: UInt8 = 112

    public init(source: IPv4Address, destination: IPv4Address, identification: UInt16, payloadLength: Int) {
        self.source = source
        self.destination = destination
        self.identification = identification
        self.payloadLength = payloadLength
    }

    public func encode() -> [UInt8] {
        let total = 20 + payloadLength
        var h: [UInt8] = [0x45, tos, UInt8(total >> 8), UInt8(truncatingIfNeeded: total),
                          UInt8(identification >> 8), UInt8(truncatingIfNeeded: identification), 0, 0,
                          ttl, proto, 0, 0]
        h += source.bytes
        h += destination.bytes
        let sum = InternetChecksum.of(h)
        h[10] = UInt8(sum >> 8)
        h[11] = UInt8(truncatingIfNeeded: sum)
        return h
    }
}

/// A gratuitous ARP: an ARP request for the VIP from the VIP, target MAC broadcast, as
/// keepalived sends it, in an Ethernet frame.
public enum GratuitousARP {
    public static func frame(source mac: [UInt8], address: IPv4Address) -> [UInt8] {
        let broadcast = [UInt8](repeating: 0xFF, count: 6)
        var f = broadcast + mac + [0x08, 0x06]
        f += [0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01]
        f += mac + address.bytes + broadcast + address.bytes
        return f
    }
}
