import Testing
import KeepalivedSystem
import Netlink

/// Proves the C bindings link and work against this kernel: libnl-genl-3 talks to the
/// generic-netlink controller, libcap reads this process's capabilities.
@Suite("C library bindings")
struct SystemBindingTests {
    @Test func libnlResolvesTheGenericNetlinkController() throws {
        let socket = try GenericNetlinkSocket()
        // The controller family always has id 0x10 (GENL_ID_CTRL).
        #expect(try socket.resolveFamily("nlctrl") == 0x10)
    }

    @Test func libnlReportsAnUnknownFamilyAsATypedError() throws {
        let socket = try GenericNetlinkSocket()
        #expect(throws: NetlinkError.self) { try socket.resolveFamily("no-such-family-xyz") }
    }

    @Test func libcapReadsTheEffectiveSet() {
        // The suite runs as root (CI and the README say so): root has NET_ADMIN.
        #expect(Capabilities.isEffective(.netAdmin))
        #expect(Capabilities.currentText().contains("cap_net_admin") || Capabilities.currentText().hasPrefix("="))
    }

    @Test func interfaceLookupSeesLoopback() {
        #expect(HostInformation.interfaceExists("lo"))
        #expect(!HostInformation.interfaceExists("no-such-if0"))
        #expect(!HostInformation.interfaceExists(""))
    }
}
