/// An instance being read, with the tracked objects defined before it (keepalived resolves
/// `track_script` and friends as it reads them).
struct VRRPInstanceBuilder: Sendable {
    var instance: VRRPInstance
    let defined: TrackedNames

    var owner: String { "vrrp_instance \(instance.name)" }

    /// Records the family an address implies; a different one is an error (keepalived drops the address).
    mutating func adopt(_ family: AddressFamily, for text: String, keyword: String, at s: Statement, reader: inout ConfigReader) -> Bool {
        if let f = instance.family, f != family {
            reader.error("\(owner): \(keyword) \(text) is \(family == .ipv6 ? "IPv6" : "IPv4") but the instance is \(f == .ipv6 ? "IPv6" : "IPv4")", at: s)
            return false
        }
        instance.family = family
        return true
    }

    mutating func setNotify(_ path: WritableKeyPath<VRRPNotifyScripts, NotifyScript?> & Sendable, _ s: Statement, reader: inout ConfigReader) {
        if instance.notify[keyPath: path] != nil {
            reader.warning("\(owner): '\(s.keyword)' is already set; ignoring this one", at: s)
            return
        }
        instance.notify[keyPath: path] = reader.vrrpNotifyScript(s)
    }
}

enum VRRPInstanceKeywords {
    typealias K = Keyword<VRRPInstanceBuilder>

    static let maxInt32 = Int(Int32.max)

    static func notifyKeyword(_ name: String, _ path: WritableKeyPath<VRRPNotifyScripts, NotifyScript?> & Sendable, _ summary: String) -> K {
        K(name, .between(1, 3), summary) { b, s, reader in b.setNotify(path, s, reader: &reader) }
    }

    static func optionalBool(_ name: String, _ path: WritableKeyPath<VRRPInstance, Bool?> & Sendable, _ summary: String) -> K {
        K(name, .optionalBool, summary) { b, s, reader in
            if let v = reader.vrrpFlag(s) { b.instance[keyPath: path] = v }
        }
    }

    static func flag(_ name: String, _ path: WritableKeyPath<VRRPInstance, Bool> & Sendable, _ summary: String) -> K {
        K(name, .flag, summary) { b, _, _ in b.instance[keyPath: path] = true }
    }

    static func tracking(_ name: String, _ kind: TrackedKind, _ path: WritableKeyPath<VRRPInstance, [TrackReference]> & Sendable, _ summary: String) -> K {
        K(name, .block, summary) { b, s, reader in
            b.instance[keyPath: path] += TrackingParser.references(s, kind: kind, owner: b.owner, defined: b.defined, reader: &reader)
        }
    }

    /// `garp_master_repeat` and `garp_master_refresh_repeat`: 0 is raised to 1.
    static func repeatCount(_ name: String, _ path: WritableKeyPath<VRRPInstance, Int?> & Sendable, _ summary: String) -> K {
        K(name, .exactly(1), summary) { b, s, reader in
            guard let n = reader.vrrpDecimal(s, in: 0...maxInt32) else { return }
            if n == 0 { reader.warning("'\(name)' must be more than 0; using 1", at: s) }
            b.instance[keyPath: path] = max(n, 1)
        }
    }

