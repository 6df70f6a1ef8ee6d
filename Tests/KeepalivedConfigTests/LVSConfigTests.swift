import Testing
@testable import KeepalivedConfig

// MARK: - helpers

/// A configuration with a fixed layout so that diagnostics have known lines:
/// line 5 is `vs`, line 7 is `rs`, line 8 opens `checker`, line 9 is `body`.
private func config(vs: String = "", rs: String = "", checker: String = "TCP_CHECK", body: String = "",
                    head: String = "protocol TCP\n  lb_algo rr\n  lb_kind NAT") -> String {
    """
    virtual_server 192.0.2.1 80 {
      \(head)
      \(vs)
      real_server 192.0.2.10 80 {
        \(rs)
        \(checker) {
          \(body)
        }
      }
    }
    """
}

private func ip(_ s: String) -> IPAddress { IPAddress(s)! }

private func load(_ text: String) -> LoadedConfiguration { ConfigurationLoader.parse(text: text) }

private func firstVS(_ r: LoadedConfiguration) -> VirtualServer? { r.configuration.lvs.virtualServers.first }
private func firstRS(_ r: LoadedConfiguration) -> RealServer? { firstVS(r)?.realServers.first }
private func firstCheck(_ r: LoadedConfiguration) -> HealthCheck? { firstRS(r)?.checkers.first }

private func has(_ r: LoadedConfiguration, line: Int, _ severity: Severity, _ fragment: String) -> Bool {
    r.diagnostics.all.contains { $0.location?.line == line && $0.severity == severity && $0.message.contains(fragment) }
}

/// Nothing that fails `-t`, script security aside (`ScriptSecurityTests` covers it).
private func clean(_ r: LoadedConfiguration) -> Bool {
    !r.diagnostics.all.contains { $0.severity >= .warning && $0.category != .scriptSecurity }
}

/// One keyword line and what it must do to the model.
struct ModelCase<Value: Sendable>: Sendable, CustomTestStringConvertible {
    let line: String
    let check: @Sendable (Value) -> Bool
    init(_ line: String, _ check: @escaping @Sendable (Value) -> Bool) {
        self.line = line
        self.check = check
    }
    var testDescription: String { line }
}

/// One bad line and the diagnostic it must produce on its own line.
struct BadCase: Sendable, CustomTestStringConvertible {
    let line: String
    let severity: Severity
    let fragment: String
    init(_ line: String, _ severity: Severity = .error, _ fragment: String) {
        self.line = line
        self.severity = severity
        self.fragment = fragment
    }
    var testDescription: String { line }
}

// MARK: - defaults

@Suite("LVS: defaults")
struct LVSDefaultsTests {
    @Test func virtualAndRealServerDefaults() throws {
        let r = load(config())
        #expect(clean(r), "\(r.diagnostics.all)")
        let vs = try #require(firstVS(r))
        #expect(vs.service == .address(IPAddress("192.0.2.1")!, port: 80))
        #expect(vs.family == .ipv4)
        #expect(vs.delayLoopMicroseconds == 60_000_000)
        #expect(vs.connectTimeoutMicroseconds == 5_000_000)
        #expect(vs.retry == nil && vs.delayBeforeRetryMicroseconds == nil && vs.warmupMicroseconds == nil)
        #expect(vs.quorum == 1 && vs.hysteresis == 0 && vs.weight == 1)
        #expect(vs.persistenceTimeoutSeconds == nil && vs.persistenceGranularity == nil && vs.persistenceEngine == nil)
        #expect(!vs.alpha && !vs.omega && !vs.haSuspend && !vs.inhibitOnFailure && !vs.onePacketScheduling && !vs.hashed)
        #expect(vs.schedulerFlags == LVSSchedulerFlags())
        #expect(vs.smtpAlert == nil && vs.sorryServer == nil && vs.quorumUpScript == nil)
        let rs = try #require(firstRS(r))
        #expect(rs.effectiveWeight(in: vs) == 1)
        #expect(rs.forwarding == .nat)
        #expect(rs.upperThreshold == 0 && rs.lowerThreshold == 0)
        #expect(!rs.effectiveInhibitOnFailure(in: vs))
        #expect(rs.port == 80)
    }

    @Test func unsetProtocolSchedulerAndMethodAreReportedAndDefaulted() throws {
        let r = load(config(head: ""))
        #expect(has(r, line: 1, .warning, "no 'protocol' set; using UDP"))
        #expect(has(r, line: 1, .warning, "no 'lvs_sched' set; using wlc"))
        #expect(has(r, line: 1, .warning, "no 'lvs_method' set; using NAT"))
        let vs = try #require(firstVS(r))
        #expect(vs.protocol == .udp && vs.scheduler == .wlc && vs.forwarding == .nat)
        #expect(firstRS(r)?.forwarding == .nat)
    }

    @Test func persistenceTimeoutWithoutValueIsSixMinutes() {
        let r = load(config(vs: "persistence_timeout"))
        #expect(firstVS(r)?.persistenceTimeoutSeconds == 360)
    }

    struct TimingCase: Sendable, CustomTestStringConvertible {
        let checker: String
        let body: String
        let retry: Int
        let delayBeforeRetry: Int
        var testDescription: String { checker }
    }

    @Test(arguments: [
        TimingCase(checker: "TCP_CHECK", body: "", retry: 1, delayBeforeRetry: 1_000_000),
        TimingCase(checker: "PING_CHECK", body: "", retry: 1, delayBeforeRetry: 1_000_000),
        TimingCase(checker: "UDP_CHECK", body: "", retry: 1, delayBeforeRetry: 1_000_000),
        TimingCase(checker: "SMTP_CHECK", body: "", retry: 1, delayBeforeRetry: 1_000_000),
        TimingCase(checker: "HTTP_GET", body: "url { path / }", retry: 1, delayBeforeRetry: 3_000_000),
        TimingCase(checker: "SSL_GET", body: "url { path / }", retry: 1, delayBeforeRetry: 3_000_000),
        TimingCase(checker: "DNS_CHECK", body: "", retry: 3, delayBeforeRetry: 60_000_000),
        TimingCase(checker: "MISC_CHECK", body: "misc_path /bin/true", retry: 0, delayBeforeRetry: 1_000_000),
    ])
    func checkerTimingDefaults(_ c: TimingCase) throws {
        let r = load(config(checker: c.checker, body: c.body))
        #expect(clean(r), "\(r.diagnostics.all)")
        let vs = try #require(firstVS(r)), rs = try #require(firstRS(r)), check = try #require(firstCheck(r))
        #expect(check.kind.keyword == c.checker)
        let t = check.timing(in: rs, of: vs)
        #expect(t.retry == c.retry)
        #expect(t.delayBeforeRetryMicroseconds == c.delayBeforeRetry)
        #expect(t.delayLoopMicroseconds == 60_000_000)
        #expect(t.warmupMicroseconds == 60_000_000)
        #expect(t.connectTimeoutMicroseconds == 5_000_000)
        #expect(t.alpha == false)
        #expect(check.options.logAllFailures == nil)
    }

    @Test func checkerKindDefaults() throws {
        let dns = load(config(checker: "DNS_CHECK"))
        guard case .dns(let d)? = firstCheck(dns)?.kind else { Issue.record("no DNS_CHECK"); return }
        #expect(d.type == .soa && d.name == ".")

        let smtp = load(config(checker: "SMTP_CHECK"))
        guard case .smtp(let s)? = firstCheck(smtp)?.kind else { Issue.record("no SMTP_CHECK"); return }
        #expect(s.heloName == "smtpchecker.keepalived.org" && s.hosts.isEmpty)

        let udp = load(config(checker: "UDP_CHECK"))
        guard case .udp(let u)? = firstCheck(udp)?.kind else { Issue.record("no UDP_CHECK"); return }
        #expect(u.payload == nil && !u.requireReply && u.minimumReplyLength == 0 && u.maximumReplyLength == 255)

        let http = load(config(checker: "HTTP_GET", body: "url { path / }"))
        guard case .http(let h)? = firstCheck(http)?.kind else { Issue.record("no HTTP_GET"); return }
        #expect(h.httpProtocol == .http10 && !h.enableSNI && !h.fastRecovery && h.virtualHost == nil)
        #expect(h.urls.first?.effectiveStatusCodes == [StatusCodeRange(200...299)])
        #expect(h.urls.first?.digest == nil && h.urls.first?.regex == nil)

        let misc = load(config(checker: "MISC_CHECK", body: "misc_path /bin/true"))
        guard case .misc(let m)? = firstCheck(misc)?.kind else { Issue.record("no MISC_CHECK"); return }
        #expect(m.timeoutSeconds == nil && !m.dynamic && m.user == nil)
        #expect(firstCheck(misc)?.options.connection == nil)
        #expect(firstCheck(load(config()))?.options.connection != nil)
    }

