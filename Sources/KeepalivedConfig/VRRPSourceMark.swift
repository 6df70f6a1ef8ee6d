/// Where a VRRP value was written, kept so that validation can point at the line.
///
/// It takes no part in `==` or hashing: moving a line must not make a reload see a changed
/// instance, route or address.
public struct VRRPSourceMark: Hashable, Sendable {
    public var location: SourceLocation?

    public init(_ location: SourceLocation? = nil) { self.location = location }

    public static func == (lhs: VRRPSourceMark, rhs: VRRPSourceMark) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
