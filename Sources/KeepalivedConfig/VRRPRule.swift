/// One policy-routing rule of `virtual_rules` or `static_rules`, with the options of `ip rule add`.
public struct VRRPRule: Hashable, Sendable {
    public var family: AddressFamily = .ipv4
    /// `not`: the selector is inverted.
    public var inverted = false
    /// `from PREFIX|all`; nil matches everything.
    public var from: IPPrefix? = nil
    /// `to PREFIX|all`.
    public var to: IPPrefix? = nil
    /// `preference` (or `priority`, `order`); nil: keepalived picks one, which is rarely what is meant.
    public var preference: Int? = nil
    /// `iif` (or `dev`).
    public var inputInterface: String? = nil
    public var outputInterface: String? = nil
    public var firewallMark: Int? = nil
    public var firewallMask: Int? = nil
    /// `tos` (or `dsfield`).
    public var tos: Int? = nil
    public var realms: VRRPRealms? = nil
    public var action: VRRPRuleAction? = nil
    public var suppressPrefixLength: Int? = nil
    public var suppressInterfaceGroup: Int? = nil
    public var tunnelID: Int? = nil
    public var uidRange: ClosedRange<Int>? = nil
    /// `protocol`: who installed the rule.
    public var protocolNumber: Int? = nil
    /// `ipproto`: the IP protocol to match.
    public var ipProtocol: Int? = nil
    public var sourcePorts: ClosedRange<Int>? = nil
    public var destinationPorts: ClosedRange<Int>? = nil
    public var noTrack = false
    /// `track_group` (static rules only).
    public var trackGroup: String? = nil
    /// Where the line was written.
    public var source = VRRPSourceMark()

    public init() {}
}

/// What a rule does with matching packets; exactly one is required.
public enum VRRPRuleAction: Hashable, Sendable {
    /// `table N` / `lookup N`.
    case table(Int)
    /// `goto PREFERENCE`.
    case goto(Int)
    case nop
    /// `l3mdev`: look up the table of the VRF device.
    case l3mdev
    /// `blackhole`, `prohibit`, `unreachable` (or `type TYPE`).
    case type(VRRPRouteType)
}

extension VRRPRule {
    static let ipProtocols: [String: Int] = ["icmp": 1, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51, "ipv6-icmp": 58, "sctp": 132]