    @Test func timingInheritsCheckerThenRealThenVirtualServer() throws {
        let text = """
        virtual_server 192.0.2.1 80 {
          protocol TCP
          lb_algo rr
          lb_kind NAT
          delay_loop 10
          retry 4
          warmup 2
          connect_timeout 7
          delay_before_retry 6
          alpha
          real_server 192.0.2.10 80 {
            retry 5
            delay_loop 8
            alpha off
            TCP_CHECK {
              retry 0
              connect_timeout 1.5
            }
            TCP_CHECK {
            }
          }
        }
        """
        let r = load(text)
        #expect(clean(r), "\(r.diagnostics.all)")
        let vs = try #require(firstVS(r)), rs = try #require(firstRS(r))
        let own = rs.checkers[0].timing(in: rs, of: vs)
        #expect(own.retry == 0 && own.connectTimeoutMicroseconds == 1_500_000 && own.delayLoopMicroseconds == 8_000_000)
        #expect(own.warmupMicroseconds == 2_000_000 && own.delayBeforeRetryMicroseconds == 6_000_000 && own.alpha == false)
        let inherited = rs.checkers[1].timing(in: rs, of: vs)
        #expect(inherited.retry == 5 && inherited.connectTimeoutMicroseconds == 7_000_000)
    }
}

// MARK: - virtual_server keywords

@Suite("LVS: virtual_server keywords")
struct VirtualServerKeywordTests {
    static let good: [ModelCase<VirtualServer>] = [
        ModelCase("delay_loop 1.5") { $0.delayLoopMicroseconds == 1_500_000 },
        ModelCase("connect_timeout 4294.967295") { $0.connectTimeoutMicroseconds == 4_294_967_295 },
        ModelCase("retry 4294967295") { $0.retry == 4_294_967_295 },
        ModelCase("delay_before_retry 0") { $0.delayBeforeRetryMicroseconds == 0 },
        ModelCase("warmup 1.25") { $0.warmupMicroseconds == 1_250_000 },
        ModelCase("inhibit_on_failure") { $0.inhibitOnFailure },
        ModelCase("ip_family inet") { $0.ipFamily == .ipv4 },
        ModelCase("persistence_timeout 2678400") { $0.persistenceTimeoutSeconds == 2_678_400 },
        ModelCase("persistence_granularity 255.255.255.0") {
            $0.persistenceGranularity == .netmask(IPv4Address("255.255.255.0")!) && $0.persistenceTimeoutSeconds == 360
        },
        ModelCase("persistence_engine sip") { $0.persistenceEngine == "sip" },
        ModelCase("ha_suspend") { $0.haSuspend },
        ModelCase("smtp_alert") { $0.smtpAlert == true },
        ModelCase("smtp_alert off") { $0.smtpAlert == false },
        ModelCase("virtualhost www.example.com") { $0.virtualHost == "www.example.com" },
        ModelCase("snmp_name web") { $0.snmpName == "web" },
        ModelCase("alpha") { $0.alpha },
        ModelCase("omega") { $0.omega },
        ModelCase("quorum_up \"/usr/bin/up x\"") { $0.quorumUpScript == "/usr/bin/up x" },
        ModelCase("quorum_down /usr/bin/down now") { $0.quorumDownScript == "/usr/bin/down now" },
        ModelCase("hysteresis 0") { $0.hysteresis == 0 },
        ModelCase("weight 7") { $0.weight == 7 && $0.realServers.first?.effectiveWeight(in: $0) == 7 },
        ModelCase("sorry_server 192.0.2.99 8080") {
            $0.sorryServer?.address == IPAddress("192.0.2.99") && $0.sorryServer?.port == 8080 && $0.sorryServer?.forwarding == .nat
        },
        ModelCase("sorry_server 192.0.2.99") { $0.sorryServer?.port == 80 },
    ]

