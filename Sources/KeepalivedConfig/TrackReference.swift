/// One line of a `track_interface` block: an interface whose link state moves the instance.
///
/// With weight 0 (the default) the instance goes to fault while the interface is down;
/// otherwise the weight is added to (or, with `reverse`, taken from) the priority.
public struct TrackedInterface: Hashable, Sendable {
    public var name: String
    /// -253...253.
    public var weight = 0
    public var reverse = false
    /// Where the line was written.
    public var source = VRRPSourceMark()

    public init(name: String, weight: Int = 0, reverse: Bool = false) {
        self.name = name
        self.weight = weight
        self.reverse = reverse
    }
}

/// One line of a `track_script`, `track_file`, `track_process` or `track_bfd` block: the name
/// of a tracked object, optionally overriding its weight and direction.
public struct TrackReference: Hashable, Sendable {
    public var name: String
    /// nil: use the weight configured on the tracked object.
    public var weight: Int? = nil
    /// `reverse` / `noreverse`; nil: use the tracked object's setting.
    public var reverse: Bool? = nil

    public init(name: String, weight: Int? = nil, reverse: Bool? = nil) {
        self.name = name
        self.weight = weight
        self.reverse = reverse
    }
}

/// The kinds of tracked object an instance or sync group can name, with their weight limits.
enum TrackedKind {
    case script, file, process, bfd

    var keyword: String {
        switch self {
        case .script: return "track_script"
        case .file: return "track_file"
        case .process: return "track_process"
        case .bfd: return "track_bfd"
        }
    }

    var definingBlock: String {
        switch self {
        case .script: return "vrrp_script"
        case .file: return "track_file"
        case .process: return "vrrp_track_process"
        case .bfd: return "bfd_instance"
        }
    }

    var weightRange: ClosedRange<Int> {
        switch self {
        case .script, .bfd: return -253...253
        case .file, .process: return -254...254
        }
    }
}

/// The names of tracked objects defined so far: keepalived resolves a reference when it reads
/// it, so an object must be defined before the instance or sync group that tracks it.
struct TrackedNames: Sendable {
    var scripts: Set<String> = []
    var files: Set<String> = []
    var processes: Set<String> = []
    /// `bfd_instance` blocks (read with global_defs).
    var bfds: Set<String> = []

    init() {}

    init(_ config: KeepalivedConfiguration) {
        scripts = Set(config.vrrp.scripts.map(\.name))
        files = Set(config.vrrp.trackFiles.map(\.name))
        processes = Set(config.vrrp.trackProcesses.map(\.name))
        bfds = Set(config.global.bfdInstances.map(\.name))
    }

    func contains(_ name: String, _ kind: TrackedKind) -> Bool {
        switch kind {
        case .script: return scripts.contains(name)
        case .file: return files.contains(name)
        case .process: return processes.contains(name)
        case .bfd: return bfds.contains(name)
        }
    }
}

enum TrackingParser {
    /// Reads a `track_interface` block; duplicates are reported and skipped.
    static func interfaces(_ s: Statement, owner: String, reader: inout ConfigReader) -> [TrackedInterface] {
        var out: [TrackedInterface] = []
        for line in s.block ?? [] {
            var t = TrackedInterface(name: line.keyword)
            t.source = VRRPSourceMark(line.location)
            var args = line.arguments[...]
            if let first = args.first {
                guard first == "weight" else {
                    reader.warning("'track_interface' \(line.keyword): unknown option '\(first)' ignored", at: line)
                    out.append(t)
                    continue
                }
                args = args.dropFirst()
                guard let text = args.first else {
                    reader.error("'track_interface' \(line.keyword): 'weight' needs a value", at: line)
                    continue
                }
                args = args.dropFirst()
                guard var w = reader.vrrpDecimal(text, at: line.location, in: -254...254, what: "track_interface \(line.keyword) weight") else { continue }
                if abs(w) == 254 {
                    reader.warning("'track_interface' \(line.keyword): weight \(w) is not allowed, using \(w > 0 ? 253 : -253)", at: line)
                    w = w > 0 ? 253 : -253
                }
                t.weight = w
                if let option = args.first {
                    args = args.dropFirst()
                    switch option {
                    case "reverse": t.reverse = true
                    case "noreverse", "no_reverse": t.reverse = false
                    default: reader.warning("'track_interface' \(line.keyword): unknown weight option '\(option)' ignored", at: line)
                    }
                }
                if !args.isEmpty {
                    reader.warning("'track_interface' \(line.keyword): ignoring '\(args.joined(separator: " "))'", at: line)
                }
            }
            if out.contains(where: { $0.name == t.name }) {
                reader.warning("\(owner): duplicate track_interface \(t.name) ignored", at: line)
                continue
            }
            out.append(t)
        }
        return out
    }

    /// Reads a `track_script`/`track_file`/`track_process`/`track_bfd` block. Names that are not
    /// defined yet, and duplicates, are reported and skipped.
    static func references(_ s: Statement, kind: TrackedKind, owner: String, defined: TrackedNames,
                           reader: inout ConfigReader) -> [TrackReference] {
        var out: [TrackReference] = []
        for line in s.block ?? [] {
            var ref = TrackReference(name: line.keyword)
            var args = line.arguments[...]
            var usable = true
            if let first = args.first {
                if first == "weight" {
                    args = args.dropFirst()
                    if let text = args.first {
                        args = args.dropFirst()
                        if let w = reader.vrrpDecimal(text, at: line.location, in: kind.weightRange, what: "\(kind.keyword) \(line.keyword) weight") {
                            ref.weight = w
                        } else {
                            usable = false
                        }
                    } else {
                        reader.error("'\(kind.keyword)' \(line.keyword): 'weight' needs a value", at: line)
                        usable = false
                    }
                }
                if let option = args.first {
                    args = args.dropFirst()
                    switch option {
                    case "reverse": ref.reverse = true
                    case "noreverse", "no_reverse": ref.reverse = false
                    default: reader.warning("'\(kind.keyword)' \(line.keyword): unknown option '\(option)' ignored", at: line)
                    }
                }
                if !args.isEmpty {
                    reader.warning("'\(kind.keyword)' \(line.keyword): ignoring '\(args.joined(separator: " "))'", at: line)
                }
            }
            guard usable else { continue }
            if !defined.contains(ref.name, kind) {
                reader.error("\(owner): \(kind.keyword) '\(ref.name)' is not a \(kind.definingBlock) defined before this point", at: line)
                continue
            }
            if out.contains(where: { $0.name == ref.name }) {
                reader.warning("\(owner): duplicate \(kind.keyword) '\(ref.name)' ignored", at: line)
                continue
            }
            out.append(ref)
        }
        return out
    }
}
