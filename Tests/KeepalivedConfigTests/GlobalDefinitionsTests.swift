import Testing
@testable import KeepalivedConfig

// MARK: - helpers

/// `global_defs` holding `body`: its first line is line 2 of the file.
private func globalDefs(_ body: String) -> String { "global_defs {\n\(body)\n}\n" }

private func load(_ text: String, environment: ValidationEnvironment = .permissive) -> LoadedConfiguration {
    ConfigurationLoader.parse(text: text, environment: environment)
}

private func global(_ body: String) -> LoadedConfiguration { load(globalDefs(body)) }

private func has(_ r: LoadedConfiguration, line: Int, _ severity: Severity, _ fragment: String) -> Bool {
    r.diagnostics.all.contains { $0.location?.line == line && $0.severity == severity && $0.message.contains(fragment) }
}

private func ip(_ s: String) -> IPAddress { IPAddress(s)! }

/// One global_defs line and what it must do to the model. `clean` says whether the line is
/// accepted without anything that fails a config test.
struct GlobalLineCase: Sendable, CustomTestStringConvertible {
    let line: String
    let clean: Bool
    let check: @Sendable (GlobalDefinitions) -> Bool
    init(_ line: String, clean: Bool = true, _ check: @escaping @Sendable (GlobalDefinitions) -> Bool) {
        self.line = line
        self.clean = clean
        self.check = check
    }
    var keyword: String { String(line.split(separator: " ").first ?? "") }
    var testDescription: String { line }
}

/// One bad line and the diagnostic it must produce on its own line.
struct GlobalBadLineCase: Sendable, CustomTestStringConvertible {
    let line: String
    let severity: Severity
    let fragment: String
    init(_ line: String, _ severity: Severity, _ fragment: String) {
        self.line = line
        self.severity = severity
        self.fragment = fragment
    }
    init(_ line: String, _ fragment: String) { self.init(line, .error, fragment) }
    var testDescription: String { line }
}

// MARK: - the keyword list

/// Every keyword keepalived 2.2.7 accepts in global_defs (taken from the Debian build, plus
/// `vrrp_ipsets`, which builds with libipset accept).
private let keepalivedGlobalKeywords: [String] = """
bfd_cpu_affinity bfd_no_swap bfd_priority bfd_process_name bfd_rlimit_rtime bfd_rlimit_rttime bfd_rt_priority
checker_cpu_affinity checker_log_all_failures checker_no_swap checker_priority checker_process_name
checker_rlimit_rtime checker_rlimit_rttime checker_rt_priority config_save_dir data_use_instance dbus_service_name
default_interface disable_local_igmp dynamic_interfaces enable_dbus enable_script_security enable_snmp_checker
enable_snmp_keepalived enable_snmp_rfc enable_snmp_rfcv2 enable_snmp_rfcv3 enable_snmp_vrrp enable_traps
fifo_write_vrrp_states_on_reload include_check log_unknown_vrids lvs_flush lvs_flush_on_stop lvs_flush_onstop
lvs_netlink_cmd_rcv_bufs lvs_netlink_cmd_rcv_bufs_force lvs_netlink_monitor_rcv_bufs lvs_netlink_monitor_rcv_bufs_force
lvs_notify_fifo lvs_notify_fifo_script lvs_process_name lvs_sync_daemon lvs_timeouts max_auto_priority
min_auto_priority_delay nftables nftables_counters nftables_ifindex nftables_ipvs nftables_ipvs_priority
nftables_ipvs_start_fwmark nftables_priority no_checker_emails no_email_faults notification_email
notification_email_from notify_fifo notify_fifo_script process_monitor_rcv_bufs process_monitor_rcv_bufs_force
process_name process_names random_seed reload_check_config reload_file reload_repeat reload_time_file router_id
rs_init_notifies script_user shutdown_script shutdown_script_timeout smtp_alert smtp_alert_checker smtp_alert_vrrp
smtp_connect_timeout smtp_helo_name smtp_server snmp_socket startup_script startup_script_timeout
tmp_config_directory umask vmac_addr_prefix vmac_prefix vrrp_check_unicast_src vrrp_cpu_affinity
vrrp_down_timer_adverts vrrp_garp_extra_if vrrp_garp_interval vrrp_garp_lower_prio_delay vrrp_garp_lower_prio_repeat
vrrp_garp_master_delay vrrp_garp_master_refresh vrrp_garp_master_refresh_repeat vrrp_garp_master_repeat
vrrp_gna_interval vrrp_higher_prio_send_advert vrrp_ipsets vrrp_iptables vrrp_lower_prio_no_advert vrrp_mcast_group4
vrrp_mcast_group6 vrrp_min_garp vrrp_netlink_cmd_rcv_bufs vrrp_netlink_cmd_rcv_bufs_force vrrp_netlink_monitor_rcv_bufs
vrrp_netlink_monitor_rcv_bufs_force vrrp_no_swap vrrp_notify_fifo vrrp_notify_fifo_script vrrp_notify_priority_changes
vrrp_priority vrrp_process_name vrrp_rlimit_rtime vrrp_rlimit_rttime vrrp_rt_priority vrrp_rx_bufs_multiplier
vrrp_rx_bufs_policy vrrp_skip_check_adv_addr vrrp_startup_delay vrrp_strict vrrp_version vrrp_vmac_garp_intvl
""".split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

private let extensionKeywords = ["prometheus_listen", "heartbeat_timeout", "child_restart_backoff_max", "child_restart_min_uptime"]

private let daemonKeywords = ["net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance",
                              "use_pid_dir", "linkbeat_use_polling", "child_wait_time", "global_defs", "bfd_instance"]

// MARK: - good lines: one or more per keyword

