import Glibc
import CShims
import KeepalivedSystem
import NetworkAddress

/// Socket option numbers from <netinet/in.h>/<linux/in6.h>, spelled out so that nothing
/// depends on which glibc feature macros the Swift importer saw.
enum SocketOption {
    static let solSocket: Int32 = 1          // SOL_SOCKET
    static let soBindToDevice: Int32 = 25    // SO_BINDTODEVICE
    static let solIP: Int32 = 0              // SOL_IP / IPPROTO_IP
    static let solIPv6: Int32 = 41           // SOL_IPV6 / IPPROTO_IPV6
    static let ipHdrIncl: Int32 = 3
    static let ipMulticastIf: Int32 = 32
    static let ipMulticastTTL: Int32 = 33
    static let ipMulticastLoop: Int32 = 34
    static let ipAddMembership: Int32 = 35
    static let ipv6UnicastHops: Int32 = 16
    static let ipv6MulticastIf: Int32 = 17
    static let ipv6MulticastHops: Int32 = 18
    static let ipv6MulticastLoop: Int32 = 19
    static let ipv6JoinGroup: Int32 = 20
    static let ipv6RecvPktInfo: Int32 = 49
    static let ipv6PktInfo: Int32 = 50
    static let ipv6RecvHopLimit: Int32 = 51
    static let ipv6HopLimit: Int32 = 52
    static let afInet: Int32 = 2
    static let afInet6: Int32 = 10
    static let afPacket: Int32 = 17
    static let sockRaw: Int32 = 3
    static let sockCloexec: Int32 = 0o2000000
    static let ipprotoVRRP: Int32 = 112
    static let ipprotoICMPv6: Int32 = 58
}

/// Small helpers shared by the VRRP, packet and ICMPv6 sockets.
enum RawSocketSupport {
    static func open(family: Int32, protocol proto: Int32) throws(SystemError) -> Int32 {
        let fd = socket(family, SocketOption.sockRaw | SocketOption.sockCloexec, proto)
        guard fd >= 0 else { throw SystemError("socket") }
        guard ka_set_nonblocking(fd, 1) == 0 else {
            let e = SystemError("fcntl(O_NONBLOCK)")
            close(fd)
            throw e
        }
        return fd
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32, _ what: String) throws(SystemError) {
        var v = value
        guard setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) == 0 else { throw SystemError(what) }
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, bytes: [UInt8], _ what: String) throws(SystemError) {
        let rc = bytes.withUnsafeBytes { setsockopt(fd, level, name, $0.baseAddress, socklen_t($0.count)) }
        guard rc == 0 else { throw SystemError(what) }
    }

    static func bindToDevice(_ fd: Int32, _ interface: String) throws(SystemError) {
        var name = Array(interface.utf8) + [0]
        let rc = name.withUnsafeMutableBytes { setsockopt(fd, SocketOption.solSocket, SocketOption.soBindToDevice, $0.baseAddress, socklen_t($0.count)) }
        guard rc == 0 else { throw SystemError("setsockopt(SO_BINDTODEVICE \(interface))") }
    }

    static func interfaceIndex(_ interface: String) throws(SystemError) -> UInt32 {
        let index = if_nametoindex(interface)
        guard index != 0 else { throw SystemError("if_nametoindex(\(interface))") }
        return index
    }

    static func littleEndianBytes(_ v: UInt32) -> [UInt8] {
        // Host order on Linux targets we build for (x86_64, aarch64) is little endian; use the
        // value's native layout so the kernel reads it as an `int`.
        withUnsafeBytes(of: v) { Array($0) }
    }

    static func sockaddrIn(_ address: IPv4Address) -> sockaddr_in {
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(SocketOption.afInet)
        withUnsafeMutableBytes(of: &sa.sin_addr) { $0.copyBytes(from: address.bytes) }
        return sa
    }

    static func sockaddrIn6(_ address: IPv6Address, scope: UInt32) -> sockaddr_in6 {
        var sa = sockaddr_in6()
        sa.sin6_family = sa_family_t(SocketOption.afInet6)
        withUnsafeMutableBytes(of: &sa.sin6_addr) { $0.copyBytes(from: address.bytes) }
        let ip = IPAddress.v6(address)
        if ip.isLinkLocalV6 || ip.isMulticast { sa.sin6_scope_id = scope }
        return sa
    }


    /// sendmsg of `payload` to `destination`, the source and interface given by IPV6_PKTINFO.
    static func sendIPv6(_ fd: Int32, payload: [UInt8], source src: IPv6Address, destination dst: IPv6Address, interfaceIndex: UInt32) throws(SystemError) {
        var sa = RawSocketSupport.sockaddrIn6(dst, scope: interfaceIndex)
        // IPV6_PKTINFO: struct in6_pktinfo { in6_addr addr; unsigned int ifindex; }
        let info = src.bytes + RawSocketSupport.littleEndianBytes(interfaceIndex)
        let space = ka_cmsg_space(info.count)
        var control = [UInt8](repeating: 0, count: space)
        var payloadCopy = payload
        let sent = try retryingEINTR("sendmsg") { () -> Int in
            payloadCopy.withUnsafeMutableBytes { pbuf in
                control.withUnsafeMutableBytes { cbuf in
                    withUnsafeMutablePointer(to: &sa) { sap in
                        var iov = iovec(iov_base: pbuf.baseAddress, iov_len: pbuf.count)
                        return withUnsafeMutablePointer(to: &iov) { iovp in
                            var msg = msghdr()
                            msg.msg_name = UnsafeMutableRawPointer(sap)
                            msg.msg_namelen = socklen_t(MemoryLayout<sockaddr_in6>.size)
                            msg.msg_iov = iovp
                            msg.msg_iovlen = 1
                            msg.msg_control = cbuf.baseAddress
                            msg.msg_controllen = cbuf.count
                            guard let cmsg = ka_cmsg_firsthdr(&msg) else { return -1 }
                            cmsg.pointee.cmsg_level = SocketOption.solIPv6
                            cmsg.pointee.cmsg_type = SocketOption.ipv6PktInfo
                            cmsg.pointee.cmsg_len = ka_cmsg_len(info.count)
                            let data = ka_cmsg_data(cmsg)!
                            for (i, b) in info.enumerated() { data[i] = b }
                            return sendmsg(fd, &msg, 0)
                        }
                    }
                }
            }
        }
        if sent < 0 { throw SystemError("sendmsg(\(dst))") }
    }

    static func isWouldBlock(_ e: Int32) -> Bool { e == EAGAIN || e == EWOULDBLOCK }
}

