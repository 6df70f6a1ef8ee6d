/// How IPVS forwards packets to a real server (`lvs_method`, `lb_kind`).
public enum LVSForwardingMethod: Hashable, Sendable, CustomStringConvertible {
    /// Masquerading: the director rewrites the destination (the default).
    case nat
    /// Direct routing: the real server answers the client itself.
    case directRouting
    /// IP tunnelling, with its encapsulation.
    case tunnel(LVSTunnel)

    public var isTunnel: Bool { if case .tunnel = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .nat: return "NAT"
        case .directRouting: return "DR"
        case .tunnel: return "TUN"
        }
    }
}

/// The encapsulation of a tunnelled real server: `type ipip|gue port N|gre` and the checksum option.
public struct LVSTunnel: Hashable, Sendable {
    public var type: LVSTunnelType = .ipip
    public var checksum: LVSTunnelChecksum = .none
    public init(type: LVSTunnelType = .ipip, checksum: LVSTunnelChecksum = .none) {
        self.type = type
        self.checksum = checksum
    }
}

/// Tunnel types (GUE needs a port).
public enum LVSTunnelType: Hashable, Sendable {
    case ipip
    case gue(port: Int)
    case gre
}

/// Tunnel checksum options: `nocsum` (default), `csum`, `remcsum` (GUE only).
public enum LVSTunnelChecksum: String, Hashable, Sendable {
    case none = "nocsum", checksum = "csum", remoteChecksum = "remcsum"
}

extension LVSForwardingMethod {
    /// Reads `NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]` from the
    /// arguments of `s` (method names are case sensitive, as in keepalived).
    static func parse(_ s: Statement, reader: inout ConfigReader) -> LVSForwardingMethod? {
        let method = s.arguments[0]
        let result: LVSForwardingMethod
        switch method {
        case "NAT": result = .nat
        case "DR": result = .directRouting
        case "TUN": result = .tunnel(LVSTunnel())
        default:
            reader.error("'\(s.keyword)' must be NAT, DR or TUN; got '\(method)'", at: s)
            return nil
        }
        var tunnelType = "ipip"
        var port: Int? = nil
        var checksum = LVSTunnelChecksum.none
        var i = 1
        let words = s.arguments
        while i < words.count {
            switch words[i] {
            case "type":
                guard i + 1 < words.count else {
                    reader.error("'\(s.keyword)': 'type' needs ipip, gue or gre", at: s)
                    return nil
                }
                guard ["ipip", "gue", "gre"].contains(words[i + 1]) else {
                    reader.error("'\(s.keyword)': unknown tunnel type '\(words[i + 1])' (ipip, gue or gre)", at: s)
                    return nil
                }
                tunnelType = words[i + 1]
                i += 2
            case "port":
                guard i + 1 < words.count else {
                    reader.error("'\(s.keyword)': 'port' needs a value", at: s)
                    return nil
                }
                guard let p = reader.integer(words[i + 1], at: s.location, in: 1...65535, what: "\(s.keyword) port") else { return nil }
                port = p
                i += 2
            case "nocsum", "csum", "remcsum":
                checksum = LVSTunnelChecksum(rawValue: words[i])!
                i += 1
            default:
                reader.error("'\(s.keyword)': unknown tunnel option '\(words[i])'", at: s)
                return nil
            }
        }
        if (tunnelType == "gue") != (port != nil) {
            reader.error("'\(s.keyword)': a gue tunnel needs a port, and only gue takes one", at: s)
            return nil
        }
        if tunnelType == "ipip" && checksum != .none {
            reader.error("'\(s.keyword)': ipip tunnels take no checksum option", at: s)
            return nil
        }
        if tunnelType == "gre" && checksum == .remoteChecksum {
            reader.error("'\(s.keyword)': gre tunnels do not support remcsum", at: s)
            return nil
        }
        guard case .tunnel = result else {
            if words.count > 1 {
                reader.diagnostics.note("'\(s.keyword)': tunnel options only apply to TUN; ignoring them", at: s.location)
            }
            return result
        }
        let type: LVSTunnelType
        switch tunnelType {
        case "gue": type = .gue(port: port!)
        case "gre": type = .gre
        default: type = .ipip
        }
        return .tunnel(LVSTunnel(type: type, checksum: checksum))
    }
}
