/// How configurations are read and reloaded (`reload_check_config`, `reload_time_file`,
/// `config_save_dir`, `include_check`, `random_seed`, ...).
public struct ReloadSettings: Hashable, Sendable {
    /// `reload_check_config [LOG_FILE]`: test a new configuration before reloading with it.
    public var checkConfigBeforeReload = false
    /// The log file of `reload_check_config`; nil logs as usual.
    public var checkConfigLogFile: String? = nil
    /// `reload_time_file PATH`: a file holding the time of a scheduled reload.
    public var reloadTimeFile: String? = nil
    /// `reload_repeat`: keep the time file and reload every day at that time.
    public var reloadRepeat = false
    /// `reload_file [PATH]`: a file present while the configuration is being read.
    public var reloadFile: ReloadFile? = nil
    /// `config_save_dir DIR`: save the configuration before and after each reload.
    public var configSaveDirectory: String? = nil
    /// `tmp_config_directory DIR`: where the consolidated copy of the configuration is kept.
    public var temporaryConfigDirectory: String? = nil
    /// `include_check [OPTIONS]`: missing include files become errors.
    public var includeCheck: IncludeChecks = []
    /// `data_use_instance [BOOL]`: the instance name in the data dump file names.
    public var dataUseInstance = false
    /// `random_seed N`: the seed of `${_RANDOM}`; nil seeds from the clock.
    public var randomSeed: Int? = nil

    public init() {}
}

/// `reload_file`: where the reload marker file is.
public enum ReloadFile: Hashable, Sendable {
    /// `reload_file` alone: keepalived.reload in the pid directory.
    case inPIDDirectory
    case path(String)
}

/// The `include_check` checks.
public struct IncludeChecks: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A matching file must be readable.
    public static let readable = IncludeChecks(rawValue: 1)
    /// Something must match (unless the pattern has a wildcard).
    public static let match = IncludeChecks(rawValue: 2)
    /// Something must match, even a wildcard pattern.
    public static let wildcardMatch = IncludeChecks(rawValue: 4)
    /// Each brace alternative must match.
    public static let braceMatch = IncludeChecks(rawValue: 8)
    public static let all: IncludeChecks = [.readable, .match, .wildcardMatch, .braceMatch]

    /// Each name's own check; adding any check also adds `readable`.
    static let names: [String: IncludeChecks] = [
        "readable": .readable, "match": .match, "wildcard_match": .wildcardMatch, "brace_match": .braceMatch,
    ]
}

extension GlobalDefinitions {
    static let reloadKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("reload_check_config", .between(0, 1), "test a new configuration before reloading [LOG_FILE]") { g, s, _ in
            g.reload.checkConfigBeforeReload = true
            g.reload.checkConfigLogFile = s.arguments.first
        },
        Keyword("reload_time_file", .exactly(1), "file holding the time of a scheduled reload") { g, s, _ in
            g.reload.reloadTimeFile = s.arguments[0]
        },
        Keyword("reload_repeat", .flag, "reload daily at the time in reload_time_file") { g, _, _ in
            g.reload.reloadRepeat = true
        },
        Keyword("reload_file", .between(0, 1), "marker file present while the configuration is read [PATH]") { g, s, _ in
            g.reload.reloadFile = s.arguments.first.map { .path($0) } ?? .inPIDDirectory
        },
        Keyword("config_save_dir", .exactly(1), "directory to save the configuration in around reloads") { g, s, _ in
            g.reload.configSaveDirectory = s.arguments[0]
        },
        Keyword("tmp_config_directory", .exactly(1), "directory for the consolidated configuration copy") { g, s, _ in
            g.reload.temporaryConfigDirectory = s.arguments[0]
        },
        Keyword("include_check", .atLeast(0), "make missing include files errors: [+|-]readable|match|wildcard_match|brace_match") { g, s, r in
            if let v = includeChecks(s, current: g.reload.includeCheck, reader: &r) { g.reload.includeCheck = v }
        },
        Keyword("data_use_instance", .optionalBool, "instance name in the data dump file names") { g, s, r in
            if let v = r.optionalBool(s) { g.reload.dataUseInstance = v }
        },
        Keyword("random_seed", .exactly(1), "seed of ${_RANDOM}") { g, s, r in
            if let v = r.integer(s, in: 0...Int(UInt32.max)) { g.reload.randomSeed = v }
        },
    ]

    /// No word sets every check; a word sets its checks, `+word` adds, `-word` removes.
    static func includeChecks(_ s: Statement, current: IncludeChecks, reader r: inout ConfigReader) -> IncludeChecks? {
        guard !s.arguments.isEmpty else { return .all }
        var result = current
        var replaced = false
        for word in s.arguments {
            var name = Substring(word)
            var sign: Character? = nil
            if let first = name.first, first == "+" || first == "-" { sign = first; name = name.dropFirst() }
            guard let checks = IncludeChecks.names[String(name)] else {
                r.warning("'include_check': unknown check '\(word)' ignored; use readable, match, wildcard_match or brace_match", at: s)
                continue
            }
            switch sign {
            case "+": result.formUnion(checks.union(.readable))
            case "-": result.subtract(checks)
            default:
                if !replaced { result = []; replaced = true }
                result.formUnion(checks.union(.readable))
            }
        }
        return result
    }
}
