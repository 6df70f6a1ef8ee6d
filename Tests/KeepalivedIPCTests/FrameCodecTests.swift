import Testing
import KeepalivedConfig
@testable import KeepalivedIPC

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).leftPad(2) }.joined() }
extension String {
    func leftPad(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

private func roundTrip(_ m: IPCMessage, framePayload: Int = IPCLimits.maximumFramePayload) throws -> IPCMessage? {
    var d = FrameDecoder()
    var out: IPCMessage? = nil
    for frame in FrameCodec.encode(m, maximumFramePayload: framePayload) {
        out = try d.receive(frame)
    }
    return out
}

let sampleMessages: [IPCMessage] = [
    .hello(Hello(role: .vrrp, processID: 4242, software: "0.1.0")),
    .configuration(ConfigurationPayload(generation: 7, reason: .reload, configID: "director1", lines: [
        LogicalLine("vrrp_instance VI_1 {", at: SourceLocation(file: "/etc/keepalived/keepalived.conf", line: 3)),
        LogicalLine("priority 150", at: SourceLocation(file: "/etc/keepalived/conf.d/a.conf", line: 1)),
        LogicalLine("}", at: SourceLocation(file: "/etc/keepalived/keepalived.conf", line: 9)),
    ])),
    .ready(generation: 7),
    .configFailed(generation: 8, diagnostics: [
        Diagnostic(.error, "'priority' 300 is out of range [1, 255]", at: SourceLocation(file: "k.conf", line: 4)),
        Diagnostic(.warning, "no location", at: nil),
    ]),
    .shutdown(.release),
    .shutdown(.keepKernelState),
    .instanceState(InstanceReport(name: "VI_1", state: .master, basePriority: 150, effectivePriority: 140, addressesInstalled: true)),
    .realServerState(RealServerReport(virtualServer: "192.0.2.100:80", realServer: "[2001:db8::1]:80", up: false, weight: 0)),
    .quorumState(QuorumReport(virtualServer: "FWM 5", up: true)),
    .resume([InstanceReport(name: "VI_1", state: .backup, basePriority: 100, effectivePriority: 100, addressesInstalled: false)]),
    .relayedInstanceState(InstanceReport(name: "VI_2", state: .fault, basePriority: 1, effectivePriority: 1, addressesInstalled: false)),
    .dumpRequest(id: 9, kind: .json),
    .dumpReply(id: 9, text: "{\"x\": 1}"),
    .heartbeat(sequence: 1 << 40),
    .heartbeatAck(sequence: 3),
]

@Suite("IPC frame codec")
struct FrameCodecTests {
    @Test(arguments: sampleMessages)
    func everyMessageRoundTrips(message: IPCMessage) throws {
        #expect(try roundTrip(message) == message)
    }

    @Test(arguments: sampleMessages)
    func everyMessageRoundTripsInTinyFragments(message: IPCMessage) throws {
        #expect(try roundTrip(message, framePayload: 3) == message)
    }

    @Test func goldenHeartbeat() {
        let frames = FrameCodec.encode(.heartbeat(sequence: 0x0102030405060708))
        #expect(frames.count == 1)
        #expect(hex(frames[0]) == "4b41" + "01" + "00" + "8001" + "00000008" + "0102030405060708")
    }

    @Test func goldenHello() {
        let frames = FrameCodec.encode(.hello(Hello(role: .checker, processID: 0x10, software: "v1")))
        #expect(hex(frames[0]) == "4b41010000010000000b" + "03" + "00000010" + "00000002" + "7631")
    }

    @Test func goldenInstanceState() {
        let m = IPCMessage.instanceState(InstanceReport(name: "VI", state: .master, basePriority: 150, effectivePriority: 0xff, addressesInstalled: true))
        #expect(hex(FrameCodec.encode(m)[0]) == "4b4101000010" + "0000000a" + "00000002" + "5649" + "02" + "96" + "ff" + "01")
    }

    @Test func goldenConfigurationWithAFileTable() {
        let m = IPCMessage.configuration(ConfigurationPayload(generation: 1, reason: .start, configID: "a", lines: [
            LogicalLine("x", at: SourceLocation(file: "f", line: 2)),
            LogicalLine("y", at: SourceLocation(file: "f", line: 3)),
        ]))
        let payload = "0000000000000001" + "01" + "00000001" + "61" + "00000001" + "00000001" + "66" + "00000002"
            + "00000000" + "00000002" + "00000001" + "78" + "00000000" + "00000003" + "00000001" + "79"
        #expect(hex(FrameCodec.encode(m)[0]) == "4b4101000002" + String(payload.count / 2, radix: 16).leftPad(8) + payload)
    }

    @Test func largeConfigurationIsFragmentedAndReassembled() throws {
        let lines = (1...20_000).map { LogicalLine("real_server 192.0.2.\($0 % 250) 80 {", at: SourceLocation(file: "big.conf", line: $0)) }
        let m = IPCMessage.configuration(ConfigurationPayload(generation: 2, reason: .start, configID: "x", lines: lines))
        let frames = FrameCodec.encode(m)
        #expect(frames.count > 5)
        #expect(frames.allSatisfy { $0.count <= IPCLimits.maximumFramePayload + IPCLimits.headerSize })
        #expect(frames.dropLast().allSatisfy { $0[3] == 1 } && frames.last![3] == 0)
        #expect(try roundTrip(m) == m)
    }

    @Test func unknownOptionalMessageIsSkippedAndCounted() throws {
        var d = FrameDecoder()
        let frame: [UInt8] = [0x4b, 0x41, 1, 0, 0x90, 0x00, 0, 0, 0, 2, 0xAA, 0xBB]
        #expect(try d.receive(frame) == nil)
        #expect(d.skippedOptionalMessages == 1)
        // The channel stays usable.
        #expect(try d.receive(FrameCodec.encode(.ready(generation: 1))[0]) == .ready(generation: 1))
    }

    @Test func trailingBytesAfterKnownFieldsAreIgnored() throws {
        var frame = FrameCodec.encode(.ready(generation: 5))[0]
        frame.append(contentsOf: [1, 2, 3])
        frame[9] = 11
        var d = FrameDecoder()
        #expect(try d.receive(frame) == .ready(generation: 5))
    }

    @Test(arguments: [
        ([UInt8]([0x4b, 0x41, 1]), IPCProtocolError.frameTooShort(3)),
        ([0x4b, 0x41, 1, 0, 0, 3, 0, 0, 0], .frameTooShort(9)),
        ([0x4b, 0x42, 1, 0, 0, 3, 0, 0, 0, 0], .badMagic(0x4b42)),
        ([0x4b, 0x41, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0], .unsupportedVersion(2)),
        ([0x4b, 0x41, 1, 2, 0, 3, 0, 0, 0, 0, 0, 0], .reservedFlags(2)),
        ([0x4b, 0x41, 1, 0, 0, 3, 0, 0, 0, 9, 0, 0], .lengthMismatch(declared: 9, actual: 2)),
        ([0x4b, 0x41, 1, 0, 0x12, 0x34, 0, 0, 0, 0, 0, 0], .lengthMismatch(declared: 0, actual: 2)),
        ([0x4b, 0x41, 1, 0, 0x12, 0x34, 0, 0, 0, 0], .unknownRequiredType(0x1234)),
        ([0x4b, 0x41, 1, 0, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00], .frameTooLarge(65536)),
    ])
    func malformedFramesAreRefused(frame: [UInt8], expected: IPCProtocolError) {
        var d = FrameDecoder()
        #expect(throws: expected) { try d.receive(frame) }
    }

    @Test func unknownRequiredTypeIsRefused() {
        var d = FrameDecoder()
        #expect(throws: IPCProtocolError.unknownRequiredType(0x1234)) { try d.receive([0x4b, 0x41, 1, 0, 0x12, 0x34, 0, 0, 0, 0]  + [UInt8]()) }
    }

    @Test func truncatedPayloadIsMalformed() {
        var d = FrameDecoder()
        let frame: [UInt8] = [0x4b, 0x41, 1, 0, 0x00, 0x03, 0, 0, 0, 4, 0, 0, 0, 1]
        #expect(throws: IPCProtocolError.malformedPayload(type: 3, .truncated(needed: 8, available: 4))) { try d.receive(frame) }
    }

    @Test func invalidEnumValueIsMalformed() {
        var d = FrameDecoder()
        let frame: [UInt8] = [0x4b, 0x41, 1, 0, 0x00, 0x05, 0, 0, 0, 1, 9]
        #expect(throws: IPCProtocolError.malformedPayload(type: 5, .invalidValue("ShutdownMode 9"))) { try d.receive(frame) }
    }

    @Test func fragmentsMustKeepTheirType() throws {
        var d = FrameDecoder()
        #expect(try d.receive([0x4b, 0x41, 1, 1, 0x00, 0x03, 0, 0, 0, 1, 0]) == nil)
        #expect(throws: IPCProtocolError.fragmentTypeChanged(from: 3, to: 4)) { try d.receive([0x4b, 0x41, 1, 0, 0x00, 0x04, 0, 0, 0, 1, 0]) }
    }

    @Test func hostileCountsDoNotAllocate() {
        // configFailed claiming 4 billion diagnostics in an 12-byte payload.
        var d = FrameDecoder()
        let frame: [UInt8] = [0x4b, 0x41, 1, 0, 0x00, 0x04, 0, 0, 0, 12] + [0, 0, 0, 0, 0, 0, 0, 1] + [0xff, 0xff, 0xff, 0xff]
        #expect(throws: IPCProtocolError.self) { try d.receive(frame) }
    }

    /// Bounded random-input test: mutate valid frames and feed random bytes; the decoder must
    /// either decode or throw, never crash or hang. (The libFuzzer target runs far longer.)
    @Test func randomAndMutatedInputNeverCrashes() {
        var rng = Xorshift(seed: 0x5eed)
        let valid = sampleMessages.flatMap { FrameCodec.encode($0, maximumFramePayload: 40) }
        var decoded = 0, refused = 0
        for i in 0..<20_000 {
            var frame: [UInt8]
            if i % 4 == 0 {
                frame = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                frame = valid[Int(rng.next() % UInt64(valid.count))]
                for _ in 0..<(1 + rng.next() % 4) where !frame.isEmpty {
                    let at = Int(rng.next() % UInt64(frame.count))
                    switch rng.next() % 3 {
                    case 0: frame[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: frame.remove(at: at)
                    default: frame.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                    }
                }
            }
            var d = FrameDecoder()
            do { if try d.receive(frame) != nil { decoded += 1 } } catch { refused += 1 }
        }
        #expect(refused > 10_000)
        #expect(decoded + refused <= 20_000)
    }
}

struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}
