import KeepalivedSystem

/// A live protocol channel: a SEQPACKET end registered with the event loop, a decoder for
/// what arrives, and the encoder for what leaves. Any protocol error closes it, once, and
/// reports why; the owner decides what that means (the parent restarts the child).
public final class IPCConnection {
    public enum CloseReason: Equatable, Sendable, CustomStringConvertible {
        case peerClosed
        case protocolError(IPCProtocolError)
        case oversizedDatagram(Int)
        case sendFailed(String)
        case closedLocally

        public var description: String {
            switch self {
            case .peerClosed: return "peer closed the channel"
            case .protocolError(let e): return "protocol error: \(e)"
            case .oversizedDatagram(let n): return "datagram of \(n) bytes is over the limit"
            case .sendFailed(let e): return "send failed: \(e)"
            case .closedLocally: return "closed"
            }
        }
    }

    public let channel: SeqPacketChannel
    private let loop: EventLoop
    private var decoder = FrameDecoder()
    public private(set) var isOpen = true
    public var onMessage: (IPCMessage) -> Void = { _ in }
    public var onClose: (CloseReason) -> Void = { _ in }
    /// Messages received and sent, for the stats dump.
    public private(set) var received = 0
    public private(set) var sent = 0

    public init(channel: SeqPacketChannel, loop: EventLoop) throws(SystemError) {
        self.channel = channel
        self.loop = loop
        try loop.watch(channel.fd) { [weak self] _ in self?.readAvailable() }
    }

    /// Sends a message (several frames if large). A failure closes the connection.
    public func send(_ message: IPCMessage) {
        guard isOpen else { return }
        for frame in FrameCodec.encode(message) {
            do { try channel.send(frame) } catch {
                close(.sendFailed("\(error)"))
                return
            }
        }
        sent += 1
    }

    public func close(_ reason: CloseReason = .closedLocally) {
        guard isOpen else { return }
        isOpen = false
        loop.unwatch(channel.fd)
        channel.close()
        onClose(reason)
    }

    private func readAvailable() {
        while isOpen {
            switch channel.receive(maximum: IPCLimits.maximumFramePayload + IPCLimits.headerSize) {
            case .wouldBlock:
                return
            case .endOfFile:
                close(.peerClosed)
                return
            case .truncated(let n):
                close(.oversizedDatagram(n))
                return
            case .datagram(let bytes):
                do {
                    if let message = try decoder.receive(bytes) {
                        received += 1
                        onMessage(message)
                    }
                } catch {
                    close(.protocolError(error))
                    return
                }
            }
        }
    }
}
