/// `global_defs` and the top-level daemon settings, typed, with keepalived 2.2.7's defaults.
///
/// It exists so that the supervisor and both children read daemon-wide settings from one
/// value: the parent for namespaces, names, scripts and child supervision, the VRRP child for
/// its instance defaults, the checker for IPVS-wide state. Settings of features that
/// swift-keepalived does not implement (SNMP, D-Bus, firewall rules, BFD) are kept too, so
/// that every configuration keepalived accepts is accepted.
public struct GlobalDefinitions: Hashable, Sendable {
    /// The keywords written outside any block (`net_namespace`, `instance`, ...).
    public var daemon = DaemonSettings()
    /// `router_id`: this node's name in notifications; nil uses the host name.
    public var routerID: String? = nil
    /// Notification e-mail.
    public var email = EmailSettings()
    /// `vrrp_*` defaults and VRRP child settings.
    public var vrrp = GlobalVRRPDefaults()
    /// `lvs_*` and checker settings.
    public var lvs = GlobalLVSSettings()
    /// nftables / iptables settings (read, not acted on).
    public var firewall = FirewallSettings()
    /// Process names, scheduling and umask.
    public var processes = ProcessSettings()
    /// Script user and security, startup/shutdown scripts, notify FIFOs.
    public var scripts = ScriptSettings()
    /// Netlink receive buffer sizes.
    public var netlink = NetlinkBufferSettings()
    /// SNMP (read, not acted on).
    public var snmp = SNMPSettings()
    /// D-Bus (read, not acted on).
    public var dbus = DBusSettings()
    /// Reload and configuration file handling.
    public var reload = ReloadSettings()
    /// swift-keepalived's own keywords.
    public var extensions = ExtensionSettings()
    /// `bfd_instance` blocks, in order; names are unique.
    public var bfdInstances: [BFDInstance] = []
    /// Where each global_defs keyword was first written (not part of equality).
    public var locations = KeywordLocations()

    public init() {}

    /// The BFD instance of that name.
    public func bfdInstance(named name: String) -> BFDInstance? {
        bfdInstances.first { $0.name == name }
    }

    static let topLevelKeywords: [Keyword<KeepalivedConfiguration>] = [
        Keyword("global_defs", .block, "daemon-wide settings") { config, s, reader in
            let block = s.block ?? []
            config.global.locations.recordFirst(block)
            GlobalDefinitions.keywords.apply(block, to: &config.global, reader: &reader)
        },
    ] + daemonKeywords + bfdTopLevelKeywords

    static let keywords = KeywordTable<GlobalDefinitions>("global_defs", [
        Keyword("router_id", .exactly(1), "name of this node in notifications (default: host name)") { g, s, _ in
            g.routerID = s.arguments[0]
        },
    ] + emailKeywords + vrrpKeywords + firewallKeywords + lvsKeywords + processKeywords
      + scriptKeywords + netlinkKeywords + snmpAndDBusKeywords + reloadKeywords + extensionKeywords)

    /// What no single keyword can check: notify FIFOs given twice. (Scripts that would run
    /// as root without `enable_script_security` are checked across sections by `ScriptSecurity`.)
    func validate(diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {
        validateNotifyFIFOs(diagnostics: &diagnostics)
    }

    /// The three FIFOs must differ; keepalived drops the VRRP or LVS one that repeats another
    /// (without failing its config test, hence a note).
    private func validateNotifyFIFOs(diagnostics: inout DiagnosticLog) {
        let global = scripts.notifyFIFO?.path
        if let vrrp = scripts.vrrpNotifyFIFO?.path, vrrp == global {
            diagnostics.note("vrrp_notify_fifo \(vrrp) is also the notify_fifo; the VRRP FIFO is ignored", at: locations["vrrp_notify_fifo"])
        }
        if let lvs = scripts.lvsNotifyFIFO?.path {
            if lvs == global {
                diagnostics.note("lvs_notify_fifo \(lvs) is also the notify_fifo; the LVS FIFO is ignored", at: locations["lvs_notify_fifo"])
            } else if lvs == scripts.vrrpNotifyFIFO?.path, scripts.lvsNotifyFIFOScript != nil, scripts.vrrpNotifyFIFOScript != nil {
                diagnostics.note("lvs_notify_fifo \(lvs) is also the vrrp_notify_fifo, both with scripts; the LVS FIFO script is ignored",
                                 at: locations["lvs_notify_fifo_script"])
            }
        }
    }
}
