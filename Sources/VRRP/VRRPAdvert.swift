import NetworkAddress

/// A VRRP advertisement (RFC 3768 version 2, RFC 5798 version 3) as a plain value, with its
/// codec. The codec is pure: the IP addresses that the v3 checksum covers are passed in.
public struct VRRPAdvert: Hashable, Sendable {
    public var version: UInt8
    public var virtualRouterID: UInt8
    public var priority: UInt8
    /// v2: seconds (1–255). v3: centiseconds (1–4095).
    public var advertInterval: UInt16
    public var addresses: [IPAddress]
    /// v2 only: 0 none, 1 simple password, 2 IPsec AH (keepalived's legacy).
    public var authType: UInt8
    /// v2 only: 8 bytes of password (zero padded).
    public var authData: [UInt8]

    public init(version: UInt8, virtualRouterID: UInt8, priority: UInt8, advertInterval: UInt16,
                addresses: [IPAddress], authType: UInt8 = 0, authData: [UInt8] = []) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.advertInterval = advertInterval
        self.addresses = addresses
        self.authType = authType
        self.authData = authData
    }

    /// The advert's addresses family (all addresses of one advert share it).
    public var family: AddressFamily { addresses.first?.family ?? .ipv4 }

    /// The VRRP message bytes. For version 3 the checksum covers the pseudo-header of
    /// `source`/`destination` unless `v3ChecksumAsV2` (keepalived's compatibility option).
    public func encode(source: IPAddress, destination: IPAddress, v3ChecksumAsV2: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 + addresses.count * 16 + 8)
        out.append(version << 4 | 1)
        out.append(virtualRouterID)
        out.append(priority)
        out.append(UInt8(truncatingIfNeeded: addresses.count))
        if version == 2 {
            out.append(authType)
            out.append(UInt8(truncatingIfNeeded: advertInterval))
        } else {
            out.append(UInt8((advertInterval >> 8) & 0x0F))
            out.append(UInt8(truncatingIfNeeded: advertInterval))
        }
        out.append(0); out.append(0) // checksum
        for a in addresses { out.append(contentsOf: a.bytes) }
        if version == 2 {
            var auth = Array(authData.prefix(8))
            auth += [UInt8](repeating: 0, count: 8 - auth.count)
            out.append(contentsOf: auth)
        }
        let sum = VRRPAdvert.checksum(out, version: version, source: source, destination: destination, v3ChecksumAsV2: v3ChecksumAsV2)
        out[6] = UInt8(sum >> 8)
        out[7] = UInt8(truncatingIfNeeded: sum)
        return out
    }

    /// The checksum over `message` (with its checksum field zero, or as received: a correct
    /// message then sums to 0).
    public static func checksum(_ message: [UInt8], version: UInt8, source: IPAddress, destination: IPAddress, v3ChecksumAsV2: Bool) -> UInt16 {
        var c = InternetChecksum()
        if version == 3 && !v3ChecksumAsV2 {
            c.add(source.bytes)
            c.add(destination.bytes)
            if source.isIPv4 {
                c.add([0, 112])
                c.add16(UInt16(message.count))
            } else {
                c.add([0, 0, UInt8(truncatingIfNeeded: message.count >> 8), UInt8(truncatingIfNeeded: message.count)])
                c.add([0, 0, 0, 112])
            }
        }
        c.add(message)
        return c.value
    }
}

/// Why a received advert was dropped; each reason has its own counter in the stats dump.
public enum VRRPDropReason: String, Error, Hashable, Sendable, CaseIterable {
    case tooShort = "packet too short"
    case badTTL = "TTL / hop limit not 255"
    case badVersion = "unsupported version"
    case badType = "not an advertisement"
    case badChecksum = "bad checksum"
    case badLength = "length does not match the address count"
    case unknownVRID = "no instance for this VRID"
    case badAuthType = "authentication type mismatch"
    case badPassword = "authentication failure"
    case intervalMismatch = "advertisement interval mismatch"
    case addressMismatch = "address list mismatch"
    case ownPacket = "our own advert"
    case wrongFamily = "address family mismatch"
}

extension VRRPAdvert {
    /// Decodes a VRRP message (the IP payload). Checks version, type, length against the
    /// address count and the checksum; what depends on the receiving instance (VRID, auth,
    /// interval, addresses) is checked by the caller.
    public static func decode(_ message: [UInt8], source: IPAddress, destination: IPAddress,
                              v3ChecksumAsV2: Bool = false) -> Result<VRRPAdvert, VRRPDropReason> {
        guard message.count >= 8 else { return .failure(.tooShort) }
        let version = message[0] >> 4
        guard version == 2 || version == 3 else { return .failure(.badVersion) }
        guard message[0] & 0x0F == 1 else { return .failure(.badType) }
        let count = Int(message[3])
        let addressLength = source.isIPv4 ? 4 : 16
        let expected = 8 + count * addressLength + (version == 2 ? 8 : 0)
        // keepalived accepts v2 adverts without the 8 auth bytes when auth is none? No: strict.
        guard message.count >= expected else { return .failure(.badLength) }
        guard message.count == expected || (version == 3 && message.count >= expected) else { return .failure(.badLength) }
        if version == 2 && source.isIPv6 { return .failure(.wrongFamily) }
        let body = Array(message[0..<expected])
        let sum = checksum(body, version: version, source: source, destination: destination, v3ChecksumAsV2: v3ChecksumAsV2)
        guard sum == 0 else { return .failure(.badChecksum) }
        var addresses: [IPAddress] = []
        addresses.reserveCapacity(count)
        for i in 0..<count {
            let start = 8 + i * addressLength
            addresses.append(IPAddress(bytes: message[start..<start + addressLength])!)
        }
        let interval: UInt16 = version == 2 ? UInt16(message[5]) : (UInt16(message[4] & 0x0F) << 8 | UInt16(message[5]))
        let authType: UInt8 = version == 2 ? message[4] : 0
        let authData: [UInt8] = version == 2 ? Array(message[(expected - 8)..<expected]) : []
        return .success(VRRPAdvert(version: version, virtualRouterID: message[1], priority: message[2], advertInterval: interval,
                                   addresses: addresses, authType: authType, authData: authData))
    }
}
