import CCurl
import CGeoloopShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Admission, completion and cancellation of transfers. Everything here runs on the loop thread.
extension EventLoop {
    /// A new transfer joins the backlog (or fails at once after shutdown).
    func accept(_ transfer: Transfer) {
        assertOnLoop()
        guard !isShutDown else {
            conclude(transfer, .finish, .failure(shutdownError(transfer)))
            return
        }
        backlog.append(transfer, capacity: hostCapacity(for: transfer))
        stats.queued.add(1, ordering: .relaxed)
        needsAdmission = true
    }

    /// Hands transfers from the backlog to libcurl while there is room. The rule: fewer than
    /// `maxInFlight` admitted, the processing pool's queue below its limit, the host below its
    /// connection share, and, for an in-memory body, the buffered bytes below the budget (so when
    /// nothing is buffered, any transfer may start, however large).
    func admitWhatFits() {
        assertOnLoop()
        guard needsAdmission, !isShutDown else { return }
        needsAdmission = false

        let budget = configuration.maxBufferedBodyBytes
        let queueLimit = max(1, configuration.processingQueueLimit)
        while stats.inFlight.load(ordering: .relaxed) < max(1, configuration.maxInFlight), !backlog.isEmpty {
            if pool.waiting.load(ordering: .sequentiallyConsistent) >= queueLimit {
                // Ask the next processing job that starts to wake the loop, then look again: a
                // job may have started between the check and the request.
                waitingForProcessingSlot.store(true, ordering: .sequentiallyConsistent)
                if pool.waiting.load(ordering: .sequentiallyConsistent) >= queueLimit { break }
                continue
            }
            let buffered = stats.bufferedBodyBytes.load(ordering: .relaxed)
            let next = backlog.popFirst { transfer in
                !transfer.storesInMemory || buffered < budget
            }
            guard let next else { break }
            stats.queued.subtract(1, ordering: .relaxed)
            admit(next)
        }
    }

    /// Called by each processing job as it starts (on the pool): wakes the loop if admission is
    /// waiting for room in the processing queue.
    func processingJobStarted() {
        if waitingForProcessingSlot.exchange(false, ordering: .sequentiallyConsistent) {
            send(.wake)
        }
    }

    /// How many transfers to one host may be admitted at once.
    private func hostCapacity(for transfer: Transfer) -> Int {
        let perHost = max(1, configuration.maxConnectionsPerHost)
        if transfer.isHTTPS { return perHost * max(1, configuration.streamsPerConnection) }
        if transfer.hostKey.hasPrefix("file:") { return Int.max }
        return perHost
    }

    private func admit(_ transfer: Transfer) {
        transfer.transition(.admit)
        transfer.admittedAt = .now
        transfer.stats = stats
        stats.admitted()

        do throws(TransferError) {
            let easy: EasyHandle
            if let idle = idleHandles.popLast() { easy = idle } else { easy = try EasyHandle() }
            transfer.easy = easy
            try easy.configure(
                for: transfer, configuration: configuration, share: share!,
                loop: Unmanaged.passUnretained(self).toOpaque())
            try transfer.fileSink?.open()
            try LibraryFailure.check(curl_multi_add_handle(multi!, easy.curl), "curl_multi_add_handle")
            admitted[easy.curl] = transfer
        } catch {
            transfer.fileSink?.discard()
            retire(transfer)
            let reason = error.url.isEmpty ? "\(transfer.request.url): \(error.message)" : error.message
            let failure = TransferError(kind: error.kind, message: reason, url: transfer.request.url)
            conclude(transfer, .finish, .failure(failure))
        }
    }

