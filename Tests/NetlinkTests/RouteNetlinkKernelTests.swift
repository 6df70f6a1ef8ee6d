import Testing
import NetworkAddress
@testable import Netlink

#if canImport(Glibc)
import Glibc
#endif

/// Address add/delete/list, link lookup and link/address notifications against a real kernel.
///
/// They change interfaces, so they run only inside the network namespace that
/// Tests/integration/rtnetlink.sh creates (RTNL_NETNS_TEST=1, a veth pair RTNL_TEST_IFACE /
/// RTNL_TEST_PEER, default rtnl0 / rtnl1); elsewhere each returns at once without asserting.
/// The script cross-checks with `ip addr show` the addresses the first tests leave in place
/// (192.0.2.10/24 label rtnl0:vip brd 192.0.2.255, 2001:db8::10/64 nodad).
@Suite(.serialized)
struct RouteNetlinkKernelTests {
    static var enabled: Bool { getenv("RTNL_NETNS_TEST") != nil }
    static func env(_ name: String, _ fallback: String) -> String {
        getenv(name).map { String(cString: $0) } ?? fallback
    }
    var interface: String { Self.env("RTNL_TEST_IFACE", "rtnl0") }
    var peer: String { Self.env("RTNL_TEST_PEER", "rtnl1") }

    static func ip(_ text: String) -> IPAddress { IPAddress(text)! }

    @Test func linkLookupByNameAndIndex() throws {
        guard Self.enabled else { return }
        let socket = try RouteNetlinkSocket()
        let link = try socket.link(named: interface)
        #expect(link.index > 0)
        #expect(link.name == interface)
        #expect(link.hardwareAddress.count == 6)
        #expect(link.hardwareAddressText.count == 17)
        #expect(link.isUp)
        #expect(try socket.link(index: link.index) == link)
        #expect(try socket.interfaceIndex(named: "lo") == 1)
        #expect(throws: NetlinkError.self) { try socket.link(named: "nosuchif0") }
    }

    @Test func addIPv4WithLabelAndBroadcast() throws {
        guard Self.enabled else { return }
        let manager = try InterfaceAddressManager()
        let index = try manager.socket.interfaceIndex(named: interface)
        let vip = InterfaceAddress(interfaceIndex: index, address: Self.ip("192.0.2.10"), prefixLength: 24,
                                   broadcast: InterfaceAddress.defaultBroadcast(for: Self.ip("192.0.2.10"), prefixLength: 24),
                                   label: "\(interface):vip")
        #expect(vip.broadcast == Self.ip("192.0.2.255"))
        try manager.delete(vip)
        #expect(try manager.add(vip) == true)
        let found = try manager.addresses(interfaceIndex: index).first { $0.address == vip.address }
        #expect(found?.prefixLength == 24)
        #expect(found?.broadcast == Self.ip("192.0.2.255"))
        #expect(found?.label == "\(interface):vip")
        #expect(found?.scope == .global)
        #expect(found?.interfaceIndex == index)
    }

    @Test func addIPv6WithNoDAD() throws {
        guard Self.enabled else { return }
        let manager = try InterfaceAddressManager()
        let index = try manager.socket.interfaceIndex(named: interface)
        let vip = InterfaceAddress(interfaceIndex: index, address: Self.ip("2001:db8::10"), prefixLength: 64)
        try manager.delete(vip)
        #expect(try manager.add(vip) == true)
        let found = try manager.addresses(interfaceIndex: index).first { $0.address == vip.address }
        #expect(found?.prefixLength == 64)
        #expect((found?.flags ?? 0) & InterfaceAddressFlags.noDAD != 0)
        #expect((found?.flags ?? ~0) & InterfaceAddressFlags.tentative == 0)
    }

