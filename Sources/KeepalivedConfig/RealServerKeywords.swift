/// The keywords of a `real_server` block.
enum RealServerKeywords {
    /// Reads `real_server ADDR [PORT] { ... }`; nil (after an error) when the address or port
    /// is invalid, in which case keepalived skips the whole block.
    static func parse(_ s: Statement, reader: inout ConfigReader) -> RealServer? {
        guard let address = reader.address(s.arguments[0], at: s.location, what: "real_server") else { return nil }
        var port = 0
        if s.arguments.count > 1 {
            guard let p = reader.port(s.arguments[1], at: s.location, what: "real_server port") else { return nil }
            port = p
            if s.arguments.count > 2 { reader.extra(s, allowed: 2) }
        }
        var server = RealServer(address: address, port: port, location: s.location)
        table.apply(s.block ?? [], to: &server, reader: &reader)
        return server
    }

    static let table = KeywordTable<RealServer>("real_server", [
        Keyword("weight", .exactly(1), "IPVS weight (default: the virtual server's weight, 1)") { rs, s, r in
            if let w = r.integer(s, in: 0...VirtualServer.maximumWeight) { rs.weight = w }
        },
        Keyword("lvs_method", .atLeast(1), "NAT|DR|TUN [tunnel options] (default: the virtual server's)") { rs, s, r in
            if let m = LVSForwardingMethod.parse(s, reader: &r) { rs.forwarding = m }
        },
        Keyword("uthreshold", .exactly(1), "maximum connections (0 = none)") { rs, s, r in
            if let n = r.integer(s, in: 0...Int(UInt32.max)) { rs.upperThreshold = n }
        },
        Keyword("lthreshold", .exactly(1), "connections under which the server is used again") { rs, s, r in
            if let n = r.integer(s, in: 0...Int(UInt32.max)) { rs.lowerThreshold = n }
        },
        Keyword("inhibit_on_failure", .optionalBool, "on failure set weight 0 instead of removing") { rs, s, r in
            if let b = r.bool(s) { rs.inhibitOnFailure = b }
        },
        Keyword("notify_up", .atLeast(1), "command run when the server comes up") { rs, s, r in
            guard rs.notifyUpScript == nil else {
                r.warning("'notify_up' given twice; ignoring '\(r.command(s))'", at: s)
                return
            }
            rs.notifyUpScript = r.command(s)
        },
        Keyword("notify_down", .atLeast(1), "command run when the server goes down") { rs, s, r in
            guard rs.notifyDownScript == nil else {
                r.warning("'notify_down' given twice; ignoring '\(r.command(s))'", at: s)
                return
            }
            rs.notifyDownScript = r.command(s)
        },
        Keyword("alpha", .optionalBool, "start with the checks failed") { rs, s, r in
            if let b = r.bool(s) { rs.alpha = b }
        },
        Keyword("retry", .exactly(1), "checker default: retries before a failure counts") { rs, s, r in
            if let n = r.integer(s, in: 1...Int(UInt32.max)) { rs.retry = n }
        },
        Keyword("delay_before_retry", .exactly(1), "checker default: delay before a retry, seconds") { rs, s, r in
            if let t = r.checkerTimer(s, minimum: .zero) { rs.delayBeforeRetryMicroseconds = t }
        },
        Keyword("warmup", .exactly(1), "checker default: maximum random delay before the first check") { rs, s, r in
            if let t = r.checkerTimer(s, minimum: .zero) { rs.warmupMicroseconds = t }
        },
        Keyword("connect_timeout", .exactly(1), "checker default: connection timeout, seconds") { rs, s, r in
            if let t = r.checkerTimer(s, minimum: .positive, maximumSeconds: CheckerTimerLimits.connectTimeout) { rs.connectTimeoutMicroseconds = t }
        },
        Keyword("delay_loop", .exactly(1), "checker default: interval between checks, seconds") { rs, s, r in
            if let t = r.checkerTimer(s, minimum: .positive) { rs.delayLoopMicroseconds = t }
        },
        Keyword("smtp_alert", .optionalBool, "mail on state changes (default on)") { rs, s, r in
            if let b = r.bool(s) { rs.smtpAlert = b }
        },
        Keyword("virtualhost", .atLeast(1), "default Host header for HTTP_GET/SSL_GET") { rs, s, _ in
            rs.virtualHost = s.arguments.joined(separator: " ")
        },
        Keyword("snmp_name", .exactly(1), "name shown in SNMP") { rs, s, _ in
            rs.snmpName = s.arguments[0]
        },
    ] + HealthCheckKeywords.blockNames.map { name in
        Keyword(name, .block, "a health checker") { rs, s, r in
            if let c = HealthCheckKeywords.parse(s, reader: &r) { rs.checkers.append(c) }
        }
    })
}
