#if canImport(Glibc)
import Glibc
#endif

/// One end of a `socketpair(AF_UNIX, SOCK_SEQPACKET)`: message boundaries kept, order kept,
/// end-of-file when the peer goes away. The transport of the parent–child protocol.
public final class SeqPacketChannel {
    public let fd: Int32
    private var closed = false

    public init(adopting fd: Int32) { self.fd = fd }

    deinit { close() }

    /// A connected pair, both ends close-on-exec. The descriptors stay in blocking mode (a
    /// child must not inherit a non-blocking descriptor it did not ask for); every receive
    /// and send here passes MSG_DONTWAIT instead.
    public static func pair() throws(SystemError) -> (SeqPacketChannel, SeqPacketChannel) {
        var fds: [Int32] = [-1, -1]
        _ = try retryingEINTR("socketpair") { socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) }
        return (SeqPacketChannel(adopting: fds[0]), SeqPacketChannel(adopting: fds[1]))
    }

    /// The result of one receive.
    public enum Received: Equatable {
        case datagram([UInt8])
        case wouldBlock
        case endOfFile
        /// A datagram larger than the buffer: the protocol treats it as malformed.
        case truncated(Int)
    }

    /// Receives one datagram without blocking.
    public func receive(maximum: Int) -> Received {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT) | Int32(MSG_TRUNC)) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
                return .endOfFile
            }
            if n == 0 { return .endOfFile }
            if n > maximum { return .truncated(n) }
            buffer.removeSubrange(n...)
            return .datagram(buffer)
        }
    }

    /// Sends one datagram. A full socket buffer waits briefly (the peer reads its end from
    /// its own event loop); a dead peer is reported as a failure.
    public func send(_ datagram: [UInt8]) throws(SystemError) {
        var attempts = 0
        while true {
            let n = datagram.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
            if n >= 0 { return }
            let e = errno
            if e == EINTR { continue }
            if (e == EAGAIN || e == EWOULDBLOCK) && attempts < 2000 {
                attempts += 1
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&p, 1, 5)
                continue
            }
            throw SystemError("send", errno: e)
        }
    }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }
}
