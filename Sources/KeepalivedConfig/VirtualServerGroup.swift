/// A `virtual_server_group NAME { ... }`: addresses, address ranges and firewall marks that
/// `virtual_server group NAME` services all share one set of real servers and checkers.
public struct VirtualServerGroup: Hashable, Sendable {
    public var name: String
    public var entries: [VirtualServerGroupEntry] = []
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }

    /// The address families of its address entries and of its fwmarks with a family.
    public var families: Set<AddressFamily> {
        Set(entries.compactMap { e -> AddressFamily? in
            switch e.target {
            case .addresses(let first, _, _): return first.family
            case .fwmark(_, let family): return family
            }
        })
    }

    public var hasAddresses: Bool { entries.contains { if case .addresses = $0.target { return true } else { return false } } }
    public var hasFwmarks: Bool { entries.contains { if case .fwmark = $0.target { return true } else { return false } } }
}

/// One line of a virtual server group.
public struct VirtualServerGroupEntry: Hashable, Sendable {
    /// What the line covers.
    public enum Target: Hashable, Sendable {
        /// `ADDR [PORT]`, `ADDR-END [PORT]`, `ADDR-ADDR [PORT]` or `ADDR/LEN [PORT]`: every
        /// address from `first` to `last`; port 0 when omitted (only valid when persistent).
        case addresses(first: IPAddress, last: IPAddress, port: Int)
        /// `fwmark N [inet|inet6]`.
        case fwmark(Int, family: AddressFamily?)
    }

    public var target: Target
    public var location: SourceLocation

    public init(target: Target, location: SourceLocation) {
        self.target = target
        self.location = location
    }
}

extension VirtualServerGroup {
    /// Reads the block of a `virtual_server_group`: each line is one entry.
    static func parse(_ s: Statement, reader: inout ConfigReader) -> VirtualServerGroup {
        var group = VirtualServerGroup(name: s.arguments[0], location: s.location)
        if s.arguments.count > 1 { reader.extra(s, allowed: 1) }
        for line in s.block ?? [] {
            if line.block != nil {
                reader.error("virtual_server_group \(group.name): an entry does not take a block", at: line)
                continue
            }
            if let entry = parseEntry(line, group: group.name, reader: &reader) {
                group.entries.append(entry)
            }
        }
        return group
    }

    static func parseEntry(_ s: Statement, group: String, reader: inout ConfigReader) -> VirtualServerGroupEntry? {
        let what = "virtual_server_group \(group)"
        if s.keyword == "fwmark" {
            guard let markText = s.arguments.first else {
                reader.error("\(what): 'fwmark' needs a value", at: s)
                return nil
            }
            guard let mark = reader.integer(markText, at: s.location, in: 1...Int(UInt32.max), what: "\(what) fwmark") else { return nil }
            var family: AddressFamily? = nil
            if s.arguments.count > 1 {
                switch s.arguments[1] {
                case "inet": family = .ipv4
                case "inet6": family = .ipv6
                default:
                    reader.error("\(what): fwmark family must be inet or inet6; got '\(s.arguments[1])'", at: s)
                    return nil
                }
                if s.arguments.count > 2 { reader.extra(s, allowed: 2) }
            }
            return VirtualServerGroupEntry(target: .fwmark(mark, family: family), location: s.location)
        }

        var port = 0
        if let portText = s.arguments.first {
            guard let p = reader.port(portText, at: s.location, what: "\(what) port") else { return nil }
            port = p
            if s.arguments.count > 1 { reader.extra(s, allowed: 1) }
        }
        guard let (first, last) = parseRange(s.keyword, at: s.location, what: what, reader: &reader) else { return nil }
        return VirtualServerGroupEntry(target: .addresses(first: first, last: last, port: port), location: s.location)
    }

    /// `ADDR`, `ADDR-END` (last IPv4 octet in decimal, last IPv6 group in hex), `ADDR-ADDR`
    /// or `ADDR/LEN` (host bits clear).
    static func parseRange(_ text: String, at location: SourceLocation, what: String, reader: inout ConfigReader) -> (IPAddress, IPAddress)? {
        if let slash = text.firstIndex(of: "/") {
            guard let prefix = IPPrefix(text), prefix.length > 0 else {
                if IPAddress(text[..<slash]) != nil {
                    reader.diagnostics.error("\(what): bad prefix length in '\(text)'", at: location)
                } else {
                    reader.diagnostics.error("\(what): '\(text)' is not an address, range or prefix", at: location)
                }
                return nil
            }
            guard prefix.network == prefix.address else {
                reader.diagnostics.error("\(what): '\(text)' has host bits set", at: location)
                return nil
            }
            return (prefix.address, lastAddress(of: prefix))
        }
        if let dash = text.firstIndex(of: "-") {
            let startText = text[..<dash]
            let endText = text[text.index(after: dash)...]
            guard let start = IPAddress(startText) else {
                reader.diagnostics.error("\(what): '\(text)' is not an address, range or prefix", at: location)
                return nil
            }
            if let end = IPAddress(endText) {
                guard end.family == start.family else {
                    reader.diagnostics.error("\(what): the ends of '\(text)' are of different families", at: location)
                    return nil
                }
                guard start <= end else {
                    reader.diagnostics.error("\(what): range '\(text)' ends before it starts", at: location)
                    return nil
                }
                return (start, end)
            }
            switch start {
            case .v4(let a):
                guard !endText.isEmpty, endText.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(endText), n <= 255 else {
                    reader.diagnostics.error("\(what): range end in '\(text)' must be the last octet, 0-255", at: location)
                    return nil
                }
                guard Int(a.value & 0xFF) < n else {
                    reader.diagnostics.error("\(what): range '\(text)' does not end after it starts", at: location)
                    return nil
                }
                return (start, .v4(IPv4Address(a.value & ~0xFF | UInt32(n))))
            case .v6(let a):
                guard !endText.isEmpty, endText.utf8.count <= 4, let n = Int(endText, radix: 16), n >= 0 else {
                    reader.diagnostics.error("\(what): range end in '\(text)' must be the last group, 0-ffff in hex", at: location)
                    return nil
                }
                guard Int(a.value & 0xFFFF) < n else {
                    reader.diagnostics.error("\(what): range '\(text)' does not end after it starts", at: location)
                    return nil
                }
                return (start, .v6(IPv6Address(a.value & ~UInt128(0xFFFF) | UInt128(n))))
            }
        }
        guard let a = IPAddress(text) else {
            reader.diagnostics.error("\(what): '\(text)' is not an address, range or prefix", at: location)
            return nil
        }
        return (a, a)
    }

    static func lastAddress(of prefix: IPPrefix) -> IPAddress {
        switch prefix.address {
        case .v4(let a):
            let host: UInt32 = prefix.length >= 32 ? 0 : ~UInt32(0) >> UInt32(prefix.length)
            return .v4(IPv4Address(a.value | host))
        case .v6(let a):
            let host: UInt128 = prefix.length >= 128 ? 0 : ~UInt128(0) >> UInt128(prefix.length)
            return .v6(IPv6Address(a.value | host))
        }
    }
}
