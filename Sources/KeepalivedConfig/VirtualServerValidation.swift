/// What keepalived checks and fixes once the LVS blocks are read (its `validate_check_config`
/// and the end-of-block handlers), plus the references it only finds at run time.
///
/// Corrections keepalived makes with a report (default protocol, scheduler, forwarding,
/// quorum, ports...) are applied here with a warning, so that the model is what will run.
extension LVSSection {
    mutating func validateGroups(diagnostics: inout DiagnosticLog) {
        var seen: Set<String> = []
        var kept: [VirtualServerGroup] = []
        for group in virtualServerGroups {
            guard seen.insert(group.name).inserted else {
                diagnostics.error("virtual_server_group \(group.name) is defined twice", at: group.location)
                continue
            }
            if group.entries.isEmpty {
                diagnostics.warning("virtual_server_group \(group.name) has no entries; ignored", at: group.location)
                continue
            }
            let fwmarkWithoutFamily = group.entries.contains { if case .fwmark(_, nil) = $0.target { return true } else { return false } }
            if group.families.count > 1 && fwmarkWithoutFamily {
                diagnostics.error("virtual_server_group \(group.name) has IPv4 and IPv6 entries, so each fwmark needs a family (inet or inet6)", at: group.location)
            }
            kept.append(group)
        }
        virtualServerGroups = kept
    }

    mutating func validateVirtualServers(diagnostics: inout DiagnosticLog) {
        var kept: [VirtualServer] = []
        var services: [ServiceKey: SourceLocation] = [:]
        for var vs in virtualServers {
            let group: VirtualServerGroup?
            if case .group(let name) = vs.service {
                group = self.group(named: name)
                if group == nil {
                    diagnostics.error("virtual_server group \(name): no virtual_server_group \(name) is defined", at: vs.location)
                }
            } else {
                group = nil
            }
            guard Self.resolveFamilies(&vs, group: group, diagnostics: &diagnostics) else { continue }
            Self.applyServiceDefaults(&vs, group: group, diagnostics: &diagnostics)
            Self.resolveRealServers(&vs, diagnostics: &diagnostics)
            Self.checkQuorum(&vs, diagnostics: &diagnostics)
            Self.checkPorts(&vs, group: group, diagnostics: &diagnostics)
            Self.checkCheckers(vs, diagnostics: &diagnostics)

            let key = ServiceKey(vs)
            if let first = services[key] {
                diagnostics.error("virtual_server \(vs.service) is defined twice (first at line \(first.line))", at: vs.location)
                continue
            }
            services[key] = vs.location
            kept.append(vs)
        }
        virtualServers = kept
    }

    /// What makes two virtual servers the same IPVS service.
    struct ServiceKey: Hashable {
        var service: VirtualService
        var `protocol`: VirtualServerProtocol?
        var family: AddressFamily?
        init(_ vs: VirtualServer) {
            service = vs.service
            self.protocol = vs.protocol
            family = vs.family
        }
    }

    /// The service family, and real/sorry servers of another family (allowed only when
    /// tunnelled) dropped. Returns false when no real server is left.
    static func resolveFamilies(_ vs: inout VirtualServer, group: VirtualServerGroup?, diagnostics: inout DiagnosticLog) -> Bool {
        var family: AddressFamily?
        switch vs.service {
        case .address(let a, _): family = a.family
        case .fwmark: family = VirtualServerKeywords.knownFamily(vs)
        case .group:
            if let f = vs.ipFamily { family = f }
            else if let g = group, g.families.count == 1 { family = g.families.first }
        }
        let isGroup: Bool = { if case .group = vs.service { return true } else { return false } }()
        var kept: [RealServer] = []
        for rs in vs.realServers {
            if !rs.effectiveForwarding(in: vs).isTunnel {
                if family == nil && !isGroup { family = rs.address.family }
                if let f = family, f != rs.address.family {
                    let reason = isGroup ? "the addresses of group \(group?.name ?? "")" : "the virtual server"
                    diagnostics.warning("real_server \(rs.address) is not of the same address family as \(reason) and is not tunnelled; ignored", at: rs.location)
                    continue
                }
            }
            kept.append(rs)
        }
        vs.realServers = kept
        if let sorry = vs.sorryServer, !(sorry.forwarding ?? vs.effectiveForwarding).isTunnel {
            if family == nil && !isGroup { family = sorry.address.family }
            if let f = family, f != sorry.address.family {
                diagnostics.warning("sorry_server \(sorry.address) is not of the same address family as the virtual server and is not tunnelled; ignored", at: sorry.location)
                vs.sorryServer = nil
            }
        }
        if family == nil && !isGroup {
            // Every server is tunnelled: keepalived takes their family if they agree, else IPv4.
            let families = Set(vs.realServers.map(\.address.family) + [vs.sorryServer?.address.family].compactMap { $0 })
            family = families.count == 1 ? families.first : .ipv4
        }
        vs.family = family
        guard !vs.realServers.isEmpty else {
            diagnostics.warning("virtual_server \(vs.service) has no real servers; ignored", at: vs.location)
            return false
        }
        return true
    }

