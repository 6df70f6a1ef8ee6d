/// A `bfd_instance NAME { ... }` block: one BFD (RFC 5880) session that VRRP instances
/// (`track_bfd`) and checkers (`BFD_CHECK`) can follow.
///
/// swift-keepalived has no BFD child: the blocks are read and checked so that configurations
/// stay valid and references to them resolve, and are not acted on.
public struct BFDInstance: Hashable, Sendable {
    public var name: String
    /// `neighbor_ip` (or `neighbour_ip`): the peer; required.
    public var neighbor: IPAddress? = nil
    /// `source_ip`: the local address.
    public var source: IPAddress? = nil
    /// `min_rx MS`: required minimum receive interval (default 10 ms).
    public var minimumRxMicroseconds = 10_000
    /// `min_tx MS`: desired minimum transmit interval (default 10 ms).
    public var minimumTxMicroseconds = 10_000
    /// `idle_tx MS`: transmit interval while the session is down (default 1000 ms).
    public var idleTxMicroseconds = 1_000_000
    /// `multiplier N`: missed packets before the session is down, 1 to 255 (default 5).
    public var multiplier = 5
    /// `passive`: wait for the peer to start.
    public var passive = false
    /// `ttl` / `hoplimit`, 1 to 255; nil: 255 for IPv4, 64 for IPv6.
    public var ttl: Int? = nil
    /// `max_hops N`: accepted TTL reduction, -1 to 255 (default 0; 255 disables the check).
    public var maximumHops = 0
    /// `weight N [reverse]`, -253 to 253 (default 0).
    public var weight = 0
    /// `reverse` after the weight.
    public var reverseWeight = false
    /// `vrrp` / `checker`: which children hear about state changes (default both).
    public var notify: BFDNotifyTargets = [.vrrp, .checker]
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }

    /// The TTL (IPv4) or hop limit (IPv6) with the default applied.
    public var effectiveTTL: Int { ttl ?? (neighbor?.isIPv6 == true ? 64 : 255) }
}

/// The children a BFD instance reports to.
public struct BFDNotifyTargets: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let vrrp = BFDNotifyTargets(rawValue: 1)
    public static let checker = BFDNotifyTargets(rawValue: 2)
}

extension BFDInstance {
    /// keepalived's limit on instance names.
    static let maximumNameLength = 31

    /// The block's keywords. The `vrrp` and `checker` keywords are collected first, then
    /// applied over the default of both (see `parse`).
    static let keywords = KeywordTable<BFDInstance>("bfd_instance", [
        Keyword("neighbor_ip", .exactly(1), "address of the peer") { b, s, r in setNeighbor(&b, s, &r) },
        Keyword("neighbour_ip", .exactly(1), "same as neighbor_ip") { b, s, r in setNeighbor(&b, s, &r) },
        Keyword("source_ip", .exactly(1), "local address") { b, s, r in
            if let a = r.address(s) { b.source = a }
        },
        Keyword("min_rx", .exactly(1), "required minimum receive interval in ms (default 10)") { b, s, r in
            if let v = milliseconds(s, in: 1_000...4_294_967_000, &r) { b.minimumRxMicroseconds = v }
        },
        Keyword("min_tx", .exactly(1), "desired minimum transmit interval in ms (default 10)") { b, s, r in
            if let v = milliseconds(s, in: 1_000...4_294_967_000, &r) { b.minimumTxMicroseconds = v }
        },
        Keyword("idle_tx", .exactly(1), "transmit interval while down in ms (default 1000)") { b, s, r in
            if let v = milliseconds(s, in: 1_000_000...4_294_967_000, &r) { b.idleTxMicroseconds = v }
        },
        Keyword("multiplier", .exactly(1), "missed packets before down, 1 to 255 (default 5)") { b, s, r in
            if let v = r.integer(s, in: 1...255) { b.multiplier = v }
        },
        Keyword("passive", .flag, "wait for the peer to start the session") { b, _, _ in b.passive = true },
        Keyword("ttl", .exactly(1), "outgoing IPv4 TTL, 1 to 255 (default 255)") { b, s, r in
            if let v = r.integer(s, in: 1...255) { b.ttl = v }
        },
        Keyword("hoplimit", .exactly(1), "outgoing IPv6 hop limit, 1 to 255 (default 64)") { b, s, r in
            if let v = r.integer(s, in: 1...255) { b.ttl = v }
        },
        Keyword("max_hops", .exactly(1), "accepted TTL reduction, -1 to 255 (default 0)") { b, s, r in
            if let v = r.integer(s, in: -1...255) { b.maximumHops = v }
        },
        Keyword("weight", .between(1, 2), "default tracking weight -253 to 253 [reverse]") { b, s, r in
            guard let v = r.integer(s, in: -253...253) else { return }
            if s.arguments.count > 1 {
                guard s.arguments[1] == "reverse" else {
                    r.error("'weight': unknown option '\(s.arguments[1])'; only reverse is allowed", at: s)
                    return
                }
                b.reverseWeight = true
            }
            b.weight = v
        },
        Keyword("vrrp", .flag, "report state changes to the VRRP child") { b, _, _ in b.notify.insert(.vrrp) },
        Keyword("checker", .flag, "report state changes to the checker child") { b, _, _ in b.notify.insert(.checker) },
    ])