    @Test func addTwiceIsIdempotent() throws {
        guard Self.enabled else { return }
        let manager = try InterfaceAddressManager()
        let index = try manager.socket.interfaceIndex(named: interface)
        for vip in [InterfaceAddress(interfaceIndex: index, address: Self.ip("192.0.2.20"), prefixLength: 24),
                    InterfaceAddress(interfaceIndex: index, address: Self.ip("2001:db8::20"), prefixLength: 64)] {
            try manager.delete(vip)
            #expect(try manager.add(vip) == true)
            #expect(try manager.add(vip) == false)
            #expect(try manager.addresses(interfaceIndex: index).filter { $0.address == vip.address }.count == 1)
            #expect(try manager.delete(vip) == true)
        }
    }

    @Test func deleteAndDeleteAbsent() throws {
        guard Self.enabled else { return }
        let manager = try InterfaceAddressManager()
        let index = try manager.socket.interfaceIndex(named: interface)
        for vip in [InterfaceAddress(interfaceIndex: index, address: Self.ip("198.51.100.5"), prefixLength: 32),
                    InterfaceAddress(interfaceIndex: index, address: Self.ip("2001:db8::5"), prefixLength: 128)] {
            try manager.add(vip)
            #expect(try manager.has(vip.address, prefixLength: vip.prefixLength, interfaceIndex: index))
            #expect(try manager.delete(vip) == true)
            #expect(try !manager.has(vip.address, interfaceIndex: index))
            #expect(try manager.delete(vip) == false)
        }
    }

    @Test func listReportsEveryAddressOfTheInterfaceOnly() throws {
        guard Self.enabled else { return }
        let manager = try InterfaceAddressManager()
        let index = try manager.socket.interfaceIndex(named: interface)
        let extra = InterfaceAddress(interfaceIndex: index, address: Self.ip("198.51.100.40"), prefixLength: 24)
        try manager.add(extra)
        defer { _ = try? manager.delete(extra) }
        let mine = try manager.addresses(interfaceIndex: index)
        #expect(mine.allSatisfy { $0.interfaceIndex == index })
        #expect(mine.contains { $0.address == extra.address && $0.prefixLength == 24 })
        #expect(mine.contains { $0.address.isLinkLocalV6 && $0.scope == .link })
        let loopback = try manager.addresses(interfaceIndex: 1)
        #expect(loopback.contains { $0.address == Self.ip("127.0.0.1") && $0.scope == .host })
        #expect(!loopback.contains { $0.address == extra.address })
        #expect(try manager.addresses().count >= mine.count + loopback.count)
    }

    @Test func errorsNameTheAddressAndTheInterface() throws {
        guard Self.enabled else { return }
        let manager = try InterfaceAddressManager()
        let vip = InterfaceAddress(interfaceIndex: 999_999, address: Self.ip("192.0.2.99"), prefixLength: 24)
        do {
            try manager.add(vip)
            Issue.record("adding to a missing interface succeeded")
        } catch {
            #expect(error.operation == .add)
            #expect(error.address == "192.0.2.99/24")
            #expect(error.interface == "#999999")
            #expect(error.description.hasPrefix("cannot add 192.0.2.99/24 to #999999: "))
        }
    }

    /// Events drained from a monitor but not yet looked at (one drain can return several).
    final class EventWaiter {
        let monitor: LinkMonitor
        var pending: [RouteEvent] = []
        init(_ monitor: LinkMonitor) { self.monitor = monitor }

        /// Consumes events until one matches (bounded: at most ~5 s of polling).
        func waitFor(_ match: (RouteEvent) -> Bool) throws -> Bool {
            for _ in 0..<50 {
                while !pending.isEmpty {
                    if match(pending.removeFirst()) { return true }
                }
                var p = pollfd(fd: monitor.fileDescriptor, events: Int16(POLLIN), revents: 0)
                if poll(&p, 1, 100) > 0 { pending += try monitor.drain() }
            }
            return false
        }
    }

