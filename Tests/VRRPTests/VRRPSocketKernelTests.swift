import Testing
import Glibc
import NetworkAddress
@testable import VRRP

/// Kernel tests of the VRRP sockets. They run only inside the network namespace that
/// Tests/integration/vrrp-sockets.sh creates (VRRP_NETNS_TEST=1): a veth pair, side A
/// (02:00:00:00:00:01, 192.0.2.1/24, 2001:db8::1 and 2001:db8::100) sends, side B
/// (02:00:00:00:00:02, 192.0.2.3/32, accept_local) captures with an AF_PACKET socket and
/// receives with VRRPSockets. Without the variable every test returns at once.
enum KernelNet {
    static let enabled: Bool = getenv("VRRP_NETNS_TEST").map { String(cString: $0) == "1" } ?? false
    static let a: String = getenv("VRRP_NETNS_IF_A").map { String(cString: $0) } ?? "vrrpa"
    static let b: String = getenv("VRRP_NETNS_IF_B").map { String(cString: $0) } ?? "vrrpb"

    static let source = IPAddress("192.0.2.1")!
    static let peer = IPAddress("192.0.2.2")!
    static let group = IPAddress.v4(VRRPSocket.ipv4Group)
    static let vip = IPAddress("192.0.2.100")!

    static func advert(version: UInt8, priority: UInt8 = 150) -> VRRPAdvert {
        VRRPAdvert(version: version, virtualRouterID: 51, priority: priority, advertInterval: version == 2 ? 1 : 100, addresses: [vip],
                   authData: version == 2 ? [UInt8](repeating: 0, count: 8) : [])
    }

    /// Waits (bounded) until `fd` is readable.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, milliseconds) > 0
    }

    /// Frames arriving on `capture` that `matching` accepts, until `count` or ~2 s.
    static func capture(_ capture: PacketSocket, count: Int, matching: ([UInt8]) -> Bool) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        for _ in 0..<40 where frames.count < count {
            guard waitReadable(capture.fd, milliseconds: 50) else { continue }
            for _ in 0..<64 {
                guard let (frame, outgoing) = try capture.receive() else { break }
                if !outgoing && matching(frame) { frames.append(frame) }
            }
        }
        return frames
    }

    static func isIPv4VRRP(_ f: [UInt8]) -> Bool { f.count >= 34 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 112 }
    static func isARP(_ f: [UInt8]) -> Bool { f.count >= 42 && f[12] == 0x08 && f[13] == 0x06 }
    static func isIPv6(_ f: [UInt8], next: UInt8) -> Bool { f.count >= 54 && f[12] == 0x86 && f[13] == 0xDD && f[20] == next }

    /// Sends `count` adverts (the last one `last`) on a fresh socket; returns the captured frames.
    static func sendAndCapture(_ adverts: [VRRPAdvert], destination: IPAddress) throws -> [[UInt8]] {
        let capture = try PacketSocket(interface: b, protocol: PacketSocket.ethPAll)
        let socket = try VRRPSocket(family: .ipv4, interface: a, joinMulticast: false)
        for advert in adverts { try socket.send(advert, source: source, destination: destination) }
        return try Self.capture(capture, count: adverts.count, matching: isIPv4VRRP)
    }
}

@Suite("VRRPSocketKernel: raw sockets on a veth pair against keepalived's frames", .serialized)
struct VRRPSocketKernelTests {
    @Test func kernelV2MulticastAdvertMatchesKeepalived() throws {
        guard KernelNet.enabled else { return }
        let frames = try KernelNet.sendAndCapture([KernelNet.advert(version: 2)], destination: KernelNet.group)
        #expect(frames.count == 1)
        #expect(frames.first == Vectors.frame("vrrpv2-advert"))
    }

    @Test func kernelV3MulticastAdvertMatchesKeepalived() throws {
        guard KernelNet.enabled else { return }
        let frames = try KernelNet.sendAndCapture([KernelNet.advert(version: 3)], destination: KernelNet.group)
        #expect(frames.count == 1)
        #expect(frames.first == Vectors.frame("vrrpv3-advert"))
    }

    @Test func kernelV2UnicastAdvertMatchesKeepalived() throws {
        guard KernelNet.enabled else { return }
        let frames = try KernelNet.sendAndCapture([KernelNet.advert(version: 2)], destination: KernelNet.peer)
        #expect(frames.count == 1)
        #expect(frames.first == Vectors.frame("vrrpv2-unicast-advert"))
    }

    @Test func kernelV3UnicastAdvertMatchesKeepalived() throws {
        guard KernelNet.enabled else { return }
        let frames = try KernelNet.sendAndCapture([KernelNet.advert(version: 3)], destination: KernelNet.peer)
        #expect(frames.count == 1)
        #expect(frames.first == Vectors.frame("vrrpv3-unicast-advert"))
    }

    /// The IP identification counts up per socket: the 4th v3 unicast advert carries id 4.
    @Test func kernelIdentificationCountsUpV3UnicastPriorityZero() throws {
        guard KernelNet.enabled else { return }
        let adverts = Array(repeating: KernelNet.advert(version: 3), count: 3) + [KernelNet.advert(version: 3, priority: 0)]
        let frames = try KernelNet.sendAndCapture(adverts, destination: KernelNet.peer)
        #expect(frames.count == 4)
        #expect(frames.last == Vectors.frame("vrrpv3-unicast-prio0"))
        #expect(frames.map { UInt16($0[18]) << 8 | UInt16($0[19]) } == [1, 2, 3, 4])
    }

