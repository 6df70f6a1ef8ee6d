/// What a checker block is parsed into: the shared options and the kind's own settings.
struct CheckerBlock<Specific: Sendable>: Sendable {
    var options: HealthCheckOptions
    var specific: Specific
}

/// The keyword tables of the checker blocks, and the entry point that turns a checker block
/// into a `HealthCheck`.
enum HealthCheckKeywords {
    /// The checker block keywords a `real_server` accepts.
    static let blockNames = ["TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK",
                             "PING_CHECK", "UDP_CHECK", "FILE_CHECK", "BFD_CHECK"]

    /// Parses one checker block; nil (after an error) when the checker is unusable.
    static func parse(_ s: Statement, reader: inout ConfigReader) -> HealthCheck? {
        let body = s.block ?? []
        let connection: CheckerConnection? = {
            var c = CheckerConnection()
            c.location = s.location
            return c
        }()
        func run<S>(_ table: KeywordTable<CheckerBlock<S>>, _ specific: S, connects: Bool) -> CheckerBlock<S> {
            var block = CheckerBlock(options: HealthCheckOptions(connection: connects ? connection : nil), specific: specific)
            table.apply(body, to: &block, reader: &reader)
            return block
        }
        let kind: HealthCheckKind
        let options: HealthCheckOptions
        switch s.keyword {
        case "TCP_CHECK":
            let b = run(tcp, (), connects: true)
            (kind, options) = (.tcp, b.options)
        case "PING_CHECK":
            let b = run(ping, (), connects: true)
            (kind, options) = (.ping, b.options)
        case "HTTP_GET", "SSL_GET":
            let b = run(s.keyword == "HTTP_GET" ? httpGet : sslGet, HTTPCheck(), connects: true)
            guard !b.specific.urls.isEmpty else {
                reader.error("\(s.keyword) has no usable 'url' block; the checker is ignored", at: s)
                return nil
            }
            (kind, options) = (s.keyword == "HTTP_GET" ? .http(b.specific) : .ssl(b.specific), b.options)
        case "SMTP_CHECK":
            let b = run(smtp, SMTPCheck(), connects: true)
            (kind, options) = (.smtp(b.specific), b.options)
        case "DNS_CHECK":
            let b = run(dns, DNSCheckDraft(), connects: true)
            (kind, options) = (.dns(b.specific.check), b.options)
        case "MISC_CHECK":
            let b = run(misc, MiscCheck(), connects: false)
            guard b.specific.command != nil else {
                reader.error("MISC_CHECK has no 'misc_path'; the checker is ignored", at: s)
                return nil
            }
            (kind, options) = (.misc(b.specific), b.options)
        case "UDP_CHECK":
            let b = run(udp, UDPCheck(), connects: true)
            if b.specific.minimumReplyLength > b.specific.maximumReplyLength {
                reader.warning("UDP_CHECK min_reply_length \(b.specific.minimumReplyLength) is more than max_reply_length \(b.specific.maximumReplyLength); the check will always fail", at: s)
            }
            (kind, options) = (.udp(b.specific), b.options)
        case "FILE_CHECK":
            let b = run(file, FileCheck(), connects: false)
            guard b.specific.trackFile != nil else {
                reader.error("FILE_CHECK has no 'track_file'; the checker is ignored", at: s)
                return nil
            }
            (kind, options) = (.file(b.specific), b.options)
        case "BFD_CHECK":
            let b = run(bfd, BFDCheck(), connects: false)
            guard b.specific.name != nil else {
                reader.error("BFD_CHECK has no 'name'; the checker is ignored", at: s)
                return nil
            }
            (kind, options) = (.bfd(b.specific), b.options)
        default:
            return nil
        }
        return HealthCheck(kind: kind, options: options, location: s.location)
    }

    // MARK: shared keywords

    /// `connect_ip` ... `fwmark`: where the checker connects (all kinds but MISC, FILE, BFD).
    static let connectionKeywords: [Keyword<HealthCheckOptions>] = [
        Keyword("connect_ip", .exactly(1), "address to check instead of the real server's") { o, s, r in
            guard let a = r.address(s) else { return }
            if let b = o.connection?.bindTo, b.family != a.family {
                r.error("'connect_ip' \(a) is not of the same family as 'bindto' \(b)", at: s)
                return
            }
            o.connection?.connectIP = a
        },
        Keyword("connect_port", .exactly(1), "port to check instead of the real server's") { o, s, r in
            if let p = r.integer(s, in: 1...65535) { o.connection?.connectPort = p }
        },
        Keyword("bindto", .exactly(1), "source address of the check") { o, s, r in
            guard let a = r.address(s) else { return }
            if let c = o.connection?.connectIP, c.family != a.family {
                r.error("'bindto' \(a) is not of the same family as 'connect_ip' \(c)", at: s)
                return
            }
            o.connection?.bindTo = a
        },
        Keyword("bind_port", .exactly(1), "source port of the check") { o, s, r in
            if let p = r.integer(s, in: 1...65535) { o.connection?.bindPort = p }
        },
        Keyword("bind_if", .exactly(1), "source interface (needed for link-local addresses)") { o, s, r in
            guard s.arguments[0].utf8.count <= 15 else {
                r.error("'bind_if' \(s.arguments[0]) is longer than 15 characters", at: s)
                return
            }
            o.connection?.bindInterface = s.arguments[0]
        },
        Keyword("connect_timeout", .exactly(1), "connection timeout, seconds") { o, s, r in
            if let t = r.checkerTimer(s, minimum: .positive, maximumSeconds: CheckerTimerLimits.connectTimeout) { o.connection?.connectTimeoutMicroseconds = t }
        },
        Keyword("fwmark", .exactly(1), "firewall mark put on the check's packets") { o, s, r in
            if let m = r.integer(s, in: 0...Int(UInt32.max)) { o.connection?.fwmark = m }
        },
    ]