private let goodLines: [GlobalLineCase] = [
    // identity and mail
    GlobalLineCase("router_id lb01") { $0.routerID == "lb01" },
    GlobalLineCase("notification_email_from ka@example.com") { $0.email.from == "ka@example.com" },
    GlobalLineCase("smtp_server 192.0.2.25") { $0.email.smtpServer == SMTPServer(host: .address(ip("192.0.2.25")), port: 25) },
    GlobalLineCase("smtp_server 2001:db8::25 2525") { $0.email.smtpServer == SMTPServer(host: .address(ip("2001:db8::25")), port: 2525) },
    GlobalLineCase("smtp_server mail.example.com 587") { $0.email.smtpServer == SMTPServer(host: .name("mail.example.com"), port: 587) },
    GlobalLineCase("smtp_helo_name lb01.example.com") { $0.email.heloName == "lb01.example.com" },
    GlobalLineCase("smtp_helo_name") { $0.email.heloName == nil },
    GlobalLineCase("smtp_connect_timeout 10") { $0.email.connectTimeoutMicroseconds == 10_000_000 },
    GlobalLineCase("smtp_connect_timeout 4294") { $0.email.connectTimeoutMicroseconds == 4_294_000_000 },
    GlobalLineCase("smtp_alert") { $0.email.alert == true },
    GlobalLineCase("smtp_alert off") { $0.email.alert == false },
    GlobalLineCase("smtp_alert_vrrp no") { $0.email.alertVRRP == false },
    GlobalLineCase("smtp_alert_checker yes") { $0.email.alertChecker == true },
    GlobalLineCase("no_email_faults") { $0.email.emailFaults == false },
    GlobalLineCase("no_checker_emails") { $0.email.noCheckerEmails },
    // VRRP defaults
    GlobalLineCase("vrrp_mcast_group4 239.1.2.3") { $0.vrrp.multicastGroup4 == ip("239.1.2.3") },
    GlobalLineCase("vrrp_mcast_group4 224.0.0.19/24") { $0.vrrp.multicastGroup4 == ip("224.0.0.19") },
    GlobalLineCase("vrrp_mcast_group6 ff02::1:12") { $0.vrrp.multicastGroup6 == ip("ff02::1:12") },
    GlobalLineCase("default_interface bond0") { $0.vrrp.defaultInterface == "bond0" },
    GlobalLineCase("dynamic_interfaces") { $0.vrrp.dynamicInterfaces == .enabled },
    GlobalLineCase("dynamic_interfaces allow_if_changes") { $0.vrrp.dynamicInterfaces == .allowingChanges },
    GlobalLineCase("vrrp_garp_master_delay 0") { $0.vrrp.garpMasterDelayMicroseconds == 0 },
    GlobalLineCase("vrrp_garp_master_delay 4294") { $0.vrrp.garpMasterDelayMicroseconds == 4_294_000_000 },
    GlobalLineCase("vrrp_garp_master_repeat 4294967295") { $0.vrrp.garpMasterRepeat == 4_294_967_295 },
    GlobalLineCase("vrrp_garp_master_refresh 60") { $0.vrrp.garpMasterRefreshMicroseconds == 60_000_000 },
    GlobalLineCase("vrrp_garp_master_refresh_repeat 2") { $0.vrrp.garpMasterRefreshRepeat == 2 },
    GlobalLineCase("vrrp_garp_lower_prio_delay 10") { $0.vrrp.effectiveGARPLowerPriorityDelayMicroseconds == 10_000_000 },
    GlobalLineCase("vrrp_garp_lower_prio_repeat 0") { $0.vrrp.effectiveGARPLowerPriorityRepeat == 0 },
    GlobalLineCase("vrrp_garp_interval 0.001") { $0.vrrp.garpIntervalMicroseconds == 1_000 },
    GlobalLineCase("vrrp_garp_interval 4294.967295") { $0.vrrp.garpIntervalMicroseconds == 4_294_967_295 },
    GlobalLineCase("vrrp_gna_interval 0.000001") { $0.vrrp.gnaIntervalMicroseconds == 1 },
    GlobalLineCase("vrrp_min_garp") { $0.vrrp.minimalGARP },
    GlobalLineCase("vrrp_min_garp false") { !$0.vrrp.minimalGARP },
    GlobalLineCase("vrrp_garp_extra_if 100") { $0.vrrp.garpExtraInterfaces == GARPExtraInterfaces(intervalSeconds: 100, allInterfaces: false) },
    GlobalLineCase("vrrp_garp_extra_if all 86400") { $0.vrrp.garpExtraInterfaces == GARPExtraInterfaces(intervalSeconds: 86400, allInterfaces: true) },
    GlobalLineCase("vrrp_garp_extra_if 30 all") { $0.vrrp.garpExtraInterfaces == GARPExtraInterfaces(intervalSeconds: 30, allInterfaces: true) },
    GlobalLineCase("vrrp_vmac_garp_intvl all 60", clean: false) { $0.vrrp.garpExtraInterfaces == GARPExtraInterfaces(intervalSeconds: 60, allInterfaces: true) },
    GlobalLineCase("vrrp_down_timer_adverts 100") { $0.vrrp.downTimerAdverts == 100 },
    GlobalLineCase("vrrp_lower_prio_no_advert") { $0.vrrp.lowerPriorityNoAdvert == true },
    GlobalLineCase("vrrp_lower_prio_no_advert off") { $0.vrrp.lowerPriorityNoAdvert == false },
    GlobalLineCase("vrrp_higher_prio_send_advert true") { $0.vrrp.higherPrioritySendAdvert == true },
    GlobalLineCase("vrrp_version 3") { $0.vrrp.version == 3 },
    GlobalLineCase("vrrp_check_unicast_src") { $0.vrrp.checkUnicastSource },
    GlobalLineCase("vrrp_skip_check_adv_addr") { $0.vrrp.skipCheckAdvertAddresses },
    GlobalLineCase("vrrp_strict") { $0.vrrp.strict },
    GlobalLineCase("vrrp_notify_priority_changes on") { $0.vrrp.notifyPriorityChanges },
    GlobalLineCase("vrrp_startup_delay 5.5") { $0.vrrp.startupDelayMicroseconds == 5_500_000 },
    GlobalLineCase("log_unknown_vrids") { $0.vrrp.logUnknownVRIDs },
    GlobalLineCase("vmac_prefix vr") { $0.vrrp.vmacPrefix == "vr" && $0.vrrp.effectiveVMACAddressPrefix == "vr" },
    GlobalLineCase("vmac_addr_prefix va") { $0.vrrp.effectiveVMACAddressPrefix == "va" && $0.vrrp.vmacPrefix == "vrrp" },
    GlobalLineCase("vrrp_rx_bufs_policy MTU") { $0.vrrp.receiveBufferPolicy == .mtu },
    GlobalLineCase("vrrp_rx_bufs_policy advert") { $0.vrrp.receiveBufferPolicy == .advert },
    GlobalLineCase("vrrp_rx_bufs_policy 65536") { $0.vrrp.receiveBufferPolicy == .bytes(65536) },
    GlobalLineCase("vrrp_rx_bufs_multiplier 4") { $0.vrrp.receiveBufferMultiplier == 4 },
    GlobalLineCase("disable_local_igmp") { $0.vrrp.disableLocalIGMP },
    // firewall (read, not acted on)
    GlobalLineCase("nftables") { $0.firewall.nftablesTable == "keepalived" },
    GlobalLineCase("nftables ka_table") { $0.firewall.nftablesTable == "ka_table" },
    GlobalLineCase("nftables_priority -150") { $0.firewall.nftablesPriority == -150 },
    GlobalLineCase("nftables_counters") { $0.firewall.nftablesCounters },
    GlobalLineCase("nftables_ifindex") { $0.firewall.nftablesIfIndex },
    GlobalLineCase("nftables_ipvs") { $0.firewall.nftablesIPVSTable == "keepalived_ipvs" },
    GlobalLineCase("nftables_ipvs ipvs_t") { $0.firewall.nftablesIPVSTable == "ipvs_t" },
    GlobalLineCase("nftables_ipvs_priority 10") { $0.firewall.nftablesIPVSPriority == 10 },
    GlobalLineCase("nftables_ipvs_start_fwmark 5000") { $0.firewall.nftablesIPVSStartFwmark == 5000 },
    GlobalLineCase("vrrp_iptables") { $0.firewall.iptables == IPTablesChains(inputChain: "INPUT", outputChain: "OUTPUT") },
    GlobalLineCase("vrrp_iptables ka_in") { $0.firewall.iptables == IPTablesChains(inputChain: "ka_in", outputChain: nil) },
    GlobalLineCase("vrrp_iptables ka_in ka_out") { $0.firewall.iptables == IPTablesChains(inputChain: "ka_in", outputChain: "ka_out") },
    GlobalLineCase("vrrp_ipsets ka ka6") { $0.firewall.ipsets == ["ka", "ka6"] },
    GlobalLineCase("vrrp_ipsets") { $0.firewall.ipsets == [] },
    // LVS
    GlobalLineCase("lvs_sync_daemon eth0") { $0.lvs.syncDaemon == LVSSyncDaemon(interface: "eth0") },
    GlobalLineCase("lvs_sync_daemon eth0 VI_1") { $0.lvs.syncDaemon?.vrrpInstance == "VI_1" && $0.lvs.syncDaemon?.syncID == nil },
    GlobalLineCase("lvs_sync_daemon eth0 inst VI_1 id 7") { $0.lvs.syncDaemon?.vrrpInstance == "VI_1" && $0.lvs.syncDaemon?.syncID == 7 },
    GlobalLineCase("lvs_sync_daemon eth1 id 0 maxlen 1400 port 8849 ttl 2 group 224.0.0.82") {
        guard let d = $0.lvs.syncDaemon else { return false }
        return d.interface == "eth1" && d.vrrpInstance == nil && d.syncID == 0 && d.maximumLength == 1400 && d.port == 8849 && d.ttl == 2
            && d.group == ip("224.0.0.82")
    },
    GlobalLineCase("lvs_sync_daemon eth0 VI_1 group ff02::81") { $0.lvs.syncDaemon?.group == ip("ff02::81") },
    GlobalLineCase("lvs_timeouts tcp 7200 tcpfin 120 udp 300") { $0.lvs.timeouts.tcpSeconds == 7200 && $0.lvs.timeouts.tcpFinSeconds == 120 && $0.lvs.timeouts.udpSeconds == 300 },
    GlobalLineCase("lvs_timeouts udp 0") { $0.lvs.timeouts.udpSeconds == 0 && $0.lvs.timeouts.tcpSeconds == nil },
    GlobalLineCase("lvs_timeouts tcp 2678400") { $0.lvs.timeouts.tcpSeconds == 2_678_400 },
    GlobalLineCase("lvs_flush") { $0.lvs.flushAtStartup },
    GlobalLineCase("lvs_flush_on_stop") { $0.lvs.flushOnStop == .full },
    GlobalLineCase("lvs_flush_on_stop VS") { $0.lvs.flushOnStop == .virtualServers },
    GlobalLineCase("lvs_flush_onstop") { $0.lvs.flushOnStop == .full },
    GlobalLineCase("checker_log_all_failures on") { $0.lvs.logAllCheckerFailures },
    GlobalLineCase("rs_init_notifies") { $0.lvs.realServerInitialNotifies },
    // processes
    GlobalLineCase("process_names") {
        $0.processes.parentName == "keepalived" && $0.processes.vrrpName == "keepalived_vrrp"
            && $0.processes.checkerName == "keepalived_ipvs" && $0.processes.bfdName == "keepalived_bfd"
    },
    GlobalLineCase("process_name ka_parent") { $0.processes.parentName == "ka_parent" },
    GlobalLineCase("vrrp_process_name ka_vrrp") { $0.processes.vrrpName == "ka_vrrp" },
    GlobalLineCase("checker_process_name ka_check") { $0.processes.checkerName == "ka_check" },
    GlobalLineCase("lvs_process_name ka_lvs") { $0.processes.checkerName == "ka_lvs" },
    GlobalLineCase("bfd_process_name ka_bfd") { $0.processes.bfdName == "ka_bfd" },
    GlobalLineCase("vrrp_priority -20") { $0.processes.vrrp.niceness == -20 },
    GlobalLineCase("checker_priority 19") { $0.processes.checker.niceness == 19 },
    GlobalLineCase("bfd_priority 5") { $0.processes.bfd.niceness == 5 },
    GlobalLineCase("vrrp_no_swap") { $0.processes.vrrp.noSwap && !$0.processes.checker.noSwap },
    GlobalLineCase("checker_no_swap") { $0.processes.checker.noSwap },
    GlobalLineCase("bfd_no_swap") { $0.processes.bfd.noSwap },
    GlobalLineCase("vrrp_rt_priority 1") { $0.processes.vrrp.realtimePriority == 1 },
    GlobalLineCase("checker_rt_priority 99") { $0.processes.checker.realtimePriority == 99 },
    GlobalLineCase("bfd_rt_priority 50") { $0.processes.bfd.realtimePriority == 50 },
    GlobalLineCase("vrrp_cpu_affinity 0 1") { $0.processes.vrrp.cpuAffinity == [0, 1] },
    GlobalLineCase("checker_cpu_affinity 1") { $0.processes.checker.cpuAffinity == [1] },
    GlobalLineCase("bfd_cpu_affinity 0 0") { $0.processes.bfd.cpuAffinity == [0] },
    GlobalLineCase("vrrp_rlimit_rttime 20000") { $0.processes.vrrp.realtimeLimitMicroseconds == 20_000 },
    GlobalLineCase("checker_rlimit_rttime 1") { $0.processes.checker.realtimeLimitMicroseconds == 1 },
    GlobalLineCase("bfd_rlimit_rttime 4294967295") { $0.processes.bfd.realtimeLimitMicroseconds == 4_294_967_295 },
    GlobalLineCase("vrrp_rlimit_rtime 30000") { $0.processes.vrrp.realtimeLimitMicroseconds == 30_000 },
    GlobalLineCase("checker_rlimit_rtime 30000") { $0.processes.checker.realtimeLimitMicroseconds == 30_000 },
    GlobalLineCase("bfd_rlimit_rtime 30000") { $0.processes.bfd.realtimeLimitMicroseconds == 30_000 },
    GlobalLineCase("max_auto_priority") { $0.processes.maximumAutoPriority == 99 },
    GlobalLineCase("max_auto_priority -1") { $0.processes.maximumAutoPriority == -1 },
    GlobalLineCase("min_auto_priority_delay 10000000") { $0.processes.minimumAutoPriorityDelayMicroseconds == 10_000_000 },
    GlobalLineCase("umask 022") { $0.processes.umask == 0o022 },
    GlobalLineCase("umask 0x12") { $0.processes.umask == 0o022 },
    GlobalLineCase("umask 18") { $0.processes.umask == 0o022 },
    GlobalLineCase("umask 0") { $0.processes.umask == 0 },
    GlobalLineCase("umask IWGRP|IWOTH") { $0.processes.umask == 0o022 },
    GlobalLineCase("umask IRWXU_is_not_a_bit_but IWGRP | IWOTH", clean: false) { $0.processes.umask == 0o177 },
    GlobalLineCase("umask IXUSR | IRGRP|IWGRP | IXGRP") { $0.processes.umask == 0o170 },
    // scripts and FIFOs
    GlobalLineCase("enable_script_security") { $0.scripts.scriptSecurity },
    GlobalLineCase("script_user nobody") { $0.scripts.user == "nobody" && $0.scripts.group == nil },
    GlobalLineCase("script_user nobody nogroup") { $0.scripts.user == "nobody" && $0.scripts.group == "nogroup" },
    GlobalLineCase("startup_script /usr/local/bin/ka-up", clean: false) { $0.scripts.startup == UserScript(commandLine: "/usr/local/bin/ka-up") },
    GlobalLineCase("startup_script \"/bin/sh -c 'exit 0'\" nobody nogroup") {
        $0.scripts.startup == UserScript(commandLine: "/bin/sh -c 'exit 0'", user: "nobody", group: "nogroup")
            && $0.scripts.startup?.words == ["/bin/sh", "-c", "exit 0"]
    },
    GlobalLineCase("startup_script_timeout 1000") { $0.scripts.startupTimeoutMicroseconds == 1_000_000_000 },
    GlobalLineCase("shutdown_script /usr/local/bin/ka-down nobody") { $0.scripts.shutdown == UserScript(commandLine: "/usr/local/bin/ka-down", user: "nobody") },
    GlobalLineCase("shutdown_script_timeout 1") { $0.scripts.shutdownTimeoutMicroseconds == 1_000_000 },
    GlobalLineCase("notify_fifo /run/ka.fifo") { $0.scripts.notifyFIFO == NotifyFIFO(path: "/run/ka.fifo") },
    GlobalLineCase("notify_fifo /run/ka.fifo root root") { $0.scripts.notifyFIFO == NotifyFIFO(path: "/run/ka.fifo", user: "root", group: "root") },
    GlobalLineCase("notify_fifo_script /usr/local/bin/fifo-reader") { $0.scripts.notifyFIFOScript?.commandLine == "/usr/local/bin/fifo-reader" },
    GlobalLineCase("vrrp_notify_fifo /run/vrrp.fifo") { $0.scripts.vrrpNotifyFIFO?.path == "/run/vrrp.fifo" },
    GlobalLineCase("vrrp_notify_fifo_script /bin/reader nobody") { $0.scripts.vrrpNotifyFIFOScript == UserScript(commandLine: "/bin/reader", user: "nobody") },
    GlobalLineCase("lvs_notify_fifo /run/lvs.fifo") { $0.scripts.lvsNotifyFIFO?.path == "/run/lvs.fifo" },
    GlobalLineCase("lvs_notify_fifo_script /bin/reader") { $0.scripts.lvsNotifyFIFOScript?.commandLine == "/bin/reader" },
    GlobalLineCase("fifo_write_vrrp_states_on_reload") { $0.scripts.writeVRRPStatesOnReload },
    // netlink buffers
    GlobalLineCase("vrrp_netlink_cmd_rcv_bufs 1048576") { $0.netlink.vrrpCommand.bytes == 1_048_576 },
    GlobalLineCase("vrrp_netlink_cmd_rcv_bufs_force") { $0.netlink.vrrpCommand.force },
    GlobalLineCase("vrrp_netlink_monitor_rcv_bufs 4294967295") { $0.netlink.vrrpMonitor.bytes == 4_294_967_295 },
    GlobalLineCase("vrrp_netlink_monitor_rcv_bufs_force on") { $0.netlink.vrrpMonitor.force },
    GlobalLineCase("process_monitor_rcv_bufs 500000") { $0.netlink.processMonitor.bytes == 500_000 },
    GlobalLineCase("process_monitor_rcv_bufs_force yes") { $0.netlink.processMonitor.force },
    GlobalLineCase("lvs_netlink_cmd_rcv_bufs 0") { $0.netlink.lvsCommand.bytes == 0 },
    GlobalLineCase("lvs_netlink_cmd_rcv_bufs_force true") { $0.netlink.lvsCommand.force },
    GlobalLineCase("lvs_netlink_monitor_rcv_bufs 1") { $0.netlink.lvsMonitor.bytes == 1 },
    GlobalLineCase("lvs_netlink_monitor_rcv_bufs_force off") { !$0.netlink.lvsMonitor.force },
    // SNMP and D-Bus (read, not acted on)
    GlobalLineCase("snmp_socket udp:192.0.2.1:705") { $0.snmp.socket == "udp:192.0.2.1:705" },
    GlobalLineCase("enable_snmp_vrrp") { $0.snmp.vrrp },
    GlobalLineCase("enable_snmp_keepalived") { $0.snmp.vrrp },
    GlobalLineCase("enable_snmp_checker") { $0.snmp.checker },
    GlobalLineCase("enable_snmp_rfc") { $0.snmp.rfcV2 && $0.snmp.rfcV3 },
    GlobalLineCase("enable_snmp_rfcv2") { $0.snmp.rfcV2 && !$0.snmp.rfcV3 },
    GlobalLineCase("enable_snmp_rfcv3") { $0.snmp.rfcV3 && !$0.snmp.rfcV2 },
    GlobalLineCase("enable_traps") { $0.snmp.traps },
    GlobalLineCase("enable_dbus") { $0.dbus.enabled },
    GlobalLineCase("dbus_service_name org.example.Ka") { $0.dbus.serviceName == "org.example.Ka" },
    // reload and configuration files
    GlobalLineCase("reload_check_config") { $0.reload.checkConfigBeforeReload && $0.reload.checkConfigLogFile == nil },
    GlobalLineCase("reload_check_config /var/log/ka-check.log") { $0.reload.checkConfigLogFile == "/var/log/ka-check.log" },
    GlobalLineCase("reload_time_file /run/ka-reload-time") { $0.reload.reloadTimeFile == "/run/ka-reload-time" },
    GlobalLineCase("reload_repeat") { $0.reload.reloadRepeat },
    GlobalLineCase("reload_file") { $0.reload.reloadFile == .inPIDDirectory },
    GlobalLineCase("reload_file /run/ka.reload") { $0.reload.reloadFile == .path("/run/ka.reload") },
    GlobalLineCase("config_save_dir /var/lib/keepalived") { $0.reload.configSaveDirectory == "/var/lib/keepalived" },
    GlobalLineCase("tmp_config_directory /var/tmp") { $0.reload.temporaryConfigDirectory == "/var/tmp" },
    GlobalLineCase("include_check") { $0.reload.includeCheck == .all },
    GlobalLineCase("include_check match") { $0.reload.includeCheck == [.readable, .match] },
    GlobalLineCase("include_check +match -wildcard_match") { $0.reload.includeCheck == [.readable, .match] },
    GlobalLineCase("data_use_instance") { $0.reload.dataUseInstance },
    GlobalLineCase("random_seed 4294967295") { $0.reload.randomSeed == 4_294_967_295 },
    // swift-keepalived extensions
    GlobalLineCase("prometheus_listen 192.0.2.1:9650") { $0.extensions.prometheusListen == ListenAddress(address: ip("192.0.2.1"), port: 9650) },
    GlobalLineCase("prometheus_listen [2001:db8::1]:9650") { $0.extensions.prometheusListen?.description == "[2001:db8::1]:9650" },
    GlobalLineCase("heartbeat_timeout 2.5") { $0.extensions.heartbeatTimeoutMicroseconds == 2_500_000 },
    GlobalLineCase("child_restart_backoff_max 120") { $0.extensions.childRestartBackoffMaxMicroseconds == 120_000_000 },
    GlobalLineCase("child_restart_min_uptime 0.3") { $0.extensions.childRestartMinUptimeMicroseconds == 300_000 },
]

