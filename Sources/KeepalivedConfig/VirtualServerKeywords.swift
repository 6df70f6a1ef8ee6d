/// The keywords of a `virtual_server` block.
enum VirtualServerKeywords {
    /// Reads `virtual_server ADDR [PORT] | fwmark N | group NAME { ... }`; nil (after an error)
    /// when the service itself is invalid, in which case keepalived skips the whole block.
    static func parse(_ s: Statement, reader: inout ConfigReader) -> VirtualServer? {
        let first = s.arguments[0]
        let service: VirtualService
        switch first {
        case "group", "fwmark":
            guard s.arguments.count >= 2 else {
                reader.error("'virtual_server \(first)' needs a \(first == "group" ? "group name" : "mark")", at: s)
                return nil
            }
            if first == "group" {
                service = .group(s.arguments[1])
            } else {
                guard let mark = reader.integer(s.arguments[1], at: s.location, in: 1...Int(UInt32.max), what: "virtual_server fwmark") else { return nil }
                service = .fwmark(mark)
            }
            if s.arguments.count > 2 { reader.extra(s, allowed: 2) }
        default:
            guard let address = reader.address(first, at: s.location, what: "virtual_server") else { return nil }
            var port = 0
            if s.arguments.count > 1 {
                guard let p = reader.port(s.arguments[1], at: s.location, what: "virtual_server port") else { return nil }
                port = p
                if s.arguments.count > 2 { reader.extra(s, allowed: 2) }
            }
            service = .address(address, port: port)
        }
        var vs = VirtualServer(service: service, location: s.location)
        table.apply(s.block ?? [], to: &vs, reader: &reader)
        return vs
    }

    /// The family a virtual server has while its block is read: from its address, or, for a
    /// fwmark service, from `ip_family` or `persistence_granularity` seen so far.
    static func knownFamily(_ vs: VirtualServer) -> AddressFamily? {
        if case .address(let a, _) = vs.service { return a.family }
        if let f = vs.ipFamily { return f }
        switch vs.persistenceGranularity {
        case .netmask?: return .ipv4
        case .prefixLength?: return .ipv6
        case nil: return nil
        }
    }

    static func schedulerFlag(_ name: String) -> Keyword<VirtualServer> {
        Keyword(name, .flag, "scheduler flag (-b \(name) in ipvsadm)") { vs, s, r in
            let scheduler = vs.scheduler
            switch name {
            case "flag-1": vs.schedulerFlags.flag1 = true
            case "flag-2": vs.schedulerFlags.flag2 = true
            case "flag-3": vs.schedulerFlags.flag3 = true
            case "hashed":
                // keepalived 2.2.7 sets nothing for it, and reports it unless the scheduler is sh or mh.
                if scheduler != .sourceHashing && scheduler != .maglevHashing {
                    r.warning("'hashed' only applies to the sh and mh schedulers; ignored", at: s)
                }
                vs.hashed = true
            default:
                let family: LVSScheduler = name.hasPrefix("sh-") ? .sourceHashing : .maglevHashing
                guard scheduler == .sourceHashing || scheduler == .maglevHashing else {
                    r.warning("'\(name)' only applies to the \(family.rawValue) scheduler, which must be set before it; ignored", at: s)
                    return
                }
                guard scheduler == family else {
                    r.diagnostics.note("'\(name)' does not apply to the \(scheduler!.rawValue) scheduler; ignored", at: s.location)
                    return
                }
                if name.hasSuffix("-fallback") { vs.schedulerFlags.flag1 = true } else { vs.schedulerFlags.flag2 = true }
            }
        }
    }

