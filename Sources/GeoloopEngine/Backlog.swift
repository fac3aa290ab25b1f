/// The engine's own queue of transfers not yet handed to libcurl: one FIFO per host, served in
/// rotation so one busy host cannot starve the others, plus each host's count of admitted
/// transfers. Loop thread only.
///
/// Each transfer finds its host's lane once, when it joins; from then on admission and release
/// touch the lane directly, without hashing the host's name.
/// Cancelled transfers stay in place and are dropped when they reach the head.
struct Backlog {
    /// Lanes with queued or admitted transfers, by host key.
    private var lanes: [String: HostLane] = [:]
    /// Lanes with a non-empty queue, in rotation order.
    private var rotation: [HostLane] = []
    private var nextLane = 0

    var isEmpty: Bool { rotation.isEmpty }

    /// Queues `transfer` on its host's lane, creating the lane with `capacity` (admitted transfers
    /// at once) when the host has none.
    mutating func append(_ transfer: Transfer, capacity: @autoclosure () -> Int) {
        let lane: HostLane
        if let existing = lanes[transfer.hostKey] {
            lane = existing
        } else {
            lane = HostLane(key: transfer.hostKey, capacity: capacity())
            lanes[transfer.hostKey] = lane
        }
        transfer.lane = lane
        lane.queue.append(transfer)
        if !lane.isRotating {
            lane.isRotating = true
            rotation.append(lane)
        }
    }

    /// Removes and returns the first queued transfer, taking hosts in turn, whose host has room
    /// and which passes `admissible`; nil when no host's next transfer may start now. The
    /// returned transfer counts as admitted on its lane.
    mutating func popFirst(where admissible: (Transfer) -> Bool) -> Transfer? {
        var checked = 0
        while checked < rotation.count {
            let index = (nextLane + checked) % rotation.count
            let lane = rotation[index]
            lane.queue.dropFinishedHeads()
            guard let head = lane.queue.first else {
                leaveRotation(at: index)
                continue
            }
            guard lane.inFlight < lane.capacity, admissible(head) else {
                checked += 1
                continue
            }

            _ = lane.queue.popFirst()
            lane.inFlight += 1
            if lane.queue.first == nil {
                leaveRotation(at: index)
                nextLane = rotation.isEmpty ? 0 : index % rotation.count
            } else {
                nextLane = (index + 1) % rotation.count
            }
            return head
        }
        return nil
    }

    /// An admitted transfer of `lane` ended.
    mutating func release(_ lane: HostLane) {
        lane.inFlight -= 1
        if lane.inFlight == 0, !lane.isRotating { lanes[lane.key] = nil }
    }

    /// Empties the backlog, returning the transfers still queued.
    mutating func removeAll() -> [Transfer] {
        var remaining: [Transfer] = []
        for lane in rotation {
            remaining += lane.queue.remaining.filter { $0.phase == .queued }
            lane.queue = HostQueue()
            lane.isRotating = false
        }
        lanes = lanes.filter { $0.value.inFlight > 0 }
        rotation = []
        nextLane = 0
        return remaining
    }

    private mutating func leaveRotation(at index: Int) {
        let lane = rotation.remove(at: index)
        lane.isRotating = false
        if lane.inFlight == 0 { lanes[lane.key] = nil }
    }
}

/// One host's queue and its admitted-transfer count. Loop thread only.
final class HostLane {
    let key: String
    /// The most transfers to this host admitted at once.
    let capacity: Int
    var inFlight = 0
    /// Whether the lane is in the backlog's rotation (its queue is not known to be empty).
    fileprivate var isRotating = false
    fileprivate var queue = HostQueue()

    init(key: String, capacity: Int) {
        self.key = key
        self.capacity = capacity
    }
}

/// A FIFO that pops by moving a head index, compacting now and then.
private struct HostQueue {
    private var items: [Transfer] = []
    private var head = 0

    var first: Transfer? { head < items.count ? items[head] : nil }
    var remaining: ArraySlice<Transfer> { items[head...] }

    mutating func append(_ transfer: Transfer) {
        items.append(transfer)
    }

    mutating func popFirst() -> Transfer? {
        guard head < items.count else { return nil }
        let transfer = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return transfer
    }

    /// Drops transfers cancelled while queued.
    mutating func dropFinishedHeads() {
        while let transfer = first, transfer.phase != .queued {
            _ = popFirst()
        }
    }
}
