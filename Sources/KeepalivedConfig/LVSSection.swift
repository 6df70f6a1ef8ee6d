/// The LVS half of the configuration: what the checker child owns. Virtual server groups,
/// virtual servers with their real servers and health checkers, and the SSL context of the
/// SSL_GET checkers.
public struct LVSSection: Hashable, Sendable {
    /// `virtual_server_group` blocks, in order; names are unique.
    public var virtualServerGroups: [VirtualServerGroup] = []
    /// `virtual_server` blocks, in order.
    public var virtualServers: [VirtualServer] = []
    /// The `SSL { ... }` block, if any.
    public var ssl: CheckerSSLContext? = nil

    public init() {}

    /// The group of that name.
    public func group(named name: String) -> VirtualServerGroup? {
        virtualServerGroups.first { $0.name == name }
    }

    static let topLevelKeywords: [Keyword<KeepalivedConfiguration>] = [
        Keyword("virtual_server_group", .namedBlock(1), "addresses, ranges and fwmarks sharing real servers") { c, s, r in
            c.lvs.virtualServerGroups.append(VirtualServerGroup.parse(s, reader: &r))
        },
        Keyword("virtual_server", .namedBlock(1), "an IPVS service: ADDR [PORT] | fwmark N | group NAME { ... }") { c, s, r in
            if let vs = VirtualServerKeywords.parse(s, reader: &r) { c.lvs.virtualServers.append(vs) }
        },
        Keyword("SSL", .block, "TLS client context for SSL_GET") { c, s, r in
            if c.lvs.ssl != nil { r.warning("'SSL' given twice; the last one replaces the first", at: s) }
            var ssl = CheckerSSLContext(location: s.location)
            CheckerSSLContext.keywords.apply(s.block ?? [], to: &ssl, reader: &r)
            c.lvs.ssl = ssl
        },
    ]

    /// Cross-checks the section and applies the defaults and corrections keepalived applies
    /// after parsing, reporting each one (see `VirtualServerValidation.swift`).
    mutating func validate(global: GlobalDefinitions, diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {
        validateGroups(diagnostics: &diagnostics)
        validateVirtualServers(diagnostics: &diagnostics)
    }
}
