import Testing
import NetworkAddress
@testable import VRRP

/// Golden frames captured from keepalived 2.2.7 on the wire (../shared/vectors).
enum Vectors {
    static func frame(_ name: String) -> [UInt8] {
        let candidates = ["../shared/vectors/\(name).frame.hex", "../../shared/vectors/\(name).frame.hex"]
        for path in candidates {
            if let text = try? readText(path) { return hexBytes(text) }
        }
        Issue.record("vector \(name) not found (expected ../shared/vectors beside the repository)")
        return []
    }

    static func hexBytes(_ text: String) -> [UInt8] {
        let digits = Array(text.filter { $0.isHexDigit })
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    static func readText(_ path: String) throws -> String {
        guard let f = fopen(path, "r") else { throw CocoaLikeError() }
        defer { fclose(f) }
        var out = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), f) != nil {
            out += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return out
    }
    struct CocoaLikeError: Error {}
}

#if canImport(Glibc)
import Glibc
#endif

private let source = IPAddress("192.0.2.1")!
private let multicast = IPAddress("224.0.0.18")!
private let peer = IPAddress("192.0.2.2")!
private let vip = IPAddress("192.0.2.100")!

@Suite("VRRP codec against keepalived's frames")
struct VRRPAdvertTests {
    /// Ethernet 14 bytes + IPv4 20 bytes, then VRRP.
    func vrrpBytes(_ frame: [UInt8]) -> [UInt8] { Array(frame[34...]) }
    func ipHeader(_ frame: [UInt8]) -> [UInt8] { Array(frame[14..<34]) }

    @Test(arguments: [
        ("vrrpv2-advert", UInt8(2), UInt8(150), "224.0.0.18", UInt16(1)),
        ("vrrpv2-prio0", 2, 0, "224.0.0.18", 18),
        ("vrrpv2-unicast-advert", 2, 150, "192.0.2.2", 1),
        ("vrrpv3-advert", 3, 150, "224.0.0.18", 1),
        ("vrrpv3-unicast-advert", 3, 150, "192.0.2.2", 1),
        ("vrrpv3-unicast-prio0", 3, 0, "192.0.2.2", 4),
    ])
    func encoderProducesKeepalivedsBytes(name: String, version: UInt8, priority: UInt8, destination: String, ipID: UInt16) {
        let frame = Vectors.frame(name)
        guard !frame.isEmpty else { return }
        let dst = IPAddress(destination)!
        let advert = VRRPAdvert(version: version, virtualRouterID: 51, priority: priority,
                                advertInterval: version == 2 ? 1 : 100, addresses: [vip])
        let bytes = advert.encode(source: source, destination: dst)
        #expect(bytes == vrrpBytes(frame))
        let header = IPv4Header(source: IPv4Address("192.0.2.1")!, destination: IPv4Address(destination)!,
                                identification: ipID, payloadLength: bytes.count)
        #expect(header.encode() == ipHeader(frame))
    }

    @Test(arguments: ["vrrpv2-advert", "vrrpv2-prio0", "vrrpv2-unicast-advert", "vrrpv3-advert", "vrrpv3-unicast-advert", "vrrpv3-unicast-prio0"])
    func decoderReadsKeepalivedsAdverts(name: String) throws {
        let frame = Vectors.frame(name)
        guard !frame.isEmpty else { return }
        let dst = IPAddress(bytes: frame[30..<34])!
        let advert = try VRRPAdvert.decode(vrrpBytes(frame), source: source, destination: dst).get()
        #expect(advert.virtualRouterID == 51)
        #expect(advert.addresses == [vip])
        #expect(advert.version == (name.hasPrefix("vrrpv2") ? 2 : 3))
        #expect(advert.priority == (name.hasSuffix("prio0") ? 0 : 150))
        #expect(advert.advertInterval == (advert.version == 2 ? 1 : 100))
    }

