import Foundation

/// Turns a request and the script chosen for it into a `ResponsePlan`: body resolution, validators,
/// conditional requests, ranges, gzip, faults and headers.
struct ResponsePlanner {
    /// The served root as a real path without a trailing slash, if any.
    let root: String?

    func plan(
        for request: HTTPRequestHead, script: ResponseScript, fault: FaultPlan.Fault?, profile: ServingProfile
    ) -> ResponsePlan {
        var plan = ResponsePlan(status: script.status)
        plan.delay = script.delayBeforeFirstByte + profile.delayBeforeFirstByte
        plan.bytesPerSecond = [script.bytesPerSecond, profile.bytesPerSecond].compactMap { $0 }.min()
        plan.closeConnection = !request.wantsKeepAlive || Self.hasRequestBody(request)
        if fault == .dropConnection {
            plan.drop = true
            return plan
        }
        if script.neverRespond {
            plan.silent = true
            return plan
        }

        var headers = script.headers
        func has(_ name: String) -> Bool { headers.contains { $0.0.caseInsensitiveCompare(name) == .orderedSame } }
        var file: FileResource?
        var length: Int?
        switch script.body {
        case .bytes(let bytes):
            plan.body = .memory(bytes)
            length = bytes.count
        case .text(let text):
            let bytes = Array(text.utf8)
            plan.body = .memory(bytes)
            length = bytes.count
            if !has("Content-Type") { headers.append(("Content-Type", "text/plain; charset=utf-8")) }
        case .generated(let count, let seed):
            plan.body = .generated(seed: seed)
            length = max(count, 0)
        case .endless:
            plan.body = .endless(seed: 0x656e_646c_6573_73)
            length = nil
            plan.closeConnection = true
        case .file(let url):
            switch FileResource.open(path: url.path) {
            case .success(let opened): file = opened
            case .failure(let failure): return errorPlan(for: failure, path: url.path, base: plan)
            }
        case .fromRoot:
            guard let root else { return errorPlan(for: .notFound, path: request.path, base: plan) }
            switch FileResource.open(requestPath: request.path, root: root) {
            case .success(let opened): file = opened
            case .failure(let failure): return errorPlan(for: failure, path: request.path, base: plan)
            }
        }
        if let file {
            plan.body = .file(fd: file.fd)
            length = file.size
            if !has("Content-Type") {
                let name = script.body.filePath ?? request.path
                headers.append(("Content-Type", FileResource.contentType(forPath: name)))
            }
            if plan.status == 200 {
                headers.append(("ETag", file.etag))
                headers.append(("Last-Modified", file.lastModified))
                if Self.isNotModified(request, file: file) {
                    plan.status = 304
                    plan.body.release()
                    plan.body = .memory([])
                    plan.sendsBody = false
                    length = 0
                }
            }
        }
        if !has("Content-Type") && plan.sendsBody && length != 0 {
            headers.append(("Content-Type", "application/octet-stream"))
        }

        if let location = script.redirectTo {
            if !(300..<400).contains(plan.status) { plan.status = 302 }
            headers.append(("Location", location))
        }
        if let retryAfter = script.retryAfter { headers.append(("Retry-After", retryAfter)) }

        if script.gzip, plan.sendsBody, let finite = length {
            let original = plan.body.readAll(length: finite)
            plan.body.release()
            if let compressed = Gzip.compress(original) {
                plan.body = .memory(compressed)
                length = compressed.count
                headers.append(("Content-Encoding", "gzip"))
            } else {
                plan.body = .memory(original)
            }
        }

        let rangeable = script.honourRange && !script.gzip && length != nil && plan.status == 200
        if rangeable { headers.append(("Accept-Ranges", "bytes")) }
        if rangeable, let total = length, let rangeHeader = request.header("Range") {
            switch ByteRange.parse(rangeHeader, length: total) {
            case .none:
                break
            case .satisfiable(let first, let last):
                plan.status = 206
                plan.bodyOffset = first
                length = last - first + 1
                headers.append(("Content-Range", "bytes \(first)-\(last)/\(total)"))
            case .unsatisfiable:
                plan.status = 416
                plan.body.release()
                plan.body = .memory([])
                length = 0
                headers.append(("Content-Range", "bytes */\(total)"))
            }
        }

        apply(fault, to: &plan, length: &length)
        plan.bodyLength = length
        if let cut = script.closeAfterBodyBytes {
            plan.partialBodyBytes = min(cut, plan.partialBodyBytes ?? cut)
            plan.afterPartialBody = .close
        }
        if let lie = script.contentLengthOverride {
            plan.declaredLength = lie
            plan.closeConnection = true
        }
        if request.method == "HEAD" { plan.sendsBody = false }
        if plan.partialBodyBytes != nil && plan.sendsBody && plan.afterPartialBody == .close {
            plan.closeConnection = true
        }

        if plan.status != 304, let declared = plan.declaredLength ?? length {
            headers.append(("Content-Length", "\(declared)"))
        }
        headers.append(("Server", "geoloop-test"))
        if plan.closeConnection { headers.append(("Connection", "close")) }
        plan.headers = headers
        return plan
    }

    /// A short answer for a request that cannot be served.
    func errorPlan(for failure: FileResource.Failure, path: String, base: ResponsePlan) -> ResponsePlan {
        var plan = base
        let text: String
        switch failure {
        case .notFound:
            plan.status = 404
            text = "404 Not Found: \(path)\n"
        case .escapesRoot:
            plan.status = 400
            text = "400 Bad Request: the path \(path) leaves the served directory\n"
        case .unreadable(let reason):
            plan.status = 500
            text = "500 Internal Server Error: \(reason)\n"
        }
        plan.body = .memory(Array(text.utf8))
        plan.bodyLength = text.utf8.count
        plan.headers = [
            ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "\(text.utf8.count)"),
            ("Server", "geoloop-test"),
        ]
        if plan.closeConnection { plan.headers.append(("Connection", "close")) }
        return plan
    }

    private func apply(_ fault: FaultPlan.Fault?, to plan: inout ResponsePlan, length: inout Int?) {
        guard let fault, let total = length else { return }
        switch fault {
        case .closeMidBody:
            plan.partialBodyBytes = total / 2
            plan.afterPartialBody = .close
        case .stall:
            plan.partialBodyBytes = total / 2
            plan.afterPartialBody = .stall
        case .truncatedBody:
            length = total / 2
        case .status503, .rateLimited429, .dropConnection:
            break
        }
    }

    private static func hasRequestBody(_ request: HTTPRequestHead) -> Bool {
        if request.header("Transfer-Encoding") != nil { return true }
        if let length = request.header("Content-Length"), length != "0" { return true }
        return false
    }

    private static func isNotModified(_ request: HTTPRequestHead, file: FileResource) -> Bool {
        if let match = request.header("If-None-Match") {
            let tags = match.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            }
            return tags.contains("*") || tags.contains(file.etag)
        }
        if let since = request.header("If-Modified-Since"), let seconds = HTTPDate.parse(since) {
            return file.modifiedSeconds <= seconds
        }
        return false
    }
}

extension ResponseScript.Body {
    var filePath: String? {
        if case .file(let url) = self { return url.path }
        return nil
    }
}
