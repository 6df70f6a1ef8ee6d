/// One route line of `virtual_routes` or `static_routes`, with the options of `ip route add`.
///
/// Virtual routes follow the instance (added on master, removed on leaving it); static routes
/// are added once. Options that only tune the kernel's route metrics are kept in `metrics`.
public struct VRRPRoute: Hashable, Sendable {
    public var type: VRRPRouteType = .unicast
    /// The destination; `default` is the zero-length prefix of the route's family.
    public var destination: IPPrefix
    /// `from`: source prefix (IPv6 only).
    public var sourcePrefix: IPPrefix? = nil
    /// `src`: the preferred source address.
    public var preferredSource: IPAddress? = nil
    /// `via` (or the deprecated `gw`): the gateway.
    public var gateway: IPAddress? = nil
    /// `dev` (or `oif`).
    public var device: String? = nil
    public var onlink = false
    /// `nexthop ...` groups (and the deprecated `or ADDR`), for multipath routes.
    public var nexthops: [VRRPNexthop] = []
    /// `table`: the routing table number; nil is the main table.
    public var table: Int? = nil
    /// `metric` (or `priority`, `preference`).
    public var metric: Int? = nil
    public var scope: VRRPScope? = nil
    /// `protocol`: nil means keepalived's own protocol number (18), which it needs to track the route.
    public var protocolNumber: Int? = nil
    /// `tos` (or `dsfield`).
    public var tos: Int? = nil
    public var realms: VRRPRealms? = nil
    /// `expires` seconds (IPv6 only).
    public var expiresSeconds: Int? = nil
    /// `pref` (IPv6 only).
    public var preference: VRRPRoutePreference? = nil
    /// `ttl-propagate enabled|disabled` (MPLS).
    public var ttlPropagate: Bool? = nil
    /// `encap TYPE ...`: the encapsulation words as written.
    public var encapsulation: [String] = []
    /// `vrf NAME`: put the route in the VRF's table.
    public var vrf: String? = nil
    /// `mtu`, `advmss`, `rtt`, ... in the order written.
    public var metrics: [VRRPRouteMetric] = []
    /// `append` rather than the default prepend.
    public var append = false
    public var noTrack = false
    /// `track_group` (static routes only).
    public var trackGroup: String? = nil
    /// Where the line was written.
    public var source = VRRPSourceMark()

    public init(destination: IPPrefix) { self.destination = destination }

    public var family: AddressFamily { destination.family }
}

/// The kind of a route (`ip route add TYPE PREFIX`).
public enum VRRPRouteType: String, Hashable, Sendable, CaseIterable {
    case unicast, local, broadcast, anycast, multicast, blackhole, unreachable, prohibit, `throw`, nat
}

/// One path of a multipath route.
public struct VRRPNexthop: Hashable, Sendable {
    public var gateway: IPAddress? = nil
    public var device: String? = nil
    /// `weight` 1...256 (nil: the kernel's default of 1).
    public var weight: Int? = nil
    public var onlink = false
    public var realms: VRRPRealms? = nil
    public var encapsulation: [String] = []

    public init(gateway: IPAddress? = nil, device: String? = nil) {
        self.gateway = gateway
        self.device = device
    }
}

/// `realms [FROM/]TO`: routing realm numbers.
public struct VRRPRealms: Hashable, Sendable {
    public var from: Int?
    public var to: Int

    public init(from: Int? = nil, to: Int) {
        self.from = from
        self.to = to
    }

    /// `TO` or `FROM/TO`, each a number 0...255 (realm names are not resolved).
    init?(text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let to = parseVRRPDecimal(String(parts.last!)), (0...255).contains(to) else { return nil }
        if parts.count == 2 {
            guard let from = parseVRRPDecimal(String(parts[0])), (0...255).contains(from) else { return nil }
            self.init(from: from, to: to)
        } else {
            self.init(to: to)
        }
    }
}

/// `pref low|medium|high`: the router preference of an IPv6 route.
public enum VRRPRoutePreference: String, Hashable, Sendable {
    case low, medium, high
}

