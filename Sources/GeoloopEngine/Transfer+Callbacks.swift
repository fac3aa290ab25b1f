import CCurl
import CGeoloopShim

/// libcurl's write callback: one call per chunk of body bytes, on the loop thread.
/// Returning anything but `size * count` makes libcurl fail the transfer with CURLE_WRITE_ERROR.
func bodyCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

/// libcurl's header callback: one call per complete header line (status lines included).
func headerCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let line = UnsafeRawBufferPointer(start: data, count: size * count)
    ResponseHeaderParser.consume(line.assumingMemoryBound(to: UInt8.self), into: &transfer.headers)
    return size * count
}

extension UnsafeRawBufferPointer {
    fileprivate func assumingMemoryBound(to: UInt8.Type) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: baseAddress?.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

extension Transfer {
    /// Takes one chunk of body bytes: enforces the size cap, then appends (one copy) or writes.
    /// Returns the number of bytes taken; 0 stops the transfer.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        let count = chunk.count
        if let limit = request.maxBodyBytes, bytesReceived + Int64(count) > limit {
            exceededMaxBody = true
            return 0
        }

        if let fileSink {
            guard fileSink.write(chunk) else { return 0 }
        } else {
            if body.capacity == 0, let expected = headers.contentLength, expected > 0 {
                body.reserveCapacity(Int(min(expected, request.maxBodyBytes ?? expected, 1 << 32)))
            }
            body.append(contentsOf: chunk.assumingMemoryBound(to: UInt8.self))
            stats?.bufferedBodyBytes.add(count, ordering: .relaxed)
        }

        bytesReceived += Int64(count)
        stats?.bytesReceived.add(Int64(count), ordering: .relaxed)
        return count
    }
}
