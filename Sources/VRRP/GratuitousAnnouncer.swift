import Glibc
import CShims
import KeepalivedSystem
import NetworkAddress

/// An IPv6 unsolicited neighbour advertisement (RFC 4861 §7.2.6) as keepalived sends for a
/// VIPv6 on becoming master: ICMPv6 type 136, override flag set (router flag when the host
/// forwards), target = the VIP, a target link-layer address option, to ff02::1, hop limit 255.
/// Pure: the checksum covers the IPv6 pseudo-header of `source`/`destination`.
public enum UnsolicitedNeighborAdvert {
    public static let allNodes = IPv6Address(bytes: [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01])!
    public static let icmpType: UInt8 = 136
    public static let hopLimit: UInt8 = 255

    /// The ICMPv6 message (32 bytes) with its checksum.
    public static func message(source: IPv6Address, destination: IPv6Address = allNodes, target: IPv6Address,
                               mac: [UInt8], router: Bool = false) -> [UInt8] {
        var m: [UInt8] = [icmpType, 0, 0, 0]
        m += [(router ? 0x80 : 0) | 0x20, 0, 0, 0] // R, S = 0, O = 1
        m += target.bytes
        let lla = Array(mac.prefix(6)) + [UInt8](repeating: 0, count: max(0, 6 - mac.count))
        m += [2, 1] + lla // option 2: target link-layer address, length 1 (8 octets)
        let sum = checksum(m, source: source, destination: destination)
        m[2] = UInt8(sum >> 8)
        m[3] = UInt8(truncatingIfNeeded: sum)
        return m
    }

    /// The whole IPv6 packet: header (next header 58, hop limit 255) and message.
    public static func packet(source: IPv6Address, destination: IPv6Address = allNodes, target: IPv6Address,
                              mac: [UInt8], router: Bool = false) -> [UInt8] {
        let m = message(source: source, destination: destination, target: target, mac: mac, router: router)
        var p: [UInt8] = [0x60, 0, 0, 0, UInt8(m.count >> 8), UInt8(truncatingIfNeeded: m.count), 58, hopLimit]
        p += source.bytes
        p += destination.bytes
        return p + m
    }

    /// The Ethernet frame carrying `packet(...)` (to 33:33 + the low 32 bits of the destination).
    public static func frame(source: IPv6Address, destination: IPv6Address = allNodes, target: IPv6Address,
                             mac: [UInt8], router: Bool = false) -> [UInt8] {
        let d = destination.bytes
        return [0x33, 0x33, d[12], d[13], d[14], d[15]] + Array(mac.prefix(6)) + [0x86, 0xDD]
            + packet(source: source, destination: destination, target: target, mac: mac, router: router)
    }

    /// The ICMPv6 checksum: pseudo-header (source, destination, upper-layer length, next
    /// header 58) plus the message (its checksum field zero, or as received: then 0).
    public static func checksum(_ message: [UInt8], source: IPv6Address, destination: IPv6Address) -> UInt16 {
        var c = InternetChecksum()
        c.add(source.bytes)
        c.add(destination.bytes)
        let n = UInt32(message.count)
        c.add([UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)])
        c.add([0, 0, 0, 58])
        c.add(message)
        return c.value
    }
}

/// An AF_PACKET socket on one interface: sends whole Ethernet frames, and (with protocol
/// ETH_P_ALL) receives every frame the interface sees.
public final class PacketSocket {
    public static let ethPAll: UInt16 = 0x0003
    public static let ethPARP: UInt16 = 0x0806

    public let fd: Int32
    public let interface: String
    public let interfaceIndex: UInt32
    /// The interface's hardware address (from getsockname of the bound socket).
    public let hardwareAddress: [UInt8]
    private var closed = false

    public init(interface: String, protocol proto: UInt16 = PacketSocket.ethPARP) throws(SystemError) {
        self.interface = interface
        self.interfaceIndex = try RawSocketSupport.interfaceIndex(interface)
        let fd = try RawSocketSupport.open(family: SocketOption.afPacket, protocol: Int32(proto.bigEndian))
        self.fd = fd
        var address = PacketSocket.linkLayerAddress(protocol: proto, interfaceIndex: interfaceIndex, destination: [])
        let rc = address.withUnsafeMutableBytes { buf in
            bind(fd, buf.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(buf.count))
        }
        guard rc == 0 else {
            let e = SystemError("bind(AF_PACKET \(interface))")
            Glibc.close(fd)
            throw e
        }
        var name = [UInt8](repeating: 0, count: 32)
        var length = socklen_t(name.count)
        let g = name.withUnsafeMutableBytes { getsockname(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length) }
        if g == 0, length >= 18, name[11] > 0 {
            hardwareAddress = Array(name[12..<(12 + min(8, Int(name[11])))])
        } else {
            hardwareAddress = PacketSocket.sysfsHardwareAddress(interface) ?? []
        }
    }

    deinit { if !closed { Glibc.close(fd) } }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// struct sockaddr_ll { u16 family; be16 protocol; int ifindex; u16 hatype; u8 pkttype;
    /// u8 halen; u8 addr[8]; } (20 bytes).
    static func linkLayerAddress(protocol proto: UInt16, interfaceIndex: UInt32, destination: [UInt8]) -> [UInt8] {
        var a = withUnsafeBytes(of: UInt16(SocketOption.afPacket)) { Array($0) }
        a += [UInt8(proto >> 8), UInt8(truncatingIfNeeded: proto)]
        a += RawSocketSupport.littleEndianBytes(interfaceIndex)
        a += [0, 0, 0, UInt8(destination.count)]
        a += destination.prefix(8) + [UInt8](repeating: 0, count: 8 - min(8, destination.count))
        return a
    }

