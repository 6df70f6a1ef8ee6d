/// One `real_server` block: a destination of the virtual server, its weight and forwarding,
/// the notifiers run when it changes state, and its health checkers.
///
/// Optional settings are overrides: nil means "the virtual server's value" (see
/// `HealthCheckTiming` for how checkers resolve them).
public struct RealServer: Hashable, Sendable {
    public var address: IPAddress
    /// The port as written, 0 when omitted; validation gives it the virtual server's port where
    /// keepalived does (NAT and non-fwmark services).
    public var port: Int
    public var location: SourceLocation

    /// `weight`; nil = the virtual server's `weight` (default 1).
    public var weight: Int? = nil
    /// `lvs_method`; nil = the virtual server's.
    public var forwarding: LVSForwardingMethod? = nil
    /// `uthreshold`: maximum connections (0 = no limit).
    public var upperThreshold = 0
    /// `lthreshold`: connections below which a server over its upper threshold is used again.
    public var lowerThreshold = 0
    /// `inhibit_on_failure`; nil = the virtual server's.
    public var inhibitOnFailure: Bool? = nil
    /// `notify_up` command line.
    public var notifyUpScript: String? = nil
    /// `notify_down` command line.
    public var notifyDownScript: String? = nil
    /// `alpha`; nil = the virtual server's.
    public var alpha: Bool? = nil
    /// `retry`; nil = the virtual server's, then the checker kind's default.
    public var retry: Int? = nil
    /// `delay_before_retry`; nil = the virtual server's, then the checker kind's default.
    public var delayBeforeRetryMicroseconds: Int? = nil
    /// `warmup`; nil = the virtual server's, then the checker's delay loop.
    public var warmupMicroseconds: Int? = nil
    /// `connect_timeout`; nil = the virtual server's.
    public var connectTimeoutMicroseconds: Int? = nil
    /// `delay_loop`; nil = the virtual server's.
    public var delayLoopMicroseconds: Int? = nil
    /// `smtp_alert`; nil = the global `smtp_alert_checker`, then `smtp_alert`, else on.
    public var smtpAlert: Bool? = nil
    /// `virtualhost`: default Host header for its HTTP_GET/SSL_GET checkers.
    public var virtualHost: String? = nil
    /// `snmp_name`.
    public var snmpName: String? = nil
    /// The checkers, in configuration order (several of one kind are allowed).
    public var checkers: [HealthCheck] = []

    public init(address: IPAddress, port: Int, location: SourceLocation) {
        self.address = address
        self.port = port
        self.location = location
    }

    /// The weight in force given its virtual server.
    public func effectiveWeight(in virtualServer: VirtualServer) -> Int { weight ?? virtualServer.weight }
    /// The forwarding method in force given its virtual server.
    public func effectiveForwarding(in virtualServer: VirtualServer) -> LVSForwardingMethod {
        forwarding ?? virtualServer.effectiveForwarding
    }
    /// Whether a failure sets weight 0 instead of removing the server.
    public func effectiveInhibitOnFailure(in virtualServer: VirtualServer) -> Bool {
        inhibitOnFailure ?? virtualServer.inhibitOnFailure
    }

    /// `ADDR:PORT` as keepalived prints it.
    public var endpointDescription: String { address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)" }
}
