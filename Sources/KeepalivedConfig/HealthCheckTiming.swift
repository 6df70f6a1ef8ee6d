/// The timing a checker runs with once the inheritance chain is applied: the checker's own
/// setting, else its real server's, else its virtual server's, else the kind's default.
public struct HealthCheckTiming: Hashable, Sendable {
    public var delayLoopMicroseconds: Int
    public var connectTimeoutMicroseconds: Int
    public var retry: Int
    public var delayBeforeRetryMicroseconds: Int
    public var warmupMicroseconds: Int
    public var alpha: Bool

    public init(delayLoopMicroseconds: Int, connectTimeoutMicroseconds: Int, retry: Int,
                delayBeforeRetryMicroseconds: Int, warmupMicroseconds: Int, alpha: Bool) {
        self.delayLoopMicroseconds = delayLoopMicroseconds
        self.connectTimeoutMicroseconds = connectTimeoutMicroseconds
        self.retry = retry
        self.delayBeforeRetryMicroseconds = delayBeforeRetryMicroseconds
        self.warmupMicroseconds = warmupMicroseconds
        self.alpha = alpha
    }
}

extension HealthCheck {
    /// Resolves this checker's timing within `realServer` of `virtualServer`, as keepalived
    /// does after parsing: warmup defaults to the delay loop, and DNS_CHECK's delay before a
    /// retry to the delay loop.
    public func timing(in realServer: RealServer, of virtualServer: VirtualServer) -> HealthCheckTiming {
        let delayLoop = options.delayLoopMicroseconds ?? realServer.delayLoopMicroseconds ?? virtualServer.delayLoopMicroseconds
        let connectTimeout = options.connection?.connectTimeoutMicroseconds ?? realServer.connectTimeoutMicroseconds
            ?? virtualServer.connectTimeoutMicroseconds
        let retry = options.retry ?? realServer.retry ?? virtualServer.retry ?? kind.defaultRetry
        let delayBeforeRetry = options.delayBeforeRetryMicroseconds ?? realServer.delayBeforeRetryMicroseconds
            ?? virtualServer.delayBeforeRetryMicroseconds ?? kind.defaultDelayBeforeRetryMicroseconds ?? delayLoop
        let warmup = options.warmupMicroseconds ?? realServer.warmupMicroseconds ?? virtualServer.warmupMicroseconds ?? delayLoop
        let alpha = options.alpha ?? realServer.alpha ?? virtualServer.alpha
        return HealthCheckTiming(delayLoopMicroseconds: delayLoop, connectTimeoutMicroseconds: connectTimeout, retry: retry,
                                 delayBeforeRetryMicroseconds: delayBeforeRetry, warmupMicroseconds: warmup, alpha: alpha)
    }

    /// Where the checker connects within `realServer`: `connect_ip`/`connect_port` or the
    /// real server's address and port. nil for kinds that make no connection.
    public func destination(in realServer: RealServer) -> (address: IPAddress, port: Int)? {
        guard let c = options.connection else { return nil }
        return (c.connectIP ?? realServer.address, c.connectPort ?? realServer.port)
    }
}
