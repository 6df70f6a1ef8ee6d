import KeepalivedConfig

/// Why a frame or message was refused. Any of these closes the channel; the parent then
/// restarts the child.
public enum IPCProtocolError: Error, Equatable, Sendable {
    case frameTooShort(Int)
    case badMagic(UInt16)
    case unsupportedVersion(UInt8)
    case reservedFlags(UInt8)
    case lengthMismatch(declared: Int, actual: Int)
    case frameTooLarge(Int)
    case messageTooLarge(Int)
    case fragmentTypeChanged(from: UInt16, to: UInt16)
    case unknownRequiredType(UInt16)
    case malformedPayload(type: UInt16, DecodeError)
}

/// Turns messages into datagrams and back.
///
/// Frame layout (big-endian), one per SEQPACKET datagram:
/// ```
///  0      2      3      4              6                10
///  +------+------+------+--------------+----------------+---------------+
///  | 'KA' | ver  | flags| type (u16)   | length (u32)   | payload ...   |
///  +------+------+------+--------------+----------------+---------------+
/// ```
/// `flags` bit 0 ("more") says the message continues in the next frame; the other bits are 0.
public enum FrameCodec {
    public static let magic: UInt16 = 0x4B41 // "KA"
    static let moreFlag: UInt8 = 0x01

    /// Encodes a message as one or more datagrams of at most `maximumFramePayload` payload bytes.
    public static func encode(_ message: IPCMessage, maximumFramePayload: Int = IPCLimits.maximumFramePayload) -> [[UInt8]] {
        let payload = PayloadCodec.encode(message)
        let type = message.typeCode
        var frames: [[UInt8]] = []
        var start = 0
        repeat {
            let end = min(start + maximumFramePayload, payload.count)
            let more = end < payload.count
            var w = ByteWriter(capacity: IPCLimits.headerSize + end - start)
            w.u16(magic)
            w.u8(IPCLimits.protocolVersion)
            w.u8(more ? moreFlag : 0)
            w.u16(type)
            w.u32(UInt32(end - start))
            w.raw(payload[start..<end])
            frames.append(w.bytes)
            start = end
        } while start < payload.count
        return frames
    }
}

/// Reassembles datagrams into messages for one channel. A value type with no I/O, so that
/// tests (and the fuzzer) feed it bytes directly.
public struct FrameDecoder: Sendable {
    private var pendingType: UInt16? = nil
    private var pending: [UInt8] = []
    /// Optional messages of unknown type that were skipped (counted for the stats dump).
    public private(set) var skippedOptionalMessages = 0

    public init() {}

    /// Takes one datagram. Returns the message it completes, or nil when more fragments are
    /// expected or an unknown optional message was skipped. Throws on anything malformed; the
    /// decoder must not be used again after that (the channel is closed).
    public mutating func receive(_ datagram: [UInt8]) throws(IPCProtocolError) -> IPCMessage? {
        guard datagram.count >= IPCLimits.headerSize else { throw .frameTooShort(datagram.count) }
        var r = ByteReader(datagram)
        let magic = try! r.u16(), version = try! r.u8(), flags = try! r.u8(), type = try! r.u16(), length = Int(try! r.u32())
        guard magic == FrameCodec.magic else { throw .badMagic(magic) }
        guard version == IPCLimits.protocolVersion else { throw .unsupportedVersion(version) }
        guard flags & ~FrameCodec.moreFlag == 0 else { throw .reservedFlags(flags) }
        guard length <= IPCLimits.maximumFramePayload else { throw .frameTooLarge(length) }
        guard length == datagram.count - IPCLimits.headerSize else { throw .lengthMismatch(declared: length, actual: datagram.count - IPCLimits.headerSize) }
        if let t = pendingType, t != type { throw .fragmentTypeChanged(from: t, to: type) }
        guard pending.count + length <= IPCLimits.maximumMessageSize else { throw .messageTooLarge(pending.count + length) }
        pending.append(contentsOf: datagram[IPCLimits.headerSize...])
        if flags & FrameCodec.moreFlag != 0 {
            pendingType = type
            return nil
        }
        let payload = pending
        pending = []
        pendingType = nil
        do {
            guard let message = try PayloadCodec.decode(type: type, payload: payload) else {
                if type >= 0x8000 {
                    skippedOptionalMessages += 1
                    return nil
                }
                throw IPCProtocolError.unknownRequiredType(type)
            }
            return message
        } catch let e as IPCProtocolError {
            throw e
        } catch let e as DecodeError {
            throw .malformedPayload(type: type, e)
        } catch {
            throw .malformedPayload(type: type, .invalidValue("\(error)"))
        }
    }
}

