import KeepalivedConfig

/// What the tracked objects say right now: interface link states, `vrrp_script` verdicts
/// (after rise/fall) and `track_file` values.
public struct TrackerVerdicts: Hashable, Sendable {
    public var interfaceUp: [String: Bool] = [:]
    public var scriptSucceeded: [String: Bool] = [:]
    public var fileValue: [String: Int] = [:]

    public init() {}
}

/// What the trackers mean for one instance: the reasons it must be in FAULT, and how much they
/// move its priority (keepalived's rules; pure, so that it is tested without any I/O).
public struct TrackingOutcome: Hashable, Sendable {
    public var faults: [String] = []
    public var priorityDelta = 0
}

public enum VRRPTracking {
    /// - A weight of 0 means "fault while failed".
    /// - A positive weight is added while the object is good; a negative one while it is bad.
    /// - `reverse` swaps good and bad.
    /// - A `track_file` adds weight × value (weight 0: a non-zero value is a fault).
    public static func evaluate(_ instance: VRRPInstance, section: VRRPSection, verdicts: TrackerVerdicts) -> TrackingOutcome {
        var out = TrackingOutcome()
        func apply(_ name: String, good: Bool, weight: Int, reverse: Bool, what: String) {
            let ok = reverse ? !good : good
            if weight == 0 {
                if !ok { out.faults.append("\(what) \(name) failed") }
            } else if weight > 0 {
                if ok { out.priorityDelta += weight }
            } else if !ok {
                out.priorityDelta += weight
            }
        }
        for t in instance.trackInterfaces {
            guard let up = verdicts.interfaceUp[t.name] else { continue }
            apply(t.name, good: up, weight: t.weight, reverse: t.reverse, what: "tracked interface")
        }
        for ref in instance.trackScripts {
            guard let script = section.script(named: ref.name), let ok = verdicts.scriptSucceeded[ref.name] else { continue }
            apply(ref.name, good: ok, weight: ref.weight ?? script.weight, reverse: ref.reverse ?? script.reverse, what: "vrrp_script")
        }
        for ref in instance.trackFiles {
            guard let file = section.trackFile(named: ref.name) else { continue }
            let value = verdicts.fileValue[ref.name] ?? 0
            let weight = ref.weight ?? file.weight
            let reverse = ref.reverse ?? file.reverse
            if weight == 0 {
                if value != 0 { out.faults.append("track_file \(ref.name) is \(value)") }
            } else {
                out.priorityDelta += (reverse ? -1 : 1) * weight * value
            }
        }
        return out
    }
}

/// Counts consecutive results of a tracked script against its rise and fall thresholds.
public struct ScriptVerdict: Hashable, Sendable {
    public let rise: Int
    public let fall: Int
    public private(set) var succeeded: Bool
    private var streak = 0

    public init(rise: Int, fall: Int, initiallySucceeded: Bool) {
        self.rise = max(rise, 1)
        self.fall = max(fall, 1)
        self.succeeded = initiallySucceeded
    }

    /// Records one run; returns true when the verdict changed.
    public mutating func record(success: Bool) -> Bool {
        if success == succeeded { streak = 0; return false }
        streak += 1
        if streak >= (success ? rise : fall) {
            succeeded = success
            streak = 0
            return true
        }
        return false
    }
}
