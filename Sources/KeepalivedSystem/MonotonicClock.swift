#if canImport(Glibc)
import CShims
import Glibc
#endif

/// A point on the monotonic clock, in microseconds. Pure code takes these as inputs (an
/// injected clock) so that timers, backoff and state machines are tested to the microsecond
/// without sleeping.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }
    public static func + (a: Instant, d: Int64) -> Instant { Instant(microseconds: a.microseconds + d) }
    public static func - (a: Instant, b: Instant) -> Int64 { a.microseconds - b.microseconds }

    public var description: String { "t=\(Double(microseconds) / 1e6)s" }

    /// Now, on CLOCK_MONOTONIC.
    public static func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Instant(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }
}

/// Converts seconds to microseconds for readable call sites.
@inline(__always) public func seconds(_ s: Double) -> Int64 { Int64((s * 1_000_000).rounded()) }
