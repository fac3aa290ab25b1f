/// The engine's own queue of transfers not yet handed to libcurl: one FIFO per host, served in
/// rotation so one busy host cannot starve the others. Loop thread only.
///
/// Cancelled transfers stay in place and are dropped when they reach the head.
struct Backlog {
    private var queues: [String: HostQueue] = [:]
    /// Hosts with a non-empty queue, in rotation order.
    private var hosts: [String] = []
    private var nextHost = 0

    var isEmpty: Bool { hosts.isEmpty }

    mutating func append(_ transfer: Transfer) {
        if queues[transfer.hostKey] == nil {
            queues[transfer.hostKey] = HostQueue()
            hosts.append(transfer.hostKey)
        }
        queues[transfer.hostKey]!.append(transfer)
    }

    /// Removes and returns the first queued transfer, taking hosts in turn, whose host passes
    /// `admissible`; nil when no host's next transfer may start now.
    mutating func popFirst(where admissible: (Transfer) -> Bool) -> Transfer? {
        var checked = 0
        while checked < hosts.count {
            let index = (nextHost + checked) % hosts.count
            let host = hosts[index]
            queues[host]!.dropFinishedHeads()
            guard let head = queues[host]!.first else {
                queues[host] = nil
                hosts.remove(at: index)
                continue
            }
            guard admissible(head) else {
                checked += 1
                continue
            }

            _ = queues[host]!.popFirst()
            if queues[host]!.first == nil {
                queues[host] = nil
                hosts.remove(at: index)
                nextHost = hosts.isEmpty ? 0 : index % hosts.count
            } else {
                nextHost = (index + 1) % hosts.count
            }
            return head
        }
        return nil
    }

    /// Empties the backlog, returning the transfers still queued.
    mutating func removeAll() -> [Transfer] {
        var remaining: [Transfer] = []
        for host in hosts {
            remaining += queues[host]!.remaining.filter { $0.phase == .queued }
        }
        queues = [:]
        hosts = []
        nextHost = 0
        return remaining
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
