import Testing
import RunbookKit

/// A witness (`runbook verify --witness`): a head hash once seen, with its entry, read back in
/// the forms people copy it in, and checked against a chain's hashes.
@Suite("witness")
struct WitnessTests {
    static let hash = "d3cb77261b39ca778306c6b1807f29c6dc818e24090a03c527d726d374aeb967"

    @Test func theFormsPrintedReadBackAsTheSameWitness() throws {
        let w = Witness(seq: 130, hash: Self.hash)
        #expect(w.spoken == "#130 d3cb 7726 1b39 ca77")
        #expect(w.full == Self.hash + "@130")
        #expect(w.checkCommand == "runbook verify --witness \(Self.hash)@130")
        #expect(try Witness.parse(w.full) == w)
        // The spoken form copied by hand, in capitals, with dashes: the seq and the first 16.
        #expect(try Witness.parse(w.spoken) == Witness(seq: 130, hash: "d3cb77261b39ca77"))
        #expect(try Witness.parse("D3CB-7726-1B39-CA77@130") == Witness(seq: 130, hash: "d3cb77261b39ca77"))
        #expect(try Witness.parse("d3cb77261b39ca77") == Witness(seq: 0, hash: "d3cb77261b39ca77"))
    }

    @Test func aWitnessTypedWrongIsNamed() {
        #expect(throws: Witness.Problem.empty) { try Witness.parse("  ") }
        #expect(throws: Witness.Problem.notHex("xyz0123456789abcdef")) { try Witness.parse("xyz0123456789abcdef") }
        #expect(throws: Witness.Problem.tooShort(8)) { try Witness.parse("d3cb7726@5") }
        #expect(throws: Witness.Problem.tooLong(65)) { try Witness.parse(Self.hash + "0") }
        #expect(throws: Witness.Problem.badSeq("0")) { try Witness.parse("d3cb77261b39ca77@0") }
        #expect(throws: Witness.Problem.badSeq("x")) { try Witness.parse("d3cb77261b39ca77@x") }
    }

    @Test func theChainSaysWhetherItHolds() {
        let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64), c = "ab" + String(repeating: "c", count: 62)
        let chain = [a, b, c]
        #expect(Witness(seq: 2, hash: String(b.prefix(16))).check(chain) == .holds(seq: 2, hash: b))
        #expect(Witness(seq: 2, hash: String(a.prefix(16))).check(chain) == .differs(seq: 2, found: b))
        #expect(Witness(seq: 4, hash: String(a.prefix(16))).check(chain) == .beyondEnd(seq: 4, entries: 3))
        #expect(Witness(seq: 0, hash: String(c.prefix(16))).check(chain) == .holds(seq: 3, hash: c))
        #expect(Witness(seq: 0, hash: String(repeating: "f", count: 16)).check(chain) == .notFound)
        let twice = [a, a]
        #expect(Witness(seq: 0, hash: String(a.prefix(16))).check(twice) == .ambiguous([1, 2]))
    }
}
