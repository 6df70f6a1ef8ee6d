/// `track_group NAME { group { ... } }`: the instances that go to fault when a static
/// address, route or rule naming this group (`track_group NAME`) disappears.
public struct StaticTrackGroup: Hashable, Sendable {
    public var name: String
    /// The vrrp_instance names.
    public var members: [String] = []
    /// Where the block was opened.
    public var source = VRRPSourceMark()

    public init(name: String) { self.name = name }

    static let table = KeywordTable<StaticTrackGroup>("track_group", [
        Keyword("group", .block, "the vrrp_instance names") { g, s, reader in
            for (word, location) in s.blockWords {
                if g.members.contains(word) {
                    reader.diagnostics.warning("track_group \(g.name): instance \(word) is listed twice", at: location)
                } else {
                    g.members.append(word)
                }
            }
        },
    ])
}
