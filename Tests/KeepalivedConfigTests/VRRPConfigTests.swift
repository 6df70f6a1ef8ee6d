import Testing
@testable import KeepalivedConfig

// MARK: - helpers

/// A parse result that prints only its diagnostics when an expectation fails.
struct VRRPLoadResult: CustomTestStringConvertible {
    let configuration: KeepalivedConfiguration
    let diagnostics: DiagnosticLog
    var testDescription: String { diagnostics.all.map(\.description).joined(separator: "\n") }
}

private func load(_ text: String, environment: ValidationEnvironment = .permissive) -> VRRPLoadResult {
    let r = ConfigurationLoader.parse(text: text, environment: environment)
    return VRRPLoadResult(configuration: r.configuration, diagnostics: r.diagnostics)
}

/// An instance with a fixed layout so that diagnostics have known lines: `body` starts on
/// line 4; the VIP block follows it.
private func instance(_ body: String = "", vip: String = "192.0.2.1/24", name: String = "VI_1",
                      interface: String = "eth0", vrid: String = "51") -> String {
    """
    vrrp_instance \(name) {
      interface \(interface)
      virtual_router_id \(vrid)
      \(body)
      virtual_ipaddress {
        \(vip)
      }
    }

    """
}

private func firstInstance(_ r: VRRPLoadResult) -> VRRPInstance? { r.configuration.vrrp.instances.first }

private func has(_ r: VRRPLoadResult, line: Int, _ severity: Severity, _ fragment: String) -> Bool {
    r.diagnostics.all.contains { $0.location?.line == line && $0.severity == severity && $0.message.contains(fragment) }
}

private func has(_ r: VRRPLoadResult, _ severity: Severity, _ fragment: String) -> Bool {
    r.diagnostics.all.contains { $0.severity == severity && $0.message.contains(fragment) }
}

/// Nothing that would fail `keepalived -t` (notes are allowed).
private func clean(_ r: VRRPLoadResult) -> Bool { !r.diagnostics.failsConfigTest }

/// What would fail `keepalived -t`, as text (so that a failing expectation prints only that).
/// What fails `-t`, except script security, which `ScriptSecurityTests` covers.
private func failures(_ r: VRRPLoadResult) -> [String] {
    r.diagnostics.all.filter { $0.severity >= .warning && $0.category != .scriptSecurity }.map(\.description)
}

private let onlyEth0Eth1 = ValidationEnvironment(interfaceExists: { ["eth0", "eth1", "lo"].contains($0) })

/// One keyword line and what it must do to the model (the LVS tests' `ModelCase`).
typealias VRRPLine<Value: Sendable> = ModelCase<Value>

/// One bad line, and the diagnostic it must produce on its own line.
struct VRRPBadLine: Sendable, CustomTestStringConvertible {
    let line: String
    let severity: Severity
    let fragment: String
    /// Which line of `line` (0-based) the diagnostic is on; nil: the last one.
    let at: Int?
    init(_ line: String, _ severity: Severity = .error, _ fragment: String, at: Int? = nil) {
        self.line = line
        self.severity = severity
        self.fragment = fragment
        self.at = at
    }
    var testDescription: String { line }
}

// MARK: - defaults

@Suite("VRRP: defaults")
struct VRRPDefaultsTests {
    @Test func instanceDefaults() throws {
        let r = load(instance())
        #expect(failures(r) == [])
        let i = try #require(firstInstance(r))
        #expect(i.name == "VI_1" && i.interface == "eth0" && i.virtualRouterID == 51)
        #expect(i.state == nil && i.initialState == .backup)
        #expect(i.priority == nil && i.effectivePriority == 100 && !i.isAddressOwner)
        #expect(i.advertIntervalMicroseconds == 1_000_000)
        #expect(i.version == nil && i.effectiveVersion() == .v2 && i.effectiveVersion(globalDefault: .v3) == .v3)
        #expect(i.family == .ipv4 && i.effectiveFamily == .ipv4)
        #expect(i.preempt && i.preemptDelayMicroseconds == 0)
        #expect(i.accept == nil && i.strictMode == nil && i.skipCheckAdvertAddresses == nil)
        #expect(i.authentication == nil && i.debug == 0)
        #expect(i.garpMasterDelayMicroseconds == nil && i.garpMasterRepeat == nil && i.garpMasterRefreshMicroseconds == nil)
        #expect(i.garpMasterRefreshRepeat == nil && i.garpLowerPriorityDelayMicroseconds == nil && i.garpLowerPriorityRepeat == nil)
        #expect(VRRPInstance.Defaults.garpMasterDelayMicroseconds == 5_000_000 && VRRPInstance.Defaults.garpMasterRepeat == 5)
        #expect(VRRPInstance.Defaults.garpMasterRefreshRepeat == 1 && VRRPInstance.Defaults.garpLowerPriorityRepeat == 5)
        #expect(VRRPInstance.Defaults.garpLowerPriorityDelayMicroseconds == 5_000_000 && VRRPInstance.Defaults.downTimerAdverts == 3)
        #expect(i.unicastPeers.isEmpty && !i.usesUnicast && !i.unicastRequested && i.unicastTTL == nil)
        #expect(i.vmac == nil && i.ipvlan == nil && !i.vmacTransmitOnBase && !i.dontTrackPrimary)
        #expect(i.notify.isEmpty && !i.notifyDeleted && i.smtpAlert == nil && i.notifyPriorityChanges == nil)
        #expect(i.virtualAddresses.count == 1 && i.excludedAddresses.isEmpty && i.virtualRoutes.isEmpty && i.virtualRules.isEmpty)
        let vip = try #require(i.virtualAddresses.first)
        #expect(vip.prefix == IPPrefix("192.0.2.1/24")!)
        #expect(vip.device == nil && vip.scope == .global && vip.label == nil && vip.broadcast == nil && !vip.noTrack)
        #expect(vip.effectivePreferredLifetimeSeconds == VRRPAddress.foreverLifetime)
        #expect(r.configuration.needsVRRP)
    }

    @Test func stateMasterWithoutPriorityIsTheAddressOwner() throws {
        let i = try #require(firstInstance(load(instance("state MASTER"))))
        #expect(i.state == .master && i.priority == nil)
        #expect(i.effectivePriority == 255 && i.isAddressOwner && i.initialState == .master)
    }

    @Test func priority255StartsAsMasterWithoutState() throws {
        let i = try #require(firstInstance(load(instance("priority 255"))))
        #expect(i.state == nil && i.initialState == .master)
        let j = try #require(firstInstance(load(instance("state MASTER\n  priority 200"))))
        #expect(j.effectivePriority == 200 && !j.isAddressOwner && j.initialState == .master)
    }

    @Test func ipv6InstanceUsesVersion3AndDeprecatedHostAddresses() throws {
        let r = load(instance(vip: "2001:db8::1"))
        #expect(failures(r) == [])
        let i = try #require(firstInstance(r))
        #expect(i.family == .ipv6 && i.effectiveVersion() == .v3)
        #expect(i.virtualAddresses.first?.prefix.length == 128)
        #expect(i.virtualAddresses.first?.effectivePreferredLifetimeSeconds == 0)
    }

    @Test func globalDefaultsApply() throws {
        let r = load("""
        global_defs {
          vrrp_version 3
          vrrp_strict
          vrrp_garp_master_delay 7
          vrrp_garp_master_repeat 4
          vrrp_garp_lower_prio_repeat 2
        }

        """ + instance("garp_master_repeat 3"))
        let i = try #require(firstInstance(r))
        let g = r.configuration.global.vrrp
        #expect(i.effectiveVersion(global: g) == .v3 && i.effectiveStrictMode(global: g) && !i.effectiveAccept(global: g))
        let t = i.garpTiming(global: g)
        #expect(t.masterDelayMicroseconds == 7_000_000 && t.masterRepeat == 3)
        #expect(t.lowerPriorityDelayMicroseconds == 7_000_000 && t.lowerPriorityRepeat == 2)
        #expect(t.masterRefreshMicroseconds == 0 && t.masterRefreshRepeat == 1 && t.extraInterfaces == nil)
        #expect(i.effectiveDownTimerAdverts(global: g) == 3)
        // The global version and strict mode reach validation: authentication is refused under v3.
        let auth = load("global_defs {\n  vrrp_version 3\n}\n" + instance("authentication {\n    auth_type PASS\n    auth_pass x\n  }"))
        #expect(has(auth, line: 4, .error, "VRRP version 3 has no authentication"))
    }

    @Test func keepalivedGARPDefaultsWithoutGlobalDefs() throws {
        let r = load(instance())
        let i = try #require(firstInstance(r))
        let t = i.garpTiming(global: r.configuration.global.vrrp)
        #expect(t == VRRPGARPTiming(masterDelayMicroseconds: 5_000_000, masterRepeat: 5, masterRefreshMicroseconds: 0,
                                    masterRefreshRepeat: 1, lowerPriorityDelayMicroseconds: 5_000_000, lowerPriorityRepeat: 5,
                                    extraInterfaces: nil))
        #expect(i.effectiveAccept(global: r.configuration.global.vrrp))
    }

    @Test func scriptTrackFileAndProcessDefaults() throws {
        let r = load("""
        vrrp_script chk {
          script /bin/true
        }
        track_file tf {
          file /run/tf
        }
        vrrp_track_process tp {
          process haproxy
        }
        """)
        #expect(failures(r) == [])
        let v = r.configuration.vrrp
        let s = try #require(v.script(named: "chk"))
        #expect(s.command == "/bin/true" && s.intervalMicroseconds == 1_000_000 && s.timeoutMicroseconds == nil)
        #expect(s.weight == 0 && !s.reverse && s.rise == 1 && s.fall == 1 && s.user == nil && !s.initiallyFailed)
        let f = try #require(v.trackFile(named: "tf"))
        #expect(f.path == "/run/tf" && f.weight == 1 && !f.reverse && f.initialization == nil)
        let p = try #require(v.trackProcess(named: "tp"))
        #expect(p.processName == "haproxy" && p.parameters.isEmpty && p.parameterMatch == .exact)
        #expect(p.weight == 0 && p.quorum == 1 && p.quorumMax == nil && !p.fullCommand)
        #expect(p.forkDelayMicroseconds == 0 && p.terminateDelayMicroseconds == 0)
        #expect(!r.configuration.needsVRRP)
    }
}