// MARK: - bad lines

private let badLines: [GlobalBadLineCase] = [
    GlobalBadLineCase("router_id", "needs a value"),
    GlobalBadLineCase("router_id a b", .warning, "ignoring 'b'"),
    GlobalBadLineCase("notification_email_from", "needs a value"),
    GlobalBadLineCase("notification_email a@b", "must be followed by a '{ ... }' block"),
    GlobalBadLineCase("smtp_server", "needs a value"),
    GlobalBadLineCase("smtp_server 192.0.2.1 0", "'smtp_server port' 0 is out of range [1, 65535]"),
    GlobalBadLineCase("smtp_server 192.0.2.1 65536", "out of range [1, 65535]"),
    GlobalBadLineCase("smtp_server 192.0.2.1 x", "needs an integer, got 'x'"),
    GlobalBadLineCase("smtp_server 192.0.2.300", "'192.0.2.300' is not an address or a host name"),
    GlobalBadLineCase("smtp_server bad_host", "'bad_host' is not an address or a host name"),
    GlobalBadLineCase("smtp_server -x", "is not an address or a host name"),
    GlobalBadLineCase("smtp_connect_timeout 0", .warning, "must be greater than 0; using 1"),
    GlobalBadLineCase("smtp_connect_timeout 4295", "'smtp_connect_timeout' 4295 is out of range [0, 4294]"),
    GlobalBadLineCase("smtp_connect_timeout 1.5", "needs an integer"),
    GlobalBadLineCase("smtp_connect_timeout -1", "out of range"),
    GlobalBadLineCase("smtp_alert YES", "needs on|off|true|false|yes|no, got 'YES'"),
    GlobalBadLineCase("smtp_alert_vrrp maybe", "got 'maybe'"),
    GlobalBadLineCase("smtp_alert_checker maybe", "got 'maybe'"),
    GlobalBadLineCase("no_checker_emails maybe", "got 'maybe'"),
    GlobalBadLineCase("no_email_faults x", .warning, "takes no value"),
    GlobalBadLineCase("vrrp_mcast_group4 192.0.2.1", "192.0.2.1 is not a multicast address"),
    GlobalBadLineCase("vrrp_mcast_group4 ff02::12", "ff02::12 is not an IPv4 address"),
    GlobalBadLineCase("vrrp_mcast_group4 x", "'x' is not an address"),
    GlobalBadLineCase("vrrp_mcast_group4", "needs a value"),
    GlobalBadLineCase("vrrp_mcast_group6 2001:db8::1", "is not a multicast address"),
    GlobalBadLineCase("vrrp_mcast_group6 224.0.0.18", "is not an IPv6 address"),
    GlobalBadLineCase("vrrp_mcast_group6 ff05::12", .warning, "should be a link-local multicast address"),
    GlobalBadLineCase("default_interface", "needs a value"),
    GlobalBadLineCase("dynamic_interfaces sometimes", "must be one of allow_if_changes"),
    GlobalBadLineCase("vrrp_garp_master_delay 4295", "out of range [0, 4294]"),
    GlobalBadLineCase("vrrp_garp_master_delay 1.5", "needs an integer"),
    GlobalBadLineCase("vrrp_garp_master_delay -1", "out of range"),
    GlobalBadLineCase("vrrp_garp_master_repeat 0", .warning, "must be greater than 0; using 1"),
    GlobalBadLineCase("vrrp_garp_master_repeat 4294967296", "out of range [0, 4294967295]"),
    GlobalBadLineCase("vrrp_garp_master_refresh x", "needs an integer"),
    GlobalBadLineCase("vrrp_garp_master_refresh_repeat 0", .warning, "using 1"),
    GlobalBadLineCase("vrrp_garp_lower_prio_delay 100000", "out of range [0, 4294]"),
    GlobalBadLineCase("vrrp_garp_lower_prio_repeat 2147483648", "out of range [0, 2147483647]"),
    GlobalBadLineCase("vrrp_garp_interval 0", "'vrrp_garp_interval' 0 is out of range [0.000001, 4294.967295] seconds"),
    GlobalBadLineCase("vrrp_garp_interval 4295", "out of range"),
    GlobalBadLineCase("vrrp_garp_interval 1e3", "needs a time in seconds"),
    GlobalBadLineCase("vrrp_gna_interval -1", "out of range"),
    GlobalBadLineCase("vrrp_min_garp maybe", "got 'maybe'"),
    GlobalBadLineCase("vrrp_garp_extra_if all", "needs an interval in seconds"),
    GlobalBadLineCase("vrrp_garp_extra_if 0", "out of range [1, 86400]"),
    GlobalBadLineCase("vrrp_garp_extra_if 86401", "out of range [1, 86400]"),
    GlobalBadLineCase("vrrp_vmac_garp_intvl 60", .warning, "deprecated; use 'vrrp_garp_extra_if'"),
    GlobalBadLineCase("vrrp_down_timer_adverts 0", "out of range [1, 100]"),
    GlobalBadLineCase("vrrp_down_timer_adverts 101", "out of range [1, 100]"),
    GlobalBadLineCase("vrrp_lower_prio_no_advert maybe", "got 'maybe'"),
    GlobalBadLineCase("vrrp_higher_prio_send_advert maybe", "got 'maybe'"),
    GlobalBadLineCase("vrrp_version 4", "'vrrp_version' 4 is out of range [2, 3]"),
    GlobalBadLineCase("vrrp_version 1", "out of range [2, 3]"),
    GlobalBadLineCase("vrrp_version x", "needs an integer"),
    GlobalBadLineCase("vrrp_notify_priority_changes maybe", "got 'maybe'"),
    GlobalBadLineCase("vrrp_startup_delay 0", "out of range [0.001, 4294.967295] seconds"),
    GlobalBadLineCase("vrrp_startup_delay 86400", "out of range"),
    GlobalBadLineCase("vrrp_rx_bufs_policy x", "needs an integer"),
    GlobalBadLineCase("vrrp_rx_bufs_policy MTU ADVERT", .warning, "MTU and ADVERT are both set; using MTU"),
    GlobalBadLineCase("vrrp_rx_bufs_policy 1000 MTU", .warning, "a size and a policy are both set; using the size 1000"),
    GlobalBadLineCase("vrrp_rx_bufs_multiplier 0", "out of range [1, 4294967295]"),
    GlobalBadLineCase("nftables " + String(repeating: "t", count: 256), "longer than 255 characters"),
    GlobalBadLineCase("nftables_priority 2147483648", "out of range"),
    GlobalBadLineCase("nftables_ipvs_priority x", "needs an integer"),
    GlobalBadLineCase("nftables_ipvs_start_fwmark 0", "out of range [1, 4294967295]"),
    GlobalBadLineCase("vrrp_iptables a b c", .warning, "ignoring 'c'"),
    GlobalBadLineCase("lvs_sync_daemon", "needs a value"),
    GlobalBadLineCase("lvs_sync_daemon eth0 VI_1 5", "unknown option '5' (a sync id needs 'id' before it)"),
    GlobalBadLineCase("lvs_sync_daemon eth0 id 256", "'lvs_sync_daemon id' 256 is out of range [0, 255]"),
    GlobalBadLineCase("lvs_sync_daemon eth0 id", "'id' needs a value"),
    GlobalBadLineCase("lvs_sync_daemon eth0 maxlen 65508", "out of range [1, 65507]"),
    GlobalBadLineCase("lvs_sync_daemon eth0 port 0", "out of range [1, 65535]"),
    GlobalBadLineCase("lvs_sync_daemon eth0 ttl 256", "out of range [1, 255]"),
    GlobalBadLineCase("lvs_sync_daemon eth0 group 192.0.2.1", "192.0.2.1 is not a multicast address"),
    GlobalBadLineCase("lvs_sync_daemon eth0 group x", "is not an IPv4 or IPv6 address"),
    GlobalBadLineCase("lvs_sync_daemon a_very_long_ifname0", "longer than 15 characters"),
    GlobalBadLineCase("lvs_sync_daemon eth0 inst", "'inst' needs an instance name"),
    GlobalBadLineCase("lvs_timeouts", "needs a value"),
    GlobalBadLineCase("lvs_timeouts tcp", "'tcp' needs a time in seconds"),
    GlobalBadLineCase("lvs_timeouts tcp 2678401", "'lvs_timeouts tcp' 2678401 is out of range [0, 2678400]"),
    GlobalBadLineCase("lvs_timeouts tcp -1", "out of range"),
    GlobalBadLineCase("lvs_timeouts foo 1", "unknown option 'foo'"),
    GlobalBadLineCase("lvs_flush_on_stop vs", "unknown type 'vs'"),
    GlobalBadLineCase("lvs_flush_onstop x", "unknown type 'x'"),
    GlobalBadLineCase("checker_log_all_failures maybe", "got 'maybe'"),
    GlobalBadLineCase("rs_init_notifies maybe", "got 'maybe'"),
    GlobalBadLineCase("process_name", "needs a value"),
    GlobalBadLineCase("process_name aaaaaaaaaaaaaaaaaaaa", .warning, "longer than 15 characters; truncated"),
    GlobalBadLineCase("lvs_process_name ka", .note, "deprecated; use 'checker_process_name'"),
    GlobalBadLineCase("vrrp_priority -21", "'vrrp_priority' -21 is out of range [-20, 19]"),
    GlobalBadLineCase("checker_priority 20", "out of range [-20, 19]"),
    GlobalBadLineCase("bfd_priority x", "needs an integer"),
    GlobalBadLineCase("vrrp_rt_priority 0", .warning, "'vrrp_rt_priority' 0 is out of range [1, 99]; using 1"),
    GlobalBadLineCase("checker_rt_priority 100", .warning, "using 99"),
    GlobalBadLineCase("bfd_rt_priority x", "needs an integer"),
    GlobalBadLineCase("vrrp_cpu_affinity", "needs a value"),
    GlobalBadLineCase("vrrp_cpu_affinity 0-1", "needs an integer"),
    GlobalBadLineCase("checker_cpu_affinity 1024", "out of range [0, 1023]"),
    GlobalBadLineCase("vrrp_rlimit_rttime 0", "out of range [1, 4294967295]"),
    GlobalBadLineCase("checker_rlimit_rtime 100", .note, "deprecated; use 'checker_rlimit_rttime'"),
    GlobalBadLineCase("max_auto_priority 100", "out of range [-1, 99]"),
    GlobalBadLineCase("max_auto_priority -2", "out of range [-1, 99]"),
    GlobalBadLineCase("min_auto_priority_delay 0", "out of range [1, 10000000]"),
    GlobalBadLineCase("min_auto_priority_delay", "needs a value"),
    GlobalBadLineCase("umask", "needs a value"),
    GlobalBadLineCase("umask 01000", "invalid value '01000'"),
    GlobalBadLineCase("umask 08", "invalid value '08'"),
    GlobalBadLineCase("umask 022 x", "extra words after the number"),
    GlobalBadLineCase("umask IWGRP IWOTH", "must be joined with '|'"),
    GlobalBadLineCase("umask IWGRP|", "a bit name is missing"),
    GlobalBadLineCase("umask IFOO", "unknown bit 'IFOO'"),
    GlobalBadLineCase("umask IRUSR|022", "unknown bit '022'"),
    GlobalBadLineCase("script_user", "needs a value"),
    GlobalBadLineCase("startup_script", "needs a value"),
    GlobalBadLineCase("startup_script_timeout 0", "'startup_script_timeout' 0 is out of range [1, 1000]"),
    GlobalBadLineCase("shutdown_script_timeout 1001", "out of range [1, 1000]"),
    GlobalBadLineCase("notify_fifo", "needs a value"),
    GlobalBadLineCase("notify_fifo_script", "needs a value"),
    GlobalBadLineCase("vrrp_netlink_cmd_rcv_bufs", "needs a value"),
    GlobalBadLineCase("vrrp_netlink_cmd_rcv_bufs -1", "out of range [0, 4294967295]"),
    GlobalBadLineCase("lvs_netlink_monitor_rcv_bufs 4294967296", "out of range"),
    GlobalBadLineCase("vrrp_netlink_cmd_rcv_bufs_force maybe", "got 'maybe'"),
    GlobalBadLineCase("snmp_socket", "needs a value"),
    GlobalBadLineCase("snmp_socket a b", .warning, "takes one value; ignoring the line"),
    GlobalBadLineCase("dbus_service_name", "needs a value"),
    GlobalBadLineCase("reload_time_file", "needs a value"),
    GlobalBadLineCase("config_save_dir", "needs a value"),
    GlobalBadLineCase("tmp_config_directory", "needs a value"),
    GlobalBadLineCase("include_check x", .warning, "unknown check 'x'"),
    GlobalBadLineCase("data_use_instance maybe", "got 'maybe'"),
    GlobalBadLineCase("random_seed -1", "out of range [0, 4294967295]"),
    GlobalBadLineCase("random_seed x", "needs an integer"),
    GlobalBadLineCase("prometheus_listen 192.0.2.1", "is not ADDRESS:PORT"),
    GlobalBadLineCase("prometheus_listen 2001:db8::1:9650", "is not ADDRESS:PORT"),
    GlobalBadLineCase("prometheus_listen [192.0.2.1]:9650", "is not ADDRESS:PORT"),
    GlobalBadLineCase("prometheus_listen 192.0.2.1:0", "is not ADDRESS:PORT"),
    GlobalBadLineCase("prometheus_listen [2001:db8::1]9650", "is not ADDRESS:PORT"),
    GlobalBadLineCase("heartbeat_timeout 0.1", "out of range [0.2, 3600] seconds"),
    GlobalBadLineCase("heartbeat_timeout x", "needs a time in seconds"),
    GlobalBadLineCase("child_restart_backoff_max 0", "out of range [1, 3600] seconds"),
    GlobalBadLineCase("child_restart_min_uptime -1", "out of range"),
    GlobalBadLineCase("instance i1", .warning, "unknown keyword 'instance' in global_defs"),
    GlobalBadLineCase("net_namespace ns1", .warning, "unknown keyword 'net_namespace' in global_defs"),
    GlobalBadLineCase("instance_uuid 5b8d33c5", .warning, "unknown keyword 'instance_uuid'"),
]

