import CNetlink
import KeepalivedSystem

/// A libnl error, with libnl's own message.
public struct NetlinkError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    public var description: String { "\(operation): \(String(cString: nl_geterror(code)))" }
}

/// A connected generic-netlink socket (libnl-genl-3), the transport of the IPVS client.
///
/// Owns the `nl_sock`; one per process, used from the event loop only (not Sendable).
public final class GenericNetlinkSocket {
    let socket: OpaquePointer

    public init() throws(NetlinkError) {
        guard let s = nl_socket_alloc() else { throw NetlinkError("nl_socket_alloc", code: -NLE_NOMEM) }
        let rc = genl_connect(s)
        if rc < 0 {
            nl_socket_free(s)
            throw NetlinkError("genl_connect", code: rc)
        }
        socket = s
    }

    deinit { nl_socket_free(socket) }

    /// The numeric id the kernel gave a generic-netlink family ("IPVS", "nlctrl", ...).
    public func resolveFamily(_ name: String) throws(NetlinkError) -> UInt16 {
        let id = genl_ctrl_resolve(socket, name)
        if id < 0 { throw NetlinkError("resolve generic netlink family \(name)", code: id) }
        return UInt16(id)
    }
}