// MARK: - vrrp_instance keywords

@Suite("VRRP: vrrp_instance keywords")
struct VRRPInstanceKeywordTests {
    static let good: [VRRPLine<VRRPInstance>] = [
        VRRPLine("state MASTER") { $0.state == .master },
        VRRPLine("state BACKUP") { $0.state == .backup },
        VRRPLine("priority 150") { $0.priority == 150 && $0.effectivePriority == 150 },
        VRRPLine("priority +10") { $0.priority == 10 },
        VRRPLine("priority 1") { $0.priority == 1 },
        VRRPLine("advert_int 3") { $0.advertIntervalMicroseconds == 3_000_000 },
        VRRPLine("advert_int 255") { $0.advertIntervalMicroseconds == 255_000_000 },
        VRRPLine("version 3\n  advert_int 0.25") { $0.advertIntervalMicroseconds == 250_000 && $0.version == .v3 },
        VRRPLine("version 2") { $0.version == .v2 },
        VRRPLine("nopreempt") { !$0.preempt },
        VRRPLine("nopreempt\n  preempt") { $0.preempt },
        VRRPLine("preempt_delay 4.12") { $0.preemptDelayMicroseconds == 4_120_000 },
        VRRPLine("preempt_delay 1000") { $0.preemptDelayMicroseconds == 1_000_000_000 },
        VRRPLine("accept") { $0.accept == true },
        VRRPLine("no_accept") { $0.accept == false },
        VRRPLine("strict_mode") { $0.strictMode == true },
        VRRPLine("strict_mode off") { $0.strictMode == false },
        VRRPLine("skip_check_adv_addr yes") { $0.skipCheckAdvertAddresses == true },
        VRRPLine("down_timer_adverts 5") { $0.downTimerAdverts == 5 },
        VRRPLine("lower_prio_no_advert") { $0.lowerPriorityNoAdvert == true },
        VRRPLine("lower_prio_no_advert false") { $0.lowerPriorityNoAdvert == false },
        VRRPLine("higher_prio_send_advert true") { $0.higherPrioritySendAdvert == true },
        VRRPLine("debug 4") { $0.debug == 4 },
        VRRPLine("promote_secondaries") { $0.promoteSecondaries },
        VRRPLine("mcast_src_ip 192.0.2.5") { $0.sourceAddress == IPAddress("192.0.2.5") && !$0.unicastRequested },
        VRRPLine("mcast_dst_ip 224.0.0.19") { $0.multicastDestination == IPAddress("224.0.0.19") },
        VRRPLine("unicast_src_ip 192.0.2.5\n  unicast_peer {\n    192.0.2.6\n  }") {
            $0.sourceAddress == IPAddress("192.0.2.5") && $0.unicastRequested && $0.usesUnicast
        },
        VRRPLine("unicast_peer {\n    192.0.2.6 min_ttl 10 max_ttl 20\n    192.0.2.7\n  }") {
            $0.unicastPeers == [VRRPUnicastPeer(address: IPAddress("192.0.2.6")!, minTTL: 10, maxTTL: 20),
                                VRRPUnicastPeer(address: IPAddress("192.0.2.7")!)]
        },
        VRRPLine("unicast_fault_no_peer") { $0.unicastFaultNoPeer && !$0.unicastRequested },
        VRRPLine("unicast_ttl 10\n  unicast_peer {\n    192.0.2.6\n  }") { $0.unicastTTL == 10 },
        VRRPLine("check_unicast_src\n  unicast_peer {\n    192.0.2.6\n  }") { $0.checkUnicastSource },
        VRRPLine("old_unicast_checksum\n  unicast_peer {\n    192.0.2.6\n  }") { $0.oldUnicastChecksum == .always },
        VRRPLine("old_unicast_checksum never\n  unicast_peer {\n    192.0.2.6\n  }") { $0.oldUnicastChecksum == .never },
        VRRPLine("track_src_ip") { $0.trackSourceAddress },
        VRRPLine("kernel_rx_buf_size 65536") { $0.kernelReceiveBufferSize == 65536 },
        VRRPLine("use_vmac") { $0.vmac == VRRPVirtualMAC() },
        VRRPLine("use_vmac vrrp.51") { $0.vmac?.interfaceName == "vrrp.51" },
        VRRPLine("use_vmac vr51 02:00:5e:00:01:33") { $0.vmac == VRRPVirtualMAC(interfaceName: "vr51", macAddress: [2, 0, 0x5e, 0, 1, 0x33]) },
        VRRPLine("use_vmac_addr") { $0.vmacForOtherInterfaces },
        VRRPLine("use_vmac\n  vmac_xmit_base") { $0.vmacTransmitOnBase },
        VRRPLine("use_ipvlan ipvl0 192.0.2.50/24 private") {
            $0.ipvlan == VRRPIPVLAN(interfaceName: "ipvl0", address: IPPrefix("192.0.2.50/24"), mode: .private)
        },
        VRRPLine("dont_track_primary") { $0.dontTrackPrimary },
        VRRPLine("track_interface {\n    eth1 weight -10 reverse\n    eth2\n  }") {
            $0.trackInterfaces == [TrackedInterface(name: "eth1", weight: -10, reverse: true), TrackedInterface(name: "eth2")]
        },
        VRRPLine("garp_master_delay 10") { $0.garpMasterDelayMicroseconds == 10_000_000 },
        VRRPLine("garp_master_delay 0") { $0.garpMasterDelayMicroseconds == 0 },
        VRRPLine("garp_master_repeat 3") { $0.garpMasterRepeat == 3 },
        VRRPLine("garp_master_refresh 60") { $0.garpMasterRefreshMicroseconds == 60_000_000 },
        VRRPLine("garp_master_refresh_repeat 2") { $0.garpMasterRefreshRepeat == 2 },
        VRRPLine("garp_lower_prio_delay 0") { $0.garpLowerPriorityDelayMicroseconds == 0 },
        VRRPLine("garp_lower_prio_repeat 0") { $0.garpLowerPriorityRepeat == 0 },
        VRRPLine("garp_extra_if 100") { $0.garpExtraInterfaces == GARPExtraInterfaces(intervalSeconds: 100, allInterfaces: false) },
        VRRPLine("garp_extra_if all 5") { $0.garpExtraInterfaces == GARPExtraInterfaces(intervalSeconds: 5, allInterfaces: true) },
        VRRPLine("notify_master /bin/true") { $0.notify.master == NotifyScript(command: "/bin/true") },
        VRRPLine("notify_backup \"/bin/echo backup\" root wheel") {
            $0.notify.backup == NotifyScript(command: "/bin/echo backup", user: "root", group: "wheel")
        },
        VRRPLine("notify_fault /bin/true") { $0.notify.fault?.command == "/bin/true" },
        VRRPLine("notify_stop /bin/true") { $0.notify.stop?.command == "/bin/true" },
        VRRPLine("notify /bin/true root") { $0.notify.any == NotifyScript(command: "/bin/true", user: "root") },
        VRRPLine("notify_master_rx_lower_pri /bin/true") { $0.notify.masterReceivedLowerPriority?.command == "/bin/true" },
        VRRPLine("notify_deleted") { $0.notifyDeleted && $0.notify.deleted == nil },
        VRRPLine("notify_deleted /bin/true") { $0.notifyDeleted && $0.notify.deleted?.command == "/bin/true" },
        VRRPLine("notify_priority_changes") { $0.notifyPriorityChanges == true },
        VRRPLine("smtp_alert no") { $0.smtpAlert == false },
        VRRPLine("smtp_alert") { $0.smtpAlert == true },
        VRRPLine("authentication {\n    auth_type PASS\n    auth_pass s3cret\n  }") {
            $0.authentication == VRRPAuthentication(type: .password, password: "s3cret")
        },
        VRRPLine("authentication {\n    auth_pass secret\n    auth_type AH\n  }") {
            $0.authentication == VRRPAuthentication(type: .ipsecAH, password: "secret")
        },
        VRRPLine("virtual_ipaddress_excluded {\n    203.0.113.5/32\n    2001:db8::5/64\n  }") {
            $0.excludedAddresses.map(\.prefix) == [IPPrefix("203.0.113.5/32")!, IPPrefix("2001:db8::5/64")!]
        },
        VRRPLine("virtual_routes {\n    203.0.113.0/24 via 192.0.2.254 dev eth0\n  }") {
            $0.virtualRoutes.first?.gateway == IPAddress("192.0.2.254") && $0.virtualRoutes.first?.device == "eth0"
        },
        VRRPLine("virtual_rules {\n    from 203.0.113.0/24 table 100 preference 10\n  }") {
            $0.virtualRules.first?.action == .table(100) && $0.virtualRules.first?.preference == 10
        },
    ]

