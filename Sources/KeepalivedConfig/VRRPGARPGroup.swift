/// `garp_group { ... }`: limits on how fast gratuitous ARPs and unsolicited neighbour adverts
/// are sent on an interface, or on a set of interfaces behind one switch.
public struct VRRPGARPGroup: Hashable, Sendable {
    /// `garp_interval`: seconds between gratuitous ARPs; nil: the global `vrrp_garp_interval`.
    public var garpIntervalMicroseconds: Int? = nil
    /// `gna_interval`: seconds between unsolicited NAs; nil: the global `vrrp_gna_interval`.
    public var gnaIntervalMicroseconds: Int? = nil
    /// `interface` (one) or `interfaces { ... }` (several sharing the limit).
    public var interfaces: [String] = []
    /// Where the block was opened.
    public var source = VRRPSourceMark()

    public init() {}

    static let table = KeywordTable<VRRPGARPGroup>("garp_group", [
        Keyword("garp_interval", .exactly(1), "seconds between gratuitous ARPs") { g, s, reader in
            if let t = reader.timer(s, 0, in: 0...Double(Int32.max) / 1_000_000) { g.garpIntervalMicroseconds = t }
        },
        Keyword("gna_interval", .exactly(1), "seconds between unsolicited neighbour adverts") { g, s, reader in
            if let t = reader.timer(s, 0, in: 0...Double(Int32.max) / 1_000_000) { g.gnaIntervalMicroseconds = t }
        },
        Keyword("interface", .exactly(1), "the interface the limits apply to") { g, s, reader in
            if !g.interfaces.isEmpty {
                reader.warning("garp_group: give either 'interface' or 'interfaces', once", at: s)
            }
            g.interfaces.append(s.arguments[0])
        },
        Keyword("interfaces", .block, "interfaces sharing the limits") { g, s, reader in
            if !g.interfaces.isEmpty {
                reader.warning("garp_group: give either 'interface' or 'interfaces', once", at: s)
            }
            g.interfaces += s.blockWords.map(\.word)
        },
    ])
}