/// One route metric (`mtu lock 1400`, `congctl cubic`, `features ecn`).
public struct VRRPRouteMetric: Hashable, Sendable {
    public var kind: VRRPRouteMetricKind
    /// The numeric value (the feature bits for `features`, 0/1 for `quickack`).
    public var value: Int
    /// `congctl`'s algorithm name.
    public var name: String? = nil
    /// `lock`: the kernel must not change it.
    public var locked = false

    public init(kind: VRRPRouteMetricKind, value: Int, name: String? = nil, locked: Bool = false) {
        self.kind = kind
        self.value = value
        self.name = name
        self.locked = locked
    }
}

/// The route metrics keepalived accepts.
public enum VRRPRouteMetricKind: String, Hashable, Sendable, CaseIterable {
    case mtu, advmss, rtt, rttvar, reordering, window, cwnd, ssthresh, hoplimit, initcwnd, initrwnd
    case rtoMin = "rto_min", features, quickack, congctl
    case fastopenNoCookie = "fastopen_no_cookie"

    /// Metrics that take a time in milliseconds rather than a count.
    var isTime: Bool { self == .rtt || self == .rttvar || self == .rtoMin }
    /// Metrics that accept `lock` before the value.
    var lockable: Bool { self != .features && self != .quickack && self != .fastopenNoCookie }
}

/// Names and numbers of routing tables and protocols that need no lookup in /etc/iproute2.
enum VRRPRouteNames {
    static let tables: [String: Int] = ["default": 253, "main": 254, "local": 255]
    static let protocols: [String: Int] = [
        "unspec": 0, "redirect": 1, "kernel": 2, "boot": 3, "static": 4, "gated": 8, "ra": 9, "mrt": 10,
        "zebra": 11, "bird": 12, "dnrouted": 13, "xorp": 14, "ntk": 15, "dhcp": 16, "keepalived": 18,
        "babel": 42, "bgp": 186, "isis": 187, "ospf": 188, "rip": 189, "eigrp": 192,
    ]
    /// keepalived's own route protocol: routes it tracks must carry it.
    static let keepalivedProtocol = 18

    static func table(_ text: String) -> Int? {
        if let n = tables[text] { return n }
        guard let v = parseVRRPDecimal(text), v >= 0, v <= 4_294_967_295, !text.hasPrefix("-") else { return nil }
        return v
    }

    static func protocolNumber(_ text: String) -> Int? {
        if let n = protocols[text] { return n }
        guard let v = parseVRRPDecimal(text), (0...255).contains(v), !text.hasPrefix("-") else { return nil }
        return v
    }

    /// `tos`/`dsfield`: a number 0...255 in decimal or hex.
    static func tos(_ text: String) -> Int? {
        guard let v = parseVRRPHexOrDecimal(text), (0...255).contains(v) else { return nil }
        return v
    }
}

/// The words that start a route option, for telling where a variable-length option ends.
let vrrpRouteOptionWords: Set<String> = Set([
    "via", "gw", "or", "src", "from", "to", "dev", "oif", "table", "metric", "priority", "preference", "scope",
    "protocol", "tos", "dsfield", "realms", "expires", "pref", "ttl-propagate", "encap", "vrf", "onlink",
    "nexthop", "append", "prepend", "no_track", "track_group", "inet", "inet6", "weight",
]).union(VRRPRouteMetricKind.allCases.map(\.rawValue))

