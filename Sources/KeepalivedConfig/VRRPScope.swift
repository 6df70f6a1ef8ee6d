/// The scope of an address or route (`scope link`), as the kernel numbers it.
///
/// Addresses and routes share the scope table (`/etc/iproute2/rt_scopes`): names for the
/// usual values, any number 0...255 otherwise.
public struct VRRPScope: Hashable, Sendable, CustomStringConvertible {
    public var value: Int

    public init(_ value: Int) { self.value = value }

    public static let global = VRRPScope(0)
    public static let site = VRRPScope(200)
    public static let link = VRRPScope(253)
    public static let host = VRRPScope(254)
    public static let nowhere = VRRPScope(255)

    static let names: [String: VRRPScope] = [
        "global": .global, "universe": .global, "site": .site, "link": .link, "host": .host, "nowhere": .nowhere,
    ]

    /// A scope name or number 0...255; nil for anything else.
    public init?(text: String) {
        if let named = VRRPScope.names[text] { self = named; return }
        guard let v = parseVRRPDecimal(text), (0...255).contains(v), !text.hasPrefix("-") else { return nil }
        self.init(v)
    }

    public var description: String {
        VRRPScope.names.first { $0.value == self && $0.key != "universe" }?.key ?? String(value)
    }
}
