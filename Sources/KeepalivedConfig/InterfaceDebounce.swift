/// `interface_up_down_delays { IFNAME DOWN_DELAY [UP_DELAY] … }`: how long an interface must
/// stay down (or up) before the VRRP instances using it go to FAULT (or back to BACKUP), so
/// that a bouncing link does not make instances flap.
public struct InterfaceDebounce: Hashable, Sendable {
    public var interface: String
    /// Seconds as microseconds, 0…255 s.
    public var downDelayMicroseconds: Int
    /// Defaults to the down delay.
    public var upDelayMicroseconds: Int
    public var source = VRRPSourceMark()

    public init(interface: String, downDelayMicroseconds: Int, upDelayMicroseconds: Int) {
        self.interface = interface
        self.downDelayMicroseconds = downDelayMicroseconds
        self.upDelayMicroseconds = upDelayMicroseconds
    }

    static let keyword = Keyword<KeepalivedConfiguration>("interface_up_down_delays", .block,
        "per interface: seconds down (and up) before instances using it change state") { config, s, reader in
        for entry in s.block ?? [] {
            guard entry.block == nil else {
                reader.error("interface_up_down_delays: '\(entry.keyword)' does not take a block", at: entry)
                continue
            }
            guard let downText = entry.arguments.first else {
                reader.error("interface_up_down_delays: '\(entry.keyword)' needs a down delay in seconds", at: entry)
                continue
            }
            if entry.arguments.count > 2 { reader.extra(entry, allowed: 2) }
            var probe = entry
            probe.keyword = "interface_up_down_delays \(entry.keyword)"
            guard let down = reader.timer(probe, 0, in: 0...255, what: "down delay of \(entry.keyword)") else { _ = downText; continue }
            var up = down
            if entry.arguments.count > 1 {
                guard let u = reader.timer(probe, 1, in: 0...255, what: "up delay of \(entry.keyword)") else { continue }
                up = u
            }
            if let i = config.vrrp.interfaceDelays.firstIndex(where: { $0.interface == entry.keyword }) {
                reader.warning("interface_up_down_delays: \(entry.keyword) is given twice; the later delays are used", at: entry)
                config.vrrp.interfaceDelays.remove(at: i)
            }
            var d = InterfaceDebounce(interface: entry.keyword, downDelayMicroseconds: down, upDelayMicroseconds: up)
            d.source = VRRPSourceMark(entry.location)
            config.vrrp.interfaceDelays.append(d)
        }
    }
}
