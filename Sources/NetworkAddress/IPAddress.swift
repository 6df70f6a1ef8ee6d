/// An IPv4 or IPv6 address as a plain value.
///
/// Every layer of the daemon speaks about addresses (the config, the VRRP codec, rtnetlink,
/// IPVS, IPC), so they share this one type instead of `sockaddr` structures or strings.
/// Parsing is strict: it accepts exactly what `inet_pton` accepts, nothing more.
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text. Returns nil for anything else.
    public init?(_ text: some StringProtocol) {
        if let v4 = IPv4Address(text) { self = .v4(v4) }
        else if let v6 = IPv6Address(text) { self = .v6(v6) }
        else { return nil }
    }

    public var family: AddressFamily { if case .v4 = self { return .ipv4 } else { return .ipv6 } }
    public var isIPv4: Bool { family == .ipv4 }
    public var isIPv6: Bool { family == .ipv6 }

    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a): return a.bytes
        case .v6(let a): return a.bytes
        }
    }

    /// Builds an address from network-order bytes (4 or 16 of them).
    public init?(bytes: some Collection<UInt8>) {
        if bytes.count == 4 { self = .v4(IPv4Address(bytes: Array(bytes))!) }
        else if bytes.count == 16 { self = .v6(IPv6Address(bytes: Array(bytes))!) }
        else { return nil }
    }

    public var isMulticast: Bool {
        switch self {
        case .v4(let a): return a.value >> 28 == 0xE
        case .v6(let a): return a.value >> 120 == 0xFF
        }
    }

    public var isUnspecified: Bool {
        switch self {
        case .v4(let a): return a.value == 0
        case .v6(let a): return a.value == 0
        }
    }

    public var isLinkLocalV6: Bool {
        if case .v6(let a) = self { return a.value >> 118 == 0x3FA } // fe80::/10
        return false
    }

    public var description: String {
        switch self {
        case .v4(let a): return a.description
        case .v6(let a): return a.description
        }
    }

    /// IPv4 sorts before IPv6; within a family, numeric order (network byte order).
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a.value < b.value
        case (.v6(let a), .v6(let b)): return a.value < b.value
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}

/// The two address families the daemon handles.
public enum AddressFamily: String, Hashable, Sendable {
    case ipv4, ipv6
    /// Address length in bits.
    public var bitWidth: Int { self == .ipv4 ? 32 : 128 }
}

/// An IPv4 address held as a host-order integer (so that arithmetic and comparison are plain).
public struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
    public var value: UInt32
    public init(_ value: UInt32) { self.value = value }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        value = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
    }

    /// Strict dotted quad: four decimal octets 0...255, no leading "+", at most 3 digits each.
    public init?(_ text: some StringProtocol) {
        var parts: [UInt32] = []
        var current: UInt32 = 0
        var digits = 0
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                guard digits > 0, parts.count < 3 else { return nil }
                parts.append(current); current = 0; digits = 0
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                guard digits < 3 else { return nil }
                current = current * 10 + UInt32(c - UInt8(ascii: "0"))
                digits += 1
                guard current <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts.count == 3 else { return nil }
        parts.append(current)
        value = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
    }

    public var bytes: [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    public var description: String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }
}

/// An IPv6 address held as a 128-bit integer in host order.
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    public var value: UInt128
    public init(_ value: UInt128) { self.value = value }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        var v: UInt128 = 0
        for b in bytes { v = v << 8 | UInt128(b) }
        value = v
    }

    /// RFC 4291 text form, including "::" compression and a trailing dotted quad.
    public init?(_ text: some StringProtocol) {
        let s = String(text)
        guard !s.isEmpty, s.utf8.count <= 45 else { return nil }
        var groups: [UInt16] = []
        var compressAt: Int? = nil
        // Split into head and tail around "::".
        let utf8 = Array(s.utf8)
        var i = 0
        var pieces: [[UInt8]] = [[]]
        var doubleColonCount = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: ":") {
                if i + 1 < utf8.count && utf8[i + 1] == UInt8(ascii: ":") {
                    doubleColonCount += 1
                    guard doubleColonCount == 1 else { return nil }
                    pieces.append([UInt8(ascii: "*")]) // marker
                    pieces.append([])
                    i += 2
                    continue
                }
                pieces.append([])
                i += 1
                continue
            }
            pieces[pieces.count - 1].append(utf8[i])
            i += 1
        }
        // Remove the empty pieces produced next to a "::" marker at the ends.
        var cleaned: [[UInt8]] = []
        for (index, p) in pieces.enumerated() {
            if p.isEmpty {
                let prevIsMarker = index > 0 && pieces[index - 1] == [UInt8(ascii: "*")]
                let nextIsMarker = index + 1 < pieces.count && pieces[index + 1] == [UInt8(ascii: "*")]
                if prevIsMarker || nextIsMarker { continue }
                return nil // an empty group between single colons
            }
            cleaned.append(p)
        }
        var embeddedV4: IPv4Address? = nil
        for (index, p) in cleaned.enumerated() {
            if p == [UInt8(ascii: "*")] { compressAt = groups.count; continue }
            if p.contains(UInt8(ascii: ".")) {
                guard index == cleaned.count - 1, let v4 = IPv4Address(String(decoding: p, as: UTF8.self)) else { return nil }
                embeddedV4 = v4
                continue
            }
            guard p.count <= 4 else { return nil }
            var g: UInt16 = 0
            for c in p {
                guard let d = hexDigitValue(c) else { return nil }
                g = g << 4 | UInt16(d)
            }
            groups.append(g)
        }
        if let v4 = embeddedV4 {
            groups.append(UInt16(v4.value >> 16))
            groups.append(UInt16(truncatingIfNeeded: v4.value))
        }
        if let at = compressAt {
            guard groups.count <= 7 else { return nil }
            let fill = [UInt16](repeating: 0, count: 8 - groups.count)
            groups.insert(contentsOf: fill, at: at)
        }
        guard groups.count == 8 else { return nil }
        var v: UInt128 = 0
        for g in groups { v = v << 16 | UInt128(g) }
        value = v
    }

    public var bytes: [UInt8] {
        (0..<16).map { UInt8(truncatingIfNeeded: value >> (UInt128(15 - $0) * 8)) }
    }

    /// RFC 5952 canonical text: lower case, longest zero run (of two or more) compressed.
    public var description: String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (UInt128(7 - $0) * 16)) }
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var out = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLength
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(groups[i], radix: 16)
            i += 1
        }
        return out
    }
}

@inline(__always)
func hexDigitValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
