/// Receive buffer sizes of the netlink sockets (`*_rcv_bufs`, `*_rcv_bufs_force`), for very
/// large configurations that overrun the defaults.
public struct NetlinkBufferSettings: Hashable, Sendable {
    /// `vrrp_netlink_cmd_rcv_bufs`.
    public var vrrpCommand = NetlinkBuffer()
    /// `vrrp_netlink_monitor_rcv_bufs`.
    public var vrrpMonitor = NetlinkBuffer()
    /// `process_monitor_rcv_bufs`.
    public var processMonitor = NetlinkBuffer()
    /// `lvs_netlink_cmd_rcv_bufs`.
    public var lvsCommand = NetlinkBuffer()
    /// `lvs_netlink_monitor_rcv_bufs`.
    public var lvsMonitor = NetlinkBuffer()

    public init() {}
}

/// One socket's receive buffer: a size (0: the system default) and whether to exceed rmem_max.
public struct NetlinkBuffer: Hashable, Sendable {
    public var bytes = 0
    /// `..._force`: use SO_RCVBUFFORCE.
    public var force = false

    public init(bytes: Int = 0, force: Bool = false) {
        self.bytes = bytes
        self.force = force
    }
}

extension GlobalDefinitions {
    static let netlinkKeywords: [Keyword<GlobalDefinitions>] =
        bufferKeywords("vrrp_netlink_cmd", "VRRP netlink command socket", \.vrrpCommand)
        + bufferKeywords("vrrp_netlink_monitor", "VRRP netlink monitor socket", \.vrrpMonitor)
        + bufferKeywords("process_monitor", "process monitor socket", \.processMonitor)
        + bufferKeywords("lvs_netlink_cmd", "checker netlink command socket", \.lvsCommand)
        + bufferKeywords("lvs_netlink_monitor", "checker netlink monitor socket", \.lvsMonitor)

    static func bufferKeywords(_ prefix: String, _ what: String,
                               _ buffer: WritableKeyPath<NetlinkBufferSettings, NetlinkBuffer> & Sendable) -> [Keyword<GlobalDefinitions>] {
        [
            Keyword("\(prefix)_rcv_bufs", .exactly(1), "receive buffer bytes of the \(what)") { g, s, r in
                if let v = r.integer(s, in: 0...Int(UInt32.max)) { g.netlink[keyPath: buffer].bytes = v }
            },
            Keyword("\(prefix)_rcv_bufs_force", .optionalBool, "let the \(what) buffer exceed rmem_max") { g, s, r in
                if let v = r.optionalBool(s) { g.netlink[keyPath: buffer].force = v }
            },
        ]
    }
}