    /// keepalived's defaults for what the block left unset, each reported.
    static func applyServiceDefaults(_ vs: inout VirtualServer, group: VirtualServerGroup?, diagnostics: inout DiagnosticLog) {
        let usesFwmarks: Bool
        let usesAddresses: Bool
        switch vs.service {
        case .address: (usesFwmarks, usesAddresses) = (false, true)
        case .fwmark: (usesFwmarks, usesAddresses) = (true, false)
        case .group: (usesFwmarks, usesAddresses) = (group?.hasFwmarks ?? false, group?.hasAddresses ?? false)
        }
        if vs.haSuspend && usesFwmarks {
            diagnostics.warning("virtual_server \(vs.service): 'ha_suspend' cannot be used with fwmarks; cleared", at: vs.location)
            vs.haSuspend = false
        }
        if usesAddresses {
            if vs.protocol == nil {
                diagnostics.warning("virtual_server \(vs.service): no 'protocol' set; using UDP", at: vs.location)
                vs.protocol = .udp
            }
            if vs.onePacketScheduling && vs.protocol != .udp {
                diagnostics.warning("virtual_server \(vs.service): 'ops' needs protocol UDP; cleared", at: vs.location)
                vs.onePacketScheduling = false
            }
            if case .address(_, 0) = vs.service, vs.persistenceTimeoutSeconds == nil {
                diagnostics.warning("virtual_server \(vs.service): port 0 is only valid for a persistent service; setting persistence_timeout \(VirtualServer.defaultPersistenceTimeoutSeconds)", at: vs.location)
                vs.persistenceTimeoutSeconds = VirtualServer.defaultPersistenceTimeoutSeconds
            }
        }
        if vs.persistenceTimeoutSeconds == nil, let g = group,
           let entry = g.entries.first(where: { if case .addresses(_, _, 0) = $0.target { return true } else { return false } }) {
            diagnostics.warning("virtual_server \(vs.service): group entry at line \(entry.location.line) has no port, which is only valid for a persistent service; setting persistence_timeout \(VirtualServer.defaultPersistenceTimeoutSeconds)", at: vs.location)
            vs.persistenceTimeoutSeconds = VirtualServer.defaultPersistenceTimeoutSeconds
        }
        if vs.protocol != nil && usesFwmarks && !usesAddresses {
            diagnostics.warning("virtual_server \(vs.service): 'protocol' does not apply to a fwmark service; ignored", at: vs.location)
            vs.protocol = nil
        }
        if vs.scheduler == nil {
            diagnostics.warning("virtual_server \(vs.service): no 'lvs_sched' set; using wlc", at: vs.location)
            vs.scheduler = .wlc
        }
    }

    /// Duplicate real servers dropped, forwarding methods resolved, sorry-server inhibit matched.
    static func resolveRealServers(_ vs: inout VirtualServer, diagnostics: inout DiagnosticLog) {
        var seen: Set<String> = []
        var kept: [RealServer] = []
        for rs in vs.realServers {
            guard seen.insert(rs.endpointDescription).inserted else {
                diagnostics.warning("real_server \(rs.endpointDescription) is defined twice in virtual_server \(vs.service); the second is ignored", at: rs.location)
                continue
            }
            kept.append(rs)
        }
        vs.realServers = kept
        let needsDefault = vs.realServers.contains { $0.forwarding == nil } || (vs.sorryServer.map { $0.forwarding == nil } ?? false)
        if needsDefault && vs.forwarding == nil {
            diagnostics.warning("virtual_server \(vs.service): no 'lvs_method' set; using NAT", at: vs.location)
            vs.forwarding = .nat
        }
        for i in vs.realServers.indices where vs.realServers[i].forwarding == nil {
            vs.realServers[i].forwarding = vs.forwarding
        }
        if vs.sorryServer != nil && vs.sorryServer?.forwarding == nil {
            vs.sorryServer?.forwarding = vs.forwarding
        }
        if let sorry = vs.sorryServer,
           let twin = vs.realServers.first(where: { $0.address == sorry.address && $0.port == sorry.port }) {
            let inhibit = twin.effectiveInhibitOnFailure(in: vs)
            if inhibit != sorry.inhibit {
                diagnostics.warning("sorry_server \(twin.endpointDescription) is also a real server whose inhibit_on_failure differs; \(inhibit ? "setting" : "clearing") it on the sorry server", at: sorry.location)
                vs.sorryServer?.inhibit = inhibit
            }
        }
    }

    static func checkQuorum(_ vs: inout VirtualServer, diagnostics: inout DiagnosticLog) {
        let total = vs.realServers.reduce(0) { $0 + $1.effectiveWeight(in: vs) }
        if vs.quorum > total {
            diagnostics.warning("virtual_server \(vs.service): 'quorum' \(vs.quorum) is more than the total weight \(total) of its real servers; using \(total)", at: vs.location)
            vs.quorum = total
        }
        if vs.quorum > 0 && vs.hysteresis >= vs.quorum {
            diagnostics.warning("virtual_server \(vs.service): 'hysteresis' \(vs.hysteresis) must be less than the quorum \(vs.quorum); using \(vs.quorum - 1)", at: vs.location)
            vs.hysteresis = vs.quorum - 1
        }
    }

