/// keepalived's exit codes, kept so that scripts and unit files that test them still work.
public enum ExitCode: Int32, Sendable {
    case ok = 0
    case noMemory = 1
    case programError = 2
    case fatal = 3
    case configError = 4
    case configTestFailed = 5
    case configTestSecurity = 6
    case noConfig = 7
    case missingPermission = 8
}
