/// One line of `linkbeat_interfaces { ... }`: an interface whose link state is polled rather
/// than learnt from netlink.
public struct VRRPLinkbeatInterface: Hashable, Sendable {
    public var name: String
    /// The polling method asked for; nil: the best available (MII, then ethtool, then ioctl).
    public var method: VRRPLinkbeatMethod? = nil
    /// Where the line was written.
    public var source = VRRPSourceMark()

    public init(name: String, method: VRRPLinkbeatMethod? = nil) {
        self.name = name
        self.method = method
    }

    static func parse(_ s: Statement, reader: inout ConfigReader) -> [VRRPLinkbeatInterface] {
        var out: [VRRPLinkbeatInterface] = []
        for line in s.block ?? [] {
            var entry = VRRPLinkbeatInterface(name: line.keyword)
            entry.source = VRRPSourceMark(line.location)
            if let word = line.arguments.first {
                if let method = VRRPLinkbeatMethod(rawValue: word) {
                    entry.method = method
                } else {
                    reader.warning("linkbeat_interfaces \(line.keyword): unknown polling method '\(word)' ignored (MII, ETHTOOL or IOCTL)", at: line)
                }
                if line.arguments.count > 1 { reader.extra(line, allowed: 1) }
            }
            out.append(entry)
        }
        return out
    }
}

/// How a linkbeat interface is polled.
public enum VRRPLinkbeatMethod: String, Hashable, Sendable {
    case mii = "MII"
    case ethtool = "ETHTOOL"
    case ioctl = "IOCTL"
}
