#if canImport(Glibc)
import Glibc
#endif

/// A failed system call's errno, typed, with the call that failed.
///
/// Every syscall wrapper in this module throws this instead of returning -1, so callers can
/// switch on the cause and log a message that names the call.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public init(_ call: String, errno: Int32 = Glibc.errno) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// Runs a syscall until it stops failing with EINTR; any other failure becomes a `SystemError`.
@inline(__always)
public func retryingEINTR<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemError) -> T {
    while true {
        let rc = body()
        if rc >= 0 { return rc }
        let e = errno
        if e == EINTR { continue }
        throw SystemError(call, errno: e)
    }
}