/// One VRRP packet as read from the wire.
public struct ReceivedVRRPPacket: Hashable, Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    /// IPv4 TTL (from the IP header) or IPv6 hop limit (from IPV6_HOPLIMIT).
    public var ttl: UInt8
    /// The VRRP message (the IP payload).
    public var payload: [UInt8]
    /// The interface the socket is bound to (or, for IPv6, the one IPV6_PKTINFO names).
    public var interfaceIndex: UInt32

    public init(source: IPAddress, destination: IPAddress, ttl: UInt8, payload: [UInt8], interfaceIndex: UInt32) {
        self.source = source
        self.destination = destination
        self.ttl = ttl
        self.payload = payload
        self.interfaceIndex = interfaceIndex
    }
}

/// A raw socket for IP protocol 112 on one interface, as keepalived opens per interface and
/// family.
///
/// IPv4: SO_BINDTODEVICE, IP_HDRINCL (we write the header: TOS 0xc0, TTL 255, DF clear, an
/// identification counting up from 1 per socket), multicast loop off, multicast TTL 255,
/// 224.0.0.18 joined on the interface. Received packets include the IP header, from which
/// source, destination and TTL are read.
///
/// IPv6: SO_BINDTODEVICE, unicast and multicast hop limits 255, multicast loop off, ff02::12
/// joined, IPV6_RECVHOPLIMIT and IPV6_RECVPKTINFO for the hop limit and the destination.
/// The source is chosen per packet with IPV6_PKTINFO.
///
/// The descriptor is non-blocking: register `fd` with an `EventLoop` and call `receive()`
/// until it returns nil.
public final class VRRPSocket {
    public static let ipv4Group = IPv4Address(bytes: [224, 0, 0, 18])!
    public static let ipv6Group = IPv6Address(bytes: [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12])!

    public let fd: Int32
    public let family: AddressFamily
    public let interface: String
    public let interfaceIndex: UInt32
    /// The IPv4 identification the next packet carries.
    public private(set) var nextIdentification: UInt16 = 1
    private var closed = false