    @Test func v3ChecksumDependsOnTheDestination() {
        let frame = Vectors.frame("vrrpv3-unicast-advert")
        guard !frame.isEmpty else { return }
        // The same bytes checked against the multicast group fail: the pseudo-header differs.
        #expect(VRRPAdvert.decode(vrrpBytes(frame), source: source, destination: multicast) == .failure(.badChecksum))
    }

    @Test func v3ChecksumAsV2IsTheBareSum() {
        let advert = VRRPAdvert(version: 3, virtualRouterID: 51, priority: 150, advertInterval: 100, addresses: [vip])
        let bytes = advert.encode(source: source, destination: multicast, v3ChecksumAsV2: true)
        #expect(bytes[6] == 0x76 && bytes[7] == 0x02) // "vrrp-only 0x7602" in decoded.txt
        #expect((try? VRRPAdvert.decode(bytes, source: source, destination: multicast, v3ChecksumAsV2: true).get()) == advert)
    }

    @Test func garpIsByteExact() {
        let frame = Vectors.frame("garp")
        guard !frame.isEmpty else { return }
        #expect(GratuitousARP.frame(source: [2, 0, 0, 0, 0, 1], address: IPv4Address("192.0.2.100")!) == frame)
    }

    @Test func passwordAuthenticationRoundTrips() throws {
        let advert = VRRPAdvert(version: 2, virtualRouterID: 7, priority: 100, advertInterval: 3,
                                addresses: [vip, IPAddress("192.0.2.101")!], authType: 1, authData: Array("s3cret".utf8) + [0, 0])
        let decoded = try VRRPAdvert.decode(advert.encode(source: source, destination: multicast), source: source, destination: multicast).get()
        #expect(decoded == advert)
    }

    @Test func ipv6AdvertRoundTripsWithItsPseudoHeader() throws {
        let src = IPAddress("fe80::1")!, dst = IPAddress("ff02::12")!
        let advert = VRRPAdvert(version: 3, virtualRouterID: 9, priority: 200, advertInterval: 5, addresses: [IPAddress("2001:db8::100")!])
        let bytes = advert.encode(source: src, destination: dst)
        #expect(bytes.count == 8 + 16)
        #expect(try VRRPAdvert.decode(bytes, source: src, destination: dst).get() == advert)
        #expect(VRRPAdvert.decode(bytes, source: IPAddress("fe80::2")!, destination: dst) == .failure(.badChecksum))
    }

    @Test(arguments: [
        ([UInt8](), VRRPDropReason.tooShort),
        ([0x21, 1, 100, 1, 0, 1, 0], .tooShort),
        ([0x41, 1, 100, 0, 0, 1, 0, 0], .badVersion),
        ([0x22, 1, 100, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .badType),
        ([0x21, 1, 100, 2, 0, 1, 0, 0, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0], .badLength),
        ([0x21, 1, 100, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .badChecksum),
    ])
    func malformedAdvertsAreDroppedWithAReason(bytes: [UInt8], reason: VRRPDropReason) {
        #expect(VRRPAdvert.decode(bytes, source: source, destination: multicast) == .failure(reason))
    }

    @Test func mutatedAdvertsNeverCrashTheDecoder() {
        let base = VRRPAdvert(version: 2, virtualRouterID: 51, priority: 150, advertInterval: 1, addresses: [vip]).encode(source: source, destination: multicast)
        var state: UInt64 = 99
        var accepted = 0
        for _ in 0..<50_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var bytes = base
            let n = Int(state >> 60)
            for k in 0..<n {
                let r = state >> UInt64(k * 5 % 50)
                let at = Int(r % UInt64(max(bytes.count, 1)))
                switch r % 3 {
                case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(truncatingIfNeeded: r >> 8)
                case 1 where !bytes.isEmpty: bytes.remove(at: at)
                default: bytes.insert(UInt8(truncatingIfNeeded: r), at: min(at, bytes.count))
                }
            }
            if case .success = VRRPAdvert.decode(bytes, source: source, destination: multicast) { accepted += 1 }
        }
        #expect(accepted < 50_000)
    }
}