    @Test(arguments: good)
    func keywordSetsModel(_ c: VRRPLine<VRRPInstance>) throws {
        let r = load(instance(c.line))
        #expect(failures(r) == [])
        let i = try #require(firstInstance(r))
        #expect(c.check(i))
    }

    @Test func vrfReplacesInterface() throws {
        let r = load("""
        vrrp_instance VI_1 {
          vrf blue
          virtual_router_id 1
          unicast_peer {
            192.0.2.9
          }
          virtual_ipaddress {
            192.0.2.1/24 dev eth0
          }
        }
        """)
        #expect(failures(r) == [])
        #expect(firstInstance(r)?.vrf == "blue" && firstInstance(r)?.interface == nil)
    }

    static let bad: [VRRPBadLine] = [
        VRRPBadLine("state master", .error, "'state' must be MASTER or BACKUP"),
        VRRPBadLine("state FOO", .error, "got 'FOO'"),
        VRRPBadLine("priority 0", .error, "'priority' 0 is out of range [1, 255]"),
        VRRPBadLine("priority 256", .error, "'priority' 256 is out of range [1, 255]"),
        VRRPBadLine("priority abc", .error, "'priority' needs a whole number, got 'abc'"),
        VRRPBadLine("priority 0x10", .error, "got '0x10'"),
        VRRPBadLine("priority", .error, "'priority' needs a value"),
        VRRPBadLine("priority 100 200", .warning, "ignoring '200'"),
        VRRPBadLine("advert_int 0", .error, "'advert_int' 0 is out of range"),
        VRRPBadLine("advert_int 256", .error, "'advert_int' 256 is out of range"),
        VRRPBadLine("advert_int abc", .error, "needs a time in seconds"),
        VRRPBadLine("version 4", .error, "'version' 4 is out of range [2, 3]"),
        VRRPBadLine("version 2.5", .error, "got '2.5'"),
        VRRPBadLine("preempt_delay 1001", .error, "'preempt_delay' 1001 is out of range"),
        VRRPBadLine("preempt_delay -1", .error, "'preempt_delay' -1 is out of range"),
        VRRPBadLine("strict_mode bogus", .error, "'strict_mode' needs on|off"),
        VRRPBadLine("nopreempt now", .warning, "ignoring 'now'"),
        VRRPBadLine("down_timer_adverts 0", .error, "'down_timer_adverts' 0 is out of range [1, 100]"),
        VRRPBadLine("down_timer_adverts 101", .error, "'down_timer_adverts' 101 is out of range [1, 100]"),
        VRRPBadLine("debug 5", .error, "'debug' 5 is out of range [0, 4]"),
        VRRPBadLine("unicast_ttl 256", .error, "'unicast_ttl' 256 is out of range [0, 255]"),
        VRRPBadLine("mcast_src_ip 192.0.2.300", .error, "not an IPv4 or IPv6 address"),
        VRRPBadLine("unicast_src_ip 192.0.2.5\n  mcast_src_ip 2001:db8::1", .error, "mcast_src_ip 2001:db8::1 is IPv6 but the instance is IPv4"),
        VRRPBadLine("mcast_dst_ip 192.0.2.5", .error, "not a multicast address"),
        VRRPBadLine("mcast_dst_ip ff05::12", .error, "link-local multicast"),
        VRRPBadLine("old_unicast_checksum foo", .error, "accepts only 'never'"),
        VRRPBadLine("kernel_rx_buf_size abc", .error, "'kernel_rx_buf_size' needs a whole number"),
        VRRPBadLine("use_vmac vrrp.51 00:00:5e:00:01", .error, "RFC 5798 MAC range"),
        VRRPBadLine("use_vmac 0123456789abcdefgh", .error, "not a valid interface name"),
        VRRPBadLine("use_vmac vr 00:11:22", .error, "invalid MAC address"),
        VRRPBadLine("use_ipvlan\n  use_ipvlan", .warning, "'use_ipvlan' is already set"),
        VRRPBadLine("garp_master_delay 1.5", .error, "'garp_master_delay' needs a whole number"),
        VRRPBadLine("garp_master_delay 4295", .error, "'garp_master_delay' 4295 is out of range [0, 4294]"),
        VRRPBadLine("garp_master_delay -1", .error, "out of range"),
        VRRPBadLine("garp_master_repeat 0", .warning, "'garp_master_repeat' must be more than 0; using 1"),
        VRRPBadLine("garp_master_refresh_repeat 0", .warning, "'garp_master_refresh_repeat' must be more than 0"),
        VRRPBadLine("garp_master_refresh 4294967296", .error, "out of range"),
        VRRPBadLine("garp_lower_prio_delay 4295", .error, "out of range"),
        VRRPBadLine("garp_lower_prio_repeat 2147483648", .error, "out of range"),
        VRRPBadLine("garp_extra_if foo", .error, "'garp_extra_if' needs a whole number"),
        VRRPBadLine("vmac_garp_intvl 10", .warning, "'vmac_garp_intvl' is deprecated"),
        VRRPBadLine("linkbeat_use_polling", .warning, "deprecated"),
        VRRPBadLine("lvs_sync_daemon_interface eth0", .warning, "deprecated"),
        VRRPBadLine("notify_master /bin/true\n  notify_master /bin/false", .warning, "'notify_master' is already set"),
        VRRPBadLine("notify_deleted\n  notify_deleted /bin/true", .warning, "'notify_deleted' is already set"),
        VRRPBadLine("notify_master", .error, "'notify_master' needs a value"),
        VRRPBadLine("smtp_alert maybe", .error, "'smtp_alert' needs on|off"),
        VRRPBadLine("state MASTER\n  state BACKUP", .warning, "state already set to MASTER"),
        VRRPBadLine("bogus_keyword 1", .warning, "unknown keyword 'bogus_keyword' in vrrp_instance"),
        VRRPBadLine("vrrp_version 3", .warning, "unknown keyword 'vrrp_version'"),
        VRRPBadLine("vrf blue", .error, "'vrf' and 'interface' cannot both be given"),
        VRRPBadLine("track_script chk", .error, "'track_script' must be followed by a '{ ... }' block"),
        VRRPBadLine("authentication {\n    auth_type PASS\n  }", .error, "'auth_type' needs an 'auth_pass'", at: 0),
        VRRPBadLine("authentication {\n    auth_type pass\n    auth_pass x\n  }", .error, "'auth_type' must be PASS or AH", at: 1),
        VRRPBadLine("authentication {\n    auth_type PASS\n    auth_pass 123456789\n  }", .warning, "only '12345678' is used", at: 2),
        VRRPBadLine("authentication {\n    auth_kind PASS\n  }", .warning, "unknown keyword 'auth_kind' in authentication", at: 1),
    ]

    /// The diagnostic is reported on the line of the keyword at fault.
    @Test(arguments: bad)
    func badValueIsReportedOnItsLine(_ c: VRRPBadLine) {
        let r = load(instance(c.line))
        let lines = c.line.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(has(r, line: 4 + (c.at ?? lines.count - 1), c.severity, c.fragment))
    }

    @Test func badAuthTypeInBlockLeavesNoAuthentication() throws {
        let r = load(instance("authentication {\n    auth_type FOO\n    auth_pass x\n  }"))
        #expect(has(r, line: 5, .error, "'auth_type' must be PASS or AH; got 'FOO'"))
        #expect(firstInstance(r)?.authentication == nil)
    }

    @Test func authPasswordIsCutToEightCharacters() throws {
        let r = load(instance("authentication {\n    auth_type PASS\n    auth_pass 123456789\n  }"))
        #expect(firstInstance(r)?.authentication?.password == "12345678")
    }

    @Test func nativeIPv6AfterIPv4AddressIsAnError() {
        let r = load("""
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 1
          virtual_ipaddress {
            192.0.2.1/24
          }
          native_ipv6
        }
        """)
        #expect(has(r, line: 7, .error, "'native_ipv6' cannot be used with IPv4 addresses"))
    }

    @Test func nativeIPv6MakesTheInstanceIPv6AndRejectsIPv4VIPs() throws {
        let r = load(instance("native_ipv6", vip: "192.0.2.1/24"))
        #expect(has(r, line: 6, .error, "virtual_ipaddress 192.0.2.1/24 is IPv4 but the instance is IPv6"))
        let i = try #require(firstInstance(r))
        #expect(i.nativeIPv6 && i.family == .ipv6 && i.virtualAddresses.isEmpty)
        #expect(has(r, .warning, "no 'virtual_ipaddress'"))
    }

    @Test func unicastPeerProblems() throws {
        let r = load(instance("""
        unicast_peer {
            192.0.2.9 min_ttl 10 max_ttl 5
            192.0.2.10 min_ttl 300
            192.0.2.11 bogus
            foo
            2001:db8::9
            192.0.2.12 max_ttl
          }
        """))
        #expect(has(r, line: 5, .warning, "min_ttl 10 > max_ttl 5"))
        #expect(has(r, line: 6, .error, "'unicast_peer min_ttl' 300 is out of range [0, 255]"))
        #expect(has(r, line: 7, .warning, "unknown option 'bogus'"))
        #expect(has(r, line: 8, .error, "'unicast_peer': 'foo' is not an IPv4 or IPv6 address"))
        #expect(has(r, line: 9, .error, "unicast_peer 2001:db8::9 is IPv6 but the instance is IPv4"))
        #expect(has(r, line: 10, .error, "'max_ttl' needs a value"))
        let peers = try #require(firstInstance(r)).unicastPeers.map(\.address)
        #expect(peers == [IPAddress("192.0.2.9")!, IPAddress("192.0.2.11")!])
    }
}

