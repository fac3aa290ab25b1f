import CCurl
import CGeoloopShim
import CUV

// The C callbacks. None captures anything: the loop arrives through the userdata pointer
// (unretained; the loop thread keeps the EventLoop alive until every handle is closed). None calls
// a curl_multi_* function other than curl_multi_assign.

/// libcurl's socket callback: keeps one uv poll handle per socket, attached with curl_multi_assign.
func socketCallback(
    _ easy: UnsafeMutableRawPointer?, _ socket: curl_socket_t, _ what: Int32, _ userp: UnsafeMutableRawPointer?,
    _ socketp: UnsafeMutableRawPointer?
) -> Int32 {
    guard let userp else { return -1 }
    let engineLoop = Unmanaged<EventLoop>.fromOpaque(userp).takeUnretainedValue()
    engineLoop.watch(socket: socket, what: what, poll: socketp?.assumingMemoryBound(to: uv_poll_t.self))
    return 0
}

/// libcurl's timer callback: -1 stops the uv timer, any other value (re)starts it as one-shot.
func timerCallback(_ multi: UnsafeMutableRawPointer?, _ timeoutMilliseconds: Int, _ userp: UnsafeMutableRawPointer?)
    -> Int32
{
    guard let userp else { return -1 }
    let engineLoop = Unmanaged<EventLoop>.fromOpaque(userp).takeUnretainedValue()
    // Each call replaces the previous instruction.
    engineLoop.timeoutDueAtEndOfIteration = false
    if timeoutMilliseconds < 0 {
        uv_timer_stop(engineLoop.timer)
    } else if timeoutMilliseconds == 0 && engineLoop.isFiringTimer {
        // libuv before 1.48 runs a 0 ms timer restarted from its own callback again at once, in the
        // same pass, which can starve I/O (libuv issue 4245): run it at the end of this iteration.
        uv_timer_stop(engineLoop.timer)
        engineLoop.timeoutDueAtEndOfIteration = true
    } else {
        uv_timer_start(engineLoop.timer, timerFired, UInt64(timeoutMilliseconds), 0)
    }
    return 0
}

private func timerFired(_ timer: UnsafeMutablePointer<uv_timer_t>?) {
    guard let data = timer?.pointee.data else { return }
    let engineLoop = Unmanaged<EventLoop>.fromOpaque(data).takeUnretainedValue()
    engineLoop.isFiringTimer = true
    engineLoop.socketAction(socket: gl_curl_socket_bad(), flags: 0)
    engineLoop.isFiringTimer = false
}

private func pollFired(_ poll: UnsafeMutablePointer<uv_poll_t>?, _ status: Int32, _ events: Int32) {
    guard let poll, let data = poll.pointee.data else { return }
    let engineLoop = Unmanaged<EventLoop>.fromOpaque(data).takeUnretainedValue()
    var descriptor: uv_os_fd_t = -1
    _ = poll.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_fileno($0, &descriptor) }

    let index = Int(descriptor)
    if index >= 0, index < engineLoop.socketSlots.count, engineLoop.socketSlots[index].isParked {
        // An idle kept-alive socket woke (most likely the server closed it): stop watching it;
        // libcurl finds out when it next tries the connection.
        uv_poll_stop(poll)
        engineLoop.socketSlots[index].events = 0
        return
    }

    var flags: Int32 = 0
    if status < 0 {
        flags = CURL_CSELECT_ERR  // libuv reports POLLERR as a negative status and stops the handle
        if index >= 0, index < engineLoop.socketSlots.count { engineLoop.socketSlots[index].events = 0 }
    } else {
        if events & Int32(UV_READABLE.rawValue) != 0 { flags |= CURL_CSELECT_IN }
        if events & Int32(UV_WRITABLE.rawValue) != 0 { flags |= CURL_CSELECT_OUT }
    }
    engineLoop.socketAction(socket: descriptor, flags: flags)
}

func asyncCallback(_ async: UnsafeMutablePointer<uv_async_t>?) {
    guard let data = async?.pointee.data else { return }
    Unmanaged<EventLoop>.fromOpaque(data).takeUnretainedValue().drainInbox()
}