// MARK: - tests

@Suite struct GlobalDefinitionsTests {
    @Test func defaultsAreKeepalivedsDefaults() {
        let r = load("")
        let g = r.configuration.global
        #expect(r.diagnostics.all.isEmpty)
        #expect(g == GlobalDefinitions())
        #expect(g.routerID == nil)
        #expect(g.daemon.netNamespace == nil && g.daemon.ipvsNamespace == .processNamespace && g.daemon.instanceName == nil)
        #expect(!g.daemon.usePIDDirectory && !g.daemon.linkbeatUsePolling && !g.daemon.namespaceWithIPSets)
        #expect(g.daemon.childWaitTimeMicroseconds == 5_000_000)
        #expect(g.email.recipients.isEmpty && g.email.from == nil && g.email.smtpServer == nil && g.email.heloName == nil)
        #expect(g.email.connectTimeoutMicroseconds == 30_000_000)
        #expect(g.email.alert == nil && g.email.alertVRRP == nil && g.email.alertChecker == nil)
        #expect(g.email.emailFaults && !g.email.noCheckerEmails)
        #expect(g.vrrp.multicastGroup4 == ip("224.0.0.18") && g.vrrp.multicastGroup6 == ip("ff02::12"))
        #expect(g.vrrp.defaultInterface == "eth0" && g.vrrp.dynamicInterfaces == .disabled)
        #expect(g.vrrp.garpMasterDelayMicroseconds == 5_000_000 && g.vrrp.garpMasterRepeat == 5)
        #expect(g.vrrp.garpMasterRefreshMicroseconds == 0 && g.vrrp.garpMasterRefreshRepeat == 1)
        #expect(g.vrrp.effectiveGARPLowerPriorityDelayMicroseconds == 5_000_000 && g.vrrp.effectiveGARPLowerPriorityRepeat == 5)
        #expect(g.vrrp.garpIntervalMicroseconds == 0 && g.vrrp.gnaIntervalMicroseconds == 0)
        #expect(!g.vrrp.minimalGARP && g.vrrp.garpExtraInterfaces == nil && g.vrrp.downTimerAdverts == 3)
        #expect(g.vrrp.lowerPriorityNoAdvert == nil && g.vrrp.higherPrioritySendAdvert == nil)
        #expect(g.vrrp.version == 2 && !g.vrrp.strict && !g.vrrp.checkUnicastSource && !g.vrrp.skipCheckAdvertAddresses)
        #expect(g.vrrp.startupDelayMicroseconds == 0 && g.vrrp.vmacPrefix == "vrrp" && g.vrrp.effectiveVMACAddressPrefix == "vrrp")
        #expect(g.vrrp.receiveBufferPolicy == .systemDefault && g.vrrp.receiveBufferMultiplier == 3)
        #expect(g.firewall.nftablesTable == nil && g.firewall.nftablesPriority == -1 && g.firewall.nftablesIPVSTable == nil)
        #expect(g.firewall.nftablesIPVSPriority == -1 && g.firewall.nftablesIPVSStartFwmark == 1000)
        #expect(g.firewall.iptables == nil && g.firewall.ipsets == nil)
        #expect(g.lvs.syncDaemon == nil && g.lvs.timeouts == LVSTimeouts() && !g.lvs.flushAtStartup && g.lvs.flushOnStop == .disabled)
        #expect(!g.lvs.logAllCheckerFailures && !g.lvs.realServerInitialNotifies)
        #expect(g.processes.parentName == nil && g.processes.vrrpName == nil && g.processes.checkerName == nil && g.processes.bfdName == nil)
        for child in [g.processes.vrrp, g.processes.checker, g.processes.bfd] {
            #expect(child.niceness == 0 && !child.noSwap && child.realtimePriority == nil && child.cpuAffinity.isEmpty)
            #expect(child.realtimeLimitMicroseconds == 10_000)
        }
        #expect(g.processes.maximumAutoPriority == 0 && g.processes.minimumAutoPriorityDelayMicroseconds == 1_000_000)
        #expect(g.processes.umask == 0o177)
        #expect(!g.scripts.scriptSecurity && g.scripts.user == nil && g.scripts.group == nil)
        #expect(g.scripts.startup == nil && g.scripts.shutdown == nil)
        #expect(g.scripts.startupTimeoutMicroseconds == 10_000_000 && g.scripts.shutdownTimeoutMicroseconds == 10_000_000)
        #expect(g.scripts.notifyFIFO == nil && g.scripts.vrrpNotifyFIFO == nil && g.scripts.lvsNotifyFIFO == nil)
        #expect(g.netlink == NetlinkBufferSettings() && g.netlink.vrrpCommand == NetlinkBuffer(bytes: 0, force: false))
        #expect(g.snmp.socket == nil && !g.snmp.vrrp && !g.snmp.traps && !g.dbus.enabled && g.dbus.serviceName == "org.keepalived.Vrrp1")
        #expect(!g.reload.checkConfigBeforeReload && g.reload.reloadFile == nil && g.reload.includeCheck == [] && g.reload.randomSeed == nil)
        #expect(g.extensions.prometheusListen == nil)
        #expect(g.extensions.heartbeatTimeoutMicroseconds == 10_000_000 && g.extensions.childRestartBackoffMaxMicroseconds == 60_000_000)
        #expect(g.bfdInstances.isEmpty)
    }

