/// The VRRP state machine's notion of time: a monotonic instant in microseconds.
///
/// The state machine never reads a clock. Its caller passes the current instant with every
/// event and arms the deadlines the machine hands back (`setMasterDownTimer`,
/// `setAdvertTimer`); when one is reached the caller feeds the matching expiry event.
/// Microseconds match keepalived's own timer resolution, so every interval below is exact.
public enum VRRPClock {
    /// A point on the caller's monotonic clock, in microseconds from an arbitrary origin.
    public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
        /// Microseconds since the clock's origin.
        public var microseconds: Int64

        public init(microseconds: Int64) { self.microseconds = microseconds }
        public init(integerLiteral value: Int64) { self.microseconds = value }

        /// The clock's origin.
        public static let zero = Instant(microseconds: 0)

        /// `seconds` whole seconds after the origin (test and log convenience).
        public static func seconds(_ seconds: Int64) -> Instant { Instant(microseconds: seconds * 1_000_000) }

        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.microseconds < rhs.microseconds }
        public static func + (lhs: Instant, microseconds: Int64) -> Instant { Instant(microseconds: lhs.microseconds + microseconds) }
        public static func - (lhs: Instant, microseconds: Int64) -> Instant { Instant(microseconds: lhs.microseconds - microseconds) }
        /// The microseconds from `rhs` to `lhs`.
        public static func - (lhs: Instant, rhs: Instant) -> Int64 { lhs.microseconds - rhs.microseconds }

        /// `12.345678s` style.
        public var description: String {
            let sign = microseconds < 0 ? "-" : ""
            let magnitude = microseconds.magnitude
            let fraction = String(magnitude % 1_000_000)
            return "\(sign)\(magnitude / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)s"
        }
    }
}

/// The protocol's timer arithmetic (RFC 3768 §6.1, RFC 5798 §6.1), computed the way
/// keepalived computes it so that deadlines agree to the microsecond.
public enum VRRPTiming {
    /// Microseconds in one second.
    public static let microsecondsPerSecond: Int64 = 1_000_000
    /// Microseconds in one centisecond, the unit of the v3 advert interval field.
    public static let microsecondsPerCentisecond: Int64 = 10_000

    /// Skew_Time. Version 3: `((256 − priority) × Master_Adver_Interval) / 256` with the interval
    /// taken in whole centiseconds; version 2: `(256 − priority) / 256` second. Truncated to the
    /// microsecond. Priority 255 → 1/256 of an interval; priority 1 → 255/256.
    public static func skewTime(version: UInt8, priority: Int, masterAdvertIntervalMicroseconds: Int64) -> Int64 {
        skew(version: version, weight: Int64(256 - priority), masterAdvertIntervalMicroseconds: masterAdvertIntervalMicroseconds)
    }

    /// The smallest skew (as if priority were 255): keepalived adds it to one advert interval
    /// for a sync-group member that asked for `state MASTER` but starts as a backup.
    public static func minimumSkewTime(version: UInt8, masterAdvertIntervalMicroseconds: Int64) -> Int64 {
        skew(version: version, weight: 1, masterAdvertIntervalMicroseconds: masterAdvertIntervalMicroseconds)
    }

    /// Master_Down_Interval: `downTimerAdverts × Master_Adver_Interval + Skew_Time`
    /// (RFC: 3 adverts; keepalived's `down_timer_adverts` makes the 3 configurable).
    public static func masterDownInterval(version: UInt8, priority: Int, masterAdvertIntervalMicroseconds: Int64,
                                          downTimerAdverts: Int) -> Int64 {
        Int64(downTimerAdverts) * masterAdvertIntervalMicroseconds
            + skewTime(version: version, priority: priority, masterAdvertIntervalMicroseconds: masterAdvertIntervalMicroseconds)
    }

    /// The interval an advert carries, in microseconds: v2 whole seconds, v3 centiseconds.
    public static func advertIntervalMicroseconds(of advert: VRRPAdvert) -> Int64 {
        advert.version == 3 ? Int64(advert.advertInterval & 0x0FFF) * microsecondsPerCentisecond
                            : Int64(advert.advertInterval) * microsecondsPerSecond
    }

    private static func skew(version: UInt8, weight: Int64, masterAdvertIntervalMicroseconds: Int64) -> Int64 {
        if version == 3 {
            // weight × centiseconds × 10000 / 256, i.e. × 625 / 16, exactly as keepalived.
            return weight * (masterAdvertIntervalMicroseconds / microsecondsPerCentisecond) * 625 / 16
        }
        return weight * microsecondsPerSecond / 256
    }
}