// MARK: - addresses, routes and rules

@Suite("VRRP: addresses, routes and rules")
struct VRRPAddressRouteRuleTests {
    @Test func addressOptions() throws {
        let r = load(instance(vip: """
        192.0.2.1/24 brd 192.0.2.255 dev eth1 scope link label eth1:v no_track
            192.0.2.2/24 brd + home -nodad mngtmpaddr noprefixroute autojoin preferred_lft forever
            192.0.2.3 brd - peer 192.0.2.200 use_vmac scope 200
            192.0.2.4/24 broadcast 192.0.2.255 preferred_lft 30
        """))
        #expect(failures(r) == [])
        let a = try #require(firstInstance(r)?.virtualAddresses)
        try #require(a.count == 4)
        #expect(a[0].broadcast == .address(IPAddress("192.0.2.255")!) && a[0].device == "eth1" && a[0].scope == .link)
        #expect(a[0].label == "eth1:v" && a[0].noTrack)
        #expect(a[1].broadcast == .setHostBits && a[1].home && a[1].noDuplicateAddressDetection && a[1].manageTemporaryAddresses)
        #expect(a[1].noPrefixRoute && a[1].autoJoin && a[1].preferredLifetimeSeconds == VRRPAddress.foreverLifetime)
        #expect(a[2].broadcast == .clearHostBits && a[2].peer == IPAddress("192.0.2.200") && a[2].useVMAC && a[2].scope == .site)
        #expect(a[2].prefix.length == 32)
        #expect(a[3].preferredLifetimeSeconds == 30)
    }

    static let badAddresses: [VRRPBadLine] = [
        VRRPBadLine("192.0.2.1/33", .error, "bad prefix length in '192.0.2.1/33'"),
        VRRPBadLine("192.0.2.300", .error, "'192.0.2.300' is not an IPv4 or IPv6 address"),
        VRRPBadLine("192.0.2.2/24 brd", .error, "'brd' needs a value"),
        VRRPBadLine("192.0.2.3/24 brd 1.2.3", .error, "invalid broadcast address '1.2.3'"),
        VRRPBadLine("192.0.2.3/24 brd 2001:db8::1", .error, "invalid broadcast address"),
        VRRPBadLine("192.0.2.4/24 scope foo", .error, "invalid scope 'foo'"),
        VRRPBadLine("192.0.2.4/24 scope 256", .error, "invalid scope '256'"),
        VRRPBadLine("192.0.2.6/24 bogus", .warning, "unknown option 'bogus' ignored"),
        VRRPBadLine("192.0.2.6/24 track_group G", .warning, "unknown option 'track_group'"),
        VRRPBadLine("192.0.2.7/24 label 0123456789abcdefg", .error, "longer than 15 characters"),
        VRRPBadLine("192.0.2.8/24 preferred_lft abc", .error, "invalid preferred_lft 'abc'"),
        VRRPBadLine("192.0.2.8/24 preferred_lft 4294967296", .error, "invalid preferred_lft"),
        VRRPBadLine("192.0.2.11/24 dev eth0 dev eth1", .error, "'dev' given more than once"),
        VRRPBadLine("192.0.2.12/24 peer 192.0.2.13", .error, "a prefix length cannot be given with 'peer'"),
        VRRPBadLine("192.0.2.12 peer 192.0.2.13/32", .error, "invalid peer address"),
    ]

    @Test(arguments: badAddresses)
    func badAddressIsReported(_ c: VRRPBadLine) {
        let r = load(instance(vip: c.line))
        #expect(has(r, line: 6, c.severity, c.fragment))
    }

    @Test func ipv6AddressRefusesBroadcastAndScope() {
        let r = load(instance(vip: "2001:db8::6/64 brd 2001:db8::ff\n    2001:db8::7/64 scope link"))
        #expect(has(r, line: 6, .error, "IPv6 addresses have no broadcast address"))
        #expect(has(r, line: 7, .error, "a scope cannot be set on an IPv6 address"))
        let labelled = load(instance(vip: "2001:db8::6/64 label eth0:6"))
        #expect(has(labelled, line: 6, .error, "a label cannot be set on an IPv6 address"))
    }

    @Test func mixedFamilyVIPIsRejectedButExcludedMayMix() throws {
        let r = load(instance("virtual_ipaddress_excluded {\n    2001:db8::5/64\n  }", vip: "192.0.2.1/24\n    2001:db8::1/64"))
        #expect(has(r, line: 9, .error, "virtual_ipaddress 2001:db8::1/64 is IPv6 but the instance is IPv4"))
        let i = try #require(firstInstance(r))
        #expect(i.virtualAddresses.count == 1 && i.excludedAddresses.count == 1)
    }

    @Test func routeOptions() throws {
        let r = load(instance("""
        virtual_routes {
            src 192.0.2.1 to 198.51.100.0/24 via 198.51.100.254 dev eth1 metric 10 table 100 scope link protocol keepalived
            blackhole 203.0.113.128/25 no_track
            default via 192.0.2.254 dev eth0 table main append
            default6 via 2001:db8::fe dev eth0
            2001:db8:7::/64 dev eth0 pref high expires 10 from 2001:db8:8::/64
            198.51.100.32/27 dev eth0 nexthop via 192.0.2.250 dev eth0 weight 1 nexthop via 192.0.2.251 dev eth1 weight 2 onlink
            198.51.100.48/28 dev eth0 mtu lock 1400 advmss 1300 rtt 100 congctl cubic features ecn quickack 1 tos 0x10 realms 1/2
            198.51.100.64/28 dev eth0 encap mpls 100 vrf blue ttl-propagate disabled
            inet6 default dev eth0
          }
        """))
        #expect(failures(r) == [])
        let routes = try #require(firstInstance(r)?.virtualRoutes)
        try #require(routes.count == 9)
        #expect(routes[0].preferredSource == IPAddress("192.0.2.1") && routes[0].destination == IPPrefix("198.51.100.0/24")!)
        #expect(routes[0].gateway == IPAddress("198.51.100.254") && routes[0].device == "eth1" && routes[0].metric == 10)
        #expect(routes[0].table == 100 && routes[0].scope == .link && routes[0].protocolNumber == 18)
        #expect(routes[1].type == .blackhole && routes[1].noTrack)
        #expect(routes[2].destination == IPPrefix("0.0.0.0/0")! && routes[2].table == 254 && routes[2].append)
        #expect(routes[3].destination == IPPrefix("::/0")! && routes[3].family == .ipv6)
        #expect(routes[4].preference == .high && routes[4].expiresSeconds == 10 && routes[4].sourcePrefix == IPPrefix("2001:db8:8::/64"))
        #expect(routes[5].nexthops == [
            { var h = VRRPNexthop(gateway: IPAddress("192.0.2.250"), device: "eth0"); h.weight = 1; return h }(),
            { var h = VRRPNexthop(gateway: IPAddress("192.0.2.251"), device: "eth1"); h.weight = 2; h.onlink = true; return h }(),
        ])
        #expect(routes[6].metrics == [
            VRRPRouteMetric(kind: .mtu, value: 1400, locked: true), VRRPRouteMetric(kind: .advmss, value: 1300),
            VRRPRouteMetric(kind: .rtt, value: 100), VRRPRouteMetric(kind: .congctl, value: 0, name: "cubic"),
            VRRPRouteMetric(kind: .features, value: 1), VRRPRouteMetric(kind: .quickack, value: 1),
        ])
        #expect(routes[6].tos == 16 && routes[6].realms == VRRPRealms(from: 1, to: 2))
        #expect(routes[7].encapsulation == ["mpls", "100"] && routes[7].vrf == "blue" && routes[7].ttlPropagate == false)
        #expect(routes[8].destination == IPPrefix("::/0")!)
    }

    static let badRoutes: [VRRPBadLine] = [
        VRRPBadLine("198.51.100.0/24 via 192.0.2.300 dev eth0", .error, "invalid 'via' address '192.0.2.300'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 via 2001:db8::1", .error, "cannot mix IPv4 and IPv6"),
        VRRPBadLine("198.51.100.0/24 via 192.0.2.254", .warning, "has no 'dev', so it cannot be tracked"),
        VRRPBadLine("198.51.100.0/24 dev eth0 gw 192.0.2.254", .warning, "'gw' is deprecated"),
        VRRPBadLine("198.51.100.0/24 dev eth0 via 192.0.2.254 or 192.0.2.253", .warning, "'or' is deprecated"),
        VRRPBadLine("198.51.100.0/24 dev eth0 table foo", .error, "routing table 'foo' is not known"),
        VRRPBadLine("198.51.100.0/24 dev eth0 metric abc", .error, "invalid 'metric' value 'abc'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 metric 4294967296", .error, "invalid 'metric' value"),
        VRRPBadLine("198.51.100.0/24 dev eth0 scope foo", .error, "invalid scope 'foo'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 protocol 300", .error, "invalid protocol '300'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 protocol boot", .warning, "must use protocol keepalived (18)"),
        VRRPBadLine("198.51.100.0/24 dev eth0 mtu", .error, "'mtu' needs a value"),
        VRRPBadLine("198.51.100.0/24 dev eth0 pref high", .error, "'pref' is only valid for IPv6"),
        VRRPBadLine("2001:db8:7::/64 dev eth0 pref bogus", .error, "invalid pref 'bogus'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 expires 10", .error, "'expires' is only valid for IPv6"),
        VRRPBadLine("198.51.100.0/24 dev eth0 from 192.0.2.0/24", .error, "'from' is only supported for IPv6"),
        VRRPBadLine("198.51.100.0/24 dev eth0 nexthop via 192.0.2.9 weight 300", .error, "invalid 'weight' value '300'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 realms foo", .error, "invalid realms 'foo'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 tos 256", .error, "invalid tos '256'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 features foo", .error, "feature 'foo' is not supported"),
        VRRPBadLine("198.51.100.0/24 dev eth0 quickack 2", .error, "invalid 'quickack' value '2'"),
        VRRPBadLine("198.51.100.0/24 dev eth0 bogus", .warning, "unknown route option 'bogus'"),
        VRRPBadLine("dev eth0 via 192.0.2.254", .error, "a route needs a destination"),
        VRRPBadLine("198.51.100.0/24 dev eth0 track_group G", .warning, "unknown route option"),
    ]

    @Test(arguments: badRoutes)
    func badRouteIsReported(_ c: VRRPBadLine) {
        let r = load(instance("virtual_routes {\n    \(c.line)\n  }"))
        #expect(has(r, line: 5, c.severity, c.fragment))
    }

    @Test func ruleOptions() throws {
        let r = load(instance("""
        virtual_rules {
            from 192.0.2.0/24 to 198.51.100.0/24 table 100 priority 10
            not from all fwmark 0x10/0xff iif eth0 oif eth1 tos 0x10 lookup 200 preference 20 no_track
            to 2001:db8::/64 goto 100 preference 30 uidrange 1000-1999 ipproto tcp sport 10-20 dport 80 protocol 5
            from 192.0.2.0/24 blackhole preference 40 suppress_prefixlength 8 suppress_ifgroup 2 realms 3 tunnel-id 7
            inet6 l3mdev preference 50
          }
        """))
        #expect(failures(r) == [])
        let rules = try #require(firstInstance(r)?.virtualRules)
        try #require(rules.count == 5)
        #expect(rules[0].from == IPPrefix("192.0.2.0/24") && rules[0].to == IPPrefix("198.51.100.0/24") && rules[0].action == .table(100))
        #expect(rules[1].inverted && rules[1].from == nil && rules[1].firewallMark == 16 && rules[1].firewallMask == 255)
        #expect(rules[1].inputInterface == "eth0" && rules[1].outputInterface == "eth1" && rules[1].tos == 16 && rules[1].noTrack)
        #expect(rules[2].family == .ipv6 && rules[2].action == .goto(100) && rules[2].uidRange == 1000...1999)
        #expect(rules[2].ipProtocol == 6 && rules[2].sourcePorts == 10...20 && rules[2].destinationPorts == 80...80 && rules[2].protocolNumber == 5)
        #expect(rules[3].action == .type(.blackhole) && rules[3].suppressPrefixLength == 8 && rules[3].suppressInterfaceGroup == 2)
        #expect(rules[3].realms == VRRPRealms(to: 3) && rules[3].tunnelID == 7)
        #expect(rules[4].family == .ipv6 && rules[4].action == .l3mdev)
    }

    static let badRules: [VRRPBadLine] = [
        VRRPBadLine("from 198.51.100.0/24 table 100 bogus 1", .warning, "unknown rule option 'bogus'"),
        VRRPBadLine("from 198.51.100.0/24 preference 5", .error, "a rule needs an action"),
        VRRPBadLine("from 198.51.100.0/24 table 100", .warning, "the rule has no 'preference'"),
        VRRPBadLine("from 198.51.100.0/24 table 100 blackhole preference 5", .error, "only one of table, goto"),
        VRRPBadLine("from 198.51.100.0/24 to 2001:db8::/64 table 100 preference 5", .error, "cannot mix IPv4 and IPv6"),
        VRRPBadLine("from 198.51.100.0/33 table 100 preference 5", .error, "invalid 'from' prefix"),
        VRRPBadLine("from all table 100 preference 5 uidrange 20-10", .error, "invalid 'uidrange' range '20-10'"),
        VRRPBadLine("from all table 100 preference 5 fwmark x", .error, "invalid 'fwmark'"),
        VRRPBadLine("from all table 100 preference 5 ipproto foo", .error, "invalid 'ipproto'"),
    ]

    @Test(arguments: badRules)
    func badRuleIsReported(_ c: VRRPBadLine) {
        let r = load(instance("virtual_rules {\n    \(c.line)\n  }"))
        #expect(has(r, line: 5, c.severity, c.fragment))
    }
}

