/// `track_file NAME { ... }` (also spelled `vrrp_track_file`): a file holding a number that
/// VRRP instances, sync groups and real servers track.
///
/// With weight 0 a non-zero value is a failure; otherwise value × weight moves the priority.
public struct TrackFile: Hashable, Sendable {
    public var name: String
    /// `file`: the path to watch. Required.
    public var path: String? = nil
    /// `weight` -254...254 (default 1).
    public var weight = 1
    public var reverse = false
    /// `init_file [VALUE] [overwrite]`: create the file at start-up.
    public var initialization: TrackFileInitialization? = nil
    /// Where the block was opened.
    public var source = VRRPSourceMark()

    public init(name: String) { self.name = name }
}

/// What `init_file` asks for: the value to write, and whether to replace an existing file.
public struct TrackFileInitialization: Hashable, Sendable {
    public var value = 0
    public var overwrite = false

    public init(value: Int = 0, overwrite: Bool = false) {
        self.value = value
        self.overwrite = overwrite
    }
}

enum TrackFileKeywords {
    static let table = KeywordTable<TrackFile>("track_file", [
        Keyword("file", .exactly(1), "the file to watch") { f, s, _ in f.path = s.arguments[0] },
        Keyword("weight", .between(1, 2), "multiplier -254...254 for the value [reverse] (default 1)") { f, s, reader in
            guard let w = reader.vrrpDecimal(s, in: -254...254) else { return }
            f.weight = w
            if s.arguments.count > 1 {
                switch s.arguments[1] {
                case "reverse": f.reverse = true
                case "noreverse", "no_reverse": f.reverse = false
                default: reader.error("'weight': unknown option '\(s.arguments[1])'", at: s)
                }
            }
        },
        Keyword("init_file", .between(0, 2), "create the file with VALUE (default 0) [overwrite]") { f, s, reader in
            var initialization = TrackFileInitialization()
            for word in s.arguments {
                if word == "overwrite" {
                    initialization.overwrite = true
                } else if let n = parseVRRPDecimal(word), (Int(Int32.min)...Int(Int32.max)).contains(n) {
                    initialization.value = n
                } else {
                    reader.error("'init_file': unknown option '\(word)'", at: s)
                    return
                }
            }
            f.initialization = initialization
        },
    ])
}
