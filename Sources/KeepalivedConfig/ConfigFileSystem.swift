#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a configuration file could not be read.
public enum ConfigFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case unreadable(String, reason: String)
    case tooLarge(String, limit: Int)

    public var description: String {
        switch self {
        case .notFound(let p): return "cannot open '\(p)': no such file"
        case .unreadable(let p, let r): return "cannot read '\(p)': \(r)"
        case .tooLarge(let p, let limit): return "'\(p)' is larger than the \(limit / (1 << 20)) MiB limit for a configuration file"
        }
    }
}

/// The file access the configuration reader needs: read a file, expand a glob.
///
/// Injected so that the parser stays pure and its tests run on an in-memory tree.
public protocol ConfigFileSystem: Sendable {
    /// Reads a whole file as text (invalid UTF-8 is repaired, not rejected).
    func read(_ path: String) throws(ConfigFileError) -> String
    /// Expands a glob pattern (with braces) into the matching paths, sorted. No match: empty.
    func glob(_ pattern: String) -> [String]
}

/// Files held in memory: for tests and for the text that the parent sends a child.
public struct InMemoryFileSystem: ConfigFileSystem {
    public var files: [String: String]

    public init(_ files: [String: String]) { self.files = files }

    public func read(_ path: String) throws(ConfigFileError) -> String {
        guard let text = files[Path.normalize(path)] ?? files[path] else { throw .notFound(path) }
        return text
    }

    /// Supports `*`, `?` and `{a,b}` in the last component only, which is all tests need.
    public func glob(_ pattern: String) -> [String] {
        let normalized = Path.normalize(pattern)
        return files.keys.filter { GlobMatcher.matches(pattern: normalized, path: $0) }.sorted()
    }
}

/// The real file system, through libc `open`/`read` and `glob`.
public struct PosixFileSystem: ConfigFileSystem {
    /// Largest file accepted; a larger one is refused with a clear message instead of
    /// exhausting memory.
    public var maximumFileSize: Int

    public init(maximumFileSize: Int = 64 << 20) { self.maximumFileSize = maximumFileSize }

    public func read(_ path: String) throws(ConfigFileError) -> String {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        if fd < 0 {
            if errno == ENOENT { throw .notFound(path) }
            throw .unreadable(path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(path, reason: "is a directory") }
            if Int(st.st_size) > maximumFileSize { throw .tooLarge(path, limit: maximumFileSize) }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(Int(st.st_size), 0) + 1)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maximumFileSize { throw .tooLarge(path, limit: maximumFileSize) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        let rc = Glibc.glob(pattern, GLOB_BRACE | GLOB_NOSORT, nil, &g)
        guard rc == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out.sorted()
    }
}

/// Path arithmetic on plain strings (no Foundation in the daemons).
public enum Path {
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func join(_ directory: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if directory == "." { return relative }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    /// Removes "." components and duplicate slashes, folds "dir/.." pairs.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if component == "..", absolute, parts.isEmpty { continue }
            parts.append(component)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}

/// A small glob matcher (`*`, `?`, `[...]`, `{a,b}`) for the in-memory file system.
enum GlobMatcher {
    static func matches(pattern: String, path: String) -> Bool {
        for alternative in expandBraces(pattern) where match(Array(alternative.utf8)[...], Array(path.utf8)[...]) {
            return true
        }
        return false
    }

    static func expandBraces(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else { return [pattern] }
        let head = pattern[..<open], tail = pattern[pattern.index(after: close)...]
        let inner = pattern[pattern.index(after: open)..<close]
        return inner.split(separator: ",", omittingEmptySubsequences: false).flatMap { expandBraces(String(head) + $0 + tail) }
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let c = p.first else { return s.isEmpty }
        switch c {
        case UInt8(ascii: "*"):
            var rest = s
            while true {
                if match(p.dropFirst(), rest) { return true }
                guard let f = rest.first, f != UInt8(ascii: "/") else { return false }
                rest = rest.dropFirst()
            }
        case UInt8(ascii: "?"):
            guard let f = s.first, f != UInt8(ascii: "/") else { return false }
            return match(p.dropFirst(), s.dropFirst())
        default:
            guard s.first == c else { return false }
            return match(p.dropFirst(), s.dropFirst())
        }
    }
}
