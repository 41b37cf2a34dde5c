import Dispatch
import Foundation

/// Long, even work shared among the cores, its results kept in order: the after-action report's
/// 200,000 timeline rows and their HTML. Short work stays on one core (a part has at least
/// `minimumPart` items), where starting threads would cost more than it saves.
enum Parallel {
    /// How many parts `count` items make.
    static func parts(_ count: Int, minimumPart: Int) -> Int {
        max(1, min(JournalScanner.cores, count / max(1, minimumPart)))
    }

    /// The indices of part `k` of `n` over `count` items: consecutive, nearly equal.
    static func range(_ k: Int, of n: Int, count: Int) -> Range<Int> {
        (count * k / n)..<(count * (k + 1) / n)
    }

    /// `count` elements in order. `part(range, put)` makes the elements of one range of indices
    /// on a core of its own, handing each to `put` in order, exactly one an index. They are
    /// written straight into the array's storage, so none is copied afterwards.
    static func build<T: Sendable>(_ count: Int, minimumPart: Int,
                                   _ part: @Sendable (Range<Int>, (T) -> Void) -> Void) -> [T] {
        let n = parts(count, minimumPart: minimumPart)
        guard n > 1 else {
            var out: [T] = []
            out.reserveCapacity(count)
            part(0..<count) { out.append($0) }
            return out
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            let slots = Slots(base: base)
            DispatchQueue.concurrentPerform(iterations: n) { k in
                let r = range(k, of: n, count: count)
                var at = r.lowerBound
                part(r) { element in
                    precondition(at < r.upperBound, "Parallel.build: a part made more elements than its range")
                    (slots.base + at).initialize(to: element)
                    at += 1
                }
                precondition(at == r.upperBound, "Parallel.build: a part made fewer elements than its range")
            }
            initialized = count
        }
    }

    /// Starts making `make` of each of `pieces` consecutive parts of `count` items on every
    /// core; `forEach` on what it returns hands them on, on the calling thread, in order, each
    /// as soon as it and those before it are made. A long report is written while its later
    /// parts are still being made, and a part is let go once handed on.
    static func stream<T: Sendable>(_ count: Int, pieces: Int, _ make: @escaping @Sendable (Range<Int>) -> T) -> Streaming<T> {
        let n = max(1, pieces)
        let box = Streaming<T>(n)
        box.workers = start {
            DispatchQueue.concurrentPerform(iterations: min(JournalScanner.cores, n)) { _ in
                while let k = box.claim() { box.put(k, make(range(k, of: n, count: count))) }
            }
            return true
        }
        return box
    }

    /// The parts of a `stream`: which is next to make, and each made part until it is taken.
    final class Streaming<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var made: [T?]
        private let ready: [DispatchSemaphore]
        fileprivate var workers: Pending<Bool>?

        fileprivate init(_ n: Int) {
            made = Array(repeating: nil, count: n)
            ready = (0..<n).map { _ in DispatchSemaphore(value: 0) }
        }

        /// Hands every part to `body` in order, each once made. If `body` throws, the parts
        /// still being made are finished and dropped, and the error is thrown.
        func forEach(_ body: (T) throws -> Void) rethrows {
            defer { _ = workers?.wait() }
            for k in made.indices { try body(take(k)) }
        }

        /// The next part to make, if any is left.
        fileprivate func claim() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < made.count else { return nil }
            next += 1
            return next - 1
        }

        fileprivate func put(_ k: Int, _ value: T) {
            lock.lock(); made[k] = value; lock.unlock()
            ready[k].signal()
        }

        /// Part `k`, once made; it is let go here.
        private func take(_ k: Int) -> T {
            ready[k].wait()
            lock.lock(); defer { lock.unlock() }
            guard let value = made[k] else { preconditionFailure("Parallel.Streaming: part \(k) was signalled without a value") }
            made[k] = nil
            return value
        }
    }

    /// Starts `work` on another thread; `wait()` on what it returns gives its result. For
    /// running the bulk of a job (a long timeline, made on every core itself) while the calling
    /// thread does the rest.
    static func start<T: Sendable>(_ work: @escaping @Sendable () -> T) -> Pending<T> {
        let pending = Pending<T>()
        pending.group.enter()
        DispatchQueue.global().async {
            pending.set(work())
            pending.group.leave()
        }
        return pending
    }

    /// The result of work started with `start`.
    final class Pending<T: Sendable>: @unchecked Sendable {
        fileprivate let group = DispatchGroup()
        private var value: T?

        fileprivate func set(_ v: T) { value = v }

        /// Waits for the work to end, and gives its result.
        func wait() -> T {
            group.wait()
            // Written once, before `leave`; read only after `wait`: the group orders the two.
            guard let value else { preconditionFailure("Parallel.Pending: the work ended without a result") }
            return value
        }
    }

    /// Where the parts write: each part only its own stretch.
    struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }
}
