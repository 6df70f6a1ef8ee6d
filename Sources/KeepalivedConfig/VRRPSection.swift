/// Everything the VRRP child owns: tracked objects, sync groups, instances, and the static
/// addresses, routes and rules it keeps on the machine.
///
/// Named things are arrays in configuration order with unique names.
public struct VRRPSection: Hashable, Sendable {
    /// `vrrp_script` blocks.
    public var scripts: [VRRPScript] = []
    /// `track_file` (or `vrrp_track_file`) blocks; real servers can track them too.
    public var trackFiles: [TrackFile] = []
    /// `vrrp_track_process` blocks.
    public var trackProcesses: [TrackProcess] = []
    /// `vrrp_sync_group` blocks.
    public var syncGroups: [VRRPSyncGroup] = []
    /// `vrrp_instance` blocks.
    public var instances: [VRRPInstance] = []
    /// `static_ipaddress`.
    public var staticAddresses: [VRRPAddress] = []
    /// `static_routes`.
    public var staticRoutes: [VRRPRoute] = []
    /// `static_rules`.
    public var staticRules: [VRRPRule] = []
    /// `track_group` blocks, named by static addresses, routes and rules.
    public var staticTrackGroups: [StaticTrackGroup] = []
    /// `garp_group` blocks.
    public var garpGroups: [VRRPGARPGroup] = []
    /// `linkbeat_interfaces`.
    public var linkbeatInterfaces: [VRRPLinkbeatInterface] = []
    /// `interface_up_down_delays`.
    public var interfaceDelays: [InterfaceDebounce] = []

    public init() {}

    public func instance(named name: String) -> VRRPInstance? { instances.first { $0.name == name } }
    public func script(named name: String) -> VRRPScript? { scripts.first { $0.name == name } }
    public func trackFile(named name: String) -> TrackFile? { trackFiles.first { $0.name == name } }
    public func trackProcess(named name: String) -> TrackProcess? { trackProcesses.first { $0.name == name } }
    public func syncGroup(named name: String) -> VRRPSyncGroup? { syncGroups.first { $0.name == name } }
    /// The sync group an instance belongs to, if any.
    public func syncGroup(containing instance: String) -> VRRPSyncGroup? { syncGroups.first { $0.members.contains(instance) } }

    // MARK: top level

    /// The block's single name: keepalived skips a block with none, or with more than one word.
    static func blockName(_ s: Statement, reader: inout ConfigReader) -> String? {
        guard s.arguments.count == 1 else {
            reader.error("'\(s.keyword)' needs exactly one name", at: s)
            return nil
        }
        return s.arguments[0]
    }

    static func duplicate(_ s: Statement, _ name: String, _ exists: Bool, reader: inout ConfigReader) -> Bool {
        if exists { reader.error("\(s.keyword) \(name) is already defined; this one is ignored", at: s) }
        return exists
    }

    static func trackFileKeyword(_ keyword: String, _ summary: String) -> Keyword<KeepalivedConfiguration> {
        Keyword(keyword, .namedBlock(1), summary) { config, s, reader in
            guard let name = blockName(s, reader: &reader),
                  !duplicate(s, name, config.vrrp.trackFile(named: name) != nil, reader: &reader) else { return }
            var file = TrackFile(name: name)
            file.source = VRRPSourceMark(s.location)
            TrackFileKeywords.table.apply(s.block ?? [], to: &file, reader: &reader)
            guard file.path != nil else {
                reader.error("track_file \(name) has no 'file'; it is ignored", at: s)
                return
            }
            config.vrrp.trackFiles.append(file)
        }
    }

    /// Reads a static block's lines and checks their `track_group` names against the groups
    /// defined so far (keepalived resolves them as it reads).
    static func staticLines<T>(_ s: Statement, config: KeepalivedConfiguration, reader: inout ConfigReader,
                               parse: (Statement, inout ConfigReader) -> T?, trackGroup: (T) -> String?) -> [T] {
        var out: [T] = []
        for line in s.block ?? [] {
            guard let item = parse(line, &reader) else { continue }
            if let group = trackGroup(item), !config.vrrp.staticTrackGroups.contains(where: { $0.name == group }) {
                reader.error("\(s.keyword): track_group '\(group)' is not defined before this point", at: line)
                continue
            }
            out.append(item)
        }
        return out
    }