    @Test func everyKeepalivedKeywordIsInTheTable() {
        let names = Set(GlobalDefinitions.keywords.names)
        let missing = keepalivedGlobalKeywords.filter { !names.contains($0) }
        #expect(missing.isEmpty, "missing: \(missing)")
        let unexpected = names.subtracting(keepalivedGlobalKeywords).subtracting(extensionKeywords)
        #expect(unexpected.isEmpty, "not keepalived keywords: \(unexpected.sorted())")
        #expect(keepalivedGlobalKeywords.count == 126)
        #expect(GlobalDefinitions.keywords.keywords.allSatisfy { !$0.summary.isEmpty })
    }

    @Test func theTopLevelKeywordsAreOurs() {
        let names = GlobalDefinitions.topLevelKeywords.map(\.name)
        #expect(Set(names) == Set(daemonKeywords))
        #expect(names.count == daemonKeywords.count)
    }

    @Test func everyKeywordHasAGoodCase() {
        let covered = Set(goodLines.map(\.keyword))
        let uncovered = GlobalDefinitions.keywords.names.filter { !covered.contains($0) && $0 != "notification_email" }
        #expect(uncovered.isEmpty, "no good case for: \(uncovered)")
    }

    @Test(arguments: goodLines)
    func goodLine(_ c: GlobalLineCase) {
        let r = global(c.line)
        #expect(c.check(r.configuration.global), "model not as expected")
        if c.clean {
            // Script security is a cross-section rule with its own tests (ScriptSecurityTests).
            #expect(!r.diagnostics.all.contains { $0.severity >= .warning && $0.category != .scriptSecurity }, "\(r.diagnostics.all)")
        }
    }