    /// Reads one rule line; nil (after an error) when it cannot be used.
    static func parse(_ s: Statement, isStatic: Bool, reader: inout ConfigReader) -> VRRPRule? {
        let words = s.words
        let what = isStatic ? "static_rules" : "virtual_rules"
        var rule = VRRPRule()
        rule.source = VRRPSourceMark(s.location)
        var explicitFamily: AddressFamily? = nil
        var prefixes: [IPPrefix] = []
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
        func number(_ option: String, _ range: ClosedRange<Int>) -> Int? {
            guard let v = value(option) else { return nil }
            guard let n = parseVRRPHexOrDecimal(v), range.contains(n) else { fail("invalid '\(option)' value '\(v)'"); return nil }
            return n
        }
        func setAction(_ action: VRRPRuleAction) {
            if rule.action != nil {
                fail("only one of table, goto, nop, l3mdev, blackhole, prohibit or unreachable may be given")
            }
            rule.action = action
        }
        func prefix(_ option: String) -> IPPrefix? {
            guard let v = value(option) else { return nil }
            if v == "all" { return nil }
            guard let p = IPPrefix(v) else { fail("invalid '\(option)' prefix '\(v)'"); return nil }
            prefixes.append(p)
            return p
        }
        func range(_ option: String, _ limit: ClosedRange<Int>) -> ClosedRange<Int>? {
            guard let v = value(option) else { return nil }
            let parts = v.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count <= 2, let low = parseVRRPDecimal(String(parts[0])),
                  let high = parts.count == 2 ? parseVRRPDecimal(String(parts[1])) : low,
                  limit.contains(low), limit.contains(high), low <= high else {
                fail("invalid '\(option)' range '\(v)'")
                return nil
            }
            return low...high
        }

        while i < words.count {
            let word = words[i]
            switch word {
            case "inet": explicitFamily = .ipv4
            case "inet6": explicitFamily = .ipv6
            case "not": rule.inverted = true
            case "from": rule.from = prefix(word)
            case "to": rule.to = prefix(word)
            case "preference", "priority", "order":
                if let n = number(word, 0...4_294_967_295) { rule.preference = n }
            case "iif", "dev":
                if let v = value(word) { rule.inputInterface = v }
            case "oif":
                if let v = value(word) { rule.outputInterface = v }
            case "fwmark":
                guard let v = value(word) else { break }
                let parts = v.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count <= 2, let mark = parseVRRPHexOrDecimal(String(parts[0])), (0...4_294_967_295).contains(mark) else {
                    fail("invalid 'fwmark' '\(v)'")
                    break
                }
                rule.firewallMark = mark
                if parts.count == 2 {
                    if let mask = parseVRRPHexOrDecimal(String(parts[1])), (0...4_294_967_295).contains(mask) { rule.firewallMask = mask } else { fail("invalid 'fwmark' mask in '\(v)'") }
                }
            case "tos", "dsfield":
                guard let v = value(word) else { break }
                if let t = VRRPRouteNames.tos(v) { rule.tos = t } else { fail("invalid tos '\(v)'") }
            case "realms":
                guard let v = value(word) else { break }
                if let r = VRRPRealms(text: v) { rule.realms = r } else { fail("invalid realms '\(v)'") }
            case "table", "lookup":
                guard let v = value(word) else { break }
                if let t = VRRPRouteNames.table(v) { setAction(.table(t)) } else { fail("routing table '\(v)' is not known (use a number)") }
            case "goto":
                if let n = number(word, 0...4_294_967_295) { setAction(.goto(n)) }
            case "nop": setAction(.nop)
            case "l3mdev": setAction(.l3mdev)
            case "type":
                guard let v = value(word) else { break }
                if let t = VRRPRouteType(rawValue: v) { setAction(.type(t)) } else { fail("unknown rule type '\(v)'") }
            case "blackhole", "prohibit", "unreachable":
                setAction(.type(VRRPRouteType(rawValue: word)!))
            case "suppress_prefixlength", "sup_pl":
                if let n = number(word, 0...128) { rule.suppressPrefixLength = n }
            case "suppress_ifgroup", "sup_group":
                if let n = number(word, 0...Int(Int32.max)) { rule.suppressInterfaceGroup = n }
            case "tunnel-id":
                if let n = number(word, 0...Int(Int64.max)) { rule.tunnelID = n }
            case "uidrange":
                rule.uidRange = range(word, 0...4_294_967_295)
            case "protocol":
                guard let v = value(word) else { break }
                if let p = VRRPRouteNames.protocolNumber(v) { rule.protocolNumber = p } else { fail("invalid protocol '\(v)'") }
            case "ipproto":
                guard let v = value(word) else { break }
                if let p = ipProtocols[v.lowercased()] ?? parseVRRPDecimal(v).flatMap({ (0...255).contains($0) ? $0 : nil }) {
                    rule.ipProtocol = p
                } else {
                    fail("invalid 'ipproto' '\(v)'")
                }
            case "sport":
                rule.sourcePorts = range(word, 0...65535)
            case "dport":
                rule.destinationPorts = range(word, 0...65535)
            case "no_track": rule.noTrack = true
            case "track_group" where isStatic:
                if let v = value(word) { rule.trackGroup = v }
            default:
                reader.warning("'\(what)': unknown rule option '\(word)' ignored", at: s)
            }
            i += 1
        }
        let family = explicitFamily ?? prefixes.first?.family ?? .ipv4
        rule.family = family
        if prefixes.contains(where: { $0.family != family }) {
            fail("cannot mix IPv4 and IPv6 addresses in a rule")
        }
        if rule.action == nil && usable {
            fail("a rule needs an action (table, goto, nop, l3mdev, blackhole, prohibit or unreachable)")
        }
        if usable && rule.preference == nil {
            reader.warning("'\(what)': the rule has no 'preference'; keepalived would pick one, which is probably not what you want", at: s)
        }
        return usable ? rule : nil
    }
}