// MARK: - scripts, track files and processes, tracking

@Suite("VRRP: tracked objects")
struct VRRPTrackingTests {
    @Test func scriptKeywords() throws {
        let r = load("""
        vrrp_script chk {
          script "/usr/bin/check --fast"
          interval 2
          timeout 3
          weight -20 reverse
          rise 2
          fall 3
          user nobody nogroup
          init_fail
        }
        """)
        #expect(failures(r) == [])
        let s = try #require(r.configuration.vrrp.scripts.first)
        #expect(s.command == "/usr/bin/check --fast" && s.intervalMicroseconds == 2_000_000 && s.timeoutMicroseconds == 3_000_000)
        #expect(s.weight == -20 && s.reverse && s.rise == 2 && s.fall == 3)
        #expect(s.user == "nobody" && s.group == "nogroup" && s.initiallyFailed)
    }

    static let badScript: [VRRPBadLine] = [
        VRRPBadLine("interval 0", .warning, "'interval' must be more than 0 seconds; using 1"),
        VRRPBadLine("interval 0.5", .error, "'interval' needs a whole number, got '0.5'"),
        VRRPBadLine("interval 4295", .error, "'interval' 4295 is out of range [0, 4294]"),
        VRRPBadLine("timeout 0", .warning, "'timeout' must be more than 0 seconds"),
        VRRPBadLine("timeout 1.5", .error, "'timeout' needs a whole number"),
        VRRPBadLine("weight 254", .error, "'weight' 254 is out of range [-253, 253]"),
        VRRPBadLine("weight abc", .error, "'weight' needs a whole number"),
        VRRPBadLine("weight 10 sideways", .warning, "unknown option 'sideways'"),
        VRRPBadLine("rise 0", .error, "'rise' 0 is out of range [1, 2147483647]"),
        VRRPBadLine("fall -1", .error, "'fall' -1 is out of range"),
        VRRPBadLine("user", .error, "'user' needs a value"),
        VRRPBadLine("init_fail yes", .warning, "ignoring 'yes'"),
        VRRPBadLine("bogus 1", .warning, "unknown keyword 'bogus' in vrrp_script"),
    ]

    @Test(arguments: badScript)
    func badScriptLine(_ c: VRRPBadLine) {
        let r = load("vrrp_script chk {\n  script /bin/true\n  \(c.line)\n}\n")
        #expect(has(r, line: 3, c.severity, c.fragment))
    }

    @Test func scriptThatCannotRunIsReported() {
        let environment = ValidationEnvironment(isExecutable: { $0 == "/bin/true" })
        let r = load("vrrp_script a {\n  script \"/nonexistent/x arg\"\n}\nvrrp_script b {\n  script /bin/true\n}\nvrrp_script c {\n  script true\n}\n", environment: environment)
        #expect(has(r, line: 1, .warning, "vrrp_script a: /nonexistent/x is not found or not executable"))
        #expect(failures(r).count == 1)
    }

    @Test func scriptWithoutCommandIsDropped() {
        let r = load("vrrp_script chk {\n  interval 2\n}\n")
        #expect(has(r, line: 1, .error, "vrrp_script chk has no 'script'"))
        #expect(r.configuration.vrrp.scripts.isEmpty)
    }

    @Test func duplicateNamesAreErrors() {
        let r = load("""
        vrrp_script chk {
          script /bin/true
        }
        vrrp_script chk {
          script /bin/false
        }
        track_file tf {
          file /a
        }
        vrrp_track_file tf {
          file /b
        }
        vrrp_track_process p {
          process a
        }
        vrrp_track_process p {
          process b
        }
        """)
        #expect(has(r, line: 4, .error, "vrrp_script chk is already defined"))
        #expect(has(r, line: 10, .error, "vrrp_track_file tf is already defined"))
        #expect(has(r, line: 16, .error, "vrrp_track_process p is already defined"))
        #expect(r.configuration.vrrp.script(named: "chk")?.command == "/bin/true")
        #expect(r.configuration.vrrp.trackFile(named: "tf")?.path == "/a")
        #expect(r.configuration.vrrp.trackProcesses.count == 1)
    }

    @Test func trackFileKeywords() throws {
        let r = load("vrrp_track_file tf {\n  file \"/run/a b\"\n  weight -254 reverse\n  init_file 5 overwrite\n}\n")
        #expect(failures(r) == [])
        let f = try #require(r.configuration.vrrp.trackFiles.first)
        #expect(f.name == "tf" && f.path == "/run/a b" && f.weight == -254 && f.reverse)
        #expect(f.initialization == TrackFileInitialization(value: 5, overwrite: true))
        let g = try #require(load("track_file tf {\n  file /x\n  init_file\n}\n").configuration.vrrp.trackFiles.first)
        #expect(g.initialization == TrackFileInitialization())
    }

    static let badTrackFile: [VRRPBadLine] = [
        VRRPBadLine("weight 255", .error, "'weight' 255 is out of range [-254, 254]"),
        VRRPBadLine("weight 2147483648", .error, "out of range"),
        VRRPBadLine("weight 10 foo", .error, "'weight': unknown option 'foo'"),
        VRRPBadLine("init_file abc", .error, "'init_file': unknown option 'abc'"),
    ]

