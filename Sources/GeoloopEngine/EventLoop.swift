import CCurl
import CGeoloopShim
import CUV
import GeoloopLocks
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What other threads ask of the loop thread.
enum LoopCommand {
    case submit(Transfer)
    case submitAll([Transfer])
    case cancel(Transfer)
    case cancelAll([Transfer])
    /// Re-check admission (a processing job finished or released budget).
    case wake
    case shutdown
}

/// The loop thread: one libuv loop driving one libcurl multi handle through its socket interface.
///
/// `@unchecked Sendable`: every `var` below marked loop-only is touched only on the loop thread
/// (checked by `assertOnLoop()` in debug builds); `inbox` and `exitState` are behind their mutexes;
/// `stats` and `pool` are thread-safe; the uv handle pointers are fixed at init and used only on
/// the loop thread, except `uv_async_send`, which libuv allows from any thread.
final class EventLoop: @unchecked Sendable {
    let configuration: EngineConfiguration
    let stats = EngineStats()
    let pool: ProcessingPool

    let loop: UnsafeMutablePointer<uv_loop_t>
    let async: UnsafeMutablePointer<uv_async_t>
    let timer: UnsafeMutablePointer<uv_timer_t>
    /// Runs `endIteration` once per loop iteration, just before the loop waits for I/O.
    let prepare: UnsafeMutablePointer<uv_prepare_t>

    // Loop-only state.
    var multi: UnsafeMutableRawPointer?
    var share: UnsafeMutableRawPointer?
    var backlog = Backlog()
    /// Transfers whose easy handle is in the multi handle, by easy handle.
    var admitted: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Live poll handles (not yet closing), so shutdown can close them.
    var polls: Set<UnsafeMutableRawPointer> = []
    /// Per descriptor number: its poll handle and how it is watched (see `SocketSlot`).
    var socketSlots: [SocketSlot] = []
    var idleHandles: [EasyHandle] = []
    var needsAdmission = false
    var isShutDown = false
    /// True while the uv timer's callback runs (see `timerCallback`).
    var isFiringTimer = false
    /// libcurl asked for an immediate timeout from inside the timer callback; `endIteration` runs it.
    var timeoutDueAtEndOfIteration = false
    /// Transfers concluded during this iteration, delivered by the prepare callback.
    var concluded: [(Transfer, Transfer.Outcome)] = []

    private struct Inbox {
        var commands: [LoopCommand] = []
        var accepting = true
    }

    private struct ExitState {
        var loopCloseResult: Int32?
        var waiters: [@Sendable () -> Void] = []
    }

    /// Commands for the loop. `uv_async_send` is called while holding this mutex, and the loop
    /// stops accepting under it before closing the async handle, so no send can follow the close.
    private let inbox = Lock(Inbox())
    /// The result of `uv_loop_close` once the thread has ended, and who waits for it.
    private let exitState = Lock(ExitState())
    private let loopThread = Atomic<UInt>(0)
    /// Set by the loop when admission stopped because the processing queue is full; the next job
    /// to start clears it and wakes the loop.
    let waitingForProcessingSlot = Atomic<Bool>(false)