    static let topLevelKeywords: [Keyword<KeepalivedConfiguration>] = [
        InterfaceDebounce.keyword,
        Keyword("vrrp_script", .namedBlock(1), "a command whose exit status instances track") { config, s, reader in
            guard let name = blockName(s, reader: &reader),
                  !duplicate(s, name, config.vrrp.script(named: name) != nil, reader: &reader) else { return }
            var script = VRRPScript(name: name)
            script.source = VRRPSourceMark(s.location)
            VRRPScriptKeywords.table.apply(s.block ?? [], to: &script, reader: &reader)
            guard script.command != nil else {
                reader.error("vrrp_script \(name) has no 'script'; it is ignored", at: s)
                return
            }
            config.vrrp.scripts.append(script)
        },
        trackFileKeyword("track_file", "a file holding a number that instances and real servers track"),
        trackFileKeyword("vrrp_track_file", "older name of track_file"),
        Keyword("vrrp_track_process", .namedBlock(1), "a process whose presence instances track") { config, s, reader in
            guard let name = blockName(s, reader: &reader),
                  !duplicate(s, name, config.vrrp.trackProcess(named: name) != nil, reader: &reader) else { return }
            var process = TrackProcess(name: name)
            process.source = VRRPSourceMark(s.location)
            TrackProcessKeywords.table.apply(s.block ?? [], to: &process, reader: &reader)
            guard process.processName != nil else {
                reader.error("vrrp_track_process \(name) has no 'process'; it is ignored", at: s)
                return
            }
            if let high = process.quorumMax, high < process.quorum {
                reader.warning("vrrp_track_process \(name): quorum_max \(high) is less than quorum \(process.quorum); quorum_max is ignored", at: s)
                process.quorumMax = nil
            }
            config.vrrp.trackProcesses.append(process)
        },
        Keyword("vrrp_sync_group", .namedBlock(1), "instances that change state together") { config, s, reader in
            guard let name = blockName(s, reader: &reader),
                  !duplicate(s, name, config.vrrp.syncGroup(named: name) != nil, reader: &reader) else { return }
            var builder = VRRPSyncGroupBuilder(group: VRRPSyncGroup(name: name), defined: TrackedNames(config))
            builder.group.source = VRRPSourceMark(s.location)
            VRRPSyncGroupKeywords.table.apply(s.block ?? [], to: &builder, reader: &reader)
            config.vrrp.syncGroups.append(builder.group)
        },
        Keyword("vrrp_instance", .namedBlock(1), "a virtual router") { config, s, reader in
            guard let name = blockName(s, reader: &reader),
                  !duplicate(s, name, config.vrrp.instance(named: name) != nil, reader: &reader) else { return }
            var builder = VRRPInstanceBuilder(instance: VRRPInstance(name: name), defined: TrackedNames(config))
            builder.instance.source = VRRPSourceMark(s.location)
            VRRPInstanceKeywords.table.apply(s.block ?? [], to: &builder, reader: &reader)
            config.vrrp.instances.append(builder.instance)
        },
        Keyword("static_ipaddress", .block, "addresses kept on the machine") { config, s, reader in
            config.vrrp.staticAddresses += staticLines(s, config: config, reader: &reader,
                                                       parse: { VRRPAddress.parse($0, in: .statics, reader: &$1) }, trackGroup: \.trackGroup)
        },
        Keyword("static_routes", .block, "routes kept on the machine") { config, s, reader in
            config.vrrp.staticRoutes += staticLines(s, config: config, reader: &reader,
                                                    parse: { VRRPRoute.parse($0, isStatic: true, reader: &$1) }, trackGroup: \.trackGroup)
        },
        Keyword("static_rules", .block, "policy routing rules kept on the machine") { config, s, reader in
            config.vrrp.staticRules += staticLines(s, config: config, reader: &reader,
                                                   parse: { VRRPRule.parse($0, isStatic: true, reader: &$1) }, trackGroup: \.trackGroup)
        },
        Keyword("track_group", .namedBlock(1), "instances that fault when a static address, route or rule is lost") { config, s, reader in
            guard let name = blockName(s, reader: &reader),
                  !duplicate(s, name, config.vrrp.staticTrackGroups.contains { $0.name == name }, reader: &reader) else { return }
            var group = StaticTrackGroup(name: name)
            group.source = VRRPSourceMark(s.location)
            StaticTrackGroup.table.apply(s.block ?? [], to: &group, reader: &reader)
            config.vrrp.staticTrackGroups.append(group)
        },
        Keyword("garp_group", .block, "rate limits for gratuitous ARP / NA on interfaces") { config, s, reader in
            var group = VRRPGARPGroup()
            group.source = VRRPSourceMark(s.location)
            VRRPGARPGroup.table.apply(s.block ?? [], to: &group, reader: &reader)
            for name in group.interfaces where config.vrrp.garpGroups.contains(where: { $0.interfaces.contains(name) }) {
                reader.error("garp_group: interface \(name) is already in another garp_group", at: s)
                return
            }
            config.vrrp.garpGroups.append(group)
        },
        Keyword("linkbeat_interfaces", .block, "interfaces whose link state is polled") { config, s, reader in
            config.vrrp.linkbeatInterfaces += VRRPLinkbeatInterface.parse(s, reader: &reader)
        },
    ]

    func validate(global: GlobalDefinitions, diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {
        VRRPValidator(section: self, defaults: VRRPGlobalDefaults(global), environment: environment).run(&diagnostics)
    }
}
