import CNetlink
import KeepalivedSystem

#if canImport(Glibc)
import Glibc
#endif

/// Raw datagram transport on a `GenericNetlinkSocket`, for callers that build and parse their
/// own messages (the IPVS client): libnl opens, binds and resolves; the bytes are ours.
///
/// Messages sent here do not go through libnl, so libnl's sequence-number bookkeeping is not
/// involved: callers pick their own sequence numbers and match replies themselves.
extension GenericNetlinkSocket {
    /// The socket's descriptor, for `poll` or an event loop.
    public var fileDescriptor: Int32 { nl_socket_get_fd(socket) }

    /// The netlink port id the socket is bound to (the kernel addresses replies to it).
    public var localPort: UInt32 { nl_socket_get_local_port(socket) }

    /// Sends one datagram holding one or more complete netlink messages to the kernel.
    public func sendDatagram(_ bytes: [UInt8]) throws(SystemError) {
        let fd = fileDescriptor
        var kernel = sockaddr_nl()
        kernel.nl_family = sa_family_t(AF_NETLINK)
        let sent = try retryingEINTR("sendto(netlink)") { () -> Int in
            bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &kernel) { address in
                    address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
                    }
                }
            }
        }
        if sent != bytes.count { throw SystemError("sendto(netlink): short write", errno: EMSGSIZE) }
    }

    /// Receives one datagram (one or more netlink messages).
    ///
    /// Blocks unless the socket is non-blocking or has a receive timeout; then `EAGAIN` is thrown
    /// as a `SystemError`. A datagram longer than `maximumLength` is an `EMSGSIZE` error (the
    /// kernel has discarded the rest, so the reply cannot be trusted).
    public func receiveDatagram(maximumLength: Int = 1 << 16) throws(SystemError) -> [UInt8] {
        let fd = fileDescriptor
        var buffer = [UInt8](repeating: 0, count: maximumLength)
        let received = try retryingEINTR("recv(netlink)") { () -> Int in
            buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_TRUNC)) }
        }
        if received > maximumLength { throw SystemError("recv(netlink): reply of \(received) bytes truncated", errno: EMSGSIZE) }
        buffer.removeSubrange(received...)
        return buffer
    }

    /// Bounds how long `receiveDatagram` waits (0 = forever).
    public func setReceiveTimeout(milliseconds: Int) throws(SystemError) {
        var tv = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        _ = try retryingEINTR("setsockopt(SO_RCVTIMEO)") {
            setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Sets the kernel socket buffers (bytes; 0 keeps libnl's default of 32 KiB).
    public func setBufferSizes(receive: Int32, send: Int32 = 0) throws(NetlinkError) {
        let rc = nl_socket_set_buffer_size(socket, receive, send)
        if rc < 0 { throw NetlinkError("nl_socket_set_buffer_size", code: rc) }
    }
}