    static let table = KeywordTable<VRRPInstanceBuilder>("vrrp_instance", [
        // identity and election
        K("state", .exactly(1), "initial state MASTER|BACKUP (default BACKUP)") { b, s, reader in
            switch s.arguments[0] {
            case "MASTER": b.instance.state = .master
            case "BACKUP":
                if b.instance.state == .master {
                    reader.warning("\(b.owner): state already set to MASTER; ignoring BACKUP", at: s)
                } else {
                    b.instance.state = .backup
                }
            default:
                reader.error("'state' must be MASTER or BACKUP; got '\(s.arguments[0])'", at: s)
            }
        },
        K("interface", .exactly(1), "interface the adverts use (required)") { b, s, reader in
            if b.instance.vrf != nil {
                reader.error("\(b.owner): 'interface' and 'vrf' cannot both be given", at: s)
                return
            }
            b.instance.interface = s.arguments[0]
            b.instance.interfaceSource = VRRPSourceMark(s.location)
        },
        K("vrf", .exactly(1), "VRF to use when there is no interface (unicast)") { b, s, reader in
            if b.instance.interface != nil {
                reader.error("\(b.owner): 'vrf' and 'interface' cannot both be given", at: s)
                return
            }
            b.instance.vrf = s.arguments[0]
        },
        K("virtual_router_id", .exactly(1), "VRID 1...255 (required)") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 1...255) { b.instance.virtualRouterID = n }
        },
        K("priority", .exactly(1), "1...255; 255 is the address owner (default 100, 255 with state MASTER)") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 1...255) { b.instance.priority = n }
        },
        K("advert_int", .exactly(1), "advert interval in seconds (default 1)") { b, s, reader in
            if let t = reader.timer(s, 0, in: 0.01...255) { b.instance.advertIntervalMicroseconds = t }
        },
        K("version", .exactly(1), "VRRP version 2 or 3 (default: global vrrp_version; 3 for IPv6)") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 2...3) { b.instance.version = VRRPVersion(rawValue: n) }
        },
        K("native_ipv6", .flag, "force IPv6 (deprecated: the addresses decide)") { b, s, reader in
            if b.instance.family == .ipv4 {
                reader.error("\(b.owner): 'native_ipv6' cannot be used with IPv4 addresses", at: s)
                return
            }
            b.instance.family = .ipv6
            b.instance.nativeIPv6 = true
        },
        K("nopreempt", .flag, "do not take over from a lower priority master") { b, _, _ in b.instance.preempt = false },
        K("preempt", .flag, "take over from a lower priority master (the default)") { b, _, _ in b.instance.preempt = true },
        K("preempt_delay", .exactly(1), "seconds 0...1000 to wait before preempting (default 0)") { b, s, reader in
            if let t = reader.timer(s, 0, in: 0...1000) { b.instance.preemptDelayMicroseconds = t }
        },
        K("accept", .flag, "accept packets to the VIPs when not the owner") { b, _, _ in b.instance.accept = true },
        K("no_accept", .flag, "drop packets to the VIPs when not the owner") { b, _, _ in b.instance.accept = false },
        optionalBool("strict_mode", \.strictMode, "follow the RFC strictly [BOOL] (default: global vrrp_strict)"),
        optionalBool("skip_check_adv_addr", \.skipCheckAdvertAddresses, "do not check advert addresses when unchanged [BOOL]"),
        K("authentication", .block, "VRRPv2 authentication { auth_type PASS|AH; auth_pass }") { b, s, reader in
            var auth = VRRPAuthenticationBuilder()
            VRRPAuthenticationBuilder.table.apply(s.block ?? [], to: &auth, reader: &reader)
            if let type = auth.type {
                guard let password = auth.password else {
                    reader.error("\(b.owner): 'auth_type' needs an 'auth_pass'", at: s)
                    return
                }
                b.instance.authentication = VRRPAuthentication(type: type, password: password)
            }
        },
        K("down_timer_adverts", .exactly(1), "adverts missed before taking over, 1...100 (default 3)") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 1...100) { b.instance.downTimerAdverts = n }
        },
        optionalBool("lower_prio_no_advert", \.lowerPriorityNoAdvert, "do not answer a lower priority advert [BOOL]"),
        optionalBool("higher_prio_send_advert", \.higherPrioritySendAdvert, "send an advert before yielding to a higher priority [BOOL]"),
        K("debug", .exactly(1), "debug level 0...4 (unused)") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 0...4) { b.instance.debug = n }
        },

        // addresses and routes
        K("virtual_ipaddress", .block, "the VIPs, one per line with ip-address options") { b, s, reader in
            for line in s.block ?? [] {
                guard let a = VRRPAddress.parse(line, in: .virtual, reader: &reader) else { continue }
                guard b.adopt(a.family, for: line.keyword, keyword: "virtual_ipaddress", at: line, reader: &reader) else { continue }
                b.instance.virtualAddresses.append(a)
            }
        },
        K("virtual_ipaddress_excluded", .block, "addresses moved with the VIPs but not advertised") { b, s, reader in
            for line in s.block ?? [] {
                if let a = VRRPAddress.parse(line, in: .excluded, reader: &reader) { b.instance.excludedAddresses.append(a) }
            }
        },
        K("virtual_routes", .block, "routes added while master, one per line with ip-route options") { b, s, reader in
            for line in s.block ?? [] {
                if let r = VRRPRoute.parse(line, isStatic: false, reader: &reader) { b.instance.virtualRoutes.append(r) }
            }
        },
        K("virtual_rules", .block, "rules added while master, one per line with ip-rule options") { b, s, reader in
            for line in s.block ?? [] {
                if let r = VRRPRule.parse(line, isStatic: false, reader: &reader) { b.instance.virtualRules.append(r) }
            }
        },
        flag("promote_secondaries", \.promoteSecondaries, "keep same-subnet addresses when one is removed"),

        // sockets, unicast and multicast
        K("mcast_src_ip", .exactly(1), "source address of adverts") { b, s, reader in
            guard let a = reader.address(s) else { return }
            if b.adopt(a.family, for: s.arguments[0], keyword: s.keyword, at: s, reader: &reader) { b.instance.sourceAddress = a }
        },
        K("unicast_src_ip", .exactly(1), "source address of unicast adverts") { b, s, reader in
            b.instance.unicastRequested = true
            guard let a = reader.address(s) else { return }
            if b.adopt(a.family, for: s.arguments[0], keyword: s.keyword, at: s, reader: &reader) { b.instance.sourceAddress = a }
        },
        K("mcast_dst_ip", .exactly(1), "multicast group for adverts") { b, s, reader in
            guard let a = reader.address(s) else { return }
            guard a.isMulticast else {
                reader.error("'mcast_dst_ip' \(a) is not a multicast address", at: s)
                return
            }
            if case .v6(let v6) = a, (v6.value >> 112) & 0xF != 2 {
                reader.error("'mcast_dst_ip' \(a) must be a link-local multicast address (ffX2::)", at: s)
                return
            }
            b.instance.multicastDestination = a
        },
        K("unicast_peer", .block, "send adverts to these addresses [min_ttl N] [max_ttl N]") { b, s, reader in
            b.instance.unicastRequested = true
            for line in s.block ?? [] {
                guard let a = reader.address(line.keyword, at: line.location, what: "unicast_peer") else { continue }
                guard b.adopt(a.family, for: line.keyword, keyword: "unicast_peer", at: line, reader: &reader) else { continue }
                var peer = VRRPUnicastPeer(address: a)
                var args = line.arguments[...]
                var usable = true
                while let option = args.first {
                    args = args.dropFirst()
                    guard option == "min_ttl" || option == "max_ttl" else {
                        reader.warning("'unicast_peer' \(a): unknown option '\(option)' ignored", at: line)
                        continue
                    }
                    guard let text = args.first else {
                        reader.error("'unicast_peer' \(a): '\(option)' needs a value", at: line)
                        usable = false
                        break
                    }
                    args = args.dropFirst()
                    guard let n = reader.vrrpDecimal(text, at: line.location, in: 0...255, what: "unicast_peer \(option)") else { usable = false; continue }
                    if option == "min_ttl" { peer.minTTL = n } else { peer.maxTTL = n }
                }
                guard usable else { continue }
                if let low = peer.minTTL, let high = peer.maxTTL, low > high {
                    reader.warning("'unicast_peer' \(a): min_ttl \(low) > max_ttl \(high), so every advert will be dropped", at: line)
                }
                b.instance.unicastPeers.append(peer)
            }
        },
        flag("unicast_fault_no_peer", \.unicastFaultNoPeer, "stay in fault without unicast peers"),
        K("unicast_ttl", .exactly(1), "TTL of unicast adverts 0...255 (default 255)") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 0...255) { b.instance.unicastTTL = n }
        },
        K("check_unicast_src", .flag, "drop adverts whose source is not a peer") { b, _, _ in
            b.instance.checkUnicastSource = true
            b.instance.unicastRequested = true
        },
        K("old_unicast_checksum", .between(0, 1), "use the pre-1.3.6 VRRPv3 unicast checksum [never]") { b, s, reader in
            b.instance.unicastRequested = true
            if let word = s.arguments.first {
                guard word == "never" else {
                    reader.error("'old_unicast_checksum' accepts only 'never'; got '\(word)'", at: s)
                    return
                }
                b.instance.oldUnicastChecksum = .never
            } else {
                b.instance.oldUnicastChecksum = .always
            }
        },
        flag("track_src_ip", \.trackSourceAddress, "fault when the source address disappears"),
        K("kernel_rx_buf_size", .exactly(1), "socket receive buffer size in bytes") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 1...maxInt32) { b.instance.kernelReceiveBufferSize = n }
        },

        // VMAC and IPVLAN
        K("use_vmac", .between(0, 2), "use a macvlan with the virtual router MAC [NAME] [MAC]") { b, s, reader in
            var vmac = VRRPVirtualMAC()
            for word in s.arguments {
                if word.contains(":") {
                    guard let mac = parseVRRPMAC(word) else {
                        reader.error("'use_vmac': invalid MAC address '\(word)'", at: s)
                        return
                    }
                    if mac.starts(with: [0x00, 0x00, 0x5e, 0x00, 0x01]) || mac.starts(with: [0x00, 0x00, 0x5e, 0x00, 0x02]) {
                        reader.error("'use_vmac': \(word) is the RFC 5798 MAC range; give another or none", at: s)
                        return
                    }
                    vmac.macAddress = mac
                } else {
                    guard isValidInterfaceName(word) else {
                        reader.error("'use_vmac': '\(word)' is not a valid interface name (at most 15 characters)", at: s)
                        return
                    }
                    vmac.interfaceName = word
                }
            }
            b.instance.vmac = vmac
        },
        flag("use_vmac_addr", \.vmacForOtherInterfaces, "give VIPs on other interfaces their own VMAC"),
        flag("vmac_xmit_base", \.vmacTransmitOnBase, "send and receive adverts on the base interface"),
        K("use_ipvlan", .between(0, 3), "use an ipvlan [NAME] [ADDRESS] [bridge|private|vepa]") { b, s, reader in
            if b.instance.ipvlan != nil {
                reader.warning("\(b.owner): 'use_ipvlan' is already set; ignoring this one", at: s)
                return
            }
            var ipvlan = VRRPIPVLAN()
            for word in s.arguments {
                if let mode = VRRPIPVLANMode(rawValue: word) {
                    ipvlan.mode = mode
                } else if let p = IPPrefix(word) {
                    ipvlan.address = p
                } else if word.contains("/") || (word.first?.isHexDigit == true && (word.contains(":") || word.allSatisfy({ $0.isNumber || $0 == "." }))) {
                    reader.error("'use_ipvlan': invalid address '\(word)'", at: s)
                    return
                } else if isValidInterfaceName(word) {
                    ipvlan.interfaceName = word
                } else {
                    reader.error("'use_ipvlan': '\(word)' is not a valid interface name", at: s)
                    return
                }
            }
            b.instance.ipvlan = ipvlan
        },

        // tracking
        flag("dont_track_primary", \.dontTrackPrimary, "ignore the link state of the instance's interface"),
        K("track_interface", .block, "interfaces to track: NAME [weight -253...253 [reverse]]") { b, s, reader in
            b.instance.trackInterfaces += TrackingParser.interfaces(s, owner: b.owner, reader: &reader)
        },
        tracking("track_script", .script, \.trackScripts, "vrrp_scripts to track: NAME [weight N [reverse|noreverse]]"),
        tracking("track_file", .file, \.trackFiles, "track_files to track: NAME [weight N [reverse|noreverse]]"),
        tracking("track_process", .process, \.trackProcesses, "vrrp_track_processes to track: NAME [weight N [reverse|noreverse]]"),
        tracking("track_bfd", .bfd, \.trackBFDs, "bfd_instances to track: NAME [weight N [reverse|noreverse]]"),
        K("linkbeat_use_polling", .flag, "poll the link state (deprecated: use linkbeat_interfaces)") { b, s, reader in
            reader.warning("'linkbeat_use_polling' in a vrrp_instance is deprecated; use a linkbeat_interfaces block", at: s)
            b.instance.linkbeatPolling = true
        },

        // gratuitous ARP / NA
        K("garp_master_delay", .exactly(1), "seconds before the second burst of gratuitous ARPs (default 5)") { b, s, reader in
            if let t = reader.vrrpWholeSeconds(s, in: 0...4294) { b.instance.garpMasterDelayMicroseconds = t }
        },
        repeatCount("garp_master_repeat", \.garpMasterRepeat, "gratuitous ARPs per burst (default 5)"),
        K("garp_master_refresh", .exactly(1), "seconds between refresh bursts while master (default 0: none)") { b, s, reader in
            if let t = reader.vrrpWholeSeconds(s, in: 0...4_294_967_295) { b.instance.garpMasterRefreshMicroseconds = t }
        },
        repeatCount("garp_master_refresh_repeat", \.garpMasterRefreshRepeat, "gratuitous ARPs per refresh (default 1)"),
        K("garp_lower_prio_delay", .exactly(1), "seconds before gratuitous ARPs after a lower priority advert (default 5)") { b, s, reader in
            if let t = reader.vrrpWholeSeconds(s, in: 0...4294) { b.instance.garpLowerPriorityDelayMicroseconds = t }
        },
        K("garp_lower_prio_repeat", .exactly(1), "gratuitous ARPs after a lower priority advert (default 5)") { b, s, reader in
            if let n = reader.vrrpDecimal(s, in: 0...maxInt32) { b.instance.garpLowerPriorityRepeat = n }
        },
        K("garp_extra_if", .between(1, 2), "[all] seconds between gratuitous ARPs on other VIP interfaces") { b, s, reader in
            readGARPExtra(&b, s, reader: &reader)
        },
        K("vmac_garp_intvl", .between(1, 2), "deprecated spelling of garp_extra_if") { b, s, reader in
            reader.warning("'vmac_garp_intvl' is deprecated; use 'garp_extra_if'", at: s)
            readGARPExtra(&b, s, reader: &reader)
        },

        // notification
        notifyKeyword("notify_master", \.master, "script run on becoming master [user [group]]"),
        notifyKeyword("notify_backup", \.backup, "script run on becoming backup [user [group]]"),
        notifyKeyword("notify_fault", \.fault, "script run on entering fault [user [group]]"),
        notifyKeyword("notify_stop", \.stop, "script run when the instance stops [user [group]]"),
        notifyKeyword("notify", \.any, "script run on every change, with the new state [user [group]]"),
        notifyKeyword("notify_master_rx_lower_pri", \.masterReceivedLowerPriority, "script run when a master hears a lower priority"),
        K("notify_deleted", .between(0, 3), "report DELETED instead of FAULT when removed [script [user [group]]]") { b, s, reader in
            if b.instance.notifyDeleted {
                reader.warning("\(b.owner): 'notify_deleted' is already set; ignoring this one", at: s)
                return
            }
            b.instance.notifyDeleted = true
            if !s.arguments.isEmpty { b.instance.notify.deleted = reader.vrrpNotifyScript(s) }
        },
        optionalBool("notify_priority_changes", \.notifyPriorityChanges, "report priority changes on the notify FIFO [BOOL]"),
        optionalBool("smtp_alert", \.smtpAlert, "send mail on state changes [BOOL]"),
        K("lvs_sync_daemon_interface", .exactly(1), "deprecated: use the global lvs_sync_daemon") { b, s, reader in
            reader.warning("'lvs_sync_daemon_interface' in a vrrp_instance is deprecated; use the global 'lvs_sync_daemon'", at: s)
            b.instance.lvsSyncDaemonInterface = s.arguments[0]
        },
    ])

    static func readGARPExtra(_ b: inout VRRPInstanceBuilder, _ s: Statement, reader: inout ConfigReader) {
        var all = false
        var index = 0
        if s.arguments[0] == "all" {
            all = true
            index = 1
            guard s.arguments.count > 1 else {
                reader.error("'\(s.keyword)' needs a number of seconds", at: s)
                return
            }
        } else if s.arguments.count > 1 {
            reader.extra(s, allowed: 1)
        }
        if let n = reader.vrrpDecimal(s, index, in: 0...maxInt32) {
            b.instance.garpExtraInterfaces = GARPExtraInterfaces(intervalSeconds: n, allInterfaces: all)
        }
    }
}

