/// A script keepalived runs on an event, with the user and group to run it as.
///
/// Used by the notify keywords of instances and sync groups; when no user is given keepalived
/// uses the global `script_user`.
public struct NotifyScript: Hashable, Sendable {
    /// The command as written: a path, or a quoted string holding a path and its arguments.
    public var command: String
    public var user: String?
    public var group: String?

    public init(command: String, user: String? = nil, group: String? = nil) {
        self.command = command
        self.user = user
        self.group = group
    }
}

/// The scripts an instance or sync group runs on state changes.
public struct VRRPNotifyScripts: Hashable, Sendable {
    public var master: NotifyScript? = nil
    public var backup: NotifyScript? = nil
    public var fault: NotifyScript? = nil
    public var stop: NotifyScript? = nil
    /// `notify_deleted SCRIPT` (instances only).
    public var deleted: NotifyScript? = nil
    /// `notify`: run on every change, with the new state as arguments.
    public var any: NotifyScript? = nil
    /// `notify_master_rx_lower_pri` (instances only): a master heard a lower priority advert.
    public var masterReceivedLowerPriority: NotifyScript? = nil

    public init() {}

    public var isEmpty: Bool { self == VRRPNotifyScripts() }
}