    @Test func linkDownAndUpAreObserved() throws {
        guard Self.enabled else { return }
        let socket = try RouteNetlinkSocket()
        let monitor = EventWaiter(try LinkMonitor())
        _ = try monitor.monitor.drain()
        let peerIndex = try socket.interfaceIndex(named: peer)
        let ourIndex = try socket.interfaceIndex(named: interface)
        defer { _ = try? socket.setLink(index: peerIndex, up: true) }

        try socket.setLink(index: peerIndex, up: false)
        #expect(try monitor.waitFor {
            if case .linkChanged(let s) = $0 { return s.index == peerIndex && s.name == peer && !s.isUp }
            return false
        })
        // The veth loses its carrier when its peer goes down: up but not running.
        #expect(try monitor.waitFor {
            if case .linkChanged(let s) = $0 { return s.index == ourIndex && s.isUp && !s.isRunning }
            return false
        })
        #expect(try !socket.link(index: peerIndex).isUp)

        try socket.setLink(index: peerIndex, up: true)
        #expect(try monitor.waitFor {
            if case .linkChanged(let s) = $0 { return s.index == peerIndex && s.name == peer && s.isUp }
            return false
        })
        #expect(try monitor.waitFor {
            if case .linkChanged(let s) = $0 { return s.index == ourIndex && s.isRunning }
            return false
        })
        #expect(try socket.link(index: peerIndex).isUp)
    }

    @Test func addressAddAndRemoveAreObserved() throws {
        guard Self.enabled else { return }
        let manager = try InterfaceAddressManager()
        let monitor = EventWaiter(try LinkMonitor())
        _ = try monitor.monitor.drain()
        let index = try manager.socket.interfaceIndex(named: interface)
        for vip in [InterfaceAddress(interfaceIndex: index, address: Self.ip("192.0.2.30"), prefixLength: 24, label: "\(interface):ev"),
                    InterfaceAddress(interfaceIndex: index, address: Self.ip("2001:db8::30"), prefixLength: 64)] {
            try manager.add(vip)
            #expect(try monitor.waitFor {
                if case .addressAdded(let a) = $0 {
                    return a.address == vip.address && a.interfaceIndex == index && a.prefixLength == vip.prefixLength
                        && a.label == vip.label
                }
                return false
            })
            try manager.delete(vip)
            #expect(try monitor.waitFor {
                if case .addressRemoved(let a) = $0 { return a.address == vip.address && a.interfaceIndex == index }
                return false
            })
        }
    }
}

/// The notification parser on hand-built messages (runs everywhere).
@Suite struct RouteEventParsingTests {
    @Test func parsesNewLinkAndNewAddress() {
        // RTM_NEWLINK: nlmsghdr + ifinfomsg(index 7, flags UP|RUNNING) + IFLA_IFNAME "veth0"
        var link: [UInt8] = []
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
        let name: [UInt8] = Array("veth0".utf8) + [0]
        let attr = le16(UInt16(4 + name.count)) + le16(3) + name + [0, 0] // padded to 4
        let ifinfo: [UInt8] = [0, 0] + le16(1) + le32(7) + le32(0x41) + le32(0)
        link = le32(UInt32(16 + ifinfo.count + attr.count)) + le16(16) + le16(0) + le32(0) + le32(0) + ifinfo + attr
        // RTM_DELADDR: ifaddrmsg(AF_INET /24 scope 0 index 7) + IFA_LOCAL 192.0.2.1
        let ifaddr: [UInt8] = [2, 24, 0, 0] + le32(7)
        let local = le16(8) + le16(2) + [192, 0, 2, 1]
        let addr = le32(UInt32(16 + ifaddr.count + local.count)) + le16(21) + le16(0) + le32(0) + le32(0) + ifaddr + local
        let events = LinkMonitor.parse(link + addr)
        #expect(events.count == 2)
        #expect(events.first == .linkChanged(LinkState(index: 7, name: "veth0", flags: 0x41)))
        if case .linkChanged(let s) = events.first { #expect(s.isRunning) }
        #expect(events.last == .addressRemoved(InterfaceAddress(interfaceIndex: 7, address: IPAddress("192.0.2.1")!, prefixLength: 24)))
    }

    @Test func truncatedMessagesAreSkipped() {
        #expect(LinkMonitor.parse([1, 2, 3]).isEmpty)
        #expect(LinkMonitor.parse([200, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).isEmpty)
    }
}