/// `authentication { ... }` as it is read: both keywords may come in any order.
struct VRRPAuthenticationBuilder: Sendable {
    var type: VRRPAuthenticationType? = nil
    var password: String? = nil

    static let table = KeywordTable<VRRPAuthenticationBuilder>("authentication", [
        Keyword("auth_type", .exactly(1), "PASS or AH") { a, s, reader in
            switch s.arguments[0] {
            case "PASS": a.type = .password
            case "AH": a.type = .ipsecAH
            default: reader.error("'auth_type' must be PASS or AH; got '\(s.arguments[0])'", at: s)
            }
        },
        Keyword("auth_pass", .exactly(1), "the password (only the first 8 characters are used)") { a, s, reader in
            var password = s.arguments[0]
            if password.utf8.count > 8 {
                reader.warning("'auth_pass' is longer than 8 characters; only '\(String(decoding: password.utf8.prefix(8), as: UTF8.self))' is used", at: s)
                password = String(decoding: password.utf8.prefix(8), as: UTF8.self)
            }
            a.password = password
        },
    ])
}

/// A MAC address written as 5 or 6 hex octets separated by colons.
func parseVRRPMAC(_ text: String) -> [UInt8]? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 5 || parts.count == 6 else { return nil }
    var out: [UInt8] = []
    for p in parts {
        guard (1...2).contains(p.count), let v = UInt8(p, radix: 16) else { return nil }
        out.append(v)
    }
    return out
}

/// What Linux accepts as an interface name: 1...15 characters, no '/', ':' or white space.
func isValidInterfaceName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.count <= 15 && !name.contains(where: { $0 == "/" || $0 == ":" || $0.isWhitespace })
}
