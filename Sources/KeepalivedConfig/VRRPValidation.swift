/// The `global_defs` settings that VRRP validation depends on.
struct VRRPGlobalDefaults: Sendable {
    /// `vrrp_version` (default 2).
    var version: VRRPVersion = .v2
    /// `vrrp_strict` (default off).
    var strict = false

    init(version: VRRPVersion = .v2, strict: Bool = false) {
        self.version = version
        self.strict = strict
    }

    init(_ global: GlobalDefinitions) {
        self.init(version: VRRPVersion(rawValue: global.vrrp.version) ?? .v2, strict: global.vrrp.strict)
    }
}

/// Checks what no single keyword can: required settings, conflicts between settings,
/// references between blocks, duplicate virtual routers, and interfaces that do not exist.
struct VRRPValidator {
    let section: VRRPSection
    let defaults: VRRPGlobalDefaults
    let environment: ValidationEnvironment

    func run(_ d: inout DiagnosticLog) {
        checkScripts(&d)
        for instance in section.instances { check(instance, &d) }
        checkSyncGroups(&d)
        checkDuplicateRouters(&d)
        checkDuplicateAddresses(&d)
        checkStatic(&d)
    }

    // MARK: scripts

    /// keepalived disables a `vrrp_script` whose program it cannot run. Only absolute paths
    /// are checked here: a bare name is looked up in PATH when the script runs.
    func checkScripts(_ d: inout DiagnosticLog) {
        for script in section.scripts {
            guard let command = script.command,
                  let program = Tokenizer.commandWords(command).first,
                  program.hasPrefix("/") else { continue }
            if !environment.isExecutable(String(program)) {
                d.warning("vrrp_script \(script.name): \(program) is not found or not executable; the script is disabled", at: script.source.location)
            }
        }
    }

    // MARK: instances