    static func setNeighbor(_ b: inout BFDInstance, _ s: Statement, _ r: inout ConfigReader) {
        if let a = r.address(s) { b.neighbor = a }
    }

    /// Milliseconds with a fraction (microsecond resolution), returned in microseconds.
    static func milliseconds(_ s: Statement, in range: ClosedRange<Int>, _ r: inout ConfigReader) -> Int? {
        let text = s.arguments[0]
        guard let ms = parseDecimal(text), ms.isFinite else {
            r.error("'\(s.keyword)' needs a time in milliseconds, got '\(text)'", at: s)
            return nil
        }
        let micros = (ms * 1000).rounded()
        guard micros >= Double(range.lowerBound), micros <= Double(range.upperBound) else {
            r.error("'\(s.keyword)' \(text) is out of range [\(range.lowerBound / 1000), \(range.upperBound / 1000)] ms", at: s)
            return nil
        }
        return Int(micros)
    }

    /// Reads one block; nil (after reporting) when the instance cannot be used.
    static func parse(_ s: Statement, existing: [BFDInstance], reader r: inout ConfigReader) -> BFDInstance? {
        let name = s.arguments[0]
        guard name.count <= maximumNameLength else {
            r.error("bfd_instance name \(name) is longer than \(maximumNameLength) characters; instance ignored", at: s)
            return nil
        }
        guard !existing.contains(where: { $0.name == name }) else {
            r.error("bfd_instance \(name) is already defined; ignoring this one", at: s)
            return nil
        }
        var b = BFDInstance(name: name, location: s.location)
        b.notify = []
        keywords.apply(s.block ?? [], to: &b, reader: &r)
        if b.notify.isEmpty { b.notify = [.vrrp, .checker] }
        guard let neighbor = b.neighbor else {
            r.error("bfd_instance \(name) has no neighbor_ip; instance ignored", at: s)
            return nil
        }
        if let source = b.source, source.family != neighbor.family {
            r.error("bfd_instance \(name): source_ip \(source) and neighbor_ip \(neighbor) are not of the same family; instance ignored", at: s)
            return nil
        }
        if existing.contains(where: { $0.neighbor == neighbor && $0.source == b.source }) {
            r.error("bfd_instance \(name): another instance already uses neighbor_ip \(neighbor); instance ignored", at: s)
            return nil
        }
        if b.maximumHops > b.effectiveTTL {
            r.warning("bfd_instance \(name): max_hops \(b.maximumHops) is more than the TTL \(b.effectiveTTL); using \(b.effectiveTTL)", at: s)
            b.maximumHops = b.effectiveTTL
        }
        return b
    }
}

extension GlobalDefinitions {
    static let bfdTopLevelKeywords: [Keyword<KeepalivedConfiguration>] = [
        Keyword("bfd_instance", .namedBlock(1), "a BFD session to a neighbour; read, not acted on") { c, s, r in
            if let b = BFDInstance.parse(s, existing: c.global.bfdInstances, reader: &r) { c.global.bfdInstances.append(b) }
        },
    ]
}