    /// Non-NAT servers must use the service's port (none for fwmarks); missing ports take the
    /// service's port.
    static func checkPorts(_ vs: inout VirtualServer, group: VirtualServerGroup?, diagnostics: inout DiagnosticLog) {
        switch vs.service {
        case .group:
            guard let group else { return }
            let groupPorts = group.entries.compactMap { e -> Int? in
                if case .addresses(_, _, let p) = e.target { return p }
                return nil
            }
            func check(_ what: String, _ address: String, _ port: Int, _ forwarding: LVSForwardingMethod?, _ location: SourceLocation) {
                guard forwarding != .nat, port != 0 else { return }
                if group.hasFwmarks {
                    diagnostics.warning("\(what) \(address): a port does not apply to the fwmarks of group \(group.name) unless NAT; it is ignored there", at: location)
                }
                if let other = groupPorts.first(where: { $0 != port }) {
                    diagnostics.warning("\(what) \(address): port \(port) differs from port \(other) of group \(group.name), and only NAT can change ports", at: location)
                }
            }
            for rs in vs.realServers { check("real_server", rs.endpointDescription, rs.port, rs.forwarding, rs.location) }
            if let s = vs.sorryServer { check("sorry_server", "\(s.address)", s.port, s.forwarding, s.location) }
        case .fwmark:
            for i in vs.realServers.indices {
                let rs = vs.realServers[i]
                if rs.forwarding != .nat && rs.port != 0 {
                    diagnostics.warning("real_server \(rs.endpointDescription): a fwmark service takes no real server port unless NAT; cleared", at: rs.location)
                    vs.realServers[i].port = 0
                }
            }
            if let s = vs.sorryServer, s.forwarding != .nat, s.port != 0 {
                diagnostics.warning("sorry_server \(s.address): a fwmark service takes no sorry server port unless NAT; cleared", at: s.location)
                vs.sorryServer?.port = 0
            }
        case .address(_, let port):
            for i in vs.realServers.indices {
                let rs = vs.realServers[i]
                if rs.port == 0 {
                    vs.realServers[i].port = port
                } else if rs.forwarding != .nat && rs.port != port {
                    diagnostics.warning("real_server \(rs.endpointDescription): port differs from the virtual server's \(port), and only NAT can change ports; using \(port)", at: rs.location)
                    vs.realServers[i].port = port
                }
            }
            if let s = vs.sorryServer {
                if s.port == 0 {
                    vs.sorryServer?.port = port
                } else if s.forwarding != .nat && s.port != port {
                    diagnostics.warning("sorry_server \(s.address): port \(s.port) differs from the virtual server's \(port), and only NAT can change ports; using \(port)", at: s.location)
                    vs.sorryServer?.port = port
                }
            }
        }
    }

    /// Checker connections: a link-local destination needs `bind_if`, and the source must be
    /// of the destination's family.
    static func checkCheckers(_ vs: VirtualServer, diagnostics: inout DiagnosticLog) {
        for rs in vs.realServers {
            for check in rs.checkers {
                var connections = [check.options.connection].compactMap { $0 }
                if case .smtp(let smtp) = check.kind { connections += smtp.hosts }
                for c in connections {
                    let destination = c.connectIP ?? rs.address
                    let location = c.location ?? check.location
                    if destination.isLinkLocalV6 && c.bindInterface == nil {
                        diagnostics.error("\(check.kind.keyword): link-local address \(destination) needs 'bind_if'", at: location)
                    }
                    if let source = c.bindTo, source.family != destination.family {
                        diagnostics.error("\(check.kind.keyword): 'bindto' \(source) is not of the family of the checked address \(destination)", at: location)
                    }
                }
            }
        }
    }

    /// References to other sections that `validate` cannot see: FILE_CHECK `track_file` names
    /// and BFD_CHECK `name`s. The caller passes the names defined elsewhere (nil to skip a
    /// check); each unknown name is an error, as keepalived drops such a checker.
    public func validateReferences(trackFiles: Set<String>?, bfdInstances: Set<String>?, diagnostics: inout DiagnosticLog) {
        for vs in virtualServers {
            for rs in vs.realServers {
                for check in rs.checkers {
                    switch check.kind {
                    case .file(let f):
                        if let known = trackFiles, let name = f.trackFile, !known.contains(name) {
                            diagnostics.error("FILE_CHECK: no track_file \(name) is defined", at: check.location)
                        }
                    case .bfd(let b):
                        if let known = bfdInstances, let name = b.name, !known.contains(name) {
                            diagnostics.error("BFD_CHECK: no bfd_instance \(name) is defined", at: check.location)
                        }
                    default:
                        break
                    }
                }
            }
        }
    }
}