    @Test(arguments: badTrackFile)
    func badTrackFileLine(_ c: VRRPBadLine) {
        let r = load("track_file tf {\n  file /x\n  \(c.line)\n}\n")
        #expect(has(r, line: 3, c.severity, c.fragment))
    }

    @Test func trackFileWithoutFileIsDropped() {
        let r = load("track_file tf {\n  weight 1\n}\n")
        #expect(has(r, line: 1, .error, "track_file tf has no 'file'"))
        #expect(r.configuration.vrrp.trackFiles.isEmpty)
    }

    @Test func trackProcessKeywords() throws {
        let r = load("""
        vrrp_track_process p {
          process "/usr/sbin/foo" a "b c"
          param_match initial
          weight 254 reverse
          quorum 2
          quorum_max 3
          fork_delay 0.5
          terminate_delay 1.5
          full_command
        }
        vrrp_track_process q {
          process bar
          param_match partial
          delay 2
        }
        """)
        #expect(failures(r) == [])
        let p = try #require(r.configuration.vrrp.trackProcess(named: "p"))
        #expect(p.processName == "/usr/sbin/foo" && p.parameters == ["a", "b c"] && p.parameterMatch == .initial)
        #expect(p.weight == 254 && p.reverse && p.quorum == 2 && p.quorumMax == 3 && p.fullCommand)
        #expect(p.forkDelayMicroseconds == 500_000 && p.terminateDelayMicroseconds == 1_500_000)
        let q = try #require(r.configuration.vrrp.trackProcess(named: "q"))
        #expect(q.parameterMatch == .partial && q.forkDelayMicroseconds == 2_000_000 && q.terminateDelayMicroseconds == 2_000_000)
    }

    static let badTrackProcess: [VRRPBadLine] = [
        VRRPBadLine("param_match bogus", .error, "'param_match' must be one of initial, partial"),
        VRRPBadLine("weight 255", .error, "'weight' 255 is out of range [-254, 254]"),
        VRRPBadLine("quorum 0", .error, "'quorum' 0 is out of range [1, 65535]"),
        VRRPBadLine("delay -1", .error, "'delay' -1 is out of range"),
        VRRPBadLine("fork_delay 3601", .error, "'fork_delay' 3601 is out of range"),
    ]

    @Test(arguments: badTrackProcess)
    func badTrackProcessLine(_ c: VRRPBadLine) {
        let r = load("vrrp_track_process p {\n  process foo\n  \(c.line)\n}\n")
        #expect(has(r, line: 3, c.severity, c.fragment))
    }

    @Test func trackProcessQuorumMaxBelowQuorumAndMissingProcess() {
        let r = load("vrrp_track_process p {\n  process foo\n  quorum 3\n  quorum_max 2\n}\nvrrp_track_process q {\n  weight 1\n}\n")
        #expect(has(r, line: 1, .warning, "quorum_max 2 is less than quorum 3; quorum_max is ignored"))
        #expect(has(r, line: 6, .error, "vrrp_track_process q has no 'process'"))
        #expect(r.configuration.vrrp.trackProcesses.map(\.name) == ["p"])
        #expect(r.configuration.vrrp.trackProcesses.first?.quorumMax == nil)
    }

    static let definitions = """
    vrrp_script chk {
      script /bin/true
      weight 0
    }
    track_file tf {
      file /run/tf
      weight 0
    }
    vrrp_track_process tp {
      process haproxy
    }

    """

    @Test func instanceTracksDefinedObjectsWithWeights() throws {
        let r = load(Self.definitions + instance("""
        track_script {
            chk weight 10 reverse
          }
          track_file {
            tf weight -5 noreverse
          }
          track_process {
            tp
          }
        """))
        #expect(failures(r) == [])
        let i = try #require(firstInstance(r))
        #expect(i.trackScripts == [TrackReference(name: "chk", weight: 10, reverse: true)])
        #expect(i.trackFiles == [TrackReference(name: "tf", weight: -5, reverse: false)])
        #expect(i.trackProcesses == [TrackReference(name: "tp")])
    }

    @Test func trackBFDNamesABFDInstanceDefinedBefore() throws {
        let bfd = "bfd_instance b1 {\n  neighbor_ip 192.0.2.50\n}\n"
        let r = load(bfd + instance("track_bfd {\n    b1 weight 5\n  }"))
        #expect(failures(r) == [])
        #expect(firstInstance(r)?.trackBFDs == [TrackReference(name: "b1", weight: 5)])
        let late = load(instance("track_bfd {\n    b1\n  }") + bfd)
        #expect(has(late, line: 5, .error, "track_bfd 'b1' is not a bfd_instance defined before this point"))
    }

    @Test func referenceBeforeDefinitionIsAnError() throws {
        let r = load(instance("track_script {\n    chk\n  }\n  track_file {\n    tf\n  }\n  track_process {\n    tp\n  }") + Self.definitions)
        #expect(has(r, line: 5, .error, "track_script 'chk' is not a vrrp_script defined before this point"))
        #expect(has(r, line: 8, .error, "track_file 'tf' is not a track_file defined before this point"))
        #expect(has(r, line: 11, .error, "track_process 'tp' is not a vrrp_track_process defined before this point"))
        let i = try #require(firstInstance(r))
        #expect(i.trackScripts.isEmpty && i.trackFiles.isEmpty && i.trackProcesses.isEmpty)
    }

    @Test func trackingWeightLimitsAndDuplicates() {
        let text = Self.definitions + instance("""
        track_script {
            chk weight 254
            chk
            chk weight 1
          }
          track_file {
            tf weight 255
          }
          track_interface {
            eth1 weight 254
            eth1
            eth2 weight 300
            eth3 sideways
          }
        """)
        let r = load(text)
        #expect(has(r, line: 16, .error, "'track_script chk weight' 254 is out of range [-253, 253]"))
        #expect(has(r, line: 18, .warning, "duplicate track_script 'chk' ignored"))
        #expect(has(r, line: 21, .error, "'track_file tf weight' 255 is out of range [-254, 254]"))
        #expect(has(r, line: 24, .warning, "weight 254 is not allowed, using 253"))
        #expect(has(r, line: 25, .warning, "duplicate track_interface eth1 ignored"))
        #expect(has(r, line: 26, .error, "out of range [-254, 254]"))
        #expect(has(r, line: 27, .warning, "unknown option 'sideways'"))
    }

    @Test func weightsAreIgnoredForTheAddressOwner() {
        let text = "vrrp_script w {\n  script /bin/true\n  weight 10\n}\n" + instance("""
        priority 255
          track_script {
            w
          }
          track_interface {
            eth1 weight 5
          }
        """, vrid: "1")
        let r = load(text)
        #expect(has(r, line: 13, .warning, "the weight of tracked interface eth1 is ignored for the address owner"))
        #expect(has(r, line: 5, .warning, "the weight of track_script w is ignored for the address owner"))
    }
}

// MARK: - sync groups

@Suite("VRRP: sync groups")
struct VRRPSyncGroupTests {
    static func group(_ body: String, members: String = "VI_1\n    VI_2") -> String {
        """
        vrrp_sync_group SG {
          group {
            \(members)
          }
          \(body)
        }

        """
    }

    static let twoInstances = instance(name: "VI_1", vrid: "1") + instance(name: "VI_2", interface: "eth1", vrid: "2")

    @Test func groupKeywords() throws {
        let r = load("vrrp_script chk {\n  script /bin/true\n}\nbfd_instance b1 {\n  neighbor_ip 192.0.2.50\n}\n" + Self.group("""
        notify_master "/bin/echo master"
          notify_backup /bin/true root
          notify_fault /bin/true
          notify_stop /bin/true
          notify /bin/true
          notify_priority_changes on
          smtp_alert
          track_script {
            chk weight 0
          }
          track_interface {
            eth0
          }
          track_bfd {
            b1
          }
          sync_group_tracking_weight
        """) + Self.twoInstances)
        #expect(failures(r) == [])
        let g = try #require(r.configuration.vrrp.syncGroups.first)
        #expect(g.name == "SG" && g.members == ["VI_1", "VI_2"])
        #expect(g.notify.master?.command == "/bin/echo master" && g.notify.backup?.user == "root")
        #expect(g.notify.fault != nil && g.notify.stop != nil && g.notify.any != nil)
        #expect(g.notifyPriorityChanges == true && g.smtpAlert == true && g.allowTrackingWeights)
        #expect(g.trackScripts == [TrackReference(name: "chk", weight: 0)])
        #expect(g.trackInterfaces == [TrackedInterface(name: "eth0")] && g.trackBFDs == [TrackReference(name: "b1")])
        #expect(r.configuration.vrrp.syncGroup(containing: "VI_2")?.name == "SG")
    }

    @Test func globalTrackingIsDeprecated() {
        let r = load(Self.group("global_tracking") + Self.twoInstances)
        #expect(has(r, line: 6, .warning, "'global_tracking' is deprecated"))
        #expect(r.configuration.vrrp.syncGroups.first?.allowTrackingWeights == true)
    }

    @Test func missingMemberAndSingleMember() {
        let r = load(Self.group("", members: "VI_1\n    VI_X") + instance(name: "VI_1", vrid: "1"))
        #expect(has(r, line: 2, .error, "vrrp_sync_group SG: instance VI_X is not defined"))
        #expect(has(r, line: 1, .warning, "vrrp_sync_group SG has only one instance"))
    }

    @Test func emptyGroupAndDuplicateGroup() {
        let r = load("vrrp_sync_group E {\n}\n" + Self.group("") + Self.group("") + Self.twoInstances)
        #expect(has(r, line: 1, .warning, "vrrp_sync_group E has no instances"))
        #expect(has(r, line: 10, .error, "vrrp_sync_group SG is already defined"))
    }

