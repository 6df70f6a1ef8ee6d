import CNetlink
import KeepalivedSystem
import NetworkAddress

#if canImport(Glibc)
import Glibc
#endif

/// A link's state as a link notification reports it.
public struct LinkState: Equatable, Sendable {
    public var index: Int32
    /// Empty if the message carried no `IFLA_IFNAME`.
    public var name: String
    /// `IFF_*` flags.
    public var flags: UInt32

    public init(index: Int32, name: String, flags: UInt32) {
        self.index = index
        self.name = name
        self.flags = flags
    }

    public var isUp: Bool { flags & LinkFlags.up != 0 }
    /// Up with carrier (`IFF_UP` and `IFF_RUNNING`).
    public var isRunning: Bool { isUp && flags & LinkFlags.running != 0 }
}

/// One rtnetlink notification, decoded.
public enum RouteEvent: Equatable, Sendable {
    /// `RTM_NEWLINK`: a link appeared or changed (up/down, carrier, name...).
    case linkChanged(LinkState)
    /// `RTM_DELLINK`: a link went away.
    case linkRemoved(LinkState)
    /// `RTM_NEWADDR`.
    case addressAdded(InterfaceAddress)
    /// `RTM_DELADDR`.
    case addressRemoved(InterfaceAddress)
    /// The socket's receive buffer overflowed (`ENOBUFS`): notifications were lost, so the
    /// caller must re-read the state it cares about.
    case overrun
}

/// A netlink socket subscribed to link and IPv4/IPv6 address notifications, non-blocking, for
/// an epoll loop: register `fileDescriptor` for input and call `drain()` when it is readable.
///
/// libnl opens and subscribes the socket; the notifications are parsed here from the bytes.
public final class LinkMonitor {
    let socket: OpaquePointer

    /// rtnetlink multicast groups (linux/rtnetlink.h `enum rtnetlink_groups`).
    public enum Group: Int32, Sendable {
        case link = 1           // RTNLGRP_LINK
        case ipv4Address = 5    // RTNLGRP_IPV4_IFADDR
        case ipv6Address = 9    // RTNLGRP_IPV6_IFADDR
    }

    public init(groups: [Group] = [.link, .ipv4Address, .ipv6Address], receiveBufferSize: Int32 = 1 << 20) throws(NetlinkError) {
        guard let s = nl_socket_alloc() else { throw NetlinkError("nl_socket_alloc", code: -NLE_NOMEM) }
        nl_socket_disable_seq_check(s)
        var rc = nl_connect(s, NETLINK_ROUTE)
        if rc < 0 { nl_socket_free(s); throw NetlinkError("nl_connect(NETLINK_ROUTE)", code: rc) }
        for group in groups {
            rc = nl_socket_add_membership(s, group.rawValue)
            if rc < 0 { nl_socket_free(s); throw NetlinkError("nl_socket_add_membership(\(group))", code: rc) }
        }
        rc = nl_socket_set_nonblocking(s)
        if rc < 0 { nl_socket_free(s); throw NetlinkError("nl_socket_set_nonblocking", code: rc) }
        rc = nl_socket_set_buffer_size(s, receiveBufferSize, 0)
        if rc < 0 { nl_socket_free(s); throw NetlinkError("nl_socket_set_buffer_size", code: rc) }
        socket = s
    }

    deinit { nl_socket_free(socket) }

    /// The descriptor to watch for input.
    public var fileDescriptor: Int32 { nl_socket_get_fd(socket) }

