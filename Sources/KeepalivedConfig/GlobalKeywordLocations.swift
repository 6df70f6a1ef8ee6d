/// Where each `global_defs` and top-level daemon keyword was first written, so that
/// validation after parsing can point at the line it is about.
///
/// It never takes part in equality or hashing: moving a line does not change the
/// configuration, so a reload must not see a difference.
public struct KeywordLocations: Hashable, Sendable {
    private var byKeyword: [String: SourceLocation] = [:]

    public init() {}

    /// The location of the first statement with that keyword, if any.
    public subscript(keyword: String) -> SourceLocation? { byKeyword[keyword] }

    /// Records each statement's location unless its keyword was seen before.
    mutating func recordFirst(_ statements: [Statement]) {
        for s in statements where byKeyword[s.keyword] == nil {
            byKeyword[s.keyword] = s.location
        }
    }

    public static func == (lhs: KeywordLocations, rhs: KeywordLocations) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