    /// `retry` ... `log_all_failures`: timing and logging (all kinds but FILE and BFD).
    static let timingKeywords: [Keyword<HealthCheckOptions>] = [
        Keyword("retry", .exactly(1), "retries before a failure counts") { o, s, r in
            if let n = r.integer(s, in: 0...Int(UInt32.max)) { o.retry = n }
        },
        Keyword("delay_before_retry", .exactly(1), "delay before a retry, seconds") { o, s, r in
            if let t = r.checkerTimer(s, minimum: .zero) { o.delayBeforeRetryMicroseconds = t }
        },
        Keyword("warmup", .exactly(1), "maximum random delay before the first check, seconds") { o, s, r in
            if let t = r.checkerTimer(s, minimum: .zero) { o.warmupMicroseconds = t }
        },
        Keyword("delay_loop", .exactly(1), "interval between checks, seconds") { o, s, r in
            if let t = r.checkerTimer(s, minimum: .positive) { o.delayLoopMicroseconds = t }
        },
        Keyword("alpha", .optionalBool, "start with this check failed") { o, s, r in
            if let b = r.bool(s) { o.alpha = b }
        },
        Keyword("log_all_failures", .optionalBool, "log every failure, not only state changes") { o, s, r in
            if let b = r.bool(s) { o.logAllFailures = b }
        },
    ]

    static func common<S>(connection: Bool) -> [Keyword<CheckerBlock<S>>] {
        ((connection ? connectionKeywords : []) + timingKeywords).map(lift)
    }

    /// A keyword on the shared options, used inside a kind's block.
    static func lift<S>(_ k: Keyword<HealthCheckOptions>) -> Keyword<CheckerBlock<S>> {
        let handler = k.handler
        return Keyword(k.name, k.arity, k.summary) { b, s, r in handler(&b.options, s, &r) }
    }

    // MARK: kinds

    static let tcp = KeywordTable<CheckerBlock<Void>>("TCP_CHECK", common(connection: true))
    static let ping = KeywordTable<CheckerBlock<Void>>("PING_CHECK", common(connection: true))

    static let smtp = KeywordTable<CheckerBlock<SMTPCheck>>("SMTP_CHECK", [
        Keyword("helo_name", .atLeast(1), "name sent in HELO") { b, s, _ in
            b.specific.heloName = s.arguments.joined(separator: " ")
        },
        Keyword("host", .block, "deprecated: one more server to check") { b, s, r in
            r.diagnostics.note("SMTP_CHECK 'host' blocks are deprecated; use one SMTP_CHECK per server", at: s.location)
            var hostOptions = b.options
            var connection = CheckerConnection()
            connection.location = s.location
            hostOptions.connection = connection
            smtpHost.apply(s.block ?? [], to: &hostOptions, reader: &r)
            b.specific.hosts.append(hostOptions.connection ?? connection)
            hostOptions.connection = b.options.connection
            b.options = hostOptions
        },
    ] + common(connection: true))

    /// The deprecated SMTP `host` block: the connection keywords apply to the host, the others
    /// to the whole checker.
    static let smtpHost = KeywordTable<HealthCheckOptions>("SMTP_CHECK host", connectionKeywords + timingKeywords)

    /// DNS_CHECK with the "name given twice" state keepalived reports.
    struct DNSCheckDraft: Sendable {
        var check = DNSCheck()
        var nameGiven = false
    }

    static let dns = KeywordTable<CheckerBlock<DNSCheckDraft>>("DNS_CHECK", common(connection: true) + [
        Keyword("type", .exactly(1), "query type: A NS CNAME SOA MX TXT AAAA RRSIG DNSKEY") { b, s, r in
            guard let t = DNSQueryType.allCases.first(where: { $0.rawValue == s.arguments[0].uppercased() }) else {
                r.error("'type' must be one of \(DNSQueryType.allCases.map(\.rawValue).joined(separator: ", ")); got '\(s.arguments[0])'", at: s)
                return
            }
            b.specific.check.type = t
        },
        Keyword("name", .exactly(1), "name to query (default '.')") { b, s, r in
            guard !b.specific.nameGiven else {
                r.warning("DNS_CHECK 'name' given twice; ignoring '\(s.arguments[0])'", at: s)
                return
            }
            let name = s.arguments[0]
            let labels = name.split(separator: ".", omittingEmptySubsequences: false)
            let emptyLabel = name != "." && (name.hasPrefix(".") || labels.dropLast().contains { $0.isEmpty })
            guard !emptyLabel else {
                r.error("DNS_CHECK 'name' \(name) has an empty label", at: s)
                return
            }
            b.specific.check.name = name
            b.specific.nameGiven = true
        },
    ])

