/// swift-keepalived's own `global_defs` keywords, which keepalived does not have (it would
/// report them as unknown): the metrics endpoint and the supervisor's child supervision.
public struct ExtensionSettings: Hashable, Sendable {
    /// `prometheus_listen ADDR:PORT` (`[ADDR]:PORT` for IPv6): serve metrics there; nil: off.
    public var prometheusListen: ListenAddress? = nil
    /// `heartbeat_timeout SECS`: a child that does not answer heartbeats for this long is
    /// restarted (default 10 s).
    public var heartbeatTimeoutMicroseconds = 10_000_000
    /// `child_restart_backoff_max SECS`: the longest wait before restarting a child that keeps
    /// dying (default 60 s).
    public var childRestartBackoffMaxMicroseconds = 60_000_000
    /// `child_restart_min_uptime SECS`: a child that ran at least this long before dying is
    /// restarted at once; one that died sooner waits (1, 2, 4 … s). keepalived uses 60 s.
    public var childRestartMinUptimeMicroseconds = 60_000_000

    public init() {}
}

/// An address and TCP port to listen on.
public struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: Int

    public init(address: IPAddress, port: Int) {
        self.address = address
        self.port = port
    }

    /// `192.0.2.1:9650` or `[2001:db8::1]:9650`; nil when it is neither.
    public init?(_ text: String) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
            guard let a = IPAddress(host), a.isIPv6 else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard let a = IPAddress(host), a.isIPv4 else { return nil }
        }
        guard let address = IPAddress(host), let port = parseInteger(String(portText)), (1...65535).contains(port) else { return nil }
        self.init(address: address, port: port)
    }

    public var description: String { address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)" }
}

extension GlobalDefinitions {
    static let extensionKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("prometheus_listen", .exactly(1), "swift-keepalived: serve Prometheus metrics on ADDR:PORT ([ADDR]:PORT for IPv6)") { g, s, r in
            guard let listen = ListenAddress(s.arguments[0]) else {
                r.error("'prometheus_listen': '\(s.arguments[0])' is not ADDRESS:PORT (IPv6 as [ADDRESS]:PORT, port 1 to 65535)", at: s)
                return
            }
            g.extensions.prometheusListen = listen
        },
        Keyword("heartbeat_timeout", .exactly(1), "swift-keepalived: seconds without heartbeat before a child is restarted (default 10)") { g, s, r in
            if let v = r.seconds(s, inMicroseconds: 200_000...3_600_000_000) { g.extensions.heartbeatTimeoutMicroseconds = v }
        },
        Keyword("child_restart_backoff_max", .exactly(1), "swift-keepalived: longest wait in seconds before restarting a failing child (default 60)") { g, s, r in
            if let v = r.seconds(s, inMicroseconds: 1_000_000...3_600_000_000) { g.extensions.childRestartBackoffMaxMicroseconds = v }
        },
        Keyword("child_restart_min_uptime", .exactly(1), "swift-keepalived: a child that ran this many seconds is restarted at once (default 60, as keepalived)") { g, s, r in
            if let v = r.seconds(s, inMicroseconds: 0...86_400_000_000) { g.extensions.childRestartMinUptimeMicroseconds = v }
        },
    ]
}