    /// Opens the socket on `interface`; `joinMulticast` joins 224.0.0.18 / ff02::12 there.
    public init(family: AddressFamily, interface: String, joinMulticast: Bool = true) throws(SystemError) {
        self.family = family
        self.interface = interface
        self.interfaceIndex = try RawSocketSupport.interfaceIndex(interface)
        let fd = try RawSocketSupport.open(family: family == .ipv4 ? SocketOption.afInet : SocketOption.afInet6,
                                           protocol: SocketOption.ipprotoVRRP)
        self.fd = fd
        do {
            try RawSocketSupport.bindToDevice(fd, interface)
            let index = RawSocketSupport.littleEndianBytes(interfaceIndex)
            if family == .ipv4 {
                try RawSocketSupport.setOption(fd, SocketOption.solIP, SocketOption.ipHdrIncl, 1, "setsockopt(IP_HDRINCL)")
                try RawSocketSupport.setOption(fd, SocketOption.solIP, SocketOption.ipMulticastLoop, 0, "setsockopt(IP_MULTICAST_LOOP)")
                try RawSocketSupport.setOption(fd, SocketOption.solIP, SocketOption.ipMulticastTTL, 255, "setsockopt(IP_MULTICAST_TTL)")
                // struct ip_mreqn { in_addr multiaddr; in_addr address; int ifindex; }
                let ifOnly = [UInt8](repeating: 0, count: 8) + index
                try RawSocketSupport.setOption(fd, SocketOption.solIP, SocketOption.ipMulticastIf, bytes: ifOnly, "setsockopt(IP_MULTICAST_IF)")
                if joinMulticast {
                    let mreqn = VRRPSocket.ipv4Group.bytes + [0, 0, 0, 0] + index
                    try RawSocketSupport.setOption(fd, SocketOption.solIP, SocketOption.ipAddMembership, bytes: mreqn, "setsockopt(IP_ADD_MEMBERSHIP 224.0.0.18)")
                }
            } else {
                try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6MulticastLoop, 0, "setsockopt(IPV6_MULTICAST_LOOP)")
                try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6MulticastHops, 255, "setsockopt(IPV6_MULTICAST_HOPS)")
                try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6UnicastHops, 255, "setsockopt(IPV6_UNICAST_HOPS)")
                try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6MulticastIf, Int32(bitPattern: interfaceIndex), "setsockopt(IPV6_MULTICAST_IF)")
                try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6RecvHopLimit, 1, "setsockopt(IPV6_RECVHOPLIMIT)")
                try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6RecvPktInfo, 1, "setsockopt(IPV6_RECVPKTINFO)")
                if joinMulticast {
                    // struct ipv6_mreq { in6_addr multiaddr; unsigned int ifindex; }
                    let mreq = VRRPSocket.ipv6Group.bytes + index
                    try RawSocketSupport.setOption(fd, SocketOption.solIPv6, SocketOption.ipv6JoinGroup, bytes: mreq, "setsockopt(IPV6_JOIN_GROUP ff02::12)")
                }
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    deinit { if !closed { Glibc.close(fd) } }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Encodes and sends `advert` from `source` to `destination` (224.0.0.18 / ff02::12 or a
    /// unicast peer).
    public func send(_ advert: VRRPAdvert, source: IPAddress, destination: IPAddress, v3ChecksumAsV2: Bool = false) throws(SystemError) {
        try send(payload: advert.encode(source: source, destination: destination, v3ChecksumAsV2: v3ChecksumAsV2),
                 source: source, destination: destination)
    }

    /// The bytes an IPv4 send of `payload` puts on the wire after the Ethernet header (and
    /// advances the identification). Exposed for the send path and tests.
    func ipv4Packet(payload: [UInt8], source: IPv4Address, destination: IPv4Address) -> [UInt8] {
        let header = IPv4Header(source: source, destination: destination, identification: nextIdentification, payloadLength: payload.count)
        nextIdentification &+= 1
        return header.encode() + payload
    }

    /// Sends an already encoded VRRP message.
    public func send(payload: [UInt8], source: IPAddress, destination: IPAddress) throws(SystemError) {
        switch (family, source, destination) {
        case (.ipv4, .v4(let src), .v4(let dst)):
            let packet = ipv4Packet(payload: payload, source: src, destination: dst)
            var sa = RawSocketSupport.sockaddrIn(dst)
            let sent = try retryingEINTR("sendto") {
                packet.withUnsafeBytes { buf in
                    withUnsafePointer(to: &sa) { p in
                        p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(fd, buf.baseAddress, buf.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
            }
            if sent < 0 { throw SystemError("sendto(\(destination))") }
        case (.ipv6, .v6(let src), .v6(let dst)):
            try RawSocketSupport.sendIPv6(fd, payload: payload, source: src, destination: dst, interfaceIndex: interfaceIndex)
        default:
            throw SystemError("send: address family mismatch", errno: EAFNOSUPPORT)
        }
    }

    /// Reads one packet; nil when nothing is waiting (EAGAIN). Packets too short to carry an
    /// IP header are skipped (returned as nil after being consumed).
    public func receive() throws(SystemError) -> ReceivedVRRPPacket? {
        var buffer = [UInt8](repeating: 0, count: 2048)
        var control = [UInt8](repeating: 0, count: 256)
        var name = sockaddr_storage()
        var controlLength = 0
        let n = retryingEINTRQuiet {
            buffer.withUnsafeMutableBytes { bbuf in
                control.withUnsafeMutableBytes { cbuf in
                    withUnsafeMutablePointer(to: &name) { np in
                        var iov = iovec(iov_base: bbuf.baseAddress, iov_len: bbuf.count)
                        return withUnsafeMutablePointer(to: &iov) { iovp in
                            var msg = msghdr()
                            msg.msg_name = UnsafeMutableRawPointer(np)
                            msg.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
                            msg.msg_iov = iovp
                            msg.msg_iovlen = 1
                            msg.msg_control = cbuf.baseAddress
                            msg.msg_controllen = cbuf.count
                            let r = recvmsg(fd, &msg, 0)
                            controlLength = msg.msg_controllen
                            return r
                        }
                    }
                }
            }
        }
        if n < 0 {
            if RawSocketSupport.isWouldBlock(errno) { return nil }
            throw SystemError("recvmsg")
        }
        let data = Array(buffer[0..<n])
        if family == .ipv4 {
            return VRRPSocket.parseIPv4(data, interfaceIndex: interfaceIndex)
        }
        // IPv6: the payload alone; the source from msg_name, the rest from ancillary data.
        var source: IPAddress? = nil
        withUnsafeBytes(of: &name) { raw in
            let sa = raw.load(as: sockaddr_in6.self)
            if Int32(sa.sin6_family) == SocketOption.afInet6 {
                source = withUnsafeBytes(of: sa.sin6_addr) { IPAddress(bytes: Array($0)) }
            }
        }
        var hopLimit: UInt8 = 0
        var destination: IPAddress? = nil
        var index = interfaceIndex
        control.withUnsafeMutableBytes { cbuf in
            var msg = msghdr()
            msg.msg_control = cbuf.baseAddress
            msg.msg_controllen = controlLength
            var cmsg = ka_cmsg_firsthdr(&msg)
            var guardCount = 0
            while let c = cmsg, guardCount < 16 {
                guardCount += 1
                let length = Int(c.pointee.cmsg_len) - Int(ka_cmsg_len(0))
                if c.pointee.cmsg_level == SocketOption.solIPv6, let d = ka_cmsg_data(c) {
                    if c.pointee.cmsg_type == SocketOption.ipv6HopLimit, length >= 4 {
                        let v = UnsafeRawPointer(d).loadUnaligned(as: Int32.self)
                        hopLimit = UInt8(clamping: v)
                    } else if c.pointee.cmsg_type == SocketOption.ipv6PktInfo, length >= 20 {
                        destination = IPAddress(bytes: UnsafeBufferPointer(start: d, count: 16))
                        index = UnsafeRawPointer(d + 16).loadUnaligned(as: UInt32.self)
                    }
                }
                cmsg = ka_cmsg_nxthdr(&msg, c)
            }
        }
        guard let src = source else { return nil }
        return ReceivedVRRPPacket(source: src, destination: destination ?? .v6(VRRPSocket.ipv6Group), ttl: hopLimit,
                                  payload: data, interfaceIndex: index)
    }

    /// Splits a received IPv4 packet (raw IPv4 sockets deliver the header) into its parts.
    public static func parseIPv4(_ packet: [UInt8], interfaceIndex: UInt32) -> ReceivedVRRPPacket? {
        guard packet.count >= 20, packet[0] >> 4 == 4 else { return nil }
        let ihl = Int(packet[0] & 0x0F) * 4
        guard ihl >= 20, packet.count >= ihl else { return nil }
        let total = Int(packet[2]) << 8 | Int(packet[3])
        // The kernel may have rewritten tot_len on receive; trust the smaller of the two.
        let end = (total >= ihl && total <= packet.count) ? total : packet.count
        return ReceivedVRRPPacket(source: IPAddress(bytes: packet[12..<16])!, destination: IPAddress(bytes: packet[16..<20])!,
                                  ttl: packet[8], payload: Array(packet[ihl..<end]), interfaceIndex: interfaceIndex)
    }
}

/// Retries a call that failed with EINTR (bounded), leaving errno for the caller to read.
func retryingEINTRQuiet(_ body: () -> Int) -> Int {
    var attempts = 0
    while true {
        let r = body()
        attempts += 1
        if r < 0 && errno == EINTR && attempts < 100 { continue }
        return r
    }
}