    @Test(arguments: badLines)
    func badLine(_ c: GlobalBadLineCase) {
        let r = global(c.line)
        #expect(has(r, line: 2, c.severity, c.fragment), "\(r.diagnostics.all)")
    }

    /// A value that is refused leaves the default in place.
    @Test(arguments: ["vrrp_garp_master_delay 4295", "vrrp_version 4", "vrrp_mcast_group4 192.0.2.1", "smtp_connect_timeout x",
                      "umask IFOO", "lvs_flush_on_stop vs", "vrrp_garp_interval 0", "startup_script_timeout 0"])
    func refusedValueKeepsTheDefault(_ line: String) {
        let r = global(line)
        #expect(r.diagnostics.hasErrors)
        #expect(r.configuration.global == GlobalDefinitions())
    }

    @Test func notificationEmailBlock() {
        let r = global("""
        notification_email {
            ops@example.com noc@example.com
            dba@example.com
        }
        notification_email {
            more@example.com
        }
        """)
        #expect(r.configuration.global.email.recipients == ["ops@example.com", "noc@example.com", "dba@example.com", "more@example.com"])
        #expect(!r.diagnostics.failsConfigTest)
    }

    @Test func emptyNotificationEmailBlockIsReported() {
        let r = global("router_id a\nnotification_email {\n}")
        #expect(has(r, line: 3, .warning, "'notification_email' block is empty"))
        #expect(r.configuration.global.email.recipients.isEmpty)
    }