extension VRRPRoute {
    /// Reads one route line; nil (after an error) when it cannot be used.
    static func parse(_ s: Statement, isStatic: Bool, reader: inout ConfigReader) -> VRRPRoute? {
        let words = s.words
        let what = isStatic ? "static_routes" : "virtual_routes"
        var route = VRRPRoute(destination: IPPrefix(address: .v4(IPv4Address(0)), length: 0))
        route.source = VRRPSourceMark(s.location)
        var destinationText: String? = nil
        var isDefault = false
        var explicitFamily: AddressFamily? = nil
        var addresses: [(IPAddress, String)] = []   // every address seen, for the family check
        var usable = true
        var i = 0

        func fail(_ message: String) {
            reader.error("'\(what)': \(message)", at: s)
            usable = false
        }
        func value(_ option: String) -> String? {
            guard i + 1 < words.count else { fail("'\(option)' needs a value"); return nil }
            i += 1
            return words[i]
        }
        func addressValue(_ option: String) -> IPAddress? {
            guard let v = value(option) else { return nil }
            guard let a = IPAddress(v) else { fail("invalid '\(option)' address '\(v)'"); return nil }
            addresses.append((a, v))
            return a
        }
        func number(_ option: String, _ text: String, _ range: ClosedRange<Int>) -> Int? {
            guard let n = parseVRRPDecimal(text), range.contains(n) else {
                fail("invalid '\(option)' value '\(text)'")
                return nil
            }
            return n
        }
        /// Words up to the next option keyword (for `encap`).
        func restUntilOption() -> [String] {
            var out: [String] = []
            while i + 1 < words.count, !vrrpRouteOptionWords.contains(words[i + 1]) {
                i += 1
                out.append(words[i])
            }
            return out
        }

        func parseMetric(_ kind: VRRPRouteMetricKind) {
            guard var v = value(kind.rawValue) else { return }
            var locked = false
            if v == "lock" && kind.lockable {
                locked = true
                guard let next = value(kind.rawValue) else { return }
                v = next
            }
            switch kind {
            case .congctl:
                route.metrics.append(VRRPRouteMetric(kind: kind, value: 0, name: v, locked: locked))
            case .features:
                guard v == "ecn" else { fail("route feature '\(v)' is not supported (only ecn)"); return }
                route.metrics.append(VRRPRouteMetric(kind: kind, value: 1))
            case .quickack, .fastopenNoCookie:
                if let n = number(kind.rawValue, v, 0...1) { route.metrics.append(VRRPRouteMetric(kind: kind, value: n)) }
            default:
                if let n = number(kind.rawValue, v, 0...4_294_967_295) {
                    route.metrics.append(VRRPRouteMetric(kind: kind, value: n, locked: locked))
                }
            }
        }

        // An optional route type first.
        if let type = VRRPRouteType(rawValue: words[0]) {
            route.type = type
            i = 1
        }
        while i < words.count {
            let word = words[i]
            switch word {
            case "inet": explicitFamily = .ipv4
            case "inet6": explicitFamily = .ipv6
            case "to":
                guard let v = value(word) else { break }
                destinationText = v
            case "via", "gw":
                if word == "gw" { reader.warning("'\(what)': 'gw' is deprecated; use 'via'", at: s) }
                if let next = words.indices.contains(i + 1) ? words[i + 1] : nil, next == "inet" || next == "inet6" {
                    i += 1   // `via inet6 ADDR`
                }
                if let a = addressValue(word) { route.gateway = a }
            case "or":
                reader.warning("'\(what)': 'or' is deprecated; use 'nexthop'", at: s)
                if let a = addressValue(word) {
                    if route.nexthops.isEmpty, route.gateway != nil || route.device != nil {
                        route.nexthops.append(VRRPNexthop(gateway: route.gateway, device: route.device))
                        route.gateway = nil
                    }
                    route.nexthops.append(VRRPNexthop(gateway: a, device: route.device))
                }
            case "src":
                if let a = addressValue(word) { route.preferredSource = a }
            case "from":
                guard let v = value(word) else { break }
                if let p = IPPrefix(v) {
                    addresses.append((p.address, v))
                    route.sourcePrefix = p
                } else {
                    fail("invalid 'from' prefix '\(v)'")
                }
            case "dev", "oif":
                if let v = value(word) { route.device = v }
            case "onlink": route.onlink = true
            case "table":
                guard let v = value(word) else { break }
                if let t = VRRPRouteNames.table(v) { route.table = t } else { fail("routing table '\(v)' is not known (use a number)") }
            case "metric", "priority", "preference":
                guard let v = value(word) else { break }
                if let n = number(word, v, 0...4_294_967_295) { route.metric = n }
            case "scope":
                guard let v = value(word) else { break }
                if let sc = VRRPScope(text: v) { route.scope = sc } else { fail("invalid scope '\(v)'") }
            case "protocol", "proto":
                guard let v = value(word) else { break }
                if let p = VRRPRouteNames.protocolNumber(v) { route.protocolNumber = p } else { fail("invalid protocol '\(v)'") }
            case "tos", "dsfield":
                guard let v = value(word) else { break }
                if let t = VRRPRouteNames.tos(v) { route.tos = t } else { fail("invalid tos '\(v)'") }
            case "realms":
                guard let v = value(word) else { break }
                if let r = VRRPRealms(text: v) { route.realms = r } else { fail("invalid realms '\(v)'") }
            case "expires":
                guard let v = value(word) else { break }
                if let n = number(word, v, 0...4_294_967_295) { route.expiresSeconds = n }
            case "pref":
                guard let v = value(word) else { break }
                if let p = VRRPRoutePreference(rawValue: v) { route.preference = p } else { fail("invalid pref '\(v)' (low, medium or high)") }
            case "ttl-propagate":
                guard let v = value(word) else { break }
                switch v {
                case "enabled": route.ttlPropagate = true
                case "disabled": route.ttlPropagate = false
                default: fail("'ttl-propagate' needs enabled or disabled, got '\(v)'")
                }
            case "encap":
                let rest = restUntilOption()
                if rest.isEmpty { fail("'encap' needs a type and its parameters") } else { route.encapsulation = rest }
            case "vrf":
                if let v = value(word) { route.vrf = v }
            case "append": route.append = true
            case "prepend": route.append = false
            case "no_track": route.noTrack = true
            case "track_group" where isStatic:
                if let v = value(word) { route.trackGroup = v }
            case "nexthop":
                var hop = VRRPNexthop()
                while i + 1 < words.count {
                    let option = words[i + 1]
                    guard ["via", "dev", "weight", "onlink", "realms", "encap"].contains(option) else { break }
                    i += 1
                    switch option {
                    case "via": if let a = addressValue(option) { hop.gateway = a }
                    case "dev": if let v = value(option) { hop.device = v }
                    case "weight":
                        if let v = value(option), let n = number(option, v, 1...256) { hop.weight = n }
                    case "onlink": hop.onlink = true
                    case "realms":
                        if let v = value(option) {
                            if let r = VRRPRealms(text: v) { hop.realms = r } else { fail("invalid realms '\(v)'") }
                        }
                    default: hop.encapsulation = restUntilOption()
                    }
                }
                route.nexthops.append(hop)
            default:
                if let kind = VRRPRouteMetricKind(rawValue: word) {
                    parseMetric(kind)
                } else if destinationText == nil {
                    destinationText = word
                } else {
                    reader.warning("'\(what)': unknown route option '\(word)' ignored", at: s)
                }
            }
            i += 1
        }

        // The destination decides the family, unless it is `default`.
        guard let text = destinationText else {
            fail("a route needs a destination")
            return nil
        }
        var family = explicitFamily
        if text == "default" || text == "all" || text == "any" {
            isDefault = true
        } else if text == "default6" {
            isDefault = true
            family = .ipv6
        } else if let p = IPPrefix(text) {
            route.destination = p
            if let f = explicitFamily, f != p.family {
                fail("'inet\(f == .ipv6 ? "6" : "")' does not match destination \(text)")
            }
            family = p.family
        } else {
            fail("invalid destination '\(text)'")
            return nil
        }
        let resolvedFamily = family ?? addresses.first?.0.family ?? .ipv4
        if isDefault {
            route.destination = IPPrefix(address: resolvedFamily == .ipv4 ? .v4(IPv4Address(0)) : .v6(IPv6Address(0)), length: 0)
        }
        for (address, written) in addresses where address.family != resolvedFamily {
            fail("cannot mix IPv4 and IPv6 addresses in a route (\(written))")
        }
        if route.sourcePrefix != nil && resolvedFamily == .ipv4 {
            fail("'from' is only supported for IPv6 routes")
        }
        if resolvedFamily == .ipv4 {
            if route.preference != nil { fail("'pref' is only valid for IPv6 routes") }
            if route.expiresSeconds != nil { fail("'expires' is only valid for IPv6 routes") }
        }
        if !route.noTrack {
            if route.device == nil {
                reader.warning("'\(what)': route \(text) has no 'dev', so it cannot be tracked; add 'dev' or 'no_track'", at: s)
                route.noTrack = true
            } else if let p = route.protocolNumber, p != VRRPRouteNames.keepalivedProtocol {
                reader.warning("'\(what)': a tracked route must use protocol keepalived (18); ignoring 'protocol'", at: s)
                route.protocolNumber = nil
            }
        }
        return usable ? route : nil
    }
}