    @Test(arguments: good)
    func goodLine(_ c: ModelCase<VirtualServer>) throws {
        let r = load(config(vs: c.line))
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(c.check(try #require(firstVS(r))))
    }

    static let schedulers: [String] = LVSScheduler.allCases.map(\.rawValue)

    @Test(arguments: schedulers)
    func everySchedulerIsAccepted(_ name: String) {
        for keyword in ["lvs_sched", "lb_algo"] {
            let r = load(config(head: "protocol TCP\n  \(keyword) \(name)\n  lb_kind NAT"))
            #expect(clean(r), "\(r.diagnostics.all)")
            #expect(firstVS(r)?.scheduler?.rawValue == name)
        }
    }

    @Test(arguments: ["TCP", "udp", "Sctp"])
    func protocolIsCaseInsensitive(_ p: String) {
        let r = load(config(head: "protocol \(p)\n  lb_algo rr\n  lb_kind NAT"))
        #expect(firstVS(r)?.protocol?.rawValue == p.uppercased())
    }

    static let methods: [ModelCase<VirtualServer>] = [
        ModelCase("lvs_method DR") { $0.forwarding == .directRouting && $0.realServers.first?.forwarding == .directRouting },
        ModelCase("lb_kind TUN") { $0.forwarding == .tunnel(LVSTunnel()) },
        ModelCase("lvs_method TUN type gue port 6080 csum") { $0.forwarding == .tunnel(LVSTunnel(type: .gue(port: 6080), checksum: .checksum)) },
        ModelCase("lvs_method TUN type gue port 6080 remcsum") { $0.forwarding == .tunnel(LVSTunnel(type: .gue(port: 6080), checksum: .remoteChecksum)) },
        ModelCase("lvs_method TUN type gre csum") { $0.forwarding == .tunnel(LVSTunnel(type: .gre, checksum: .checksum)) },
        ModelCase("lvs_method TUN type ipip nocsum") { $0.forwarding == .tunnel(LVSTunnel()) },
    ]

    @Test(arguments: methods)
    func forwardingMethods(_ c: ModelCase<VirtualServer>) throws {
        let r = load(config(head: "protocol TCP\n  lb_algo rr\n  \(c.line)"))
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(c.check(try #require(firstVS(r))))
    }

    @Test func schedulerFlags() throws {
        let r = load(config(head: "protocol UDP\n  lb_algo sh\n  lb_kind NAT\n  sh-port\n  sh-fallback\n  flag-3\n  ops\n  hashed"))
        #expect(clean(r), "\(r.diagnostics.all)")
        let vs = try #require(firstVS(r))
        #expect(vs.schedulerFlags.flag1 && vs.schedulerFlags.flag2 && vs.schedulerFlags.flag3)
        #expect(vs.onePacketScheduling && vs.hashed)
        let mh = load(config(head: "protocol TCP\n  lb_algo mh\n  lb_kind NAT\n  mh-port"))
        #expect(clean(mh))
        #expect(firstVS(mh)?.schedulerFlags.flag2 == true && firstVS(mh)?.schedulerFlags.flag1 == false)
        let plain = load(config(vs: "flag-1"))
        #expect(firstVS(plain)?.schedulerFlags.flag1 == true && clean(plain))
    }

    static let bad: [BadCase] = [
        BadCase("lb_algo foo", .error, "'lb_algo' must be one of"),
        BadCase("lvs_sched RR", .error, "got 'RR'"),
        BadCase("delay_loop 0", .error, "'delay_loop' must be more than 0"),
        BadCase("delay_loop x", .error, "'delay_loop' needs a time"),
        BadCase("connect_timeout 0", .error, "'connect_timeout' must be more than 0"),
        BadCase("connect_timeout 4295", .error, "'connect_timeout' 4295 is out of range"),
        BadCase("retry 0", .error, "'retry' 0 is out of range [1, 4294967295]"),
        BadCase("warmup -1", .error, "'warmup' -1 is out of range"),
        BadCase("delay_before_retry -1", .error, "'delay_before_retry' -1 is out of range"),
        BadCase("persistence_timeout 0", .error, "'persistence_timeout' 0 is out of range [1, 2678400]"),
        BadCase("persistence_timeout 2678401", .error, "out of range [1, 2678400]"),
        BadCase("persistence_granularity 64", .error, "must be an IPv4 netmask; got '64'"),
        BadCase("quorum 0", .error, "'quorum' 0 is out of range [1, 4294967295]"),
        BadCase("hysteresis -1", .error, "'hysteresis' -1 is out of range"),
        BadCase("weight 0", .error, "'weight' 0 is out of range [1, 2147483647]"),
        BadCase("ip_family inet7", .error, "'ip_family' must be inet or inet6"),
        BadCase("ip_family inet6", .warning, "conflicts with the virtual server's family"),
        BadCase("protocol ICMP", .error, "'protocol' must be TCP, UDP or SCTP; got 'ICMP'"),
        BadCase("lvs_method nat", .error, "must be NAT, DR or TUN; got 'nat'"),
        BadCase("lvs_method TUN type gue", .error, "a gue tunnel needs a port"),
        BadCase("lvs_method TUN port 5", .error, "a gue tunnel needs a port, and only gue takes one"),
        BadCase("lvs_method TUN type ipip csum", .error, "ipip tunnels take no checksum"),
        BadCase("lvs_method TUN type gre remcsum", .error, "gre tunnels do not support remcsum"),
        BadCase("lvs_method TUN type vxlan", .error, "unknown tunnel type 'vxlan'"),
        BadCase("lvs_method TUN type", .error, "'type' needs ipip, gue or gre"),
        BadCase("lvs_method TUN bogus", .error, "unknown tunnel option 'bogus'"),
        BadCase("lvs_method TUN type gue port 0", .error, "port' 0 is out of range [1, 65535]"),
        BadCase("lvs_method NAT type gue port 5", .note, "tunnel options only apply to TUN"),
        BadCase("smtp_alert maybe", .error, "'smtp_alert' needs on|off"),
        BadCase("alpha off", .warning, "'alpha' takes no value; ignoring 'off'"),
        BadCase("hashed", .warning, "'hashed' only applies to the sh and mh schedulers"),
        BadCase("sh-port", .warning, "'sh-port' only applies to the sh scheduler"),
        BadCase("mh-fallback", .warning, "'mh-fallback' only applies to the mh scheduler"),
        BadCase("sorry_server 192.0.2.300 80", .error, "'192.0.2.300' is not an IPv4 or IPv6 address"),
        BadCase("sorry_server 192.0.2.3 70000", .error, "'sorry_server port' 70000 is out of range"),
        BadCase("sorry_server_inhibit", .warning, "comes before any 'sorry_server'"),
        BadCase("sorry_server_lvs_method DR", .warning, "comes before any 'sorry_server'"),
        BadCase("virtualhost", .error, "'virtualhost' needs a value"),
        BadCase("snmp_name a b", .warning, "'snmp_name' takes one value"),
        BadCase("lb_algo", .error, "'lb_algo' needs a value"),
        BadCase("nat_mask 255.255.255.0", .warning, "unknown keyword 'nat_mask' in virtual_server"),
    ]

    @Test(arguments: bad)
    func badLine(_ c: BadCase) {
        let r = load(config(vs: c.line))
        #expect(has(r, line: 5, c.severity, c.fragment), "\(r.diagnostics.all)")
    }

    @Test func ipv6GranularityIsAPrefixLength() throws {
        let text = """
        virtual_server 2001:db8::1 443 {
          protocol TCP
          lb_algo rr
          lb_kind NAT
          persistence_granularity 64
          persistence_granularity 129
          real_server 2001:db8::10 443 {
          }
        }
        """
        let r = load(text)
        #expect(firstVS(r)?.persistenceGranularity == .prefixLength(64))
        #expect(firstVS(r)?.family == .ipv6)
        #expect(has(r, line: 6, .error, "'persistence_granularity' 129 is out of range [1, 128]"))
    }

    @Test func duplicateScriptsAndSorryServer() {
        let r = load(config(vs: "quorum_up /a", head: "protocol TCP\n  lb_algo rr\n  quorum_up /b\n  sorry_server 192.0.2.5 80\n  sorry_server 192.0.2.6 80"))
        // head occupies lines 2-6, so `vs` is on line 7.
        #expect(has(r, line: 6, .note, "'sorry_server' given twice"))
        #expect(has(r, line: 7, .warning, "'quorum_up' given twice; ignoring '/a'"))
        #expect(firstVS(r)?.quorumUpScript == "/b")
        #expect(firstVS(r)?.sorryServer?.address == IPAddress("192.0.2.6"))
    }

    struct ServiceCase: Sendable, CustomTestStringConvertible {
        let header: String
        let fragment: String
        var testDescription: String { header }
    }

    @Test(arguments: [
        ServiceCase(header: "virtual_server 192.0.2.999 80", fragment: "'192.0.2.999' is not an IPv4 or IPv6 address"),
        ServiceCase(header: "virtual_server 192.0.2.0/24 80", fragment: "'192.0.2.0/24' is not an IPv4 or IPv6 address"),
        ServiceCase(header: "virtual_server 192.0.2.1 70000", fragment: "'virtual_server port' 70000 is out of range"),
        ServiceCase(header: "virtual_server 192.0.2.1 x", fragment: "'virtual_server port' needs an integer"),
        ServiceCase(header: "virtual_server fwmark 0", fragment: "'virtual_server fwmark' 0 is out of range [1, 4294967295]"),
        ServiceCase(header: "virtual_server fwmark x", fragment: "'virtual_server fwmark' needs an integer"),
        ServiceCase(header: "virtual_server fwmark", fragment: "'virtual_server fwmark' needs a mark"),
        ServiceCase(header: "virtual_server group", fragment: "'virtual_server group' needs a group name"),
    ])
    func badServiceSkipsTheBlock(_ c: ServiceCase) {
        let r = load("\(c.header) {\n  lb_algo nope\n  real_server 192.0.2.10 80 {\n  }\n}")
        #expect(has(r, line: 1, .error, c.fragment), "\(r.diagnostics.all)")
        #expect(r.configuration.lvs.virtualServers.isEmpty)
        // The block is skipped, so its contents are not reported.
        #expect(!r.diagnostics.all.contains { $0.location?.line == 2 })
    }

    @Test func servicesWithoutPortOrWithExtraWords() {
        let r = load("virtual_server 192.0.2.1 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 192.0.2.10 {\n  }\n}")
        #expect(has(r, line: 1, .warning, "port 0 is only valid for a persistent service; setting persistence_timeout 360"))
        #expect(firstVS(r)?.persistenceTimeoutSeconds == 360)
        let extra = load("virtual_server 192.0.2.1 80 tcp {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 192.0.2.10 80 {\n  }\n}")
        #expect(has(extra, line: 1, .warning, "takes 2 values; ignoring 'tcp'"))
        #expect(firstVS(extra) != nil)
    }
}

// MARK: - real_server keywords

@Suite("LVS: real_server keywords")
struct RealServerKeywordTests {
    static let good: [ModelCase<RealServer>] = [
        ModelCase("weight 2147483647") { $0.weight == 2_147_483_647 },
        ModelCase("lvs_method TUN type gre") { $0.forwarding == .tunnel(LVSTunnel(type: .gre)) },
        ModelCase("uthreshold 4294967295") { $0.upperThreshold == 4_294_967_295 },
        ModelCase("lthreshold 10") { $0.lowerThreshold == 10 },
        ModelCase("inhibit_on_failure") { $0.inhibitOnFailure == true },
        ModelCase("inhibit_on_failure no") { $0.inhibitOnFailure == false },
        ModelCase("notify_up \"/usr/bin/rs up\"") { $0.notifyUpScript == "/usr/bin/rs up" },
        ModelCase("notify_down /usr/bin/rs down") { $0.notifyDownScript == "/usr/bin/rs down" },
        ModelCase("alpha") { $0.alpha == true },
        ModelCase("retry 3") { $0.retry == 3 },
        ModelCase("delay_before_retry 0.5") { $0.delayBeforeRetryMicroseconds == 500_000 },
        ModelCase("warmup 0") { $0.warmupMicroseconds == 0 },
        ModelCase("connect_timeout 2") { $0.connectTimeoutMicroseconds == 2_000_000 },
        ModelCase("delay_loop 3") { $0.delayLoopMicroseconds == 3_000_000 },
        ModelCase("smtp_alert off") { $0.smtpAlert == false },
        ModelCase("virtualhost api.example.com") { $0.virtualHost == "api.example.com" },
        ModelCase("snmp_name rs1") { $0.snmpName == "rs1" },
    ]

    @Test(arguments: good)
    func goodLine(_ c: ModelCase<RealServer>) throws {
        let r = load(config(rs: c.line))
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(c.check(try #require(firstRS(r))))
    }

    static let bad: [BadCase] = [
        BadCase("weight -1", .error, "'weight' -1 is out of range [0, 2147483647]"),
        BadCase("weight 2147483648", .error, "'weight' 2147483648 is out of range"),
        BadCase("retry 0", .error, "'retry' 0 is out of range [1, 4294967295]"),
        BadCase("delay_loop 0", .error, "'delay_loop' must be more than 0"),
        BadCase("connect_timeout 0", .error, "'connect_timeout' must be more than 0"),
        BadCase("uthreshold -1", .error, "'uthreshold' -1 is out of range"),
        BadCase("lthreshold x", .error, "'lthreshold' needs an integer, got 'x'"),
        BadCase("alpha maybe", .error, "'alpha' needs on|off"),
        BadCase("inhibit_on_failure nope", .error, "'inhibit_on_failure' needs on|off"),
        BadCase("smtp_alert x", .error, "'smtp_alert' needs on|off"),
        BadCase("virtualhost", .error, "'virtualhost' needs a value"),
        BadCase("lvs_method TUN type gue", .error, "a gue tunnel needs a port"),
        BadCase("lb_kind NAT", .warning, "unknown keyword 'lb_kind' in real_server"),
        BadCase("notify_up", .error, "'notify_up' needs a value"),
        BadCase("snmp_name a b", .warning, "'snmp_name' takes one value"),
    ]

    @Test(arguments: bad)
    func badLine(_ c: BadCase) {
        let r = load(config(rs: c.line))
        #expect(has(r, line: 7, c.severity, c.fragment), "\(r.diagnostics.all)")
    }

    @Test func duplicateNotifyIsReported() {
        let r = load(config(rs: "notify_up /a\n    notify_up /b\n    notify_down /c\n    notify_down /d"))
        #expect(has(r, line: 8, .warning, "'notify_up' given twice; ignoring '/b'"))
        #expect(has(r, line: 10, .warning, "'notify_down' given twice; ignoring '/d'"))
        #expect(firstRS(r)?.notifyUpScript == "/a" && firstRS(r)?.notifyDownScript == "/c")
    }

    struct HeaderCase: Sendable, CustomTestStringConvertible {
        let header: String
        let fragment: String
        var testDescription: String { header }
    }

    @Test(arguments: [
        HeaderCase(header: "real_server 192.0.2.300 80", fragment: "'192.0.2.300' is not an IPv4 or IPv6 address"),
        HeaderCase(header: "real_server 192.0.2.11 70000", fragment: "'real_server port' 70000 is out of range"),
        HeaderCase(header: "real_server host.example 80", fragment: "'host.example' is not an IPv4 or IPv6 address"),
    ])
    func badHeaderSkipsTheRealServer(_ c: HeaderCase) throws {
        let text = "virtual_server 192.0.2.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  \(c.header) {\n    weight nope\n  }\n  real_server 192.0.2.10 80 {\n  }\n}"
        let r = load(text)
        #expect(has(r, line: 5, .error, c.fragment), "\(r.diagnostics.all)")
        #expect(!r.diagnostics.all.contains { $0.location?.line == 6 })
        #expect(firstVS(r)?.realServers.map(\.address) == [IPAddress("192.0.2.10")!])
    }

    @Test func weightZeroLowersTheQuorumToZero() throws {
        let r = load(config(rs: "weight 0"))
        #expect(firstRS(r)?.weight == 0)
        #expect(has(r, line: 1, .warning, "'quorum' 1 is more than the total weight 0 of its real servers; using 0"))
        #expect(firstVS(r)?.quorum == 0 && firstVS(r)?.hysteresis == 0)
    }

    @Test func realServerWithoutPortTakesTheServicePort() throws {
        let r = load("virtual_server 192.0.2.1 8080 {\n  protocol TCP\n  lb_algo rr\n  lb_kind DR\n  real_server 192.0.2.10 {\n  }\n}")
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(firstRS(r)?.port == 8080)
    }
}

// MARK: - checkers

@Suite("LVS: health checker keywords")
struct HealthCheckKeywordTests {
    static let common: [ModelCase<HealthCheckOptions>] = [
        ModelCase("connect_ip 192.0.2.20") { $0.connection?.connectIP == IPAddress("192.0.2.20") },
        ModelCase("connect_port 8080") { $0.connection?.connectPort == 8080 },
        ModelCase("bindto 192.0.2.2") { $0.connection?.bindTo == IPAddress("192.0.2.2") },
        ModelCase("bind_port 40000") { $0.connection?.bindPort == 40000 },
        ModelCase("bind_if eth0") { $0.connection?.bindInterface == "eth0" },
        ModelCase("connect_timeout 0.25") { $0.connection?.connectTimeoutMicroseconds == 250_000 },
        ModelCase("fwmark 0") { $0.connection?.fwmark == 0 },
        ModelCase("retry 0") { $0.retry == 0 },
        ModelCase("delay_before_retry 0") { $0.delayBeforeRetryMicroseconds == 0 },
        ModelCase("warmup 0") { $0.warmupMicroseconds == 0 },
        ModelCase("delay_loop 0.5") { $0.delayLoopMicroseconds == 500_000 },
        ModelCase("alpha") { $0.alpha == true },
        ModelCase("alpha false") { $0.alpha == false },
        ModelCase("log_all_failures") { $0.logAllFailures == true },
    ]

    @Test(arguments: ["TCP_CHECK", "PING_CHECK", "UDP_CHECK", "SMTP_CHECK", "DNS_CHECK"], common)
    func commonOptions(_ checker: String, _ c: ModelCase<HealthCheckOptions>) throws {
        let r = load(config(checker: checker, body: c.line))
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(c.check(try #require(firstCheck(r)).options))
    }

    @Test(arguments: ["HTTP_GET", "SSL_GET"], common)
    func commonOptionsOfWebCheckers(_ checker: String, _ c: ModelCase<HealthCheckOptions>) throws {
        let r = load(config(checker: checker, body: "url { path / }\n      \(c.line)"))
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(c.check(try #require(firstCheck(r)).options))
    }

    static let bad: [BadCase] = [
        BadCase("connect_ip 192.0.2.500", .error, "'192.0.2.500' is not an IPv4 or IPv6 address"),
        BadCase("bindto bad", .error, "'bad' is not an IPv4 or IPv6 address"),
        BadCase("connect_port 0", .error, "'connect_port' 0 is out of range [1, 65535]"),
        BadCase("bind_port 70000", .error, "'bind_port' 70000 is out of range [1, 65535]"),
        BadCase("bind_if averyveryverylongname", .error, "longer than 15 characters"),
        BadCase("connect_timeout 0", .error, "'connect_timeout' must be more than 0"),
        BadCase("fwmark -1", .error, "'fwmark' -1 is out of range [0, 4294967295]"),
        BadCase("retry -1", .error, "'retry' -1 is out of range [0, 4294967295]"),
        BadCase("delay_loop 0", .error, "'delay_loop' must be more than 0"),
        BadCase("alpha x", .error, "'alpha' needs on|off"),
        BadCase("log_all_failures y", .error, "'log_all_failures' needs on|off"),
        BadCase("nb_get_retry 3", .warning, "unknown keyword 'nb_get_retry' in TCP_CHECK"),
        BadCase("tls_compliant", .warning, "unknown keyword 'tls_compliant' in TCP_CHECK"),
        BadCase("source_ip 192.0.2.1", .warning, "unknown keyword 'source_ip' in TCP_CHECK"),
    ]

    @Test(arguments: bad)
    func badCommonLine(_ c: BadCase) {
        let r = load(config(body: c.line))
        #expect(has(r, line: 9, c.severity, c.fragment), "\(r.diagnostics.all)")
    }

    @Test func connectAndBindFamiliesMustAgree() {
        let r = load(config(body: "connect_ip 2001:db8::5\n      bindto 192.0.2.7"))
        #expect(has(r, line: 10, .error, "'bindto' 192.0.2.7 is not of the same family as 'connect_ip' 2001:db8::5"))
        let reversed = load(config(body: "bindto 192.0.2.7\n      connect_ip 2001:db8::5"))
        #expect(has(reversed, line: 10, .error, "'connect_ip' 2001:db8::5 is not of the same family as 'bindto'"))
        // Without connect_ip, the source must match the real server's family.
        let rsFamily = load(config(body: "bindto 2001:db8::7"))
        #expect(has(rsFamily, line: 8, .error, "'bindto' 2001:db8::7 is not of the family of the checked address 192.0.2.10"))
    }

    @Test func linkLocalNeedsBindInterface() {
        let r = load(config(body: "connect_ip fe80::1"))
        #expect(has(r, line: 8, .error, "link-local address fe80::1 needs 'bind_if'"))
        let ok = load(config(body: "connect_ip fe80::1\n      bind_if eth0\n      bindto fe80::2"))
        #expect(clean(ok), "\(ok.diagnostics.all)")
    }

    @Test func severalCheckersInOrder() throws {
        let text = """
        virtual_server 192.0.2.1 80 {
          protocol TCP
          lb_algo rr
          lb_kind NAT
          real_server 192.0.2.10 80 {
            TCP_CHECK {
              connect_port 81
            }
            PING_CHECK {
            }
            TCP_CHECK {
              connect_port 82
            }
          }
        }
        """
        let r = load(text)
        #expect(clean(r))
        let rs = try #require(firstRS(r))
        #expect(rs.checkers.map(\.kind.keyword) == ["TCP_CHECK", "PING_CHECK", "TCP_CHECK"])
        #expect(rs.checkers.map(\.location.line) == [6, 9, 11])
        #expect(rs.checkers[2].destination(in: rs)?.port == 82)
        #expect(rs.checkers[1].destination(in: rs)?.address == IPAddress("192.0.2.10"))
    }

    // MARK: HTTP_GET / SSL_GET

    static let http: [ModelCase<HTTPCheck>] = [
        ModelCase("http_protocol 1.1") { $0.httpProtocol == .http11 },
        ModelCase("http_protocol 1.0C") { $0.httpProtocol == .http10Close },
        ModelCase("http_protocol 1.0c") { $0.httpProtocol == .http10Close },
        ModelCase("enable_sni") { $0.enableSNI },
        ModelCase("fast_recovery yes") { $0.fastRecovery },
        ModelCase("virtualhost www.example.com") { $0.virtualHost == "www.example.com" },
        ModelCase("url { path /b }") { $0.urls.map(\.path) == ["/", "/b"] },
    ]

    @Test(arguments: ["HTTP_GET", "SSL_GET"], http)
    func httpOptions(_ checker: String, _ c: ModelCase<HTTPCheck>) throws {
        let r = load(config(checker: checker, body: "url { path / }\n      \(c.line)"))
        #expect(clean(r), "\(r.diagnostics.all)")
        switch try #require(firstCheck(r)).kind {
        case .http(let h): #expect(checker == "HTTP_GET" && c.check(h))
        case .ssl(let h): #expect(checker == "SSL_GET" && c.check(h))
        default: Issue.record("wrong kind")
        }
    }

    @Test func virtualHostPrecedence() throws {
        let r = load(config(vs: "virtualhost vs.example", rs: "virtualhost rs.example", checker: "HTTP_GET",
                            body: "url { path /a }\n      url {\n        path /b\n        virtualhost url.example\n      }"))
        #expect(clean(r), "\(r.diagnostics.all)")
        let vs = try #require(firstVS(r)), rs = try #require(firstRS(r))
        guard case .http(var h)? = firstCheck(r)?.kind else { Issue.record("no HTTP_GET"); return }
        #expect(h.virtualHost(for: h.urls[0], in: rs, of: vs) == "rs.example")
        #expect(h.virtualHost(for: h.urls[1], in: rs, of: vs) == "url.example")
        h.virtualHost = "check.example"
        #expect(h.virtualHost(for: h.urls[0], in: rs, of: vs) == "check.example")
        var bare = rs
        bare.virtualHost = nil
        h.virtualHost = nil
        #expect(h.virtualHost(for: h.urls[0], in: bare, of: vs) == "vs.example")
    }

    @Test func nbGetRetryIsDeprecatedButApplied() {
        let r = load(config(checker: "HTTP_GET", body: "nb_get_retry 4\n      url { path / }"))
        #expect(has(r, line: 9, .warning, "'nb_get_retry' is deprecated; use 'retry'"))
        #expect(firstCheck(r)?.options.retry == 4)
    }

    static let urls: [ModelCase<HTTPCheckURL>] = [
        ModelCase("digest 9b3a0c85a887a256d6939da88aabd8cd") {
            $0.digest == [0x9b, 0x3a, 0x0c, 0x85, 0xa8, 0x87, 0xa2, 0x56, 0xd6, 0x93, 0x9d, 0xa8, 0x8a, 0xab, 0xd8, 0xcd]
        },
        ModelCase("status_code 200-299 400-499 503 505") {
            $0.statusCodes == [StatusCodeRange(200...299), StatusCodeRange(400...499), StatusCodeRange(503...503), StatusCodeRange(505...505)]
        },
        ModelCase("status_code 100 599") { $0.effectiveStatusCodes == [StatusCodeRange(100...100), StatusCodeRange(599...599)] },
        ModelCase("virtualhost v.example") { $0.virtualHost == "v.example" },
        ModelCase("regex \"^OK\"") { $0.regex?.pattern == "^OK" && $0.regex?.noMatch == false },
        ModelCase("regex x\n        regex_no_match\n        regex_options caseless multiline") {
            $0.regex?.noMatch == true && $0.regex?.options == ["caseless", "multiline"]
        },
        ModelCase("regex x\n        regex_min_offset 4\n        regex_max_offset 10\n        regex_stack 1000 2000") {
            $0.regex?.minimumOffset == 4 && $0.regex?.maximumOffset == 10 && $0.regex?.stackStartBytes == 1000 && $0.regex?.stackMaxBytes == 2000
        },
    ]

    @Test(arguments: urls)
    func urlOptions(_ c: ModelCase<HTTPCheckURL>) throws {
        let r = load(config(checker: "HTTP_GET", body: "url {\n        path /\n        \(c.line)\n      }"))
        #expect(clean(r), "\(r.diagnostics.all)")
        guard case .http(let h)? = firstCheck(r)?.kind, let url = h.urls.first else { Issue.record("no url"); return }
        #expect(url.path == "/")
        #expect(c.check(url))
    }

    static let badURL: [BadCase] = [
        BadCase("digest 1234", .error, "'digest' must be 32 hex digits; '1234' has 4"),
        BadCase("digest zz3a0c85a887a256d6939da88aabd8cd", .error, "is not hexadecimal"),
        BadCase("status_code 600", .error, "'status_code' '600' is not a code or range within 100-599"),
        BadCase("status_code 99", .error, "'99'"),
        BadCase("status_code 300-200", .error, "'300-200'"),
        BadCase("status_code 200-", .error, "'200-'"),
        BadCase("status_code abc", .error, "'abc'"),
        BadCase("virtualhost", .error, "'virtualhost' needs a value"),
        BadCase("regex_options bogus", .note, "unknown option 'bogus'"),
        BadCase("regex_stack 10 5", .note, "'regex_stack' start 10 is more than its maximum 5"),
        BadCase("regex_stack 10", .error, "'regex_stack' needs 2 values"),
        BadCase("tls_compliant", .warning, "unknown keyword 'tls_compliant' in url"),
    ]

    @Test(arguments: badURL)
    func badURLLine(_ c: BadCase) {
        let r = load(config(checker: "HTTP_GET", body: "url {\n        path /\n        \(c.line)\n      }"))
        #expect(has(r, line: 11, c.severity, c.fragment), "\(r.diagnostics.all)")
    }

    @Test func httpStructuralProblems() {
        let noURL = load(config(checker: "HTTP_GET", body: "http_protocol 1.1"))
        #expect(has(noURL, line: 8, .error, "HTTP_GET has no usable 'url' block"))
        #expect(firstRS(noURL)?.checkers.isEmpty == true)
        let noPath = load(config(checker: "SSL_GET", body: "url { digest 9b3a0c85a887a256d6939da88aabd8cd }"))
        #expect(has(noPath, line: 9, .error, "url block has no 'path'"))
        #expect(has(noPath, line: 8, .error, "SSL_GET has no usable 'url' block"))
        let twice = load(config(checker: "HTTP_GET", body: "url {\n        path /\n        digest 9b3a0c85a887a256d6939da88aabd8cd\n        digest 00000000000000000000000000000000\n      }"))
        #expect(has(twice, line: 12, .error, "'digest' given twice"))
        let orphan = load(config(checker: "HTTP_GET", body: "url {\n        path /\n        regex_no_match\n      }"))
        #expect(has(orphan, line: 9, .note, "regex options given without 'regex'"))
        let offsets = load(config(checker: "HTTP_GET", body: "url {\n        path /\n        regex x\n        regex_min_offset 10\n        regex_max_offset 5\n      }"))
        #expect(has(offsets, line: 9, .note, "regex_min_offset 10 is beyond regex_max_offset 5"))
        let badProtocol = load(config(checker: "HTTP_GET", body: "url { path / }\n      http_protocol 2.0"))
        #expect(has(badProtocol, line: 10, .error, "'http_protocol' must be 1.0, 1.0C or 1.1; got '2.0'"))
        let badBool = load(config(checker: "SSL_GET", body: "url { path / }\n      enable_sni x"))
        #expect(has(badBool, line: 10, .error, "'enable_sni' needs on|off"))
    }

    // MARK: other kinds

    @Test func smtpCheck() throws {
        let r = load(config(checker: "SMTP_CHECK", body: """
        helo_name mail.example.com
              retry 2
              host {
                connect_ip 192.0.2.20
                connect_port 25
                bindto 192.0.2.2
                delay_before_retry 4
              }
        """))
        #expect(has(r, line: 11, .note, "'host' blocks are deprecated"))
        #expect(!r.diagnostics.failsConfigTest, "\(r.diagnostics.all)")
        let check = try #require(firstCheck(r))
        guard case .smtp(let s) = check.kind else { Issue.record("not SMTP"); return }
        #expect(s.heloName == "mail.example.com")
        #expect(s.hosts.count == 1 && s.hosts.first?.connectIP == IPAddress("192.0.2.20") && s.hosts.first?.connectPort == 25)
        #expect(check.options.connection?.connectIP == nil)
        #expect(check.options.retry == 2 && check.options.delayBeforeRetryMicroseconds == 4_000_000)
        let bad = load(config(checker: "SMTP_CHECK", body: "helo_name"))
        #expect(has(bad, line: 9, .error, "'helo_name' needs a value"))
        let badHost = load(config(checker: "SMTP_CHECK", body: "host {\n        helo_name x\n        connect_ip fe80::1\n      }"))
        #expect(has(badHost, line: 10, .warning, "unknown keyword 'helo_name' in SMTP_CHECK host"))
        #expect(has(badHost, line: 9, .error, "link-local address fe80::1 needs 'bind_if'"))
    }

    @Test(arguments: DNSQueryType.allCases)
    func dnsTypes(_ type: DNSQueryType) {
        let r = load(config(checker: "DNS_CHECK", body: "type \(type.rawValue.lowercased())"))
        #expect(clean(r))
        guard case .dns(let d)? = firstCheck(r)?.kind else { Issue.record("no DNS_CHECK"); return }
        #expect(d.type == type)
    }

    @Test func dnsCheck() {
        let r = load(config(checker: "DNS_CHECK", body: "name example.com.\n      name again.example"))
        guard case .dns(let d)? = firstCheck(r)?.kind else { Issue.record("no DNS_CHECK"); return }
        #expect(d.name == "example.com.")
        #expect(has(r, line: 10, .warning, "'name' given twice; ignoring 'again.example'"))
        #expect(has(load(config(checker: "DNS_CHECK", body: "type PTR")), line: 9, .error, "got 'PTR'"))
        #expect(has(load(config(checker: "DNS_CHECK", body: "type SRV")), line: 9, .error, "got 'SRV'"))
        #expect(has(load(config(checker: "DNS_CHECK", body: "name foo..bar")), line: 9, .error, "'name' foo..bar has an empty label"))
        #expect(has(load(config(checker: "DNS_CHECK", body: ".example")), line: 9, .warning, "unknown keyword"))
        #expect(has(load(config(checker: "DNS_CHECK", body: "name .example")), line: 9, .error, "empty label"))
    }

    @Test func miscCheck() throws {
        let r = load(config(checker: "MISC_CHECK", body: """
        misc_path "/usr/local/bin/check web"
              misc_timeout 5
              misc_dynamic
              user nobody nogroup
              retry 2
              warmup 1
        """))
        #expect(clean(r), "\(r.diagnostics.all)")
        let check = try #require(firstCheck(r))
        guard case .misc(let m) = check.kind else { Issue.record("not MISC"); return }
        #expect(m.command == "/usr/local/bin/check web" && m.timeoutSeconds == 5 && m.dynamic)
        #expect(m.user == "nobody" && m.group == "nogroup")
        #expect(check.options.retry == 2 && check.options.warmupMicroseconds == 1_000_000)

        let missing = load(config(checker: "MISC_CHECK", body: "misc_timeout 3"))
        #expect(has(missing, line: 8, .error, "MISC_CHECK has no 'misc_path'"))
        #expect(firstRS(missing)?.checkers.isEmpty == true)
        let badTimeout = load(config(checker: "MISC_CHECK", body: "misc_path /bin/true\n      misc_timeout 1.5"))
        #expect(has(badTimeout, line: 10, .error, "'misc_timeout' needs an integer, got '1.5'"))
        let noConnection = load(config(checker: "MISC_CHECK", body: "misc_path /bin/true\n      connect_ip 192.0.2.1"))
        #expect(has(noConnection, line: 10, .warning, "unknown keyword 'connect_ip' in MISC_CHECK"))
        let noUser = load(config(checker: "MISC_CHECK", body: "misc_path /bin/true\n      user"))
        #expect(has(noUser, line: 10, .error, "'user' needs a value"))
    }

    @Test func udpCheck() throws {
        let r = load(config(checker: "UDP_CHECK", body: """
        payload Ab12f 3 456
              require_reply 1x X2
              min_reply_length 2
              max_reply_length 1000
        """))
        #expect(clean(r), "\(r.diagnostics.all)")
        guard case .udp(let u)? = firstCheck(r)?.kind else { Issue.record("no UDP_CHECK"); return }
        #expect(u.payload == [0xAB, 0x12, 0x0F, 0x03, 0x45, 0x06])
        #expect(u.requireReply && u.replyPattern == CheckerHexPattern(bytes: [0x10, 0x02], mask: [0xF0, 0x0F]))
        #expect(u.minimumReplyLength == 2 && u.maximumReplyLength == 1000)

        let bare = load(config(checker: "UDP_CHECK", body: "require_reply"))
        guard case .udp(let b)? = firstCheck(bare)?.kind else { Issue.record("no UDP_CHECK"); return }
        #expect(b.requireReply && b.replyPattern == nil)

        #expect(has(load(config(checker: "UDP_CHECK", body: "payload zz")), line: 9, .error, "'payload' is not a hex string: 'zz'"))
        #expect(has(load(config(checker: "UDP_CHECK", body: "payload 0x12")), line: 9, .error, "'payload' is not a hex string"))
        #expect(has(load(config(checker: "UDP_CHECK", body: "require_reply -")), line: 9, .error, "'require_reply' is not a hex string"))
        #expect(has(load(config(checker: "UDP_CHECK", body: "payload")), line: 9, .error, "'payload' needs a value"))
        #expect(has(load(config(checker: "UDP_CHECK", body: "min_reply_length 70000")), line: 9, .error, "out of range [0, 65535]"))
        #expect(has(load(config(checker: "UDP_CHECK", body: "min_reply_length 300\n      max_reply_length 10")), line: 8, .warning,
                    "min_reply_length 300 is more than max_reply_length 10"))
    }

    @Test func fileCheck() throws {
        let r = load("track_file TF {\n  file /run/tf\n}\n" + config(checker: "FILE_CHECK", body: "track_file TF\n      weight -5 reverse"))
        #expect(clean(r), "\(r.diagnostics.all)")
        guard case .file(let f)? = firstCheck(r)?.kind else { Issue.record("no FILE_CHECK"); return }
        #expect(f.trackFile == "TF" && f.weight == -5 && f.reverse)
        #expect(firstCheck(r)?.kind.isPolled == false)

        #expect(has(load(config(checker: "FILE_CHECK", body: "weight 3")), line: 8, .error, "FILE_CHECK has no 'track_file'"))
        #expect(has(load(config(checker: "FILE_CHECK", body: "track_file T\n      weight 2147483648")), line: 10, .error, "out of range [-2147483647, 2147483647]"))
        #expect(has(load(config(checker: "FILE_CHECK", body: "track_file T\n      weight 5 sideways")), line: 10, .error, "unknown option 'sideways'"))
        #expect(has(load(config(checker: "FILE_CHECK", body: "track_file T\n      dynamic")), line: 10, .warning, "unknown keyword 'dynamic' in FILE_CHECK"))
        #expect(has(load(config(checker: "FILE_CHECK", body: "track_file T\n      retry 1")), line: 10, .warning, "unknown keyword 'retry' in FILE_CHECK"))
    }

    @Test func bfdCheck() {
        let r = load("bfd_instance peer1 {\n  neighbor_ip 192.0.2.10\n}\n" + config(checker: "BFD_CHECK", body: "name peer1"))
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(has(load(config(checker: "BFD_CHECK", body: "name nobody")), line: 8, .error, "no bfd_instance nobody is defined"))
        guard case .bfd(let b)? = firstCheck(r)?.kind else { Issue.record("no BFD_CHECK"); return }
        #expect(b.name == "peer1")
        #expect(has(load(config(checker: "BFD_CHECK", body: "")), line: 8, .error, "BFD_CHECK has no 'name'"))
        #expect(has(load(config(checker: "BFD_CHECK", body: "name p\n      retry 2")), line: 10, .warning, "unknown keyword 'retry' in BFD_CHECK"))
    }

    @Test func referencesToOtherSections() {
        let text = config(checker: "FILE_CHECK", body: "track_file TF") + "\n" + config(checker: "BFD_CHECK", body: "name B").replacingFirstLine()
        let r = load(text)
        var d = DiagnosticLog()
        r.configuration.lvs.validateReferences(trackFiles: ["TF"], bfdInstances: ["B"], diagnostics: &d)
        #expect(d.all.isEmpty)
        r.configuration.lvs.validateReferences(trackFiles: [], bfdInstances: [], diagnostics: &d)
        #expect(d.all.contains { $0.location?.line == 8 && $0.message.contains("no track_file TF is defined") })
        #expect(d.all.contains { $0.location?.line == 20 && $0.message.contains("no bfd_instance B is defined") })
    }
}

private extension String {
    /// The same virtual server on another port, so that two layouts can be concatenated.
    func replacingFirstLine() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        lines[0] = "virtual_server 192.0.2.1 81 {"
        return lines.joined(separator: "\n")
    }
}

// MARK: - virtual_server_group

@Suite("LVS: virtual_server_group")
struct VirtualServerGroupTests {
    private func group(_ entries: String) -> LoadedConfiguration {
        load("virtual_server_group G {\n  \(entries)\n}")
    }

    struct EntryCase: Sendable, CustomTestStringConvertible {
        let line: String
        let target: VirtualServerGroupEntry.Target
        var testDescription: String { line }
    }

    @Test(arguments: [
        EntryCase(line: "192.0.2.1 80", target: .addresses(first: ip("192.0.2.1"), last: ip("192.0.2.1"), port: 80)),
        EntryCase(line: "192.0.2.1-10 80", target: .addresses(first: ip("192.0.2.1"), last: ip("192.0.2.10"), port: 80)),
        EntryCase(line: "192.0.2.250-198.51.100.10 443", target: .addresses(first: ip("192.0.2.250"), last: ip("198.51.100.10"), port: 443)),
        EntryCase(line: "192.0.2.8/29 80", target: .addresses(first: ip("192.0.2.8"), last: ip("192.0.2.15"), port: 80)),
        EntryCase(line: "192.0.2.1/32", target: .addresses(first: ip("192.0.2.1"), last: ip("192.0.2.1"), port: 0)),
        EntryCase(line: "192.0.2.9 0", target: .addresses(first: ip("192.0.2.9"), last: ip("192.0.2.9"), port: 0)),
        EntryCase(line: "2001:db8::a-ff 443", target: .addresses(first: ip("2001:db8::a"), last: ip("2001:db8::ff"), port: 443)),
        EntryCase(line: "2001:db8::/120 443", target: .addresses(first: ip("2001:db8::"), last: ip("2001:db8::ff"), port: 443)),
        EntryCase(line: "fwmark 5", target: .fwmark(5, family: nil)),
        EntryCase(line: "fwmark 4294967295 inet6", target: .fwmark(4_294_967_295, family: .ipv6)),
    ])
    func goodEntry(_ c: EntryCase) {
        let r = group(c.line)
        #expect(clean(r), "\(r.diagnostics.all)")
        #expect(r.configuration.lvs.virtualServerGroups.first?.entries.map(\.target) == [c.target])
        #expect(r.configuration.lvs.virtualServerGroups.first?.entries.first?.location.line == 2)
    }

    static let bad: [BadCase] = [
        BadCase("192.0.2.33/29 80", .error, "'192.0.2.33/29' has host bits set"),
        BadCase("192.0.2.0/0 80", .error, "bad prefix length in '192.0.2.0/0'"),
        BadCase("192.0.2.0/33 80", .error, "bad prefix length"),
        BadCase("192.0.2.50-40 80", .error, "range '192.0.2.50-40' does not end after it starts"),
        BadCase("192.0.2.5-5 80", .error, "does not end after it starts"),
        BadCase("192.0.2.1-256 80", .error, "must be the last octet, 0-255"),
        BadCase("192.0.2.1-0x10 80", .error, "must be the last octet"),
        BadCase("2001:db8::a-10000 80", .error, "must be the last group, 0-ffff"),
        BadCase("192.0.2.70-2001:db8::1 80", .error, "are of different families"),
        BadCase("198.51.100.1-192.0.2.1 80", .error, "ends before it starts"),
        BadCase("192.0.2.80 70000", .error, "port' 70000 is out of range"),
        BadCase("bogus 80", .error, "'bogus' is not an address, range or prefix"),
        BadCase("fwmark 7 ipx", .error, "fwmark family must be inet or inet6; got 'ipx'"),
        BadCase("fwmark -1", .error, "fwmark' -1 is out of range [1, 4294967295]"),
        BadCase("fwmark", .error, "'fwmark' needs a value"),
        BadCase("192.0.2.90 80 extra", .warning, "takes one value; ignoring 'extra'"),
    ]

    @Test(arguments: bad)
    func badEntry(_ c: BadCase) {
        let r = group("192.0.2.200 80\n  \(c.line)")
        #expect(has(r, line: 3, c.severity, c.fragment), "\(r.diagnostics.all)")
    }

    @Test func groupLevelChecks() {
        let empty = load("virtual_server_group E {\n}")
        #expect(has(empty, line: 1, .warning, "virtual_server_group E has no entries; ignored"))
        #expect(empty.configuration.lvs.virtualServerGroups.isEmpty)
        let twice = load("virtual_server_group G {\n  192.0.2.1 80\n}\nvirtual_server_group G {\n  192.0.2.2 80\n}")
        #expect(has(twice, line: 4, .error, "virtual_server_group G is defined twice"))
        let mixed = load("virtual_server_group M {\n  192.0.2.1 80\n  2001:db8::1 80\n  fwmark 3\n}")
        #expect(has(mixed, line: 1, .error, "each fwmark needs a family"))
        let mixedOK = load("virtual_server_group M {\n  192.0.2.1 80\n  2001:db8::1 80\n  fwmark 3 inet\n}")
        #expect(clean(mixedOK))
    }
}

// MARK: - validation across blocks

@Suite("LVS: validation")
struct LVSValidationTests {
    @Test func groupServices() throws {
        let text = """
        virtual_server_group G {
          192.0.2.1-3 80
        }
        virtual_server group G {
          protocol TCP
          lb_algo rr
          lb_kind DR
          real_server 192.0.2.10 80 {
          }
        }
        virtual_server group NOPE {
          protocol TCP
          lb_algo rr
          lb_kind NAT
          real_server 192.0.2.10 80 {
          }
        }
        """
        let r = load(text)
        #expect(has(r, line: 11, .error, "virtual_server group NOPE: no virtual_server_group NOPE is defined"))
        let vs = try #require(firstVS(r))
        #expect(vs.service == .group("G") && vs.family == .ipv4)
        let before = r.diagnostics.all.filter { ($0.location?.line ?? 0) < 11 }
        #expect(before.isEmpty, "\(r.diagnostics.all)")
    }

    @Test func duplicateVirtualServers() {
        let one = "{\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 192.0.2.10 80 {\n  }\n}\n"
        let r = load("virtual_server 192.0.2.1 80 " + one + "virtual_server 192.0.2.1 80 " + one)
        #expect(has(r, line: 8, .error, "virtual_server 192.0.2.1:80 is defined twice (first at line 1)"))
        #expect(r.configuration.lvs.virtualServers.count == 1)
        let udp = one.replacing("TCP", with: "UDP")
        let r2 = load("virtual_server 192.0.2.1 80 " + one + "virtual_server 192.0.2.1 80 " + udp)
        #expect(clean(r2), "\(r2.diagnostics.all)")
        #expect(r2.configuration.lvs.virtualServers.count == 2)
    }

    @Test func duplicateRealServer() {
        let r = load(config(rs: "weight 2", head: "protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 192.0.2.10 80 {\n  }"))
        #expect(has(r, line: 8, .warning, "real_server 192.0.2.10:80 is defined twice in virtual_server 192.0.2.1:80; the second is ignored"))
        #expect(firstVS(r)?.realServers.count == 1)
        #expect(firstRS(r)?.weight == nil)
    }

    @Test func familiesOfRealAndSorryServers() throws {
        let text = """
        virtual_server 192.0.2.1 80 {
          protocol TCP
          lb_algo rr
          lb_kind NAT
          sorry_server 2001:db8::9 80
          real_server 2001:db8::1 80 {
          }
          real_server 2001:db8::2 80 {
            lvs_method TUN
          }
          real_server 192.0.2.10 80 {
          }
        }
        """
        let r = load(text)
        #expect(has(r, line: 6, .warning, "real_server 2001:db8::1 is not of the same address family as the virtual server and is not tunnelled; ignored"))
        #expect(has(r, line: 5, .warning, "sorry_server 2001:db8::9 is not of the same address family"))
        let vs = try #require(firstVS(r))
        #expect(vs.realServers.map(\.address) == [IPAddress("2001:db8::2")!, IPAddress("192.0.2.10")!])
        #expect(vs.sorryServer == nil)
    }

    @Test func noRealServerLeft() {
        let r = load("virtual_server 192.0.2.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n}")
        #expect(has(r, line: 1, .warning, "virtual_server 192.0.2.1:80 has no real servers; ignored"))
        #expect(r.configuration.lvs.virtualServers.isEmpty)
        #expect(!r.configuration.needsChecker)
    }

    @Test func fwmarkServices() throws {
        let text = """
        virtual_server fwmark 1 {
          protocol TCP
          lb_algo rr
          lb_kind DR
          ha_suspend
          real_server 192.0.2.200 80 {
          }
          real_server 2001:db8::5 {
            lvs_method TUN
          }
          real_server 2001:db8::6 {
          }
        }
        virtual_server fwmark 2 {
          lb_algo rr
          lvs_method TUN type gue port 5555 csum
          real_server 2001:db8::200 {
          }
          real_server 2001:db8::201 {
          }
        }
        """
        let r = load(text)
        #expect(has(r, line: 1, .warning, "'ha_suspend' cannot be used with fwmarks; cleared"))
        #expect(has(r, line: 1, .warning, "'protocol' does not apply to a fwmark service; ignored"))
        #expect(has(r, line: 6, .warning, "a fwmark service takes no real server port unless NAT; cleared"))
        #expect(has(r, line: 11, .warning, "real_server 2001:db8::6 is not of the same address family"))
        let vs = try #require(firstVS(r))
        #expect(vs.family == .ipv4 && vs.protocol == nil && !vs.haSuspend)
        #expect(vs.realServers.map(\.port) == [0, 0])
        let tunnelled = try #require(r.configuration.lvs.virtualServers.last)
        #expect(tunnelled.family == .ipv6, "all tunnelled: the servers' common family")
        #expect(!r.diagnostics.all.contains { ($0.location?.line ?? 0) >= 14 })
    }

    @Test func onePacketSchedulingNeedsUDP() {
        let r = load(config(vs: "ops"))
        #expect(has(r, line: 1, .warning, "'ops' needs protocol UDP; cleared"))
        #expect(firstVS(r)?.onePacketScheduling == false)
    }

    @Test func quorumAndHysteresisAreCorrected() throws {
        let r = load(config(vs: "quorum 5\n  hysteresis 5"))
        #expect(has(r, line: 1, .warning, "'quorum' 5 is more than the total weight 1 of its real servers; using 1"))
        #expect(has(r, line: 1, .warning, "'hysteresis' 5 must be less than the quorum 1; using 0"))
        let vs = try #require(firstVS(r))
        #expect(vs.quorum == 1 && vs.hysteresis == 0)
        let fine = load(config(vs: "quorum 3\n  hysteresis 2", rs: "weight 3"))
        #expect(clean(fine), "\(fine.diagnostics.all)")
    }

    @Test func portsOfNonNATServers() throws {
        let r = load(config(rs: "lvs_method DR", head: "protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  sorry_server 192.0.2.50 81\n  sorry_server_lvs_method DR")
            .replacing("real_server 192.0.2.10 80", with: "real_server 192.0.2.10 81"))
        #expect(has(r, line: 8, .warning, "real_server 192.0.2.10:81: port differs from the virtual server's 80"))
        #expect(has(r, line: 5, .warning, "sorry_server 192.0.2.50: port 81 differs from the virtual server's 80"))
        #expect(firstRS(r)?.port == 80 && firstVS(r)?.sorryServer?.port == 80)
        let nat = load(config().replacing("real_server 192.0.2.10 80", with: "real_server 192.0.2.10 8080"))
        #expect(clean(nat))
        #expect(firstRS(nat)?.port == 8080)
    }

    @Test func sorryServerInhibitFollowsTheMatchingRealServer() throws {
        let r = load(config(vs: "sorry_server 192.0.2.10 80", rs: "inhibit_on_failure"))
        #expect(has(r, line: 5, .warning, "whose inhibit_on_failure differs; setting it on the sorry server"))
        #expect(firstVS(r)?.sorryServer?.inhibit == true)
        let same = load(config(vs: "sorry_server 192.0.2.10 80\n  sorry_server_inhibit", rs: "inhibit_on_failure"))
        #expect(clean(same), "\(same.diagnostics.all)")
    }

    @Test func groupEntryWithoutPortForcesPersistence() throws {
        let text = "virtual_server_group GP {\n  192.0.2.2\n}\nvirtual_server group GP {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 192.0.2.200 80 {\n  }\n}"
        let r = load(text)
        #expect(has(r, line: 4, .warning, "group entry at line 2 has no port"))
        #expect(firstVS(r)?.persistenceTimeoutSeconds == 360)
    }

    @Test func everyKeywordHasASummary() {
        let tables: [[String]] = [
            VirtualServerKeywords.table.keywords.filter { $0.summary.isEmpty }.map(\.name),
            RealServerKeywords.table.keywords.filter { $0.summary.isEmpty }.map(\.name),
            HealthCheckKeywords.httpGet.keywords.filter { $0.summary.isEmpty }.map(\.name),
            HealthCheckKeywords.url.keywords.filter { $0.summary.isEmpty }.map(\.name),
        ]
        let missing = tables.flatMap { $0 }
        #expect(missing.isEmpty)
    }

    @Test func keywordTablesCoverKeepalived() {
        let vs = Set(VirtualServerKeywords.table.names)
        for k in ["ip_family", "retry", "delay_before_retry", "warmup", "connect_timeout", "delay_loop", "inhibit_on_failure",
                  "lb_algo", "lvs_sched", "hashed", "ops", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port",
                  "mh-fallback", "lb_kind", "lvs_method", "persistence_engine", "persistence_timeout", "persistence_granularity",
                  "protocol", "ha_suspend", "smtp_alert", "virtualhost", "snmp_name", "alpha", "omega", "quorum_up", "quorum_down",
                  "quorum", "hysteresis", "weight", "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method", "real_server"] {
            #expect(vs.contains(k), "virtual_server lacks \(k)")
        }
        #expect(vs.count == 39)
        #expect(RealServerKeywords.table.names.count == 16 + HealthCheckKeywords.blockNames.count)
        #expect(HealthCheckKeywords.tcp.names.count == 13)
        #expect(HealthCheckKeywords.misc.names.count == 6 + 4)
        #expect(HealthCheckKeywords.httpGet.names.count == 13 + 6)
        #expect(HealthCheckKeywords.url.names.count == 10)
        #expect(Set(LVSSection.topLevelKeywords.map(\.name)) == ["virtual_server_group", "virtual_server", "SSL"])
    }
}

// MARK: - SSL and hex strings

@Suite("LVS: SSL block and hex strings")
struct LVSMiscTests {
    @Test func sslBlock() throws {
        let r = load("SSL {\n  password secret\n  ca /etc/ca.pem\n  certificate /etc/c.pem\n  key /etc/k.pem\n}")
        #expect(clean(r), "\(r.diagnostics.all)")
        let ssl = try #require(r.configuration.lvs.ssl)
        #expect(ssl.password == "secret" && ssl.caFile == "/etc/ca.pem" && ssl.certificateFile == "/etc/c.pem" && ssl.keyFile == "/etc/k.pem")
        let bad = load("SSL {\n  password\n  ca /a\n  ca /b\n  foo bar\n}\nSSL {\n}")
        #expect(has(bad, line: 2, .error, "'password' needs a value"))
        #expect(has(bad, line: 4, .warning, "SSL 'ca' given twice"))
        #expect(has(bad, line: 5, .warning, "unknown keyword 'foo' in SSL"))
        #expect(has(bad, line: 7, .warning, "'SSL' given twice"))
    }

    @Test func hexPatterns() {
        #expect(CheckerHexPattern(words: ["Ab12f", "3", "456", "546443123"], allowWildcards: false)?.bytes
            == [0xAB, 0x12, 0x0F, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03])
        #expect(CheckerHexPattern(words: ["x1"], allowWildcards: false) == nil)
        #expect(CheckerHexPattern(words: [], allowWildcards: false) == nil)
        let p = CheckerHexPattern(words: ["1x"], allowWildcards: true)!
        #expect(p.matches([0x1F]) && p.matches([0x10, 0xFF]) && !p.matches([0x2F]))
        #expect(p.matches([]))
    }
}

// MARK: - a whole configuration

@Suite("LVS: a configuration keepalived 2.2.7 accepts with -t")
struct LVSAcceptedConfigurationTests {
    static let text = """
        virtual_server_group WEB {
          192.0.2.1-3 80
          192.0.2.16/30 80
        }
        virtual_server group WEB {
          protocol TCP
          lvs_sched wrr
          lvs_method DR
          delay_loop 5
          connect_timeout 2.5
          retry 2
          delay_before_retry 1.5
          warmup 0
          persistence_timeout 600
          persistence_granularity 255.255.255.0
          quorum 2
          hysteresis 1
          weight 2
          virtualhost www.example.com
          smtp_alert off
          omega
          real_server 198.51.100.1 80 {
            weight 3
            uthreshold 1000
            lthreshold 800
            inhibit_on_failure
            HTTP_GET {
              url {
                path /health
                status_code 200-299 301
                digest 9b3a0c85a887a256d6939da88aabd8cd
              }
              http_protocol 1.1
              fast_recovery
              connect_port 8080
              log_all_failures
            }
            TCP_CHECK {
              connect_timeout 1
            }
          }
          real_server 198.51.100.2 80 {
            SSL_GET {
              enable_sni
              url {
                path /
                regex "^OK"
                regex_options caseless
              }
            }
            SMTP_CHECK {
              helo_name lb.example.com
            }
            DNS_CHECK {
              type A
              name www.example.com
            }
            PING_CHECK {
              retry 2
            }
            UDP_CHECK {
              connect_port 53
              payload 00 01
              require_reply
            }
          }
        }
        virtual_server 2001:db8::10 443 {
          protocol SCTP
          lb_algo sh
          sh-port
          sh-fallback
          lb_kind NAT
          sorry_server 2001:db8::99 8443
          sorry_server_inhibit
          real_server 2001:db8::1 8443 {
            TCP_CHECK {
              bindto 2001:db8::5
              bind_port 40000
            }
          }
        }
        virtual_server fwmark 7 {
          lvs_sched rr
          lvs_method TUN type gue port 6080 csum
          ip_family inet6
          real_server 2001:db8::2 {
            alpha
            TCP_CHECK {
              connect_port 80
              fwmark 7
            }
          }
        }
        virtual_server 203.0.113.1 53 {
          protocol UDP
          lvs_sched rr
          lvs_method NAT
          ops
          real_server 203.0.113.2 53 {
            UDP_CHECK {
              payload Ab12f 3 456
              require_reply 1x X2
              min_reply_length 2
              max_reply_length 512
            }
          }
        }
        SSL {
          ca /etc/ssl/ca.pem
        }
        """

    @Test func isCleanAndComplete() throws {
        let r = load(Self.text)
        #expect(clean(r), "\(r.diagnostics.all)")
        let lvs = r.configuration.lvs
        #expect(lvs.virtualServerGroups.map(\.name) == ["WEB"])
        #expect(lvs.virtualServers.count == 4)
        #expect(lvs.ssl?.caFile == "/etc/ssl/ca.pem")

        let web = lvs.virtualServers[0]
        #expect(web.service == .group("WEB") && web.family == .ipv4 && web.scheduler == .weightedRoundRobin)
        #expect(web.persistenceTimeoutSeconds == 600 && web.quorum == 2 && web.hysteresis == 1 && web.omega)
        #expect(web.realServers.map { $0.checkers.map(\.kind.keyword) }
                == [["HTTP_GET", "TCP_CHECK"], ["SSL_GET", "SMTP_CHECK", "DNS_CHECK", "PING_CHECK", "UDP_CHECK"]])
        let rs1 = web.realServers[0]
        #expect(rs1.effectiveWeight(in: web) == 3 && web.realServers[1].effectiveWeight(in: web) == 2)
        let http = rs1.checkers[0]
        #expect(http.timing(in: rs1, of: web) == HealthCheckTiming(delayLoopMicroseconds: 5_000_000, connectTimeoutMicroseconds: 2_500_000,
                                                                  retry: 2, delayBeforeRetryMicroseconds: 1_500_000,
                                                                  warmupMicroseconds: 0, alpha: false))
        #expect(http.destination(in: rs1)?.port == 8080)

        let sctp = lvs.virtualServers[1]
        #expect(sctp.protocol == .sctp && sctp.schedulerFlags.flag1 && sctp.schedulerFlags.flag2)
        #expect(sctp.sorryServer?.port == 8443 && sctp.sorryServer?.inhibit == true)

        let fwmark = lvs.virtualServers[2]
        #expect(fwmark.service == .fwmark(7) && fwmark.family == .ipv6 && fwmark.protocol == nil)
        #expect(fwmark.forwarding == .tunnel(LVSTunnel(type: .gue(port: 6080), checksum: .checksum)))
        #expect(fwmark.realServers.first?.alpha == true)

        #expect(lvs.virtualServers[3].onePacketScheduling)
    }
}