    /// Drains libcurl's finished-transfer messages; each handle leaves the multi handle here.
    func finishCompletedTransfers() {
        guard let multi else { return }
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // The message dies with the handle's removal: copy what is needed first.
            let code = message.pointee.data.result
            let removal = curl_multi_remove_handle(multi, easy)
            guard removal == CURLM_OK, let transfer = admitted.removeValue(forKey: easy) else {
                LibraryFailure.engineBug("finished easy handle unknown or not removable (\(removal))")
            }
            complete(transfer, code: code)
        }
    }

    private func complete(_ transfer: Transfer, code: CURLcode) {
        let url = transfer.request.url
        var outcome: Transfer.Outcome
        if code == CURLE_OK {
            outcome = response(for: transfer)
        } else if transfer.exceededMaxBody {
            let limit = transfer.request.maxBodyBytes ?? 0
            outcome = .failure(
                TransferError(
                    kind: .tooLarge,
                    message: "\(url): the body grew past maxBodyBytes (\(limit) bytes) and the transfer was stopped. "
                        + LibraryFailure.advice(for: .tooLarge), url: url, curlCode: Int(code.rawValue)))
        } else if let file = transfer.fileSink, file.writeErrno != 0 {
            let reason = String(cString: strerror(file.writeErrno))
            outcome = .failure(
                TransferError(
                    kind: .io, message: "\(url): writing the body to \(file.partialPath) failed: \(reason).", url: url,
                    curlCode: Int(code.rawValue)))
        } else {
            let error = LibraryFailure.transferError(
                code: code, detail: transfer.easy!.errorText, url: url, hasDeadline: transfer.request.deadline != nil)
            outcome = .failure(error)
        }

        if case .failure(let error) = outcome { outcome = .failure(withPartial(error, of: transfer)) }
        if let file = transfer.fileSink {
            if case .success = outcome, let problem = file.commit() {
                outcome = .failure(TransferError(kind: .io, message: "\(url): \(problem).", url: url))
            } else if case .failure = outcome {
                file.discard()
            }
        }
        retire(transfer)
        conclude(transfer, .finish, outcome)
    }

    /// Reads the response out of a successfully finished easy handle.
    private func response(for transfer: Transfer) -> Transfer.Outcome {
        let curl = transfer.easy!.curl
        let request = transfer.request
        var status = 0
        var version = 0
        var urlPointer: UnsafeMutablePointer<CChar>?
        var connect: curl_off_t = 0
        var firstByte: curl_off_t = 0
        var total: curl_off_t = 0
        _ = gl_easy_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        _ = gl_easy_getinfo_long(curl, CURLINFO_HTTP_VERSION, &version)
        _ = gl_easy_getinfo_string(curl, CURLINFO_EFFECTIVE_URL, &urlPointer)
        _ = gl_easy_getinfo_off(curl, CURLINFO_CONNECT_TIME_T, &connect)
        _ = gl_easy_getinfo_off(curl, CURLINFO_STARTTRANSFER_TIME_T, &firstByte)
        _ = gl_easy_getinfo_off(curl, CURLINFO_TOTAL_TIME_T, &total)
        // Without a redirect the effective URL is the request's: share its string, allocate nothing.
        let effectiveURL =
            urlPointer.map { pointer in
                request.url.withCString { strcmp($0, pointer) == 0 } ? request.url : String(cString: pointer)
            } ?? request.url

        let isHTTP = effectiveURL.utf8.prefix(4).elementsEqual("http".utf8, by: { $0 | 0x20 == $1 })
        if request.failOnHTTPError, isHTTP, !(200...299).contains(status) {
            return .failure(
                TransferError(
                    kind: .httpStatus,
                    message: "\(request.url): the server answered HTTP \(status)"
                        + (effectiveURL == request.url ? "" : " (at \(effectiveURL))") + ". "
                        + LibraryFailure.advice(for: .httpStatus), url: request.url, status: status))
        }

        let body = transfer.body
        transfer.body = []
        let queued = (transfer.admittedAt ?? transfer.submittedAt) - transfer.submittedAt
        let timings = TransferTimings(
            queued: queued, connect: .microseconds(connect), firstByte: .microseconds(firstByte),
            total: .microseconds(total))
        return .success(
            TransferResponse(
                status: status, headers: transfer.headers, body: body, bodyFile: transfer.fileSink?.path,
                effectiveURL: effectiveURL, httpVersion: Self.versionName(version),
                bytesReceived: transfer.bytesReceived,
                timings: timings))
    }

    private static func versionName(_ version: Int) -> String {
        switch version {
        case CURL_HTTP_VERSION_1_0: return "1.0"
        case CURL_HTTP_VERSION_1_1: return "1.1"
        case CURL_HTTP_VERSION_2_0: return "2"
        case CURL_HTTP_VERSION_3: return "3"
        default: return ""
        }
    }

    /// Removes a transfer at its caller's request: from the backlog, or from libcurl.
    func cancel(_ transfer: Transfer) {
        assertOnLoop()
        switch transfer.phase {
        case .queued:
            // Stays in the backlog until it reaches the head, where it is dropped.
            stats.queued.subtract(1, ordering: .relaxed)
            conclude(transfer, .cancel, .failure(cancelledError(transfer)))
        case .admitted:
            let error = withPartial(cancelledError(transfer), of: transfer)
            detach(transfer)
            conclude(transfer, .cancel, .failure(error))
        case .finished, .cancelled:
            break  // finished before the cancellation arrived
        }
    }

    /// Fails every transfer the engine still holds with a shutdown error.
    func failEveryTransfer() {
        for transfer in Array(admitted.values) {
            let error = withPartial(shutdownError(transfer), of: transfer)
            detach(transfer)
            conclude(transfer, .finish, .failure(error))
        }
        for transfer in backlog.removeAll() {
            stats.queued.subtract(1, ordering: .relaxed)
            conclude(transfer, .finish, .failure(shutdownError(transfer)))
        }
    }

    /// Takes an admitted transfer out of libcurl before it finished.
    private func detach(_ transfer: Transfer) {
        if let easy = transfer.easy, let multi {
            let code = curl_multi_remove_handle(multi, easy.curl)
            if code != CURLM_OK {
                LibraryFailure.engineBug(
                    "curl_multi_remove_handle failed: \(String(cString: curl_multi_strerror(code)))")
            }
            admitted[easy.curl] = nil
        }
        transfer.fileSink?.discard()
        retire(transfer)
    }

    /// Releases what an admitted transfer held: its easy handle (kept for reuse), its header list,
    /// its host slot.
    private func retire(_ transfer: Transfer) {
        if let easy = transfer.easy {
            if idleHandles.count < configuration.maxInFlight, !isShutDown {
                easy.reset()
                idleHandles.append(easy)
            } else {
                easy.destroy()
            }
            transfer.easy = nil
        }
        if let list = transfer.headerList {
            curl_slist_free_all(list)
            transfer.headerList = nil
        }
        if let lane = transfer.lane {
            backlog.release(lane)
            transfer.lane = nil
        }
        stats.inFlight.subtract(1, ordering: .relaxed)
    }

    /// Moves the transfer to its final phase, settles the budget and counters, and queues its
    /// waiter's resumption for the end of this loop iteration.
    func conclude(_ transfer: Transfer, _ event: TransferPhase.Event, _ outcome: Transfer.Outcome) {
        transfer.transition(event)
        let keepsBudget: Bool
        if case .success = outcome { keepsBudget = transfer.holdsBudgetUntilProcessed } else { keepsBudget = false }
        if transfer.storesInMemory, !keepsBudget, transfer.bytesReceived > 0 {
            stats.bufferedBodyBytes.subtract(Int(transfer.bytesReceived), ordering: .relaxed)
        }
        transfer.body = []

        switch outcome {
        case .success: stats.completed.add(1, ordering: .relaxed)
        case .failure(let error) where error.kind == .cancelled: stats.cancelled.add(1, ordering: .relaxed)
        case .failure: stats.failed.add(1, ordering: .relaxed)
        }
        needsAdmission = true
        concluded.append((transfer, outcome))
    }

    /// Resumes the waiters of every transfer concluded since the last call.
    func deliverConcluded() {
        assertOnLoop()
        guard !concluded.isEmpty else { return }
        let batch = concluded
        concluded.removeAll(keepingCapacity: true)
        var channel: ResultsChannel?
        for (transfer, outcome) in batch {
            transfer.deliver(outcome)
            if transfer.batch !== channel {
                channel?.flush()
                channel = transfer.batch
            }
        }
        channel?.flush()
    }

    /// `error` with what had arrived of the response (``TransferError/partial``), read while the
    /// transfer still has its easy handle: for a failure, a cancellation or a shutdown alike.
    private func withPartial(_ error: TransferError, of transfer: Transfer) -> TransferError {
        guard error.partial == nil, let curl = transfer.easy?.curl else { return error }
        var status = 0
        _ = gl_easy_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        guard status > 0 else { return error }
        var error = error
        error.partial = TransferError.PartialResponse(
            status: status, headers: transfer.headers, bytesReceived: transfer.bytesReceived)
        return error
    }

    private func cancelledError(_ transfer: Transfer) -> TransferError {
        let url = transfer.request.url
        return TransferError(kind: .cancelled, message: "\(url): the transfer was cancelled by its caller.", url: url)
    }

    private func shutdownError(_ transfer: Transfer) -> TransferError {
        let url = transfer.request.url
        return TransferError(
            kind: .shutdown,
            message: "\(url): the transfer engine shut down before the transfer finished. "
                + LibraryFailure.advice(for: .shutdown), url: url)
    }
}