func prepareCallback(_ prepare: UnsafeMutablePointer<uv_prepare_t>?) {
    guard let data = prepare?.pointee.data else { return }
    Unmanaged<EventLoop>.fromOpaque(data).takeUnretainedValue().endIteration()
}

private func pollClosed(_ handle: UnsafeMutablePointer<uv_handle_t>?) {
    handle?.withMemoryRebound(to: uv_poll_t.self, capacity: 1) { $0.deallocate() }
}

extension EventLoop {
    /// Starts, changes or stops watching `socket` as libcurl asks (see `SocketSlot` for why a
    /// removed socket's handle is parked rather than closed). Loop thread only.
    func watch(socket: curl_socket_t, what: Int32, poll existing: UnsafeMutablePointer<uv_poll_t>?) {
        assertOnLoop()
        let index = slotIndex(socket)
        if what == CURL_POLL_REMOVE {
            guard existing != nil else { return }
            socketSlots[index].isParked = true
            if !socketSlots[index].isOpenedByEngine, let poll = socketSlots[index].poll, socketSlots[index].events != 0
            {
                uv_poll_stop(poll)  // its descriptor may be closed without the engine seeing it
                socketSlots[index].events = 0
            }
            if let multi { curl_multi_assign(multi, socket, nil) }
            return
        }

        let poll: UnsafeMutablePointer<uv_poll_t>
        if let existing {
            poll = existing
        } else if let known = socketSlots[index].poll {
            // REMOVE does not mean closed: the same descriptor number came back (the same kept-alive
            // connection, or a new socket given a closed one's number).
            guard socketSlots[index].isParked else {
                LibraryFailure.engineBug("socket \(socket) was added again without a CURL_POLL_REMOVE")
            }
            poll = known
            socketSlots[index].isParked = false
            if let multi { curl_multi_assign(multi, socket, poll) }
        } else {
            poll = .allocate(capacity: 1)
            let status = uv_poll_init_socket(loop, poll, socket)
            guard status == 0 else {
                LibraryFailure.engineBug(
                    "uv_poll_init_socket(\(socket)) failed: \(LibraryFailure.uvMessage(status))"
                        + " (EEXIST means a CURL_POLL_REMOVE was missed)")
            }
            poll.pointee.data = Unmanaged.passUnretained(self).toOpaque()
            polls.insert(UnsafeMutableRawPointer(poll))
            socketSlots[index].poll = poll
            socketSlots[index].events = 0
            if let multi { curl_multi_assign(multi, socket, poll) }
        }

        var events: Int32 = 0
        if what == CURL_POLL_IN || what == CURL_POLL_INOUT { events |= Int32(UV_READABLE.rawValue) }
        if what == CURL_POLL_OUT || what == CURL_POLL_INOUT { events |= Int32(UV_WRITABLE.rawValue) }
        guard events != socketSlots[index].events else { return }  // already watching for exactly these
        let status = uv_poll_start(poll, events, pollFired)
        if status < 0 {
            LibraryFailure.engineBug("uv_poll_start(\(socket)) failed: \(LibraryFailure.uvMessage(status))")
        }
        socketSlots[index].events = events
    }

    /// Stops a poll handle and closes it; its memory is freed in the close callback.
    func closePoll(_ poll: UnsafeMutablePointer<uv_poll_t>) {
        polls.remove(UnsafeMutableRawPointer(poll))
        uv_poll_stop(poll)
        poll.withMemoryRebound(to: uv_handle_t.self, capacity: 1) { uv_close($0, pollClosed) }
    }

    /// Tells libcurl about socket activity (or a timeout), then finishes what completed (admission
    /// follows in `endIteration`). Loop thread only, and never from inside a curl callback.
    func socketAction(socket: curl_socket_t, flags: Int32) {
        assertOnLoop()
        guard let multi else { return }
        var running: Int32 = 0
        let code = curl_multi_socket_action(multi, socket, flags, &running)
        if code != CURLM_OK {
            LibraryFailure.engineBug("curl_multi_socket_action failed: \(String(cString: curl_multi_strerror(code)))")
        }
        finishCompletedTransfers()
    }
}
