/// keepalived's SNMP agent settings (`snmp_socket`, `enable_snmp_*`, `enable_traps`).
/// swift-keepalived has no SNMP agent: they are read so that configurations stay valid.
public struct SNMPSettings: Hashable, Sendable {
    /// `snmp_socket`: the AgentX master socket; nil is unix:/var/agentx/master.
    public var socket: String? = nil
    /// `enable_snmp_vrrp` (old name `enable_snmp_keepalived`).
    public var vrrp = false
    /// `enable_snmp_checker`.
    public var checker = false
    /// `enable_snmp_rfcv2` (or `enable_snmp_rfc`).
    public var rfcV2 = false
    /// `enable_snmp_rfcv3` (or `enable_snmp_rfc`).
    public var rfcV3 = false
    /// `enable_traps`.
    public var traps = false

    public init() {}
}

/// keepalived's D-Bus interface settings (`enable_dbus`, `dbus_service_name`); read, not acted on.
public struct DBusSettings: Hashable, Sendable {
    public var enabled = false
    /// `dbus_service_name` (default org.keepalived.Vrrp1).
    public var serviceName = "org.keepalived.Vrrp1"

    public init() {}
}

extension GlobalDefinitions {
    static let snmpAndDBusKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("snmp_socket", .atLeast(1), "AgentX socket (default unix:/var/agentx/master); not acted on") { g, s, r in
            guard s.arguments.count == 1 else { r.warning("'snmp_socket' takes one value; ignoring the line", at: s); return }
            if let first = g.snmp.socket { r.warning("'snmp_socket' is already \(first); ignoring '\(s.arguments[0])'", at: s); return }
            g.snmp.socket = s.arguments[0]
        },
        Keyword("enable_snmp_vrrp", .flag, "SNMP for the VRRP part of the KEEPALIVED MIB; not acted on") { g, _, _ in g.snmp.vrrp = true },
        Keyword("enable_snmp_keepalived", .flag, "old name of enable_snmp_vrrp") { g, _, _ in g.snmp.vrrp = true },
        Keyword("enable_snmp_checker", .flag, "SNMP for the checker part of the KEEPALIVED MIB; not acted on") { g, _, _ in g.snmp.checker = true },
        Keyword("enable_snmp_rfc", .flag, "SNMP for the RFC 2787 and RFC 6527 MIBs; not acted on") { g, _, _ in
            g.snmp.rfcV2 = true
            g.snmp.rfcV3 = true
        },
        Keyword("enable_snmp_rfcv2", .flag, "SNMP for the RFC 2787 MIB; not acted on") { g, _, _ in g.snmp.rfcV2 = true },
        Keyword("enable_snmp_rfcv3", .flag, "SNMP for the RFC 6527 MIB; not acted on") { g, _, _ in g.snmp.rfcV3 = true },
        Keyword("enable_traps", .flag, "SNMP traps; not acted on") { g, _, _ in g.snmp.traps = true },
        Keyword("enable_dbus", .flag, "the D-Bus interface; not acted on") { g, _, _ in g.dbus.enabled = true },
        Keyword("dbus_service_name", .exactly(1), "D-Bus service name (default org.keepalived.Vrrp1)") { g, s, _ in
            g.dbus.serviceName = s.arguments[0]
        },
    ]
}