    init(configuration: EngineConfiguration) throws(TransferError) {
        self.configuration = configuration
        pool = ProcessingPool(width: configuration.processingWidth)
        loop = .allocate(capacity: 1)
        async = .allocate(capacity: 1)
        timer = .allocate(capacity: 1)
        prepare = .allocate(capacity: 1)

        do {
            try LibraryFailure.check(processSetup, "curl_global_init", url: "")
            try LibraryFailure.check(uv: uv_loop_init(loop), "uv_loop_init")
        } catch {
            freeHandleMemory()
            throw error
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        let asyncStatus = uv_async_init(loop, async, asyncCallback)
        guard asyncStatus == 0 else {
            uv_loop_close(loop)
            freeHandleMemory()
            throw LibraryFailure.engineError("uv_async_init failed: \(LibraryFailure.uvMessage(asyncStatus))")
        }
        uv_timer_init(loop, timer)  // cannot fail: it only fills in the struct
        uv_prepare_init(loop, prepare)  // cannot fail either
        async.pointee.data = context
        timer.pointee.data = context
        prepare.pointee.data = context
        uv_prepare_start(prepare, prepareCallback)

        // From here the handles live in an initialised loop; on failure the thread still runs and
        // takes the normal shutdown path, which closes and frees everything.
        do {
            try setUpCurl(context: context)
        } catch {
            inbox.withLock { $0.commands.append(.shutdown) }
            uv_async_send(async)
            if startThread() != nil { run() }
            throw error
        }
        if let reason = startThread() {
            // Without a thread, run the shutdown right here so every handle is still closed.
            send(.shutdown)
            run()
            throw LibraryFailure.engineError("cannot start the loop thread: \(reason)")
        }
    }

    private func freeHandleMemory() {
        loop.deallocate()
        async.deallocate()
        timer.deallocate()
        prepare.deallocate()
    }

    private func setUpCurl(context: UnsafeMutableRawPointer) throws(TransferError) {
        guard let multi = curl_multi_init() else { throw LibraryFailure.engineError("curl_multi_init failed") }
        self.multi = multi
        try LibraryFailure.check(gl_multi_setopt_socket_function(multi, socketCallback), "CURLMOPT_SOCKETFUNCTION")
        try LibraryFailure.check(gl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context), "CURLMOPT_SOCKETDATA")
        try LibraryFailure.check(gl_multi_setopt_timer_function(multi, timerCallback), "CURLMOPT_TIMERFUNCTION")
        try LibraryFailure.check(gl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context), "CURLMOPT_TIMERDATA")
        let perHost = max(1, configuration.maxConnectionsPerHost)
        let total = max(perHost, configuration.maxTotalConnections)
        try LibraryFailure.check(
            gl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, perHost), "CURLMOPT_MAX_HOST_CONNECTIONS")
        try LibraryFailure.check(
            gl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, total), "CURLMOPT_MAX_TOTAL_CONNECTIONS")
        try LibraryFailure.check(gl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, total), "CURLMOPT_MAXCONNECTS")
        try LibraryFailure.check(
            gl_multi_setopt_long(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, max(1, configuration.streamsPerConnection)),
            "CURLMOPT_MAX_CONCURRENT_STREAMS")

        // DNS answers and TLS sessions are shared between easy handles. The share handle is only
        // ever used on the loop thread, so it needs no lock functions.
        guard let share = curl_share_init() else { throw LibraryFailure.engineError("curl_share_init failed") }
        self.share = share
        try LibraryFailure.check(
            gl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue)), "CURLSHOPT_SHARE(DNS)")
        try LibraryFailure.check(
            gl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue)),
            "CURLSHOPT_SHARE(SSL_SESSION)")
    }

    /// Starts the loop thread (a plain pthread: Foundation's Thread would cost every process that
    /// uses the engine Foundation's start-up time); returns why it could not start.
    private func startThread() -> String? {
        let context = Unmanaged.passRetained(self).toOpaque()  // released when the thread's body ends
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, loopThreadBody, context)
        guard status == 0 else {
            Unmanaged<EventLoop>.fromOpaque(context).release()
            return String(cString: strerror(status))
        }
        pthread_detach(thread)
        return nil
    }

    /// The loop thread's body: runs until shutdown has closed every handle.
    fileprivate func run() {
        loopThread.store(UInt(pthread_self()), ordering: .releasing)
        uv_run(loop, UV_RUN_DEFAULT)
        deliverConcluded()  // nothing should be left; never strand a waiter

        let result = uv_loop_close(loop)
        if result == 0 {
            freeHandleMemory()
        }
        // On a non-zero result a handle is still open: leaking the memory is safer than freeing
        // memory libuv may still touch. The result is reported through `loopCloseResult`.
        let waiters = exitState.withLock { state in
            state.loopCloseResult = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter() }
    }

    // MARK: - Any thread

    /// Hands `command` to the loop thread; false once the loop has stopped accepting commands.
    @discardableResult
    func send(_ command: LoopCommand) -> Bool {
        inbox.withLock { inbox in
            guard inbox.accepting else { return false }
            inbox.commands.append(command)
            uv_async_send(async)
            return true
        }
    }

    /// Calls `body` once the loop thread has ended and `uv_loop_close` has returned.
    func whenStopped(_ body: @escaping @Sendable () -> Void) {
        let stopped = exitState.withLock { state in
            if state.loopCloseResult != nil { return true }
            state.waiters.append(body)
            return false
        }
        if stopped { body() }
    }

    /// `uv_loop_close`'s result once the loop thread has ended (0 when every handle was closed).
    var loopCloseResult: Int32? {
        exitState.withLock { $0.loopCloseResult }
    }

    var isOnLoopThread: Bool {
        pthread_equal(pthread_self(), pthread_t(loopThread.load(ordering: .acquiring))) != 0
    }

    // MARK: - Loop thread

    /// Debug check that loop-only state is touched on the loop thread.
    func assertOnLoop(_ function: StaticString = #function) {
        assert(isOnLoopThread, "\(function) must run on the geoloop loop thread")
    }

    /// The async callback: drains every queued command (wake-ups coalesce), then admits.
    func drainInbox() {
        assertOnLoop()
        let commands = inbox.withLock { inbox in
            defer { inbox.commands = [] }
            return inbox.commands
        }
        for command in commands {
            handle(command)
        }
        if isShutDown {
            deliverConcluded()  // the prepare handle is closing: deliver now
        }
    }

    /// The end of each loop iteration (the prepare callback): resumes the waiters of everything
    /// that finished in this iteration in one batch (a waiting consumer is woken once, and bodies
    /// reach the processing pool before admission looks at its queue), then admits what fits.
    func endIteration() {
        if timeoutDueAtEndOfIteration {
            timeoutDueAtEndOfIteration = false
            socketAction(socket: gl_curl_socket_bad(), flags: 0)
        }
        deliverConcluded()
        admitWhatFits()
        deliverConcluded()  // transfers that failed while being set up
    }

    private func handle(_ command: LoopCommand) {
        switch command {
        case .submit(let transfer):
            accept(transfer)
        case .submitAll(let transfers):
            for transfer in transfers { accept(transfer) }
        case .cancel(let transfer):
            cancel(transfer)
        case .cancelAll(let transfers):
            for transfer in transfers { cancel(transfer) }
        case .wake:
            needsAdmission = true
        case .shutdown:
            shutDown()
        }
    }

    /// Stops accepting commands, fails every transfer still known, cleans up libcurl and closes
    /// every uv handle so that `uv_run` returns.
    private func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        let late = inbox.withLock { inbox in
            inbox.accepting = false
            defer { inbox.commands = [] }
            return inbox.commands
        }
        for command in late {
            handle(command)
        }
        failEveryTransfer()
        deliverConcluded()

        if let multi {
            curl_multi_cleanup(multi)  // may still call the socket and timer callbacks
            self.multi = nil
        }
        for handle in idleHandles { handle.destroy() }
        idleHandles = []
        if let share {
            let code = curl_share_cleanup(share)  // CURLSHE_IN_USE would mean an easy handle survived
            assert(code == CURLSHE_OK, "curl_share_cleanup: \(String(cString: curl_share_strerror(code)))")
            self.share = nil
        }

        uv_timer_stop(timer)
        timer.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_close($0, nil) }
        async.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_close($0, nil) }
        uv_prepare_stop(prepare)
        prepare.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_close($0, nil) }
        socketSlots = []  // every handle in a slot is in `polls` too
        for poll in polls {
            closePoll(poll.assumingMemoryBound(to: uv_poll_t.self))
        }
    }
}

private func loopThreadBody(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    gl_name_this_thread("geoloop-loop")
    Unmanaged<EventLoop>.fromOpaque(context).takeRetainedValue().run()
    return nil
}

/// Process-wide setup, done once (Swift runs a global's initialiser exactly once, thread-safely):
/// SIGPIPE ignored (a peer closing a socket must not kill the process; NOSIGNAL on each handle
/// covers libcurl's own use) and libcurl's global state, whose result every engine checks.
private let processSetup: CURLcode = {
    signal(SIGPIPE, SIG_IGN)
    return curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}()
