import CNetlink
import KeepalivedSystem

#if canImport(Glibc)
import Glibc
#endif

/// What the kernel says about one network interface (a link).
public struct LinkInfo: Equatable, Sendable, CustomStringConvertible {
    public var index: Int32
    public var name: String
    /// The hardware address (6 bytes for Ethernet; empty when the link has none, e.g. `lo` is all zero).
    public var hardwareAddress: [UInt8]
    /// The `IFF_*` flags (`ip link` shows them between angle brackets).
    public var flags: UInt32

    public init(index: Int32, name: String, hardwareAddress: [UInt8], flags: UInt32) {
        self.index = index
        self.name = name
        self.hardwareAddress = hardwareAddress
        self.flags = flags
    }

    /// Administratively up (`IFF_UP`).
    public var isUp: Bool { flags & LinkFlags.up != 0 }
    /// Up and with carrier (`IFF_UP` and `IFF_RUNNING`): what VRRP tracks as "interface up".
    public var isRunning: Bool { isUp && flags & LinkFlags.running != 0 }

    /// `aa:bb:cc:dd:ee:ff`.
    public var hardwareAddressText: String {
        hardwareAddress.map { b in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
        }.joined(separator: ":")
    }

    public var description: String {
        "\(index): \(name) \(hardwareAddressText) \(isUp ? "UP" : "DOWN")\(isRunning ? ",RUNNING" : "")"
    }
}

/// `IFF_*` link flags (linux/if.h).
public enum LinkFlags {
    public static let up: UInt32 = 0x1
    public static let broadcast: UInt32 = 0x2
    public static let loopback: UInt32 = 0x8
    public static let running: UInt32 = 0x40
    public static let multicast: UInt32 = 0x1000
    public static let lowerUp: UInt32 = 0x10000
}

/// A libnl-route-3 socket connected to the kernel's rtnetlink (`NETLINK_ROUTE`), for requests
/// that expect an acknowledgement: address add/delete/list and link lookups.
///
/// Owns the `nl_sock`; used from the event loop only (not Sendable).
public final class RouteNetlinkSocket {
    let socket: OpaquePointer

    public init() throws(NetlinkError) {
        guard let s = nl_socket_alloc() else { throw NetlinkError("nl_socket_alloc", code: -NLE_NOMEM) }
        let rc = nl_connect(s, NETLINK_ROUTE)
        if rc < 0 {
            nl_socket_free(s)
            throw NetlinkError("nl_connect(NETLINK_ROUTE)", code: rc)
        }
        socket = s
    }

    deinit { nl_socket_free(socket) }

    /// The socket's descriptor (requests are synchronous; this is for diagnostics).
    public var fileDescriptor: Int32 { nl_socket_get_fd(socket) }

    /// The link with this name; throws `NLE_OBJ_NOTFOUND`/`NLE_NODEV` when there is none.
    public func link(named name: String) throws(NetlinkError) -> LinkInfo {
        try fetchLink(index: 0, name: name)
    }

    /// The link with this index.
    public func link(index: Int32) throws(NetlinkError) -> LinkInfo {
        try fetchLink(index: index, name: nil)
    }

    /// The index of the named interface.
    public func interfaceIndex(named name: String) throws(NetlinkError) -> Int32 {
        try link(named: name).index
    }

    /// Sets a link administratively up or down (`ip link set NAME up|down`), with `rtnl_link_change`.
    public func setLink(index: Int32, up: Bool) throws(NetlinkError) {
        var original: OpaquePointer?
        let rc = rtnl_link_get_kernel(socket, index, nil, &original)
        guard rc >= 0, let original else { throw NetlinkError("look up link \(index)", code: rc < 0 ? rc : -NLE_OBJ_NOTFOUND) }
        defer { rtnl_link_put(original) }
        guard let change = rtnl_link_alloc() else { throw NetlinkError("rtnl_link_alloc", code: -NLE_NOMEM) }
        defer { rtnl_link_put(change) }
        if up { rtnl_link_set_flags(change, UInt32(LinkFlags.up)) } else { rtnl_link_unset_flags(change, UInt32(LinkFlags.up)) }
        let crc = rtnl_link_change(socket, original, change, 0)
        if crc < 0 { throw NetlinkError("set link \(index) \(up ? "up" : "down")", code: crc) }
    }

    private func fetchLink(index: Int32, name: String?) throws(NetlinkError) -> LinkInfo {
        var result: OpaquePointer?
        let rc: Int32
        if let name {
            rc = rtnl_link_get_kernel(socket, 0, name, &result)
        } else {
            rc = rtnl_link_get_kernel(socket, index, nil, &result)
        }
        let what = name.map { "look up interface \($0)" } ?? "look up interface index \(index)"
        guard rc >= 0, let link = result else { throw NetlinkError(what, code: rc < 0 ? rc : -NLE_OBJ_NOTFOUND) }
        defer { rtnl_link_put(link) }
        var hardware: [UInt8] = []
        if let addr = rtnl_link_get_addr(link) { hardware = NetlinkAddressBytes.bytes(of: addr) }
        let linkName = rtnl_link_get_name(link).map { String(cString: $0) } ?? name ?? ""
        return LinkInfo(index: rtnl_link_get_ifindex(link), name: linkName, hardwareAddress: hardware,
                        flags: rtnl_link_get_flags(link))
    }
}

/// Conversions between `struct nl_addr` and bytes.
enum NetlinkAddressBytes {
    static func bytes(of addr: OpaquePointer) -> [UInt8] {
        let length = Int(nl_addr_get_len(addr))
        guard length > 0, let raw = nl_addr_get_binary_addr(addr) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: length))
    }

    /// A new `nl_addr` (caller puts it) from network-order bytes.
    static func make(family: Int32, bytes: [UInt8], prefixLength: Int? = nil) -> OpaquePointer? {
        let addr = bytes.withUnsafeBytes { nl_addr_build(family, $0.baseAddress, $0.count) }
        if let addr, let prefixLength { nl_addr_set_prefixlen(addr, Int32(prefixLength)) }
        return addr
    }
}