    @Test func instanceInTwoGroupsIsAnError() {
        let r = load(Self.group("") + "vrrp_sync_group SG2 {\n  group {\n    VI_1\n    VI_2\n  }\n}\n" + Self.twoInstances)
        #expect(has(r, line: 9, .error, "instance VI_1 is already in sync group SG"))
        #expect(has(r, line: 9, .error, "instance VI_2 is already in sync group SG"))
    }

    @Test func memberWeightsAreIgnoredUnlessAllowed() {
        let script = "vrrp_script w {\n  script /bin/true\n  weight 10\n}\n"
        let members = instance("track_script {\n    w\n  }", name: "VI_1", vrid: "1") + instance(name: "VI_2", interface: "eth1", vrid: "2")
        let r = load(script + Self.group("") + members)
        #expect(has(r, .warning, "the weight of track_script w is ignored for a member of sync group SG"))
        let allowed = load(script + Self.group("sync_group_tracking_weight") + members)
        #expect(failures(allowed) == [])
    }

    @Test func groupListedTwice() {
        let r = load(Self.group("", members: "VI_1\n    VI_1\n    VI_2") + Self.twoInstances)
        #expect(has(r, line: 4, .warning, "instance VI_1 is listed twice"))
    }
}

// MARK: - validation across instances

@Suite("VRRP: validation")
struct VRRPValidationTests {
    @Test func requiredSettings() {
        let r = load("vrrp_instance VI_1 {\n  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\nvrrp_instance VI_2 {\n  interface eth0\n  virtual_router_id 2\n}\n")
        #expect(has(r, line: 1, .error, "vrrp_instance VI_1: 'virtual_router_id' is required"))
        #expect(has(r, line: 1, .error, "vrrp_instance VI_1: 'interface' is required"))
        #expect(has(r, line: 6, .warning, "vrrp_instance VI_2: no 'virtual_ipaddress'"))
    }

    @Test func instanceNeedsExactlyOneName() {
        let r = load("vrrp_instance VI_1 extra {\n  interface eth0\n}\nvrrp_instance {\n}\n")
        #expect(has(r, line: 1, .error, "'vrrp_instance' needs exactly one name"))
        #expect(has(r, line: 4, .error, "'vrrp_instance' needs a name"))
        #expect(r.configuration.vrrp.instances.isEmpty)
    }

    @Test func duplicateInstanceIsAnError() {
        let r = load(instance(vrid: "1") + instance(vrid: "2"))
        #expect(has(r, line: 9, .error, "vrrp_instance VI_1 is already defined"))
        #expect(r.configuration.vrrp.instances.count == 1)
    }

    @Test func interfacesMustExist() {
        let r = load(instance("""
        track_interface {
            nosuch1
          }
          virtual_routes {
            198.51.100.0/24 dev nosuch2
          }
        """, vip: "192.0.2.1/24 dev nosuch3", interface: "nosuch0"), environment: onlyEth0Eth1)
        #expect(has(r, line: 2, .error, "interface nosuch0 does not exist"))
        #expect(has(r, line: 5, .error, "tracked interface nosuch1 does not exist"))
        #expect(has(r, line: 8, .error, "interface nosuch2 for route 198.51.100.0/24 does not exist"))
        #expect(has(r, line: 11, .error, "interface nosuch3 for address 192.0.2.1/24 does not exist"))
        #expect(clean(load(instance(), environment: onlyEth0Eth1)))
        #expect(has(load(instance(interface: "lo")), line: 2, .error, "the loopback interface cannot carry VRRP"))
    }

    @Test func versionAndAuthentication() {
        let auth = "authentication {\n    auth_type AH\n    auth_pass secret\n  }"
        #expect(clean(load(instance(auth))))
        #expect(has(load(instance("version 3\n  " + auth)), line: 1, .error, "VRRP version 3 has no authentication"))
        #expect(has(load(instance(auth, vip: "2001:db8::1/64")), line: 1, .error, "VRRP version 3 has no authentication"))
        #expect(has(load(instance("version 2", vip: "2001:db8::1/64")), line: 1, .error, "VRRP version 2 does not support IPv6"))
        #expect(has(load(instance("strict_mode\n  " + auth)), line: 1, .warning, "strict mode does not allow authentication"))
        #expect(has(load(instance("strict_mode\n  accept")), line: 1, .warning, "'accept' is not allowed for VRRPv2 in strict mode"))
        #expect(clean(load(instance("strict_mode\n  version 3\n  accept"))))
    }

    @Test(arguments: [
        ("advert_int 0.5", "0.5 s is rounded to 1 s"),
        ("advert_int 1.5", "1.5 s is rounded to 2 s"),
        ("version 3\n  advert_int 41", "must be less than 40.96 s"),
        ("version 3\n  advert_int 0.015", "in units of 10 ms"),
    ])
    func advertIntervalIsAdjusted(_ body: String, _ fragment: String) {
        #expect(has(load(instance(body)), line: 1, .warning, fragment))
    }

    @Test func advertIntervalThatFitsIsClean() {
        #expect(clean(load(instance("version 3\n  advert_int 40.95"))))
        #expect(clean(load(instance("advert_int 0.05", vip: "2001:db8::1/64"))))
    }

    @Test(arguments: [
        ("state MASTER\n  nopreempt", "'nopreempt' does not work with priority 255"),
        ("priority 255\n  nopreempt", "'nopreempt' does not work with priority 255"),
        ("state MASTER\n  priority 200\n  nopreempt", "'nopreempt' does not work with state MASTER"),
        ("priority 255\n  preempt_delay 5", "'preempt_delay' does not work when the initial state is MASTER"),
        ("state MASTER\n  priority 200\n  preempt_delay 5", "'preempt_delay' does not work when the initial state is MASTER"),
        ("nopreempt\n  preempt_delay 5", "'preempt_delay' does nothing with 'nopreempt'"),
    ])
    func preemptionConflicts(_ body: String, _ fragment: String) {
        #expect(has(load(instance(body)), line: 1, .warning, fragment))
    }

    @Test func backupWithPriority255AndNopreemptWithBackupAreClean() {
        #expect(clean(load(instance("state BACKUP\n  priority 254\n  nopreempt\n  preempt_delay 0"))))
        #expect(clean(load(instance("state BACKUP\n  priority 255"))))
    }

    @Test(arguments: [
        ("unicast_src_ip 192.0.2.5", "a unicast keyword is given without any 'unicast_peer'"),
        ("check_unicast_src", "a unicast keyword is given without any 'unicast_peer'"),
        ("unicast_peer {\n  }", "a unicast keyword is given without any 'unicast_peer'"),
        ("unicast_ttl 5", "'unicast_ttl' needs unicast peers"),
        ("use_vmac\n  unicast_peer {\n    192.0.2.9\n  }", "'use_vmac' with unicast peers needs 'vmac_xmit_base'"),
        ("vmac_xmit_base", "'vmac_xmit_base' only applies with 'use_vmac'"),
        ("use_ipvlan", "an IPv4 'use_ipvlan' needs an address"),
    ])
    func unicastAndVMACWarnings(_ body: String, _ fragment: String) {
        #expect(has(load(instance(body)), line: 1, .warning, fragment))
    }

    @Test func unicastFaultNoPeerWithoutPeersIsClean() {
        #expect(clean(load(instance("unicast_fault_no_peer"))))
    }

    @Test func multicastGroupFamilyMustMatch() {
        #expect(has(load(instance("mcast_dst_ip ff02::13")), line: 1, .error, "'mcast_dst_ip' ff02::13 is not of the instance's address family"))
    }

    @Test func duplicateVRIDOnOneInterfaceAndFamily() {
        let clash = load(instance(name: "VI_1", vrid: "7") + instance(name: "VI_2", vrid: "7"))
        #expect(has(clash, line: 9, .warning, "VRID 7 on eth0 (IPv4) is already used by vrrp_instance VI_1"))
        // Different interface, different family, different multicast group, disjoint unicast peers: fine.
        #expect(clean(load(instance(name: "VI_1", vrid: "7") + instance(name: "VI_2", interface: "eth1", vrid: "7"))))
        #expect(clean(load(instance(name: "VI_1", vrid: "7") + instance(vip: "2001:db8::1/64", name: "VI_2", vrid: "7"))))
        #expect(clean(load(instance(name: "VI_1", vrid: "7") + instance("mcast_dst_ip 224.0.0.19", name: "VI_2", vrid: "7"))))
        let peer = { (a: String) in "unicast_peer {\n    \(a)\n  }" }
        #expect(clean(load(instance(peer("192.0.2.9"), name: "VI_1", vrid: "7") + instance(peer("192.0.2.10"), name: "VI_2", vrid: "7"))))
        #expect(clean(load(instance(peer("192.0.2.9"), name: "VI_1", vrid: "7") + instance(name: "VI_2", vrid: "7"))))
        let overlap = load(instance(peer("192.0.2.9"), name: "VI_1", vrid: "7") + instance(peer("192.0.2.9"), name: "VI_2", vrid: "7"))
        #expect(has(overlap, .warning, "VRID 7 on eth0 (IPv4) is already used"))
        let sameGroup = load(instance(name: "VI_1", vrid: "7") + instance("mcast_dst_ip 224.0.0.18", name: "VI_2", vrid: "7"))
        #expect(has(sameGroup, .warning, "VRID 7 on eth0 (IPv4) is already used"))
    }