/// The payload of each message type. Fields are appended in order; a receiver ignores bytes
/// after the fields it knows, so a later minor revision may append fields.
enum PayloadCodec {
    static func encode(_ message: IPCMessage) -> [UInt8] {
        var w = ByteWriter()
        switch message {
        case .hello(let h):
            w.u8(h.role.rawValue); w.u32(UInt32(bitPattern: h.processID)); w.string(h.software)
        case .configuration(let c):
            w.u64(c.generation); w.u8(c.reason.rawValue); w.string(c.configID)
            // A file table, then (file index, line, text) per line.
            var files: [String] = []
            var index: [String: UInt32] = [:]
            for l in c.lines where index[l.location.file] == nil {
                index[l.location.file] = UInt32(files.count); files.append(l.location.file)
            }
            w.u32(UInt32(files.count))
            for f in files { w.string(f) }
            w.u32(UInt32(c.lines.count))
            for l in c.lines { w.u32(index[l.location.file]!); w.u32(UInt32(clamping: l.location.line)); w.string(l.text) }
        case .ready(let g):
            w.u64(g)
        case .configFailed(let g, let diagnostics):
            w.u64(g); w.u32(UInt32(diagnostics.count))
            for d in diagnostics {
                w.u8(severityCode(d.severity))
                w.bool(d.location != nil)
                if let l = d.location { w.string(l.file); w.u32(UInt32(clamping: l.line)) }
                w.string(d.message)
            }
        case .shutdown(let mode):
            w.u8(mode.rawValue)
        case .instanceState(let r), .relayedInstanceState(let r):
            encode(r, into: &w)
        case .realServerState(let r):
            w.string(r.virtualServer); w.string(r.realServer); w.bool(r.up); w.u32(UInt32(bitPattern: r.weight))
        case .quorumState(let q):
            w.string(q.virtualServer); w.bool(q.up)
        case .resume(let reports):
            w.u32(UInt32(reports.count))
            for r in reports { encode(r, into: &w) }
        case .dumpRequest(let id, let kind):
            w.u32(id); w.u8(kind.rawValue)
        case .dumpReply(let id, let text):
            w.u32(id); w.string(text)
        case .heartbeat(let s), .heartbeatAck(let s):
            w.u64(s)
        }
        return w.bytes
    }

    /// Nil for a type code this version does not know.
    static func decode(type: UInt16, payload: [UInt8]) throws -> IPCMessage? {
        var r = ByteReader(payload)
        switch type {
        case 0x0001:
            let role = try enumValue(ProcessRole.self, try r.u8())
            return .hello(Hello(role: role, processID: Int32(bitPattern: try r.u32()), software: try r.string(maximum: 256)))
        case 0x0002:
            let generation = try r.u64()
            let reason = try enumValue(ConfigurationReason.self, try r.u8())
            let configID = try r.string(maximum: 256)
            let fileCount = try r.count(maximum: 65536)
            var files: [String] = []
            files.reserveCapacity(fileCount)
            for _ in 0..<fileCount { files.append(try r.string(maximum: 4096)) }
            let lineCount = try r.count(maximum: IPCLimits.maximumListCount)
            var lines: [LogicalLine] = []
            lines.reserveCapacity(lineCount)
            for _ in 0..<lineCount {
                let f = Int(try r.u32())
                guard f < files.count else { throw DecodeError.invalidValue("file index \(f) of \(files.count)") }
                let line = Int(try r.u32())
                lines.append(LogicalLine(try r.string(), at: SourceLocation(file: files[f], line: line)))
            }
            return .configuration(ConfigurationPayload(generation: generation, reason: reason, configID: configID, lines: lines))
        case 0x0003:
            return .ready(generation: try r.u64())
        case 0x0004:
            let g = try r.u64()
            let n = try r.count(maximum: IPCLimits.maximumListCount)
            var diagnostics: [Diagnostic] = []
            for _ in 0..<n {
                let severity = try severity(try r.u8())
                var location: SourceLocation? = nil
                if try r.bool() { location = SourceLocation(file: try r.string(maximum: 4096), line: Int(try r.u32())) }
                diagnostics.append(Diagnostic(severity, try r.string(maximum: 65536), at: location))
            }
            return .configFailed(generation: g, diagnostics: diagnostics)
        case 0x0005:
            return .shutdown(try enumValue(ShutdownMode.self, try r.u8()))
        case 0x0010:
            return .instanceState(try instanceReport(&r))
        case 0x0011:
            return .realServerState(RealServerReport(virtualServer: try r.string(maximum: 512), realServer: try r.string(maximum: 512),
                                                     up: try r.bool(), weight: Int32(bitPattern: try r.u32())))
        case 0x0012:
            return .quorumState(QuorumReport(virtualServer: try r.string(maximum: 512), up: try r.bool()))
        case 0x0013:
            let n = try r.count(maximum: 65536)
            var reports: [InstanceReport] = []
            for _ in 0..<n { reports.append(try instanceReport(&r)) }
            return .resume(reports)
        case 0x0014:
            return .relayedInstanceState(try instanceReport(&r))
        case 0x0020:
            return .dumpRequest(id: try r.u32(), kind: try enumValue(DumpKind.self, try r.u8()))
        case 0x0021:
            return .dumpReply(id: try r.u32(), text: try r.string())
        case 0x8001:
            return .heartbeat(sequence: try r.u64())
        case 0x8002:
            return .heartbeatAck(sequence: try r.u64())
        default:
            return nil
        }
    }

    private static func encode(_ r: InstanceReport, into w: inout ByteWriter) {
        w.string(r.name); w.u8(r.state.rawValue); w.u8(r.basePriority); w.u8(r.effectivePriority); w.bool(r.addressesInstalled)
    }

    private static func instanceReport(_ r: inout ByteReader) throws -> InstanceReport {
        InstanceReport(name: try r.string(maximum: 256), state: try enumValue(InstanceState.self, try r.u8()),
                       basePriority: try r.u8(), effectivePriority: try r.u8(), addressesInstalled: try r.bool())
    }

    private static func enumValue<E: RawRepresentable>(_: E.Type, _ raw: UInt8) throws(DecodeError) -> E where E.RawValue == UInt8 {
        guard let v = E(rawValue: raw) else { throw .invalidValue("\(E.self) \(raw)") }
        return v
    }

    private static func severityCode(_ s: Severity) -> UInt8 {
        switch s { case .note: return 0; case .warning: return 1; case .error: return 2 }
    }

    private static func severity(_ c: UInt8) throws(DecodeError) -> Severity {
        switch c { case 0: return .note; case 1: return .warning; case 2: return .error; default: throw .invalidValue("severity \(c)") }
    }
}
