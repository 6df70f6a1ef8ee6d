import Testing
@testable import Netlink

@Suite("Netlink errors")
struct NetlinkErrorTests {
    /// libnl's own wording reaches the log, with the operation that failed.
    @Test func errorsNameTheOperationAndLibnlsReason() {
        let e = NetlinkError("add address 192.0.2.1/24 on eth0", code: -6) // NLE_EXIST
        #expect(e.description.hasPrefix("add address 192.0.2.1/24 on eth0: "))
        #expect(e.description.lowercased().contains("exist"))
    }
}
