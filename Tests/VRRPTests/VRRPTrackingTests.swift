import Testing
import KeepalivedConfig
@testable import VRRP

@Suite("VRRP trackers (pure)")
struct VRRPTrackingTests {
    static let config = """
    vrrp_script up_check {
        script /bin/true
        weight 10
    }
    vrrp_script down_check {
        script /bin/true
        weight -20
    }
    vrrp_script must_pass {
        script /bin/true
    }
    track_file tf {
        file /run/tf
        weight 2
    }
    vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 1
        priority 100
        virtual_ipaddress {
            192.0.2.1/24
        }
        track_interface {
            eth1 weight -30
            eth2
        }
        track_script {
            up_check
            down_check
            must_pass
        }
        track_file {
            tf
        }
    }
    """

    func outcome(_ v: TrackerVerdicts) -> TrackingOutcome {
        let c = ConfigurationLoader.parse(text: Self.config).configuration
        return VRRPTracking.evaluate(c.vrrp.instances[0], section: c.vrrp, verdicts: v)
    }

    @Test func allGoodAddsPositiveWeightsOnly() {
        var v = TrackerVerdicts()
        v.interfaceUp = ["eth1": true, "eth2": true]
        v.scriptSucceeded = ["up_check": true, "down_check": true, "must_pass": true]
        #expect(outcome(v) == TrackingOutcome(faults: [], priorityDelta: 10))
    }

    @Test func failuresSubtractNegativeWeightsAndFaultOnWeightZero() {
        var v = TrackerVerdicts()
        v.interfaceUp = ["eth1": false, "eth2": false]
        v.scriptSucceeded = ["up_check": false, "down_check": false, "must_pass": false]
        v.fileValue = ["tf": 3]
        let o = outcome(v)
        #expect(o.priorityDelta == -30 - 20 + 6)
        #expect(o.faults == ["tracked interface eth2 failed", "vrrp_script must_pass failed"])
    }

    @Test func riseAndFallNeedConsecutiveResults() {
        var s = ScriptVerdict(rise: 2, fall: 3, initiallySucceeded: true)
        var changes: [Bool] = []
        for result in [false, false, true, false, false, false] { changes.append(s.record(success: result)) }
        // The streak of failures is broken by a success; the third failure in a row flips it.
        #expect(changes == [false, false, false, false, false, true])
        #expect(!s.succeeded)
        changes = []
        for result in [true, true] { changes.append(s.record(success: result)) }
        #expect(changes == [false, true])
        #expect(s.succeeded)
    }
}
