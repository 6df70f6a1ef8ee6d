/// One address line of `virtual_ipaddress`, `virtual_ipaddress_excluded` or `static_ipaddress`:
/// an address with the options of `ip address add`.
///
/// The VRRP child adds virtual addresses when it becomes master and removes them when it
/// leaves; static addresses are added once and kept. Both are described the same way.
public struct VRRPAddress: Hashable, Sendable {
    /// The address and its prefix length (/32 or /128 when none is written).
    public var prefix: IPPrefix
    public var broadcast: VRRPBroadcast? = nil
    /// `dev`: the interface; nil means the instance's interface (or `default_interface` for static addresses).
    public var device: String? = nil
    /// `scope`; IPv4 only (keepalived refuses a scope on IPv6 addresses).
    public var scope: VRRPScope = .global
    /// `label`: the alias name (at most 15 characters).
    public var label: String? = nil
    /// `peer`: the other end of a point-to-point address.
    public var peer: IPAddress? = nil
    /// `home`: IPv6 home address flag.
    public var home = false
    /// `-nodad`: skip duplicate address detection.
    public var noDuplicateAddressDetection = false
    /// `mngtmpaddr`: manage temporary addresses from this one.
    public var manageTemporaryAddresses = false
    /// `noprefixroute`: do not add the prefix route.
    public var noPrefixRoute = false
    /// `autojoin`: join the multicast group of a multicast address.
    public var autoJoin = false
    /// `preferred_lft`: seconds; nil means keepalived's default (IPv6 /128: 0, i.e. deprecated; otherwise forever).
    public var preferredLifetimeSeconds: Int? = nil
    /// `no_track`: the instance does not go to fault if this address disappears.
    public var noTrack = false
    /// `use_vmac` on a virtual address: put it on a VMAC of its own interface.
    public var useVMAC = false
    /// `track_group`: static addresses only; the instances that fault when it disappears.
    public var trackGroup: String? = nil
    /// Where the line was written.
    public var source = VRRPSourceMark()

    public init(prefix: IPPrefix) { self.prefix = prefix }

    public var family: AddressFamily { prefix.family }

    /// `preferred_lft forever`.
    public static let foreverLifetime = 4_294_967_295

    /// The preferred lifetime keepalived uses: 0 (deprecated) for an IPv6 /128, forever otherwise.
    public var effectivePreferredLifetimeSeconds: Int {
        preferredLifetimeSeconds ?? (prefix.family == .ipv6 && prefix.length == 128 ? 0 : VRRPAddress.foreverLifetime)
    }
}

/// `brd`: an explicit broadcast address, or `+`/`-` to set or clear the host bits.
public enum VRRPBroadcast: Hashable, Sendable {
    case address(IPAddress)
    case setHostBits
    case clearHostBits
}

/// Which block an address line is in: a few options are allowed in only one of them.
enum VRRPAddressBlock {
    case virtual, excluded, statics

    var name: String {
        switch self {
        case .virtual: return "virtual_ipaddress"
        case .excluded: return "virtual_ipaddress_excluded"
        case .statics: return "static_ipaddress"
        }
    }
}

extension VRRPAddress {
    /// Reads one address line; nil (after an error) when the address itself is unusable.
    static func parse(_ s: Statement, in block: VRRPAddressBlock, reader: inout ConfigReader) -> VRRPAddress? {
        let words = s.words
        let what = block.name
        let first = words[0]
        guard let prefix = IPPrefix(first) else {
            if let slash = first.firstIndex(of: "/"), IPAddress(first[..<slash]) != nil {
                reader.error("'\(what)': bad prefix length in '\(first)'", at: s)
            } else {
                reader.error("'\(what)': '\(first)' is not an IPv4 or IPv6 address", at: s)
            }
            return nil
        }
        var a = VRRPAddress(prefix: prefix)
        a.source = VRRPSourceMark(s.location)
        let hasExplicitLength = first.contains("/")
        var usable = true
        var i = 1
        func value(_ option: String) -> String? {
            guard i + 1 < words.count else {
                reader.error("'\(what)' \(first): '\(option)' needs a value", at: s)
                usable = false
                return nil
            }
            i += 1
            return words[i]
        }
        while i < words.count {
            let word = words[i]
            switch word {
            case "brd", "broadcast":
                guard let v = value(word) else { break }
                if a.family == .ipv6 {
                    reader.error("'\(what)' \(first): IPv6 addresses have no broadcast address", at: s)
                    usable = false
                } else if v == "+" {
                    a.broadcast = .setHostBits
                } else if v == "-" {
                    a.broadcast = .clearHostBits
                } else if let b = IPAddress(v), b.family == .ipv4 {
                    a.broadcast = .address(b)
                } else {
                    reader.error("'\(what)' \(first): invalid broadcast address '\(v)'", at: s)
                    usable = false
                }
            case "dev":
                guard let v = value(word) else { break }
                if a.device != nil {
                    reader.error("'\(what)' \(first): 'dev' given more than once", at: s)
                    usable = false
                } else {
                    a.device = v
                }
            case "scope":
                guard let v = value(word) else { break }
                if let scope = VRRPScope(text: v) {
                    if a.family == .ipv6 {
                        reader.error("'\(what)' \(first): a scope cannot be set on an IPv6 address", at: s)
                    } else {
                        a.scope = scope
                    }
                } else {
                    reader.error("'\(what)' \(first): invalid scope '\(v)'", at: s)
                }
            case "label":
                guard let v = value(word) else { break }
                if a.family == .ipv6 {
                    reader.error("'\(what)' \(first): a label cannot be set on an IPv6 address", at: s)
                } else if v.utf8.count > 15 {
                    reader.error("'\(what)' \(first): label '\(v)' is longer than 15 characters", at: s)
                    usable = false
                } else {
                    a.label = v
                }
            case "peer":
                guard let v = value(word) else { break }
                if let p = IPAddress(v), p.family == a.family {
                    a.peer = p
                    if hasExplicitLength {
                        reader.error("'\(what)' \(first): a prefix length cannot be given with 'peer'", at: s)
                    }
                } else {
                    reader.error("'\(what)' \(first): invalid peer address '\(v)'", at: s)
                }
            case "home": a.home = true
            case "-nodad": a.noDuplicateAddressDetection = true
            case "mngtmpaddr": a.manageTemporaryAddresses = true
            case "noprefixroute": a.noPrefixRoute = true
            case "autojoin": a.autoJoin = true
            case "no_track": a.noTrack = true
            case "preferred_lft":
                guard let v = value(word) else { break }
                if v == "forever" {
                    a.preferredLifetimeSeconds = VRRPAddress.foreverLifetime
                } else if let n = parseVRRPDecimal(v), n >= 0, n <= VRRPAddress.foreverLifetime, !v.hasPrefix("-") {
                    a.preferredLifetimeSeconds = n
                } else {
                    reader.error("'\(what)' \(first): invalid preferred_lft '\(v)'", at: s)
                }
            case "use_vmac" where block == .virtual:
                a.useVMAC = true
            case "track_group" where block == .statics:
                if let v = value(word) { a.trackGroup = v }
            default:
                reader.warning("'\(what)' \(first): unknown option '\(word)' ignored", at: s)
            }
            i += 1
        }
        return usable ? a : nil
    }
}
