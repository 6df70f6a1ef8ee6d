import KeepalivedSystem

/// What to do when a child ends.
public enum RestartDecision: Hashable, Sendable {
    /// Start it again after this many microseconds (0: at once).
    case restart(afterMicroseconds: Int64)
    /// Do not restart it; keep the rest running (`-R`, or a child that was asked to stop).
    case leaveStopped
    /// Stop the whole daemon with this exit code (a child that failed permanently).
    case stopEverything(exitCode: Int32)
}

/// keepalived's respawn rule, as a pure value with an injected clock: a child that ran longer
/// than `stableUptime` is restarted at once; one that ended sooner is restarted after a delay
/// that starts at 1 s and doubles up to `maximumDelay`. A child that exits with a permanent
/// code (configuration error 4, fatal error 3) stops everything: restarting it cannot help.
public struct RestartPolicy: Hashable, Sendable {
    public var respawn: Bool
    public var stableUptime: Int64
    public var maximumDelay: Int64
    /// The delay the next quick death will get.
    public private(set) var nextDelay: Int64 = 1_000_000

    public static let permanentExitCodes: Set<Int32> = [3, 4]

    public init(respawn: Bool = true, stableUptime: Int64 = 60_000_000, maximumDelay: Int64 = 60_000_000) {
        self.respawn = respawn
        self.stableUptime = stableUptime
        self.maximumDelay = maximumDelay
    }

    public mutating func decide(_ termination: ProcessTermination, startedAt: Instant, endedAt: Instant) -> RestartDecision {
        if case .exited(let code) = termination, RestartPolicy.permanentExitCodes.contains(code) {
            return .stopEverything(exitCode: code)
        }
        guard respawn else { return .leaveStopped }
        if endedAt - startedAt > stableUptime {
            nextDelay = 1_000_000
            return .restart(afterMicroseconds: 0)
        }
        let delay = min(nextDelay, maximumDelay)
        nextDelay = min(nextDelay * 2, maximumDelay)
        return .restart(afterMicroseconds: delay)
    }
}

/// Tracks heartbeats to one child: when to send the next, and whether the child has stopped
/// answering (a child stopped with SIGSTOP, or stuck in a loop, is then killed and restarted).
public struct HeartbeatMonitor: Hashable, Sendable {
    public var interval: Int64
    public var timeout: Int64
    public private(set) var lastAnswer: Instant
    public private(set) var nextSequence: UInt64 = 1
    public private(set) var lastSent: Instant? = nil

    public init(interval: Int64, timeout: Int64, startedAt: Instant) {
        self.interval = interval
        self.timeout = timeout
        self.lastAnswer = startedAt
    }

    /// The sequence number to send now.
    public mutating func send(at now: Instant) -> UInt64 {
        lastSent = now
        defer { nextSequence += 1 }
        return nextSequence
    }

    /// Records an answer; stale or unknown sequence numbers still prove the child is alive.
    public mutating func answered(_ sequence: UInt64, at now: Instant) {
        if sequence < nextSequence { lastAnswer = now }
    }

    /// True when nothing has been heard for longer than `timeout`.
    public func isOverdue(at now: Instant) -> Bool { now - lastAnswer > timeout }
}
