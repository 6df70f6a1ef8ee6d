/// The bounds of the protocol: what one datagram and one reassembled message may hold.
public enum IPCLimits {
    /// The protocol version in every frame header. A peer speaking another version is refused.
    public static let protocolVersion: UInt8 = 1
    /// Bytes of payload in one SEQPACKET datagram (well under the default socket buffer).
    public static let maximumFramePayload = 60 * 1024
    /// Bytes of one reassembled message (a configuration can be large).
    public static let maximumMessageSize = 64 << 20
    /// Items in one list (diagnostics, resumed instances, configuration lines).
    public static let maximumListCount = 8_000_000
    /// Frame header size.
    public static let headerSize = 10
}