    /// Reads every pending notification without blocking (at most `maximumDatagrams`
    /// datagrams, so one call is bounded) and returns them decoded, in arrival order.
    /// Messages not sent by the kernel are ignored.
    public func drain(maximumDatagrams: Int = 256) throws(SystemError) -> [RouteEvent] {
        var events: [RouteEvent] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let fd = fileDescriptor
        for _ in 0..<maximumDatagrams {
            var sender = sockaddr_nl()
            var senderLength = socklen_t(MemoryLayout<sockaddr_nl>.size)
            let received = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &sender) { address in
                    address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &senderLength)
                    }
                }
            }
            if received < 0 {
                let e = errno
                if e == EINTR { continue }
                if e == EAGAIN || e == EWOULDBLOCK { break }
                if e == ENOBUFS { events.append(.overrun); continue }
                throw SystemError("recvfrom(rtnetlink monitor)", errno: e)
            }
            if received == 0 { break }
            if sender.nl_pid != 0 { continue }
            events += LinkMonitor.parse(Array(buffer[0..<received]))
        }
        return events
    }

    // MARK: - parsing (pure)

    static let RTM_NEWLINK: UInt16 = 16, RTM_DELLINK: UInt16 = 17
    static let RTM_NEWADDR: UInt16 = 20, RTM_DELADDR: UInt16 = 21
    static let NLMSG_ERROR: UInt16 = 2, NLMSG_DONE: UInt16 = 3

    /// Decodes one datagram of rtnetlink messages (`ifinfomsg`/`ifaddrmsg` plus attributes);
    /// other message types and malformed messages are skipped.
    public static func parse(_ bytes: [UInt8]) -> [RouteEvent] {
        var events: [RouteEvent] = []
        var offset = 0
        while offset + 16 <= bytes.count {
            let length = Int(u32(bytes, offset))
            guard length >= 16, offset + length <= bytes.count else { break }
            let type = u16(bytes, offset + 4)
            let body = Array(bytes[(offset + 16)..<(offset + length)])
            switch type {
            case RTM_NEWLINK, RTM_DELLINK:
                if let state = parseLink(body) {
                    events.append(type == RTM_NEWLINK ? .linkChanged(state) : .linkRemoved(state))
                }
            case RTM_NEWADDR, RTM_DELADDR:
                if let address = parseAddress(body) {
                    events.append(type == RTM_NEWADDR ? .addressAdded(address) : .addressRemoved(address))
                }
            default:
                break
            }
            offset += align4(length)
        }
        return events
    }

    /// `struct ifinfomsg` (16 bytes) then `IFLA_*` attributes.
    static func parseLink(_ body: [UInt8]) -> LinkState? {
        guard body.count >= 16 else { return nil }
        let index = Int32(bitPattern: u32(body, 4))
        let flags = u32(body, 8)
        var name = ""
        forEachAttribute(body, from: 16) { type, value in
            if type == 3 { name = cString(value) } // IFLA_IFNAME
        }
        return LinkState(index: index, name: name, flags: flags)
    }

    /// `struct ifaddrmsg` (8 bytes) then `IFA_*` attributes.
    static func parseAddress(_ body: [UInt8]) -> InterfaceAddress? {
        guard body.count >= 8 else { return nil }
        let prefixLength = Int(body[1])
        var flags = UInt32(body[2])
        let scope = AddressScope(rawValue: body[3]) ?? .global
        let index = Int32(bitPattern: u32(body, 4))
        var address: IPAddress?, local: IPAddress?, broadcast: IPAddress?, label: String?
        forEachAttribute(body, from: 8) { type, value in
            switch type {
            case 1: address = IPAddress(bytes: value)     // IFA_ADDRESS
            case 2: local = IPAddress(bytes: value)       // IFA_LOCAL
            case 3: label = cString(value)                // IFA_LABEL
            case 4: broadcast = IPAddress(bytes: value)   // IFA_BROADCAST
            case 8: if value.count >= 4 { flags = u32(value, 0) } // IFA_FLAGS
            default: break
            }
        }
        guard let ip = local ?? address else { return nil }
        return InterfaceAddress(interfaceIndex: index, address: ip, prefixLength: prefixLength, broadcast: broadcast,
                                label: label.flatMap { $0.isEmpty ? nil : $0 }, scope: scope, flags: flags)
    }

    static func forEachAttribute(_ bytes: [UInt8], from start: Int, _ body: (UInt16, [UInt8]) -> Void) {
        var offset = start
        while offset + 4 <= bytes.count {
            let length = Int(u16(bytes, offset))
            guard length >= 4, offset + length <= bytes.count else { return }
            let type = u16(bytes, offset + 2) & 0x3FFF // drop NLA_F_NESTED / NLA_F_NET_BYTEORDER
            body(type, Array(bytes[(offset + 4)..<(offset + length)]))
            offset += align4(length)
        }
    }

    static func align4(_ n: Int) -> Int { (n + 3) & ~3 }

    // Netlink headers and attributes are in host byte order.
    static func u16(_ b: [UInt8], _ at: Int) -> UInt16 {
        b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt16.self) }
    }

    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt32.self) }
    }

    static func cString(_ value: [UInt8]) -> String {
        let end = value.firstIndex(of: 0) ?? value.count
        return String(decoding: value[..<end], as: UTF8.self)
    }
}
