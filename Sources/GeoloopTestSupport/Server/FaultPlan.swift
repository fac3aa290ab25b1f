/// Random misbehaviour, deterministic from the seed, the request path and how many times that path
/// has been requested: the same plan and request sequence always give the same faults.
///
/// Each probability is a share of requests in 0...1; their sum should stay at most 1.
public struct FaultPlan: Sendable, Equatable {
    /// One kind of injected fault.
    public enum Fault: String, Sendable, CaseIterable {
        /// 503 Service Unavailable with an empty-ish body.
        case status503
        /// Headers and half the body, then the connection is closed.
        case closeMidBody
        /// 429 Too Many Requests with `Retry-After: 1`.
        case rateLimited429
        /// Headers and half the body, then nothing until the client gives up or the server stops.
        case stall
        /// The first half of the body sent as if it were all of it (Content-Length matches): the
        /// transfer succeeds but the content is short (a .gz file then fails to inflate).
        case truncatedBody
        /// The connection is closed after reading the request, before any response byte.
        case dropConnection
    }

    public var seed: UInt64
    public var status503: Double
    public var closeMidBody: Double
    public var rateLimited429: Double
    public var stall: Double
    public var truncatedBody: Double
    public var dropConnection: Double

    public init(
        seed: UInt64, status503: Double = 0, closeMidBody: Double = 0, rateLimited429: Double = 0,
        stall: Double = 0, truncatedBody: Double = 0, dropConnection: Double = 0
    ) {
        self.seed = seed
        self.status503 = status503
        self.closeMidBody = closeMidBody
        self.rateLimited429 = rateLimited429
        self.stall = stall
        self.truncatedBody = truncatedBody
        self.dropConnection = dropConnection
    }

    /// The share of requests that get this fault.
    public func probability(of fault: Fault) -> Double {
        switch fault {
        case .status503: status503
        case .closeMidBody: closeMidBody
        case .rateLimited429: rateLimited429
        case .stall: stall
        case .truncatedBody: truncatedBody
        case .dropConnection: dropConnection
        }
    }

    /// The fault for the `requestNumber`th request (1-based) to `path`, or nil for a normal answer.
    public func fault(path: String, requestNumber: Int) -> Fault? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let mixed = GeneratedBytes.mix(seed ^ hash ^ GeneratedBytes.mix(UInt64(truncatingIfNeeded: requestNumber)))
        let draw = Double(mixed >> 11) / Double(UInt64(1) << 53)
        var threshold = 0.0
        for fault in Fault.allCases {
            threshold += probability(of: fault)
            if draw < threshold { return fault }
        }
        return nil
    }
}