    @Test func valueGivenTwiceKeepsTheLastForPlainSettings() {
        let r = global("router_id a\nrouter_id b\nvrrp_version 3\nvrrp_version 2")
        #expect(r.configuration.global.routerID == "b")
        #expect(r.configuration.global.vrrp.version == 2)
        #expect(r.diagnostics.all.isEmpty)
    }

    @Test(arguments: [
        ("lvs_sync_daemon eth0 VI_1\nlvs_sync_daemon eth1 VI_2", "'lvs_sync_daemon' is already set on eth0"),
        ("startup_script /bin/a\nstartup_script /bin/b", "'startup_script' given twice; ignoring '/bin/b'"),
        ("shutdown_script /bin/a\nshutdown_script /bin/b", "'shutdown_script' given twice"),
        ("notify_fifo /run/a\nnotify_fifo /run/b", "'notify_fifo' is already /run/a; ignoring '/run/b'"),
        ("vrrp_notify_fifo_script /bin/a\nvrrp_notify_fifo_script /bin/b", "is already /bin/a"),
        ("vmac_prefix a\nvmac_prefix b", "'vmac_prefix' is already a; ignoring 'b'"),
        ("vmac_addr_prefix a\nvmac_addr_prefix b", "'vmac_addr_prefix' is already a"),
        ("nftables\nnftables t2", "'nftables' given twice"),
        ("nftables_ipvs\nnftables_ipvs", "'nftables_ipvs' given twice"),
        ("snmp_socket a\nsnmp_socket b", "'snmp_socket' is already a"),
    ])
    func settingsThatKeepTheFirst(_ text: String, _ fragment: String) {
        let r = global(text)
        #expect(has(r, line: 3, .warning, fragment), "\(r.diagnostics.all)")
        let g = r.configuration.global
        #expect(g.lvs.syncDaemon?.interface != "eth1")
        #expect(g.scripts.startup?.commandLine != "/bin/b" && g.scripts.shutdown?.commandLine != "/bin/b")
        #expect(g.scripts.notifyFIFO?.path != "/run/b" && g.vrrp.vmacPrefix != "b" && g.snmp.socket != "b")
    }

    @Test func receiveBufferPolicyAccumulatesAcrossLines() {
        let r = global("vrrp_rx_bufs_policy MTU\nvrrp_rx_bufs_policy 100")
        #expect(r.configuration.global.vrrp.receiveBufferPolicy == .bytes(100))
        #expect(has(r, line: 3, .warning, "a size and a policy are both set"))
    }

    @Test func processNameIsTruncated() {
        let r = global("vrrp_process_name abcdefghijklmnopqrst")
        #expect(r.configuration.global.processes.vrrpName == "abcdefghijklmno")
    }

    @Test func realtimePriorityIsClamped() {
        #expect(global("vrrp_rt_priority 0").configuration.global.processes.vrrp.realtimePriority == 1)
        #expect(global("vrrp_rt_priority -5").configuration.global.processes.vrrp.realtimePriority == 1)
        #expect(global("vrrp_rt_priority 150").configuration.global.processes.vrrp.realtimePriority == 99)
    }

    @Test func zeroCountsAreCorrectedToOne() {
        let g = global("vrrp_garp_master_repeat 0\nvrrp_garp_master_refresh_repeat 0\nsmtp_connect_timeout 0").configuration.global
        #expect(g.vrrp.garpMasterRepeat == 1 && g.vrrp.garpMasterRefreshRepeat == 1)
        #expect(g.email.connectTimeoutMicroseconds == 1_000_000)
    }

    @Test func keywordsFromSeveralGlobalDefsBlocksCombine() {
        let r = load("global_defs {\n router_id a\n}\nglobal_defs {\n vrrp_strict\n}\n")
        #expect(r.configuration.global.routerID == "a" && r.configuration.global.vrrp.strict)
        #expect(r.diagnostics.all.isEmpty)
    }

    // MARK: top-level daemon keywords

    @Test(arguments: [
        GlobalLineCase("net_namespace ns1") { $0.daemon.netNamespace == "ns1" },
        GlobalLineCase("net_namespace_ipvs") { $0.daemon.ipvsNamespace == .defaultNamespace },
        GlobalLineCase("net_namespace_ipvs ipvs_ns") { $0.daemon.ipvsNamespace == .named("ipvs_ns") },
        GlobalLineCase("namespace_with_ipsets") { $0.daemon.namespaceWithIPSets },
        GlobalLineCase("instance lb_a") { $0.daemon.instanceName == "lb_a" },
        GlobalLineCase("use_pid_dir") { $0.daemon.usePIDDirectory },
        GlobalLineCase("linkbeat_use_polling") { $0.daemon.linkbeatUsePolling },
        GlobalLineCase("child_wait_time 0") { $0.daemon.childWaitTimeMicroseconds == 0 },
        GlobalLineCase("child_wait_time 4294967295") { $0.daemon.childWaitTimeMicroseconds == 4_294_967_295_000_000 },
    ])
    func topLevelLine(_ c: GlobalLineCase) {
        let r = load(c.line + "\n")
        #expect(c.check(r.configuration.global))
        #expect(!r.diagnostics.failsConfigTest, "\(r.diagnostics.all)")
    }

    @Test(arguments: [
        GlobalBadLineCase("net_namespace", "needs a value"),
        GlobalBadLineCase("instance", "needs a value"),
        GlobalBadLineCase("child_wait_time", "needs a value"),
        GlobalBadLineCase("child_wait_time 1.5", "needs an integer"),
        GlobalBadLineCase("child_wait_time -1", "out of range [0, 4294967295]"),
        GlobalBadLineCase("child_wait_time 4294967296", "out of range"),
        GlobalBadLineCase("use_pid_dir yes", .warning, "takes no value"),
        GlobalBadLineCase("router_id lb1", .warning, "unknown keyword 'router_id'"),
    ])
    func badTopLevelLine(_ c: GlobalBadLineCase) {
        let r = load(c.line + "\n")
        #expect(has(r, line: 1, c.severity, c.fragment), "\(r.diagnostics.all)")
    }

    @Test func topLevelDuplicatesKeepTheFirst() {
        let r = load("net_namespace a\nnet_namespace b\ninstance x\ninstance y\nnet_namespace_ipvs p\nnet_namespace_ipvs q\n")
        let d = r.configuration.global.daemon
        #expect(d.netNamespace == "a" && d.instanceName == "x" && d.ipvsNamespace == .named("p"))
        // keepalived reports a second net_namespace without failing its config test.
        #expect(has(r, line: 2, .note, "'net_namespace' is already a; ignoring 'b'"))
        #expect(has(r, line: 4, .warning, "'instance' is already x; ignoring 'y'"))
        #expect(has(r, line: 6, .warning, "'net_namespace_ipvs' given twice"))
    }

    // MARK: validation

    @Test func startupScriptAsRootNeedsScriptSecurity() {
        let r = global("router_id a\nstartup_script /bin/true")
        #expect(has(r, line: 3, .error, "'startup_script' /bin/true would run as root, but 'enable_script_security' is not set"))
        #expect(!global("startup_script /bin/true\nenable_script_security").diagnostics.failsConfigTest)
        #expect(!global("startup_script /bin/true nobody").diagnostics.failsConfigTest)
        #expect(!global("script_user nobody\nshutdown_script /bin/true").diagnostics.failsConfigTest)
        #expect(has(global("script_user nobody\nshutdown_script /bin/true root"), line: 3, .error, "'shutdown_script' /bin/true would run as root"))
    }

