/// The firewall settings of `global_defs` (`nftables*`, `vrrp_iptables`, `vrrp_ipsets`).
///
/// keepalived uses a firewall for no_accept mode, for VMAC multicast filtering and for the
/// fwmarks of virtual server groups. swift-keepalived does not manage firewall rules: these
/// settings are read so that configurations stay valid, and are not acted on.
public struct FirewallSettings: Hashable, Sendable {
    /// `nftables [TABLE]`: the table for VRRP rules; nil when nftables is not requested.
    public var nftablesTable: String? = nil
    /// `nftables_priority N` (default -1).
    public var nftablesPriority = -1
    /// `nftables_counters`: add counters to the rules.
    public var nftablesCounters = false
    /// `nftables_ifindex`: key IPv6 link-local sets by interface index.
    public var nftablesIfIndex = false
    /// `nftables_ipvs [TABLE]`: the table for virtual server group fwmarks; nil when not requested.
    public var nftablesIPVSTable: String? = nil
    /// `nftables_ipvs_priority N` (default -1).
    public var nftablesIPVSPriority = -1
    /// `nftables_ipvs_start_fwmark N` (default 1000).
    public var nftablesIPVSStartFwmark = 1000
    /// `vrrp_iptables [IN [OUT]]`: nil when not given.
    public var iptables: IPTablesChains? = nil
    /// `vrrp_ipsets [NAME...]`: up to five set names; nil when not given, empty to disable ipsets.
    public var ipsets: [String]? = nil

    public init() {}

    /// The default table names when `nftables` / `nftables_ipvs` are given without one.
    public static let defaultNFTablesTable = "keepalived"
    public static let defaultNFTablesIPVSTable = "keepalived_ipvs"
}

/// `vrrp_iptables`: the chains keepalived adds its rules to.
public struct IPTablesChains: Hashable, Sendable {
    /// Default INPUT.
    public var inputChain: String
    /// Default OUTPUT when no chain is named; nil when only the input chain is named.
    public var outputChain: String?

    public init(inputChain: String = "INPUT", outputChain: String? = "OUTPUT") {
        self.inputChain = inputChain
        self.outputChain = outputChain
    }
}

extension GlobalDefinitions {
    /// nftables accepts table names of at most 255 bytes.
    static let maximumNFTablesNameLength = 255

    static let firewallKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("nftables", .between(0, 1), "use nftables, in TABLE (default keepalived); not acted on") { g, s, r in
            if g.firewall.nftablesTable != nil { r.warning("'nftables' given twice; ignoring the second", at: s); return }
            if let name = tableName(s, reader: &r) { g.firewall.nftablesTable = name }
        },
        Keyword("nftables_priority", .exactly(1), "nftables base chain priority (default -1)") { g, s, r in
            if let v = r.integer(s, in: Int(Int32.min)...Int(Int32.max)) { g.firewall.nftablesPriority = v }
        },
        Keyword("nftables_counters", .flag, "add counters to the nftables rules") { g, _, _ in
            g.firewall.nftablesCounters = true
        },
        Keyword("nftables_ifindex", .flag, "key IPv6 link-local sets by interface index") { g, _, _ in
            g.firewall.nftablesIfIndex = true
        },
        Keyword("nftables_ipvs", .between(0, 1), "nftables table for virtual server group fwmarks (default keepalived_ipvs)") { g, s, r in
            if g.firewall.nftablesIPVSTable != nil { r.warning("'nftables_ipvs' given twice; ignoring the second", at: s); return }
            if let name = tableName(s, reader: &r, defaultName: FirewallSettings.defaultNFTablesIPVSTable) { g.firewall.nftablesIPVSTable = name }
        },
        Keyword("nftables_ipvs_priority", .exactly(1), "IPVS nftables base chain priority (default -1)") { g, s, r in
            if let v = r.integer(s, in: Int(Int32.min)...Int(Int32.max)) { g.firewall.nftablesIPVSPriority = v }
        },
        Keyword("nftables_ipvs_start_fwmark", .exactly(1), "first fwmark for virtual server groups (default 1000)") { g, s, r in
            if let v = r.integer(s, in: 1...Int(UInt32.max)) { g.firewall.nftablesIPVSStartFwmark = v }
        },
        Keyword("vrrp_iptables", .between(0, 2), "iptables chains [IN [OUT]] (default INPUT OUTPUT); not acted on") { g, s, _ in
            switch s.arguments.count {
            case 0: g.firewall.iptables = IPTablesChains()
            case 1: g.firewall.iptables = IPTablesChains(inputChain: s.arguments[0], outputChain: nil)
            default: g.firewall.iptables = IPTablesChains(inputChain: s.arguments[0], outputChain: s.arguments[1])
            }
        },
        Keyword("vrrp_ipsets", .between(0, 5), "ipset names for the iptables rules; none disables ipsets; not acted on") { g, s, _ in
            g.firewall.ipsets = s.arguments
        },
    ]

    static func tableName(_ s: Statement, reader r: inout ConfigReader, defaultName: String = FirewallSettings.defaultNFTablesTable) -> String? {
        guard let name = s.arguments.first else { return defaultName }
        guard name.utf8.count <= maximumNFTablesNameLength else {
            r.error("'\(s.keyword)': table name is longer than \(maximumNFTablesNameLength) characters", at: s)
            return nil
        }
        return name
    }
}