    func check(_ i: VRRPInstance, _ d: inout DiagnosticLog) {
        let at = i.source.location
        let owner = "vrrp_instance \(i.name)"

        if i.virtualRouterID == nil {
            d.error("\(owner): 'virtual_router_id' is required", at: at)
        }
        if let name = i.interface {
            if name == "lo" {
                d.error("\(owner): the loopback interface cannot carry VRRP", at: i.interfaceSource.location ?? at)
            } else if !environment.interfaceExists(name) {
                d.error("\(owner): interface \(name) does not exist", at: i.interfaceSource.location ?? at)
            }
        } else if i.vrf == nil {
            d.error("\(owner): 'interface' is required", at: at)
        }
        if i.virtualAddresses.isEmpty {
            d.warning("\(owner): no 'virtual_ipaddress'; an instance without VIPs does nothing useful", at: at)
        }

        // Version and authentication.
        let version = i.effectiveVersion(globalDefault: defaults.version)
        let strict = i.strictMode ?? defaults.strict
        if i.effectiveFamily == .ipv6 && i.version == .v2 {
            d.error("\(owner): VRRP version 2 does not support IPv6; use version 3", at: at)
        }
        if i.authentication != nil {
            if version == .v3 {
                d.error("\(owner): VRRP version 3 has no authentication; remove the 'authentication' block", at: at)
            } else if strict {
                d.warning("\(owner): strict mode does not allow authentication; it is ignored", at: at)
            }
        }
        if strict && version == .v2 && i.accept == true {
            d.warning("\(owner): 'accept' is not allowed for VRRPv2 in strict mode; it is ignored", at: at)
        }

        // Advert interval: whole seconds for v2, centiseconds up to 40.95 s for v3.
        let advert = i.advertIntervalMicroseconds
        if version == .v2 {
            if advert % 1_000_000 != 0 {
                let rounded = max(1, Int((Double(advert) / 1_000_000).rounded()))
                d.warning("\(owner): a VRRPv2 'advert_int' must be whole seconds; \(formatMicroseconds(advert)) s is rounded to \(rounded) s", at: at)
            }
        } else if advert > 40_950_000 {
            d.warning("\(owner): a VRRPv3 'advert_int' must be less than 40.96 s; \(formatMicroseconds(advert)) s is cut to 40.95 s", at: at)
        } else if advert % 10_000 != 0 {
            d.warning("\(owner): a VRRPv3 'advert_int' is in units of 10 ms; \(formatMicroseconds(advert)) s is rounded", at: at)
        }

        // Preemption.
        if !i.preempt {
            if i.isAddressOwner {
                d.warning("\(owner): 'nopreempt' does not work with priority 255 (the address owner); it is ignored", at: at)
            } else if i.state == .master {
                d.warning("\(owner): 'nopreempt' does not work with state MASTER; it is ignored", at: at)
            }
        }
        if i.preemptDelayMicroseconds > 0 {
            if i.initialState == .master {
                d.warning("\(owner): 'preempt_delay' does not work when the initial state is MASTER; it is ignored", at: at)
            } else if !i.preempt {
                d.warning("\(owner): 'preempt_delay' does nothing with 'nopreempt'; it is ignored", at: at)
            }
        }

        // Unicast, multicast and VMAC.
        if i.unicastRequested && i.unicastPeers.isEmpty && !i.unicastFaultNoPeer {
            d.warning("\(owner): a unicast keyword is given without any 'unicast_peer', so adverts are multicast", at: at)
        }
        if i.unicastTTL != nil && i.unicastPeers.isEmpty {
            d.warning("\(owner): 'unicast_ttl' needs unicast peers; it is ignored", at: at)
        }
        if let group = i.multicastDestination, group.family != i.effectiveFamily {
            d.error("\(owner): 'mcast_dst_ip' \(group) is not of the instance's address family", at: at)
        }
        if i.vmac != nil && i.usesUnicast && !i.vmacTransmitOnBase {
            d.warning("\(owner): 'use_vmac' with unicast peers needs 'vmac_xmit_base'; it is assumed", at: at)
        }
        if i.vmacTransmitOnBase && i.vmac == nil {
            d.warning("\(owner): 'vmac_xmit_base' only applies with 'use_vmac'", at: at)
        }
        if let ipvlan = i.ipvlan, ipvlan.address == nil, i.effectiveFamily == .ipv4 {
            d.warning("\(owner): an IPv4 'use_ipvlan' needs an address; the instance would stay in fault", at: at)
        }

        // Tracking weights that keepalived ignores.
        let group = section.syncGroup(containing: i.name)
        let weightsIgnored = group.map { !$0.allowTrackingWeights } ?? false
        if i.isAddressOwner || weightsIgnored {
            let why = i.isAddressOwner ? "the address owner (priority 255)" : "a member of sync group \(group!.name)"
            for t in i.trackInterfaces where t.weight != 0 {
                d.warning("\(owner): the weight of tracked interface \(t.name) is ignored for \(why); use weight 0", at: t.source.location ?? at)
            }
            for (kind, refs) in [(TrackedKind.script, i.trackScripts), (.file, i.trackFiles), (.process, i.trackProcesses)] {
                for r in refs where effectiveWeight(r, kind) != 0 {
                    d.warning("\(owner): the weight of \(kind.keyword) \(r.name) is ignored for \(why); use weight 0", at: at)
                }
            }
        }

        // Interfaces that must exist.
        for t in i.trackInterfaces where !environment.interfaceExists(t.name) {
            d.error("\(owner): tracked interface \(t.name) does not exist", at: t.source.location ?? at)
        }
        checkDevices(i.virtualAddresses + i.excludedAddresses, i.virtualRoutes, i.virtualRules, &d)
    }

    func effectiveWeight(_ r: TrackReference, _ kind: TrackedKind) -> Int {
        if let w = r.weight { return w }
        switch kind {
        case .script: return section.script(named: r.name)?.weight ?? 0
        case .file: return section.trackFile(named: r.name)?.weight ?? 0
        case .process: return section.trackProcess(named: r.name)?.weight ?? 0
        case .bfd: return 0
        }
    }

    func checkDevices(_ addresses: [VRRPAddress], _ routes: [VRRPRoute], _ rules: [VRRPRule], _ d: inout DiagnosticLog) {
        for a in addresses {
            if let dev = a.device, !environment.interfaceExists(dev) {
                d.error("interface \(dev) for address \(a.prefix) does not exist", at: a.source.location)
            }
        }
        for r in routes {
            for dev in [r.device].compactMap({ $0 }) + r.nexthops.compactMap(\.device) where !environment.interfaceExists(dev) {
                d.error("interface \(dev) for route \(r.destination) does not exist", at: r.source.location)
            }
        }
        for r in rules {
            for dev in [r.inputInterface, r.outputInterface].compactMap({ $0 }) where !environment.interfaceExists(dev) {
                d.error("interface \(dev) for a rule does not exist", at: r.source.location)
            }
        }
    }