    /// keepalived's v2 priority-0 capture carries id 18: the 18th advert of one socket.
    @Test func kernelIdentificationCountsUpV2MulticastPriorityZero() throws {
        guard KernelNet.enabled else { return }
        let adverts = Array(repeating: KernelNet.advert(version: 2), count: 17) + [KernelNet.advert(version: 2, priority: 0)]
        let frames = try KernelNet.sendAndCapture(adverts, destination: KernelNet.group)
        #expect(frames.count == 18)
        #expect(frames.last == Vectors.frame("vrrpv2-prio0"))
    }

    @Test func kernelGratuitousARPMatchesKeepalived() throws {
        guard KernelNet.enabled else { return }
        let capture = try PacketSocket(interface: KernelNet.b, protocol: PacketSocket.ethPAll)
        let announcer = try GratuitousAnnouncer(interface: KernelNet.a)
        #expect(announcer.hardwareAddress == [0x02, 0, 0, 0, 0, 0x01])
        try announcer.announce(KernelNet.vip)
        let frames = try KernelNet.capture(capture, count: 1, matching: KernelNet.isARP)
        #expect(frames.count == 1)
        #expect(frames.first == Vectors.frame("garp"))
    }

    @Test func kernelIPv4AdvertIsReceivedWithTTL255() throws {
        guard KernelNet.enabled else { return }
        let receiver = try VRRPSocket(family: .ipv4, interface: KernelNet.b)
        let sender = try VRRPSocket(family: .ipv4, interface: KernelNet.a, joinMulticast: false)
        for version: UInt8 in [2, 3] {
            let advert = KernelNet.advert(version: version)
            try sender.send(advert, source: KernelNet.source, destination: KernelNet.group)
            var got: ReceivedVRRPPacket? = nil
            for _ in 0..<40 where got == nil {
                if KernelNet.waitReadable(receiver.fd, milliseconds: 50) { got = try receiver.receive() }
            }
            let packet = try #require(got)
            #expect(packet.source == KernelNet.source)
            #expect(packet.destination == KernelNet.group)
            #expect(packet.ttl == 255)
            #expect(packet.interfaceIndex == receiver.interfaceIndex)
            #expect(VRRPAdvert.decode(packet.payload, source: packet.source, destination: packet.destination) == .success(advert))
        }
        // Nothing else queued, and the sender does not hear itself (multicast loop off).
        #expect(try receiver.receive() == nil)
        #expect(try sender.receive() == nil)
    }

    @Test func kernelIPv6AdvertIsSentAndReceivedWithHopLimit255() throws {
        guard KernelNet.enabled else { return }
        let source = IPAddress("2001:db8::1")!
        let group = IPAddress.v6(VRRPSocket.ipv6Group)
        let capture = try PacketSocket(interface: KernelNet.b, protocol: PacketSocket.ethPAll)
        let receiver = try VRRPSocket(family: .ipv6, interface: KernelNet.b)
        let sender = try VRRPSocket(family: .ipv6, interface: KernelNet.a, joinMulticast: false)
        let advert = VRRPAdvert(version: 3, virtualRouterID: 51, priority: 150, advertInterval: 100, addresses: [IPAddress("2001:db8::100")!])
        try sender.send(advert, source: source, destination: group)
        var got: ReceivedVRRPPacket? = nil
        for _ in 0..<40 where got == nil {
            if KernelNet.waitReadable(receiver.fd, milliseconds: 50) { got = try receiver.receive() }
        }
        let packet = try #require(got)
        #expect(packet.source == source)
        #expect(packet.destination == group)
        #expect(packet.ttl == 255)
        #expect(packet.interfaceIndex == receiver.interfaceIndex)
        #expect(VRRPAdvert.decode(packet.payload, source: source, destination: group) == .success(advert))
        // On the wire: 33:33:00:00:00:12 from A's MAC, next header 112, hop limit 255.
        let frames = try KernelNet.capture(capture, count: 1, matching: { KernelNet.isIPv6($0, next: 112) })
        let frame = try #require(frames.first)
        #expect(Array(frame[0..<12]) == [0x33, 0x33, 0, 0, 0, 0x12, 0x02, 0, 0, 0, 0, 0x01])
        #expect(frame[21] == 255)
        #expect(Array(frame[22..<38]) == source.bytes)
        #expect(Array(frame[38..<54]) == group.bytes)
        #expect(Array(frame[54...]) == advert.encode(source: source, destination: group))
        #expect(try sender.receive() == nil)
    }

    @Test func kernelUnsolicitedNeighborAdvertMatchesTheBuilder() throws {
        guard KernelNet.enabled else { return }
        let vip = IPv6Address("2001:db8::100")!
        let capture = try PacketSocket(interface: KernelNet.b, protocol: PacketSocket.ethPAll)
        let announcer = try GratuitousAnnouncer(interface: KernelNet.a)
        try announcer.announce(.v6(vip))
        let frames = try KernelNet.capture(capture, count: 1, matching: { KernelNet.isIPv6($0, next: 58) && $0.count > 54 && $0[54] == 136 })
        var frame = try #require(frames.first)
        // The flow label is the kernel's to choose; everything else is ours, checksum included.
        #expect(frame[14] >> 4 == 6)
        frame.replaceSubrange(14..<18, with: [0x60, 0, 0, 0])
        #expect(frame == UnsolicitedNeighborAdvert.frame(source: vip, target: vip, mac: [0x02, 0, 0, 0, 0, 0x01]))
    }
}