    static let table = KeywordTable<VirtualServer>("virtual_server", [
        Keyword("ip_family", .exactly(1), "inet|inet6: family of a fwmark service whose servers are all tunnelled") { vs, s, r in
            let family: AddressFamily
            switch s.arguments[0] {
            case "inet": family = .ipv4
            case "inet6": family = .ipv6
            default:
                r.error("'ip_family' must be inet or inet6; got '\(s.arguments[0])'", at: s)
                return
            }
            if let known = knownFamily(vs), known != family {
                r.warning("'ip_family' \(s.arguments[0]) conflicts with the virtual server's family; ignored", at: s)
                return
            }
            vs.ipFamily = family
        },
        Keyword("retry", .exactly(1), "checker default: retries before a failure counts") { vs, s, r in
            if let n = r.integer(s, in: 1...Int(UInt32.max)) { vs.retry = n }
        },
        Keyword("delay_before_retry", .exactly(1), "checker default: delay before a retry, seconds") { vs, s, r in
            if let t = r.checkerTimer(s, minimum: .zero) { vs.delayBeforeRetryMicroseconds = t }
        },
        Keyword("warmup", .exactly(1), "checker default: maximum random delay before the first check") { vs, s, r in
            if let t = r.checkerTimer(s, minimum: .zero) { vs.warmupMicroseconds = t }
        },
        Keyword("connect_timeout", .exactly(1), "checker default: connection timeout, seconds (5)") { vs, s, r in
            if let t = r.checkerTimer(s, minimum: .positive, maximumSeconds: CheckerTimerLimits.connectTimeout) { vs.connectTimeoutMicroseconds = t }
        },
        Keyword("delay_loop", .exactly(1), "interval between checks, seconds (60)") { vs, s, r in
            if let t = r.checkerTimer(s, minimum: .positive) { vs.delayLoopMicroseconds = t }
        },
        Keyword("inhibit_on_failure", .flag, "real server default: on failure set weight 0 instead of removing") { vs, _, _ in
            vs.inhibitOnFailure = true
        },
        Keyword("lvs_sched", .exactly(1), "scheduler: rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos (wlc)") { vs, s, r in
            setScheduler(&vs, s, &r)
        },
        Keyword("lb_algo", .exactly(1), "older name of lvs_sched") { vs, s, r in
            setScheduler(&vs, s, &r)
        },
        schedulerFlag("hashed"),
        Keyword("ops", .flag, "one-packet scheduling (UDP only)") { vs, _, _ in
            vs.onePacketScheduling = true
        },
        schedulerFlag("flag-1"),
        schedulerFlag("flag-2"),
        schedulerFlag("flag-3"),
        schedulerFlag("sh-port"),
        schedulerFlag("sh-fallback"),
        schedulerFlag("mh-port"),
        schedulerFlag("mh-fallback"),
        Keyword("lvs_method", .atLeast(1), "NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum] (NAT)") { vs, s, r in
            if let m = LVSForwardingMethod.parse(s, reader: &r) { vs.forwarding = m }
        },
        Keyword("lb_kind", .atLeast(1), "older name of lvs_method") { vs, s, r in
            if let m = LVSForwardingMethod.parse(s, reader: &r) { vs.forwarding = m }
        },
        Keyword("persistence_engine", .exactly(1), "persistence engine, e.g. sip") { vs, s, r in
            let name = s.arguments[0]
            if name.utf8.count > 15 {
                r.warning("'persistence_engine' \(name) is longer than 15 characters; truncated", at: s)
            }
            vs.persistenceEngine = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        },
        Keyword("persistence_timeout", .between(0, 1), "persistence, seconds (360 when no value)") { vs, s, r in
            guard !s.arguments.isEmpty else {
                vs.persistenceTimeoutSeconds = VirtualServer.defaultPersistenceTimeoutSeconds
                return
            }
            if let t = r.integer(s, in: 1...VirtualServer.maximumPersistenceTimeoutSeconds) { vs.persistenceTimeoutSeconds = t }
        },
        Keyword("persistence_granularity", .exactly(1), "client netmask (IPv4) or prefix length (IPv6) sharing persistence") { vs, s, r in
            let text = s.arguments[0]
            let family = knownFamily(vs) ?? (text.contains(".") ? .ipv4 : .ipv6)
            switch family {
            case .ipv4:
                guard let mask = IPv4Address(text) else {
                    r.error("'persistence_granularity' must be an IPv4 netmask; got '\(text)'", at: s)
                    return
                }
                vs.persistenceGranularity = .netmask(mask)
            case .ipv6:
                guard let length = r.integer(s, in: 1...128) else { return }
                vs.persistenceGranularity = .prefixLength(length)
            }
            if vs.persistenceTimeoutSeconds == nil {
                vs.persistenceTimeoutSeconds = VirtualServer.defaultPersistenceTimeoutSeconds
            }
        },
        Keyword("protocol", .exactly(1), "TCP, UDP or SCTP") { vs, s, r in
            guard let p = VirtualServerProtocol(rawValue: s.arguments[0].uppercased()) else {
                r.error("'protocol' must be TCP, UDP or SCTP; got '\(s.arguments[0])'", at: s)
                return
            }
            vs.protocol = p
        },
        Keyword("ha_suspend", .flag, "suspend checkers while the virtual address is absent") { vs, _, _ in
            vs.haSuspend = true
        },
        Keyword("smtp_alert", .optionalBool, "mail on quorum changes") { vs, s, r in
            if let b = r.bool(s) { vs.smtpAlert = b }
        },
        Keyword("virtualhost", .atLeast(1), "default Host header for HTTP_GET/SSL_GET") { vs, s, _ in
            vs.virtualHost = s.arguments.joined(separator: " ")
        },
        Keyword("snmp_name", .exactly(1), "name shown in SNMP") { vs, s, _ in
            vs.snmpName = s.arguments[0]
        },
        Keyword("alpha", .flag, "start with every real server down") { vs, _, _ in
            vs.alpha = true
        },
        Keyword("omega", .flag, "run down notifiers at shutdown") { vs, _, _ in
            vs.omega = true
        },
        Keyword("quorum_up", .atLeast(1), "command run when the quorum is gained") { vs, s, r in
            guard vs.quorumUpScript == nil else {
                r.warning("'quorum_up' given twice; ignoring '\(r.command(s))'", at: s)
                return
            }
            vs.quorumUpScript = r.command(s)
        },
        Keyword("quorum_down", .atLeast(1), "command run when the quorum is lost") { vs, s, r in
            guard vs.quorumDownScript == nil else {
                r.warning("'quorum_down' given twice; ignoring '\(r.command(s))'", at: s)
                return
            }
            vs.quorumDownScript = r.command(s)
        },
        Keyword("quorum", .exactly(1), "live weight needed for the service (1)") { vs, s, r in
            if let n = r.integer(s, in: 1...Int(UInt32.max)) { vs.quorum = n }
        },
        Keyword("hysteresis", .exactly(1), "weight tolerance around the quorum (0)") { vs, s, r in
            if let n = r.integer(s, in: 0...Int(UInt32.max)) { vs.hysteresis = n }
        },
        Keyword("weight", .exactly(1), "default weight of the real servers (1)") { vs, s, r in
            if let n = r.integer(s, in: 1...VirtualServer.maximumWeight) { vs.weight = n }
        },
        Keyword("sorry_server", .between(1, 2), "server used while the quorum is lost: ADDR [PORT]") { vs, s, r in
            guard let a = r.address(s.arguments[0], at: s.location, what: "sorry_server") else { return }
            var port = 0
            if s.arguments.count > 1 {
                guard let p = r.port(s.arguments[1], at: s.location, what: "sorry_server port") else { return }
                port = p
            }
            if vs.sorryServer != nil {
                r.diagnostics.note("'sorry_server' given twice; the last one is used", at: s.location)
            }
            vs.sorryServer = SorryServer(address: a, port: port, location: s.location)
        },
        Keyword("sorry_server_inhibit", .flag, "inhibit_on_failure for the sorry server") { vs, s, r in
            guard vs.sorryServer != nil else {
                r.warning("'sorry_server_inhibit' comes before any 'sorry_server'; ignored", at: s)
                return
            }
            vs.sorryServer?.inhibit = true
        },
        Keyword("sorry_server_lvs_method", .atLeast(1), "forwarding method of the sorry server") { vs, s, r in
            guard vs.sorryServer != nil else {
                r.warning("'sorry_server_lvs_method' comes before any 'sorry_server'; ignored", at: s)
                return
            }
            if let m = LVSForwardingMethod.parse(s, reader: &r) { vs.sorryServer?.forwarding = m }
        },
        Keyword("real_server", .namedBlock(1), "a real server: ADDR [PORT] { ... }") { vs, s, r in
            if let rs = RealServerKeywords.parse(s, reader: &r) { vs.realServers.append(rs) }
        },
    ])

    static func setScheduler(_ vs: inout VirtualServer, _ s: Statement, _ r: inout ConfigReader) {
        guard let scheduler = LVSScheduler(rawValue: s.arguments[0]) else {
            r.error("'\(s.keyword)' must be one of \(LVSScheduler.allCases.map(\.rawValue).joined(separator: ", ")); got '\(s.arguments[0])'", at: s)
            return
        }
        vs.scheduler = scheduler
    }
}