    // MARK: sync groups

    func checkSyncGroups(_ d: inout DiagnosticLog) {
        var groupOf: [String: String] = [:]
        for g in section.syncGroups {
            let at = g.membersSource.location ?? g.source.location
            var valid = 0
            for member in g.members {
                guard section.instance(named: member) != nil else {
                    d.error("vrrp_sync_group \(g.name): instance \(member) is not defined", at: at)
                    continue
                }
                if let other = groupOf[member] {
                    d.error("vrrp_sync_group \(g.name): instance \(member) is already in sync group \(other); an instance can be in one group only", at: at)
                    continue
                }
                groupOf[member] = g.name
                valid += 1
            }
            if valid == 0 {
                d.warning("vrrp_sync_group \(g.name) has no instances; it is ignored", at: g.source.location)
            } else if valid == 1 {
                d.warning("vrrp_sync_group \(g.name) has only one instance; a group needs two or more to be useful", at: g.source.location)
            }
            for t in g.trackInterfaces where !environment.interfaceExists(t.name) {
                d.error("vrrp_sync_group \(g.name): tracked interface \(t.name) does not exist", at: t.source.location ?? g.source.location)
            }
        }
    }

    // MARK: duplicates

    /// Two instances on one interface and family with one VRID collide, unless they use
    /// different multicast groups or unicast peers that do not overlap.
    func checkDuplicateRouters(_ d: inout DiagnosticLog) {
        var seen: [VRRPInstance] = []
        for i in section.instances {
            guard let vrid = i.virtualRouterID, let interface = i.interface else { continue }
            for other in seen where other.virtualRouterID == vrid && other.interface == interface && other.effectiveFamily == i.effectiveFamily {
                let clash: Bool
                switch (i.usesUnicast, other.usesUnicast) {
                case (true, true):
                    clash = !Set(i.unicastPeers.map(\.address)).isDisjoint(with: other.unicastPeers.map(\.address))
                case (false, false):
                    clash = (i.multicastDestination ?? defaultGroup(i.effectiveFamily)) == (other.multicastDestination ?? defaultGroup(other.effectiveFamily))
                default:
                    clash = false
                }
                if clash {
                    d.warning("vrrp_instance \(i.name): VRID \(vrid) on \(interface) (\(i.effectiveFamily == .ipv6 ? "IPv6" : "IPv4")) is already used by vrrp_instance \(other.name)", at: i.source.location)
                }
            }
            seen.append(i)
        }
    }

    func defaultGroup(_ family: AddressFamily) -> IPAddress {
        family == .ipv4 ? IPAddress("224.0.0.18")! : IPAddress("ff02::12")!
    }

    /// keepalived accepts one VIP in two instances, which makes them fight over it; we only advise.
    func checkDuplicateAddresses(_ d: inout DiagnosticLog) {
        var owner: [IPAddress: String] = [:]
        for i in section.instances {
            for a in i.virtualAddresses + i.excludedAddresses {
                if let other = owner[a.prefix.address] {
                    if other != i.name {
                        d.note("address \(a.prefix.address) is in both vrrp_instance \(other) and vrrp_instance \(i.name)", at: a.source.location)
                    } else {
                        d.note("address \(a.prefix.address) is listed twice in vrrp_instance \(i.name)", at: a.source.location)
                    }
                } else {
                    owner[a.prefix.address] = i.name
                }
            }
        }
    }

    // MARK: static and interface blocks

    func checkStatic(_ d: inout DiagnosticLog) {
        checkDevices(section.staticAddresses, section.staticRoutes, section.staticRules, &d)
        for l in section.linkbeatInterfaces where !environment.interfaceExists(l.name) {
            d.error("linkbeat_interfaces: interface \(l.name) does not exist", at: l.source.location)
        }
        for g in section.garpGroups {
            for name in g.interfaces where !environment.interfaceExists(name) {
                d.error("garp_group: interface \(name) does not exist", at: g.source.location)
            }
        }
    }
}

/// Seconds with up to six decimals and no trailing zeros: 1500000 → "1.5".
func formatMicroseconds(_ us: Int) -> String {
    let whole = us / 1_000_000
    var fraction = String(us % 1_000_000)
    guard fraction != "0" else { return String(whole) }
    fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return "\(whole).\(fraction)"
}
