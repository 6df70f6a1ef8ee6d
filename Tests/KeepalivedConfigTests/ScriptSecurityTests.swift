import Testing
@testable import KeepalivedConfig

/// keepalived's rule across sections: a script that would run as root needs
/// `enable_script_security` (its `-t` exits 6 otherwise).
@Suite("Script security across sections")
struct ScriptSecurityTests {
    static let instance = """
    vrrp_script chk {
        script "/usr/local/bin/check web"
    }
    vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 1
        virtual_ipaddress {
            192.0.2.1/24
        }
        track_script {
            chk
        }
    }
    """

    func securityErrors(_ text: String, users: Set<String> = [], executable: Set<String>? = nil) -> [Diagnostic] {
        let env = ValidationEnvironment(isExecutable: { executable?.contains($0) ?? true }, userExists: { users.contains($0) })
        return ConfigurationLoader.parse(text: text, environment: env).diagnostics.all.filter { $0.category == .scriptSecurity }
    }

    @Test func trackedScriptAsRootIsRefusedAtItsLine() {
        let e = securityErrors(Self.instance)
        #expect(e.count == 1)
        #expect(e.first?.severity == .error)
        #expect(e.first?.location?.line == 1)
        #expect(e.first?.message.contains("'script' of vrrp_script chk /usr/local/bin/check would run as root") == true)
    }

    @Test func enableScriptSecurityAllowsIt() {
        #expect(securityErrors("global_defs {\n enable_script_security\n}\n" + Self.instance).isEmpty)
    }

    @Test func anUnprivilegedScriptUserAllowsIt() {
        #expect(securityErrors("global_defs {\n script_user nobody\n}\n" + Self.instance).isEmpty)
        // script_user root is still root.
        #expect(securityErrors("global_defs {\n script_user root\n}\n" + Self.instance).count == 1)
    }

    @Test func keepalivedScriptIsTheDefaultUserWhenItExists() {
        #expect(securityErrors(Self.instance, users: ["keepalived_script"]).isEmpty)
    }

    @Test func anUntrackedScriptIsNeverRunSoNotChecked() {
        #expect(securityErrors("vrrp_script chk {\n script /bin/true\n}\n").isEmpty)
    }

    @Test func aScriptThatCannotBeFoundIsNotChecked() {
        #expect(securityErrors(Self.instance, executable: []).isEmpty)
    }

    @Test func notifyAndMiscCheckAndQuorumScriptsCount() {
        let text = """
        virtual_server 192.0.2.1 80 {
            lb_algo rr
            lb_kind NAT
            protocol TCP
            quorum_up /bin/true
            real_server 192.0.2.10 80 {
                MISC_CHECK {
                    misc_path "/bin/check x"
                }
            }
        }
        """
        let e = securityErrors(text)
        #expect(e.count == 1)
        #expect(e.first?.message.contains("(and 1 more script)") == true)
        #expect(e.first?.location?.line == 1)
    }
}

@Suite("interface_up_down_delays")
struct InterfaceDebounceTests {
    @Test func delaysAreReadWithUpDefaultingToDown() {
        let r = ConfigurationLoader.parse(text: "interface_up_down_delays {\n eth0 0.5 2\n eth1 1\n}\n")
        #expect(!r.diagnostics.failsConfigTest, "\(r.diagnostics.all)")
        #expect(r.configuration.vrrp.interfaceDelays.map(\.interface) == ["eth0", "eth1"])
        #expect(r.configuration.vrrp.interfaceDelays.map(\.downDelayMicroseconds) == [500_000, 1_000_000])
        #expect(r.configuration.vrrp.interfaceDelays.map(\.upDelayMicroseconds) == [2_000_000, 1_000_000])
    }

    @Test(arguments: [("eth0", 2, "needs a down delay"), ("eth0 256", 2, "out of range"), ("eth0 x", 2, "needs a time")])
    func badEntriesAreReportedAtTheirLine(entry: String, line: Int, fragment: String) {
        let r = ConfigurationLoader.parse(text: "interface_up_down_delays {\n \(entry)\n}\n")
        #expect(r.diagnostics.errors.contains { $0.location?.line == line && $0.message.contains(fragment) }, "\(r.diagnostics.all)")
    }
}