    static let misc = KeywordTable<CheckerBlock<MiscCheck>>("MISC_CHECK", common(connection: false) + [
        Keyword("misc_path", .atLeast(1), "program to run, with its arguments") { b, s, r in
            b.specific.command = r.command(s)
        },
        Keyword("misc_timeout", .exactly(1), "seconds before the program is killed") { b, s, r in
            if let t = r.integer(s, in: 0...Int(UInt32.max)) { b.specific.timeoutSeconds = t }
        },
        Keyword("misc_dynamic", .flag, "the exit status sets the weight") { b, _, _ in
            b.specific.dynamic = true
        },
        Keyword("user", .between(1, 2), "user [group] to run the program as") { b, s, _ in
            b.specific.user = s.arguments[0]
            b.specific.group = s.arguments.count > 1 ? s.arguments[1] : nil
        },
    ])

    static let udp = KeywordTable<CheckerBlock<UDPCheck>>("UDP_CHECK", common(connection: true) + [
        Keyword("payload", .atLeast(1), "hex bytes to send") { b, s, r in
            guard let p = CheckerHexPattern(words: s.arguments, allowWildcards: false) else {
                r.error("UDP_CHECK 'payload' is not a hex string: '\(s.arguments.joined(separator: " "))'", at: s)
                return
            }
            b.specific.payload = p.bytes
        },
        Keyword("require_reply", .atLeast(0), "a reply is needed; optional hex prefix it must match (x = any digit)") { b, s, r in
            b.specific.requireReply = true
            guard !s.arguments.isEmpty else { return }
            guard let p = CheckerHexPattern(words: s.arguments, allowWildcards: true) else {
                r.error("UDP_CHECK 'require_reply' is not a hex string: '\(s.arguments.joined(separator: " "))'", at: s)
                return
            }
            b.specific.replyPattern = p
        },
        Keyword("min_reply_length", .exactly(1), "shortest acceptable reply (default 0)") { b, s, r in
            if let n = r.integer(s, in: 0...65535) { b.specific.minimumReplyLength = n }
        },
        Keyword("max_reply_length", .exactly(1), "longest acceptable reply (default 255)") { b, s, r in
            if let n = r.integer(s, in: 0...65535) { b.specific.maximumReplyLength = n }
        },
    ])

    static let file = KeywordTable<CheckerBlock<FileCheck>>("FILE_CHECK", [
        Keyword("track_file", .exactly(1), "name of a track_file block") { b, s, _ in
            b.specific.trackFile = s.arguments[0]
        },
        Keyword("weight", .between(1, 2), "multiplier of the file's value [reverse|noreverse]") { b, s, r in
            guard let w = r.integer(s, in: -2_147_483_647...2_147_483_647) else { return }
            var reverse = false
            if s.arguments.count > 1 {
                switch s.arguments[1] {
                case "reverse": reverse = true
                case "noreverse": reverse = false
                default:
                    r.error("FILE_CHECK 'weight': unknown option '\(s.arguments[1])' (reverse or noreverse)", at: s)
                    return
                }
            }
            b.specific.weight = w
            b.specific.reverse = reverse
        },
    ])

    static let bfd = KeywordTable<CheckerBlock<BFDCheck>>("BFD_CHECK", [
        Keyword("name", .exactly(1), "the bfd_instance to follow") { b, s, r in
            guard s.arguments[0].utf8.count <= 31 else {
                r.error("BFD_CHECK 'name' \(s.arguments[0]) is longer than 31 characters", at: s)
                return
            }
            b.specific.name = s.arguments[0]
        },
    ])
}

/// Limits keepalived puts on checker timers.
enum CheckerTimerLimits {
    /// `connect_timeout` is held in microseconds in 32 bits: at most 4294.967295 s.
    static let connectTimeout = 4294.967295
    /// Other timers are 64-bit microseconds.
    static let general = 9_223_372_036_854.0
}

// candidate for KeywordTable.swift
extension ConfigReader {
    enum TimerMinimum { case zero, positive }

    /// A checker timer in seconds (fractions allowed), returned in microseconds; `.positive`
    /// rejects 0 as keepalived does for `delay_loop` and `connect_timeout`.
    mutating func checkerTimer(_ s: Statement, minimum: TimerMinimum, maximumSeconds: Double = CheckerTimerLimits.general) -> Int? {
        guard let t = timer(s, 0, in: 0...maximumSeconds) else { return nil }
        if minimum == .positive && t == 0 {
            error("'\(s.keyword)' must be more than 0 seconds; got '\(s.arguments[0])'", at: s)
            return nil
        }
        return t
    }
}