    /// /sys/class/net/IF/address as bytes.
    public static func sysfsHardwareAddress(_ interface: String) -> [UInt8]? {
        guard let f = fopen("/sys/class/net/\(interface)/address", "r") else { return nil }
        defer { fclose(f) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, Int32(buffer.count), f) != nil else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "\n" })
        let bytes = parts.compactMap { UInt8($0, radix: 16) }
        return bytes.count == parts.count && !bytes.isEmpty ? bytes : nil
    }

    /// Sends a whole Ethernet frame (destination MAC taken from its first 6 bytes).
    public func send(frame: [UInt8]) throws(SystemError) {
        guard frame.count >= 14 else { throw SystemError("send(AF_PACKET): short frame", errno: EINVAL) }
        let proto = UInt16(frame[12]) << 8 | UInt16(frame[13])
        var address = PacketSocket.linkLayerAddress(protocol: proto, interfaceIndex: interfaceIndex, destination: Array(frame[0..<6]))
        _ = try retryingEINTR("sendto(AF_PACKET \(interface))") {
            frame.withUnsafeBytes { buf in
                address.withUnsafeMutableBytes { a in
                    sendto(fd, buf.baseAddress, buf.count, 0, a.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(a.count))
                }
            }
        }
    }

    /// Reads one frame; nil when none is waiting. `outgoing` is true for frames this host
    /// sent on the interface (PACKET_OUTGOING).
    public func receive() throws(SystemError) -> (frame: [UInt8], outgoing: Bool)? {
        var buffer = [UInt8](repeating: 0, count: 2048)
        var name = [UInt8](repeating: 0, count: 32)
        var length = socklen_t(name.count)
        let n = retryingEINTRQuiet {
            buffer.withUnsafeMutableBytes { b in
                name.withUnsafeMutableBytes { a in
                    recvfrom(fd, b.baseAddress, b.count, 0, a.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
                }
            }
        }
        if n < 0 {
            if RawSocketSupport.isWouldBlock(errno) { return nil }
            throw SystemError("recvfrom(AF_PACKET \(interface))")
        }
        return (Array(buffer[0..<n]), name[10] == 4)
    }
}

/// Sends the announcements of a new master on one interface: gratuitous ARPs for IPv4 VIPs
/// (through an AF_PACKET socket) and unsolicited neighbour advertisements for IPv6 VIPs
/// (through a raw ICMPv6 socket, source = the VIP, hop limit 255).
public final class GratuitousAnnouncer {
    public let interface: String
    public let interfaceIndex: UInt32
    private let packet: PacketSocket
    private var icmp: Int32 = -1

    public var hardwareAddress: [UInt8] { packet.hardwareAddress }

    public init(interface: String) throws(SystemError) {
        self.interface = interface
        self.packet = try PacketSocket(interface: interface, protocol: PacketSocket.ethPARP)
        self.interfaceIndex = packet.interfaceIndex
    }

    deinit { if icmp >= 0 { Glibc.close(icmp) } }

    /// A gratuitous ARP (IPv4) or unsolicited NA (IPv6) for `address`.
    public func announce(_ address: IPAddress, router: Bool = false) throws(SystemError) {
        switch address {
        case .v4(let a): try sendGratuitousARP(for: a)
        case .v6(let a): try sendUnsolicitedNA(for: a, router: router)
        }
    }

    public func sendGratuitousARP(for address: IPv4Address) throws(SystemError) {
        try packet.send(frame: GratuitousARP.frame(source: packet.hardwareAddress, address: address))
    }

    /// The NA goes from the VIP itself (which must be on the interface) to ff02::1.
    public func sendUnsolicitedNA(for address: IPv6Address, router: Bool = false) throws(SystemError) {
        let fd = try icmpSocket()
        let message = UnsolicitedNeighborAdvert.message(source: address, target: address, mac: packet.hardwareAddress, router: router)
        try RawSocketSupport.sendIPv6(fd, payload: message, source: address, destination: UnsolicitedNeighborAdvert.allNodes,
                                      interfaceIndex: interfaceIndex)
    }

    private func icmpSocket() throws(SystemError) -> Int32 {
        if icmp >= 0 { return icmp }
        let fd = try RawSocketSupport.open(family: SocketOption.afInet6, protocol: SocketOption.ipprotoICMPv6)
        do {
            try RawSocketSupport.bindToDevice(fd, interface)
            try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6MulticastHops, 255, "setsockopt(IPV6_MULTICAST_HOPS)")
            try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6UnicastHops, 255, "setsockopt(IPV6_UNICAST_HOPS)")
            try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6MulticastIf, Int32(bitPattern: interfaceIndex), "setsockopt(IPV6_MULTICAST_IF)")
            // ICMP6_FILTER blocking every type: this socket only sends.
            try RawSocketSupport.setOption(fd, SocketOption.ipprotoICMPv6, 1, bytes: [UInt8](repeating: 0xFF, count: 32), "setsockopt(ICMP6_FILTER)")
        } catch {
            Glibc.close(fd)
            throw error
        }
        icmp = fd
        return fd
    }
}
