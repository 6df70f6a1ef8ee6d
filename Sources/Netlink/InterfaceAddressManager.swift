import CNetlink
import KeepalivedSystem
import NetworkAddress

#if canImport(Glibc)
import Glibc
#endif

/// Address scopes (`RT_SCOPE_*`, linux/rtnetlink.h), as `ip addr ... scope NAME`.
public enum AddressScope: UInt8, Sendable {
    case global = 0
    case site = 200
    case link = 253
    case host = 254
    case nowhere = 255
}

/// `IFA_F_*` address flags (linux/if_addr.h).
public enum InterfaceAddressFlags {
    public static let secondary: UInt32 = 0x01
    public static let noDAD: UInt32 = 0x02
    public static let optimistic: UInt32 = 0x04
    public static let dadFailed: UInt32 = 0x08
    public static let homeAddress: UInt32 = 0x10
    public static let deprecated: UInt32 = 0x20
    public static let tentative: UInt32 = 0x40
    public static let permanent: UInt32 = 0x80
    public static let noPrefixRoute: UInt32 = 0x200
}

/// One address on one interface, as the kernel holds it (or as we want it to).
public struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible {
    public var interfaceIndex: Int32
    public var address: IPAddress
    public var prefixLength: Int
    /// IPv4 only: the broadcast address (`brd`); nil for none.
    public var broadcast: IPAddress?
    /// IPv4 only: the label (`eth0:vip`); nil means the interface's name.
    public var label: String?
    public var scope: AddressScope
    /// `IFA_F_*` flags; on add, `noDAD` is always set for IPv6.
    public var flags: UInt32

    public init(interfaceIndex: Int32, address: IPAddress, prefixLength: Int, broadcast: IPAddress? = nil,
                label: String? = nil, scope: AddressScope = .global, flags: UInt32 = 0) {
        self.interfaceIndex = interfaceIndex
        self.address = address
        self.prefixLength = prefixLength
        self.broadcast = broadcast
        self.label = label
        self.scope = scope
        self.flags = flags
    }

    public var prefix: IPPrefix { IPPrefix(address: address, length: prefixLength) }

    /// The usual IPv4 broadcast of `address/prefixLength` (`ip addr add ... brd +`); nil for IPv6
    /// and for /31 and /32.
    public static func defaultBroadcast(for address: IPAddress, prefixLength: Int) -> IPAddress? {
        guard case .v4(let a) = address, prefixLength >= 0, prefixLength <= 30 else { return nil }
        let host: UInt32 = prefixLength == 0 ? ~0 : (UInt32(1) << UInt32(32 - prefixLength)) - 1
        return .v4(IPv4Address(a.value | host))
    }

    public var description: String {
        var text = "\(address)/\(prefixLength) dev #\(interfaceIndex)"
        if let broadcast { text += " brd \(broadcast)" }
        if let label { text += " label \(label)" }
        if scope != .global { text += " scope \(scope)" }
        if flags & InterfaceAddressFlags.noDAD != 0 { text += " nodad" }
        return text
    }
}

/// An address operation the kernel refused, naming the address and the interface.
public struct InterfaceAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Operation: String, Sendable { case add, delete, list }
    public var operation: Operation
    /// `192.0.2.1/24`, or empty for `list`.
    public var address: String
    /// The interface's name when known, else `#INDEX`.
    public var interface: String
    /// The libnl error code (negative `NLE_*`).
    public var code: Int32

    public init(_ operation: Operation, address: String, interface: String, code: Int32) {
        self.operation = operation
        self.address = address
        self.interface = interface
        self.code = code
    }

    public var description: String {
        let reason = String(cString: nl_geterror(code))
        switch operation {
        case .add: return "cannot add \(address) to \(interface): \(reason)"
        case .delete: return "cannot delete \(address) from \(interface): \(reason)"
        case .list: return "cannot list the addresses of \(interface): \(reason)"
        }
    }
}

/// Adds, deletes and lists interface addresses with libnl-route-3, idempotently: adding an
/// address that is there and deleting one that is not both succeed, so the VRRP child can
/// reconcile by re-applying what it wants.
public final class InterfaceAddressManager {
    public let socket: RouteNetlinkSocket

    public init(socket: RouteNetlinkSocket) { self.socket = socket }

    public convenience init() throws(NetlinkError) { self.init(socket: try RouteNetlinkSocket()) }

    /// Adds `address` (`ip addr add`); IPv6 addresses get `nodad`. Returns false when the
    /// kernel already had it (EEXIST), true when it was added.
    @discardableResult
    public func add(_ address: InterfaceAddress) throws(InterfaceAddressError) -> Bool {
        let rc = try withRequest(address, .add) { (request: OpaquePointer) -> Int32 in
            rtnl_addr_add(socket.socket, request, 0)
        }
        if rc == -NLE_EXIST { return false }
        if rc < 0 { throw error(.add, address, rc) }
        return true
    }

