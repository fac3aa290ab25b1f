import CCurl
import CGeoloopShim
import CUV

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the loop knows about one descriptor number. Loop thread only.
///
/// libuv 1.44's `uv_poll_start` first stops the handle (an epoll delete) and the next poll adds it
/// again, and libcurl removes a kept-alive connection's socket after each transfer and asks for it
/// again for the next: done plainly, that is three epoll_ctl calls per transfer. Instead a removed
/// socket's handle is parked, still registered, and taken back as it is when the socket returns
/// with the same events. That is only safe while the descriptor still names the same socket, so
/// only sockets the engine opened itself (libcurl's open-socket callback) are parked registered,
/// and the close-socket callback stops a parked handle before its descriptor is closed. Any other
/// socket (the threaded resolver's socketpair, an accepted FTP data connection) is stopped at once.
struct SocketSlot {
    /// The poll handle for this descriptor number, active or parked; kept for reuse.
    var poll: UnsafeMutablePointer<uv_poll_t>?
    /// The events the handle was last started with; 0 when stopped.
    var events: Int32 = 0
    /// libcurl removed the socket; the handle waits for it to come back.
    var isParked = false
    /// Opened by `openSocketCallback` and not closed yet.
    var isOpenedByEngine = false
}

/// libcurl's open-socket callback: creates the socket as libcurl would, and notes that the engine
/// will see it closed (through `closeSocketCallback`).
func openSocketCallback(
    _ clientp: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let clientp, let address else { return gl_curl_socket_bad() }
    // Close-on-exec from the start: a process embedding the engine that starts other programs
    // must not hand them its connections (which would then outlive the transfers).
    let descriptor = socket(
        address.pointee.family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
    guard descriptor >= 0 else { return gl_curl_socket_bad() }
    let engineLoop = Unmanaged<EventLoop>.fromOpaque(clientp).takeUnretainedValue()
    engineLoop.socketSlots[engineLoop.slotIndex(descriptor)].isOpenedByEngine = true
    return descriptor
}

/// libcurl's close-socket callback: stops a parked poll handle while its descriptor still names
/// the socket, then closes it.
func closeSocketCallback(_ clientp: UnsafeMutableRawPointer?, _ descriptor: curl_socket_t) -> Int32 {
    if let clientp {
        Unmanaged<EventLoop>.fromOpaque(clientp).takeUnretainedValue().socketClosing(descriptor)
    }
    return close(descriptor)
}

extension EventLoop {
    /// The index of `descriptor`'s slot in `socketSlots`, growing the table as needed.
    func slotIndex(_ descriptor: curl_socket_t) -> Int {
        let index = Int(descriptor)
        if index >= socketSlots.count {
            let count = max(index + 1, socketSlots.count * 2, 64)
            socketSlots.append(contentsOf: repeatElement(SocketSlot(), count: count - socketSlots.count))
        }
        return index
    }

    /// Stops the handle of a socket about to be closed, so no registration outlives it.
    func socketClosing(_ descriptor: curl_socket_t) {
        assertOnLoop()
        let index = slotIndex(descriptor)
        if let poll = socketSlots[index].poll, socketSlots[index].events != 0 {
            uv_poll_stop(poll)
            socketSlots[index].events = 0
        }
        socketSlots[index].isOpenedByEngine = false
    }
}