    @Test func sameVIPInTwoInstancesIsOnlyANote() {
        let r = load(instance(name: "VI_1", vrid: "1") + instance(name: "VI_2", vrid: "2"))
        #expect(clean(r))
        #expect(has(r, line: 14, .note, "address 192.0.2.1 is in both vrrp_instance VI_1 and vrrp_instance VI_2"))
    }
}

// MARK: - static addresses, routes, rules and the other top-level blocks

@Suite("VRRP: static and interface blocks")
struct VRRPStaticTests {
    @Test func staticBlocksAndTrackGroups() throws {
        let r = load("""
        track_group TG {
          group {
            VI_1
          }
        }
        static_ipaddress {
          203.0.113.5/24 dev eth0 track_group TG
          2001:db8:5::5/64 dev eth1
        }
        static_routes {
          203.0.113.128/25 via 192.0.2.254 dev eth0 track_group TG
        }
        static_rules {
          from 203.0.113.5 table 100 preference 100 track_group TG
        }
        """)
        #expect(failures(r) == [])
        let v = r.configuration.vrrp
        #expect(v.staticTrackGroups == [{ var g = StaticTrackGroup(name: "TG"); g.members = ["VI_1"]; return g }()])
        #expect(v.staticAddresses.map(\.trackGroup) == ["TG", nil])
        #expect(v.staticRoutes.first?.trackGroup == "TG" && v.staticRules.first?.trackGroup == "TG")
        #expect(r.configuration.needsVRRP)
    }

    @Test func trackGroupMustBeDefinedFirst() {
        let r = load("""
        static_routes {
          198.51.100.0/24 dev eth0 track_group G
        }
        static_ipaddress {
          192.0.2.11/24 dev eth0 use_vmac
        }
        track_group G {
        }
        track_group G {
        }
        """)
        #expect(has(r, line: 2, .error, "static_routes: track_group 'G' is not defined before this point"))
        #expect(has(r, line: 5, .warning, "unknown option 'use_vmac'"))
        #expect(has(r, line: 9, .error, "track_group G is already defined"))
        #expect(r.configuration.vrrp.staticRoutes.isEmpty)
    }

    @Test func staticDevicesMustExist() {
        let r = load("static_ipaddress {\n  203.0.113.5/24 dev nosuch\n}\nstatic_routes {\n  198.51.100.0/24 dev nosuch\n}\n", environment: onlyEth0Eth1)
        #expect(has(r, line: 2, .error, "interface nosuch for address 203.0.113.5/24 does not exist"))
        #expect(has(r, line: 5, .error, "interface nosuch for route 198.51.100.0/24 does not exist"))
    }

    @Test func garpGroups() throws {
        let r = load("""
        garp_group {
          garp_interval 0.5
          gna_interval 1
          interface eth0
        }
        garp_group {
          interfaces {
            eth1
            eth2
          }
        }
        garp_group {
          interface eth0
        }
        garp_group {
          interface nosuch
          garp_interval abc
        }
        """, environment: ValidationEnvironment(interfaceExists: { $0 != "nosuch" }))
        let groups = r.configuration.vrrp.garpGroups
        try #require(groups.count == 3)
        #expect(groups[0].garpIntervalMicroseconds == 500_000 && groups[0].gnaIntervalMicroseconds == 1_000_000 && groups[0].interfaces == ["eth0"])
        #expect(groups[1].interfaces == ["eth1", "eth2"])
        #expect(has(r, line: 12, .error, "interface eth0 is already in another garp_group"))
        #expect(has(r, line: 17, .error, "'garp_interval' needs a time in seconds"))
        #expect(has(r, line: 15, .error, "garp_group: interface nosuch does not exist"))
    }

    @Test func linkbeatInterfaces() throws {
        let r = load("linkbeat_interfaces {\n  eth0\n  eth1 ETHTOOL\n  nosuch\n  eth1 FOO\n}\n", environment: onlyEth0Eth1)
        let l = r.configuration.vrrp.linkbeatInterfaces
        try #require(l.map(\.name) == ["eth0", "eth1", "nosuch", "eth1"])
        #expect(l[0].method == nil && l[1].method == .ethtool)
        #expect(has(r, line: 4, .error, "linkbeat_interfaces: interface nosuch does not exist"))
        #expect(has(r, line: 5, .warning, "unknown polling method 'FOO'"))
    }
}

// MARK: - keyword tables

@Suite("VRRP: keyword tables")
struct VRRPKeywordTableTests {
    /// Every keyword keepalived 2.2.7 accepts in each block (probed with `keepalived -t`).
    @Test func tablesCoverKeepalived() {
        let instance: Set<String> = [
            "accept", "advert_int", "authentication", "check_unicast_src", "debug", "dont_track_primary", "down_timer_adverts",
            "garp_extra_if", "garp_lower_prio_delay", "garp_lower_prio_repeat", "garp_master_delay", "garp_master_refresh",
            "garp_master_refresh_repeat", "garp_master_repeat", "higher_prio_send_advert", "interface", "kernel_rx_buf_size",
            "linkbeat_use_polling", "lower_prio_no_advert", "lvs_sync_daemon_interface", "mcast_dst_ip", "mcast_src_ip",
            "native_ipv6", "no_accept", "nopreempt", "notify", "notify_backup", "notify_deleted", "notify_fault", "notify_master",
            "notify_master_rx_lower_pri", "notify_priority_changes", "notify_stop", "old_unicast_checksum", "preempt",
            "preempt_delay", "priority", "promote_secondaries", "skip_check_adv_addr", "smtp_alert", "state", "strict_mode",
            "track_bfd", "track_file", "track_interface", "track_process", "track_script", "track_src_ip", "unicast_fault_no_peer",
            "unicast_peer", "unicast_src_ip", "unicast_ttl", "use_ipvlan", "use_vmac", "use_vmac_addr", "version",
            "virtual_ipaddress", "virtual_ipaddress_excluded", "virtual_router_id", "virtual_routes", "virtual_rules",
            "vmac_garp_intvl", "vmac_xmit_base", "vrf",
        ]
        #expect(Set(VRRPInstanceKeywords.table.names) == instance)
        let syncGroup: Set<String> = [
            "global_tracking", "group", "notify", "notify_backup", "notify_fault", "notify_master", "notify_priority_changes",
            "notify_stop", "smtp_alert", "sync_group_tracking_weight", "track_bfd", "track_file", "track_interface",
            "track_process", "track_script",
        ]
        #expect(Set(VRRPSyncGroupKeywords.table.names) == syncGroup)
        #expect(Set(VRRPScriptKeywords.table.names) == ["script", "interval", "timeout", "weight", "rise", "fall", "user", "init_fail"])
        #expect(Set(TrackFileKeywords.table.names) == ["file", "weight", "init_file"])
        #expect(Set(TrackProcessKeywords.table.names) == [
            "process", "param_match", "weight", "quorum", "quorum_max", "fork_delay", "terminate_delay", "delay", "full_command",
        ])
        #expect(Set(VRRPSection.topLevelKeywords.map(\.name)) == [
            "vrrp_script", "track_file", "vrrp_track_file", "vrrp_track_process", "vrrp_sync_group", "vrrp_instance",
            "static_ipaddress", "static_routes", "static_rules", "track_group", "garp_group", "linkbeat_interfaces", "interface_up_down_delays",
        ])
    }

    @Test func everyKeywordHasASummary() {
        let summaries = VRRPInstanceKeywords.table.keywords.map(\.summary) + VRRPSyncGroupKeywords.table.keywords.map(\.summary)
            + VRRPScriptKeywords.table.keywords.map(\.summary) + TrackFileKeywords.table.keywords.map(\.summary)
            + TrackProcessKeywords.table.keywords.map(\.summary) + VRRPSection.topLevelKeywords.map(\.summary)
        #expect(summaries.allSatisfy { !$0.isEmpty })
    }
}

// MARK: - corpus

@Suite("VRRP: corpus files")
struct VRRPCorpusTests {
    static let directory: String = {
        let file = #filePath
        let tests = file.split(separator: "/").dropLast(2).joined(separator: "/")
        return "/" + tests + "/ConfigCorpus"
    }()

    /// The VRRP corpus files keepalived accepts; global_defs lines are not this section's concern.
    @Test(arguments: [
        "43-vrrp-v2-many-options.conf", "44-vrrp-v3-ipv6-unicast.conf", "45-vrrp-sync-group.conf", "47-vrrp-auth-ah-v2.conf",
        "48-vrrp-state-master-no-priority.conf", "49-vrrp-priority-without-state.conf", "51-static-addresses-routes-rules.conf",
        "52-vrrp-same-vrid-different-interfaces.conf",
    ])
    func acceptedCorpusFileIsClean(_ name: String) {
        let r = ConfigurationLoader.load(path: Self.directory + "/" + name,
                                         options: PreprocessorOptions(configID: "test", workingDirectory: Self.directory))
        let text = (try? PosixFileSystem().read(Self.directory + "/" + name)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var globalLines = Set<Int>()
        if let start = lines.firstIndex(where: { $0.hasPrefix("global_defs") }),
           let end = lines[start...].firstIndex(where: { $0.hasPrefix("}") }) {
            globalLines = Set((start + 1)...(end + 1))
        }
        let failures = r.diagnostics.all.filter { $0.severity >= .warning && !globalLines.contains($0.location?.line ?? 0) }
        #expect(failures.isEmpty, "\(failures)")
        #expect(!r.configuration.vrrp.instances.isEmpty || !r.configuration.vrrp.staticAddresses.isEmpty)
    }
}