    @Test func aStartupScriptThatCannotBeFoundIsNotReported() {
        let environment = ValidationEnvironment(isExecutable: { $0 == "/bin/true" })
        let missing = load(globalDefs("startup_script /nonexistent"), environment: environment)
        #expect(!missing.diagnostics.failsConfigTest)
        let present = load(globalDefs("startup_script \"/bin/true --flag\""), environment: environment)
        #expect(has(present, line: 2, .error, "/bin/true would run as root"))
    }

    @Test func notifyFIFOsMustDiffer() {
        let r = global("notify_fifo /run/a\nvrrp_notify_fifo /run/a\nlvs_notify_fifo /run/a")
        #expect(has(r, line: 3, .note, "vrrp_notify_fifo /run/a is also the notify_fifo"))
        #expect(has(r, line: 4, .note, "lvs_notify_fifo /run/a is also the notify_fifo"))
        #expect(!r.diagnostics.failsConfigTest)
        let scripts = global("vrrp_notify_fifo /run/v\nvrrp_notify_fifo_script /bin/a\nlvs_notify_fifo /run/v\nlvs_notify_fifo_script /bin/b")
        #expect(has(scripts, line: 5, .note, "both with scripts"))
        #expect(global("vrrp_notify_fifo /run/v\nlvs_notify_fifo /run/v").diagnostics.all.isEmpty)
    }

    @Test func locationsDoNotTakePartInEquality() {
        let a = global("router_id a").configuration.global
        let b = load("\n\n\n" + globalDefs("\n\nrouter_id a")).configuration.global
        #expect(a.locations["router_id"]?.line == 2)
        #expect(b.locations["router_id"]?.line == 7)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    // MARK: bfd_instance

    private func bfd(_ body: String, name: String = "B1") -> LoadedConfiguration {
        load("bfd_instance \(name) {\n\(body)\n}\n")
    }

    @Test func bfdInstanceDefaults() throws {
        let r = bfd("neighbor_ip 192.0.2.5")
        #expect(r.diagnostics.all.isEmpty)
        let b = try #require(r.configuration.global.bfdInstance(named: "B1"))
        #expect(b.neighbor == ip("192.0.2.5") && b.source == nil)
        #expect(b.minimumRxMicroseconds == 10_000 && b.minimumTxMicroseconds == 10_000 && b.idleTxMicroseconds == 1_000_000)
        #expect(b.multiplier == 5 && !b.passive && b.effectiveTTL == 255 && b.maximumHops == 0 && b.weight == 0 && !b.reverseWeight)
        #expect(b.notify == [.vrrp, .checker])
        #expect(b.location.line == 1)
        let v6 = try #require(bfd("neighbour_ip 2001:db8::5").configuration.global.bfdInstances.first)
        #expect(v6.effectiveTTL == 64)
    }

    @Test func bfdInstanceKeywords() throws {
        let r = bfd("""
        neighbor_ip 192.0.2.5
        source_ip 192.0.2.1
        min_rx 3.312
        min_tx 20
        idle_tx 2000
        multiplier 3
        passive
        ttl 10
        max_hops 2
        weight -20 reverse
        vrrp
        """)
        #expect(r.diagnostics.all.isEmpty, "\(r.diagnostics.all)")
        let b = try #require(r.configuration.global.bfdInstances.first)
        #expect(b.source == ip("192.0.2.1") && b.minimumRxMicroseconds == 3_312 && b.minimumTxMicroseconds == 20_000)
        #expect(b.idleTxMicroseconds == 2_000_000 && b.multiplier == 3 && b.passive && b.ttl == 10 && b.maximumHops == 2)
        #expect(b.weight == -20 && b.reverseWeight && b.notify == [.vrrp])
        #expect(try #require(bfd("neighbor_ip 192.0.2.5\nhoplimit 3\nchecker").configuration.global.bfdInstances.first).notify == [.checker])
    }

    @Test(arguments: [
        ("", 1, "has no neighbor_ip; instance ignored"),
        ("neighbor_ip x", 2, "'x' is not an IPv4 or IPv6 address"),
        ("neighbor_ip 192.0.2.5\nsource_ip 2001:db8::1", 1, "are not of the same family"),
        ("neighbor_ip 192.0.2.5\nmin_rx 0", 3, "'min_rx' 0 is out of range [1, 4294967] ms"),
        ("neighbor_ip 192.0.2.5\nmin_tx x", 3, "needs a time in milliseconds"),
        ("neighbor_ip 192.0.2.5\nidle_tx 999", 3, "out of range [1000, 4294967] ms"),
        ("neighbor_ip 192.0.2.5\nmultiplier 256", 3, "out of range [1, 255]"),
        ("neighbor_ip 192.0.2.5\nttl 0", 3, "out of range [1, 255]"),
        ("neighbor_ip 192.0.2.5\nmax_hops 256", 3, "out of range [-1, 255]"),
        ("neighbor_ip 192.0.2.5\nweight 254", 3, "out of range [-253, 253]"),
        ("neighbor_ip 192.0.2.5\nweight 10 foo", 3, "unknown option 'foo'"),
        ("neighbor_ip 192.0.2.5\nneighbor 192.0.2.6", 3, "unknown keyword 'neighbor' in bfd_instance"),
    ])
    func badBFDInstance(_ body: String, _ line: Int, _ fragment: String) {
        let r = bfd(body)
        let severity: Severity = fragment.hasPrefix("unknown keyword") ? .warning : .error
        #expect(has(r, line: line, severity, fragment), "\(r.diagnostics.all)")
    }

    @Test func bfdInstanceWithoutUsableNeighbourIsDropped() {
        #expect(bfd("").configuration.global.bfdInstances.isEmpty)
        #expect(bfd("neighbor_ip 192.0.2.5\nsource_ip 2001:db8::1").configuration.global.bfdInstances.isEmpty)
    }

    @Test func bfdMaxHopsIsLimitedToTheTTL() {
        let r = bfd("neighbor_ip 192.0.2.5\nttl 5\nmax_hops 9")
        #expect(has(r, line: 1, .warning, "max_hops 9 is more than the TTL 5; using 5"))
        #expect(r.configuration.global.bfdInstances.first?.maximumHops == 5)
    }

    @Test func bfdInstanceNamesAndNeighboursAreUnique() {
        let r = load("""
        bfd_instance B1 {
          neighbor_ip 192.0.2.5
        }
        bfd_instance B1 {
          neighbor_ip 192.0.2.6
        }
        bfd_instance B2 {
          neighbor_ip 192.0.2.5
        }
        bfd_instance \(String(repeating: "n", count: 32)) {
          neighbor_ip 192.0.2.7
        }
        """)
        #expect(has(r, line: 4, .error, "bfd_instance B1 is already defined"))
        #expect(has(r, line: 7, .error, "another instance already uses neighbor_ip 192.0.2.5"))
        #expect(has(r, line: 10, .error, "longer than 31 characters"))
        #expect(r.configuration.global.bfdInstances.map(\.name) == ["B1"])
        #expect(r.configuration.global.bfdInstances.first?.neighbor == ip("192.0.2.5"))
    }

    @Test func bfdInstanceNeedsAName() {
        let r = load("bfd_instance {\n neighbor_ip 192.0.2.5\n}\n")
        #expect(has(r, line: 1, .error, "'bfd_instance' needs a name"))
        #expect(r.configuration.global.bfdInstances.isEmpty)
    }

    // MARK: helpers

    @Test(arguments: [(0, "0"), (1, "0.000001"), (1_500_000, "1.5"), (4_294_967_295, "4294.967295"), (5_000_000, "5"), (-250_000, "-0.25")])
    func secondsAreWrittenWithoutExponent(_ micros: Int, _ text: String) {
        #expect(secondsText(microseconds: micros) == text)
    }

    @Test(arguments: [("022", 18), ("0x12", 18), ("0X1f", 31), ("18", 18), ("0", 0), ("0777", 511)])
    func cNumbers(_ text: String, _ value: Int) {
        #expect(parseCNumber(text) == value)
    }

    @Test(arguments: ["08", "0x", "x", "-1", "+1", "1a", ""])
    func badCNumbers(_ text: String) {
        #expect(parseCNumber(text) == nil)
    }

    @Test(arguments: [("mail.example.com", true), ("localhost", true), ("example.com.", true), ("a-b.example", true),
                      ("-ab", false), ("ab-", false), ("a..b", false), ("a_b", false), ("", false), (".", false)])
    func hostNames(_ text: String, _ valid: Bool) {
        #expect(isValidHostName(text) == valid)
    }
}