    /// Deletes `address` (`ip addr del`). Returns false when the kernel did not have it
    /// (EADDRNOTAVAIL), true when it was deleted.
    @discardableResult
    public func delete(_ address: InterfaceAddress) throws(InterfaceAddressError) -> Bool {
        let rc = try withRequest(address, .delete) { (request: OpaquePointer) -> Int32 in
            rtnl_addr_delete(socket.socket, request, 0)
        }
        if rc == -NLE_NOADDR { return false }
        if rc < 0 { throw error(.delete, address, rc) }
        return true
    }

    /// The addresses of one interface (index > 0) or of all (index 0), both families, in the
    /// kernel's order (a fresh dump each call).
    public func addresses(interfaceIndex: Int32 = 0) throws(InterfaceAddressError) -> [InterfaceAddress] {
        var cache: OpaquePointer?
        let rc = rtnl_addr_alloc_cache(socket.socket, &cache)
        guard rc >= 0, let cache else {
            throw InterfaceAddressError(.list, address: "", interface: interfaceName(interfaceIndex), code: rc < 0 ? rc : -NLE_NOMEM)
        }
        defer { nl_cache_free(cache) }
        var result: [InterfaceAddress] = []
        var object = nl_cache_get_first(cache)
        while let current = object {
            object = nl_cache_get_next(current)
            let entry = current // struct nl_object * is the rtnl_addr
            let index = rtnl_addr_get_ifindex(entry)
            if interfaceIndex != 0 && index != interfaceIndex { continue }
            guard let local = rtnl_addr_get_local(entry),
                  let ip = IPAddress(bytes: NetlinkAddressBytes.bytes(of: local)) else { continue }
            var broadcast: IPAddress?
            if let brd = rtnl_addr_get_broadcast(entry) { broadcast = IPAddress(bytes: NetlinkAddressBytes.bytes(of: brd)) }
            let label = rtnl_addr_get_label(entry).map { String(cString: $0) }
            result.append(InterfaceAddress(
                interfaceIndex: index, address: ip, prefixLength: Int(rtnl_addr_get_prefixlen(entry)),
                broadcast: broadcast, label: label.flatMap { $0.isEmpty ? nil : $0 },
                scope: AddressScope(rawValue: UInt8(truncatingIfNeeded: rtnl_addr_get_scope(entry))) ?? .global,
                flags: UInt32(rtnl_addr_get_flags(entry))))
        }
        return result
    }

    /// Whether the kernel has `address/prefixLength` on the interface.
    public func has(_ address: IPAddress, prefixLength: Int? = nil, interfaceIndex: Int32) throws(InterfaceAddressError) -> Bool {
        try addresses(interfaceIndex: interfaceIndex).contains {
            $0.address == address && (prefixLength == nil || $0.prefixLength == prefixLength)
        }
    }

    // MARK: - request building

    private func withRequest(_ address: InterfaceAddress, _ operation: InterfaceAddressError.Operation,
                             _ body: (OpaquePointer) -> Int32) throws(InterfaceAddressError) -> Int32 {
        guard let request = rtnl_addr_alloc() else { throw error(operation, address, -NLE_NOMEM) }
        defer { rtnl_addr_put(request) }
        let family: Int32 = address.address.isIPv4 ? AF_INET : AF_INET6
        rtnl_addr_set_ifindex(request, address.interfaceIndex)
        guard let local = NetlinkAddressBytes.make(family: family, bytes: address.address.bytes, prefixLength: address.prefixLength) else {
            throw error(operation, address, -NLE_NOMEM)
        }
        defer { nl_addr_put(local) }
        var rc = rtnl_addr_set_local(request, local)
        if rc < 0 { throw error(operation, address, rc) }
        rtnl_addr_set_prefixlen(request, Int32(address.prefixLength))
        if operation == .add {
            if address.address.isIPv4 {
                if let broadcast = address.broadcast, broadcast.isIPv4 {
                    guard let brd = NetlinkAddressBytes.make(family: AF_INET, bytes: broadcast.bytes) else {
                        throw error(operation, address, -NLE_NOMEM)
                    }
                    defer { nl_addr_put(brd) }
                    rc = rtnl_addr_set_broadcast(request, brd)
                    if rc < 0 { throw error(operation, address, rc) }
                }
                if let label = address.label, !label.isEmpty {
                    rc = rtnl_addr_set_label(request, label)
                    if rc < 0 { throw error(operation, address, rc) }
                }
            }
            rtnl_addr_set_scope(request, Int32(address.scope.rawValue))
            var flags = address.flags
            if address.address.isIPv6 { flags |= InterfaceAddressFlags.noDAD }
            if flags != 0 { rtnl_addr_set_flags(request, flags) }
        }
        return body(request)
    }

    private func error(_ operation: InterfaceAddressError.Operation, _ address: InterfaceAddress, _ code: Int32) -> InterfaceAddressError {
        InterfaceAddressError(operation, address: "\(address.address)/\(address.prefixLength)",
                              interface: interfaceName(address.interfaceIndex), code: code)
    }

    private func interfaceName(_ index: Int32) -> String {
        if index == 0 { return "all interfaces" }
        if let link = try? socket.link(index: index) { return link.name }
        return "#\(index)"
    }
}
