/// `vrrp_sync_group NAME { ... }`: instances that change state together, so that a router
/// is master for all of them or for none.
public struct VRRPSyncGroup: Hashable, Sendable {
    public var name: String
    /// `group { ... }`: the member instance names. An instance may be in one group only.
    public var members: [String] = []
    public var notify = VRRPNotifyScripts()
    /// `notify_priority_changes [BOOL]`; nil: global.
    public var notifyPriorityChanges: Bool? = nil
    /// `smtp_alert [BOOL]`; nil: global.
    public var smtpAlert: Bool? = nil
    public var trackInterfaces: [TrackedInterface] = []
    public var trackScripts: [TrackReference] = []
    public var trackFiles: [TrackReference] = []
    public var trackProcesses: [TrackReference] = []
    public var trackBFDs: [TrackReference] = []
    /// `sync_group_tracking_weight` (or the deprecated `global_tracking`): let members keep
    /// tracking weights, which are otherwise ignored in a group.
    public var allowTrackingWeights = false
    /// Where the block was opened.
    public var source = VRRPSourceMark()
    /// Where `group` was written (for member diagnostics).
    public var membersSource = VRRPSourceMark()

    public init(name: String) { self.name = name }
}

/// A sync group being read, with the tracked objects defined before it.
struct VRRPSyncGroupBuilder: Sendable {
    var group: VRRPSyncGroup
    let defined: TrackedNames

    var owner: String { "vrrp_sync_group \(group.name)" }

    mutating func setNotify(_ path: WritableKeyPath<VRRPNotifyScripts, NotifyScript?> & Sendable, _ s: Statement, reader: inout ConfigReader) {
        if group.notify[keyPath: path] != nil {
            reader.warning("\(owner): '\(s.keyword)' is already set; ignoring this one", at: s)
            return
        }
        group.notify[keyPath: path] = reader.vrrpNotifyScript(s)
    }
}

enum VRRPSyncGroupKeywords {
    typealias K = Keyword<VRRPSyncGroupBuilder>

    static func notifyKeyword(_ name: String, _ path: WritableKeyPath<VRRPNotifyScripts, NotifyScript?> & Sendable, _ summary: String) -> K {
        K(name, .between(1, 3), summary) { b, s, reader in b.setNotify(path, s, reader: &reader) }
    }

    static func tracking(_ name: String, _ kind: TrackedKind, _ path: WritableKeyPath<VRRPSyncGroup, [TrackReference]> & Sendable, _ summary: String) -> K {
        K(name, .block, summary) { b, s, reader in
            b.group[keyPath: path] += TrackingParser.references(s, kind: kind, owner: b.owner, defined: b.defined, reader: &reader)
        }
    }

    static let table = KeywordTable<VRRPSyncGroupBuilder>("vrrp_sync_group", [
        K("group", .block, "the member vrrp_instance names") { b, s, reader in
            guard b.group.members.isEmpty else {
                reader.warning("\(b.owner): 'group' is already set; ignoring this one", at: s)
                return
            }
            b.group.membersSource = VRRPSourceMark(s.location)
            for (word, location) in s.blockWords {
                if b.group.members.contains(word) {
                    reader.diagnostics.warning("\(b.owner): instance \(word) is listed twice", at: location)
                    continue
                }
                b.group.members.append(word)
            }
        },
        notifyKeyword("notify_master", \.master, "script run when the group becomes master [user [group]]"),
        notifyKeyword("notify_backup", \.backup, "script run when the group becomes backup [user [group]]"),
        notifyKeyword("notify_fault", \.fault, "script run when the group enters fault [user [group]]"),
        notifyKeyword("notify_stop", \.stop, "script run when the group stops [user [group]]"),
        notifyKeyword("notify", \.any, "script run on every change, with the new state [user [group]]"),
        K("notify_priority_changes", .optionalBool, "report priority changes on the notify FIFO [BOOL]") { b, s, reader in
            if let v = reader.vrrpFlag(s) { b.group.notifyPriorityChanges = v }
        },
        K("smtp_alert", .optionalBool, "send mail on state changes [BOOL]") { b, s, reader in
            if let v = reader.vrrpFlag(s) { b.group.smtpAlert = v }
        },
        K("track_interface", .block, "interfaces every member tracks: NAME [weight N [reverse]]") { b, s, reader in
            b.group.trackInterfaces += TrackingParser.interfaces(s, owner: b.owner, reader: &reader)
        },
        tracking("track_script", .script, \.trackScripts, "vrrp_scripts every member tracks"),
        tracking("track_file", .file, \.trackFiles, "track_files every member tracks"),
        tracking("track_process", .process, \.trackProcesses, "vrrp_track_processes every member tracks"),
        tracking("track_bfd", .bfd, \.trackBFDs, "bfd_instances every member tracks"),
        K("sync_group_tracking_weight", .flag, "let members keep their tracking weights") { b, _, _ in
            b.group.allowTrackingWeights = true
        },
        K("global_tracking", .flag, "deprecated spelling of sync_group_tracking_weight") { b, s, reader in
            reader.warning("'global_tracking' is deprecated; track on the sync group, or use 'sync_group_tracking_weight'", at: s)
            b.group.allowTrackingWeights = true
        },
    ])
}
