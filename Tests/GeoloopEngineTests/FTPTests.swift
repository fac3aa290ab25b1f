import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

/// ftp:// transfers against vsftpd on loopback (anonymous, passive mode).
///
/// libcurl 7.88.1 can leave an FTP transfer on a reused control connection with neither a socket
/// nor a timer to wait on after EPSV; the engine's once-a-second backstop timer wakes it. The
/// connect timeout here is long enough for the backstop (1 s) and short enough that a transfer
/// left waiting for the connect timeout fails the test instead of hiding.
@Suite struct FTPTests {
    @Test func ftpDownloadsAreByteExact() async throws {
        var served = try ServedFiles()
        defer { served.remove() }
        try served.add("notes.txt", bytes: Array("series GSE1\n".utf8))
        try served.add("data.bin", bytes: ServedFiles.deterministicBytes(count: 300_000, seed: 3))
        try served.add("sub/nested.bin", bytes: ServedFiles.deterministicBytes(count: 5_000, seed: 4))
        let ftp = try FTPServer(root: served.path)
        defer { ftp.stop() }
        let target = try makeTemporaryDirectory().appendingPathComponent("data.bin").path
        defer { try? FileManager.default.removeItem(atPath: (target as NSString).deletingLastPathComponent) }

        try await withCheckedEngine { engine in
            for (name, bytes) in served.files.sorted(by: { $0.key < $1.key }) {
                let response = try await engine.perform(ftpRequest("\(ftp.url)/\(name)"))
                #expect(response.body == bytes, "\(name) bytes differ")
                #expect(response.bytesReceived == Int64(bytes.count))
            }

            // Streamed to a file, next to another transfer on the same server.
            var toFile = ftpRequest("\(ftp.url)/data.bin")
            toFile.destination = .file(path: target)
            for await (index, result) in engine.results(for: [toFile, ftpRequest("\(ftp.url)/notes.txt")]) {
                let response = try result.get()
                if index == 0 {
                    #expect(response.bodyFile == target)
                    #expect(FileManager.default.contents(atPath: target).map { Array($0) } == served.files["data.bin"])
                } else {
                    #expect(response.body == served.files["notes.txt"])
                }
            }
        }
    }

    @Test func aMissingFTPFileIsAClearError() async throws {
        var served = try ServedFiles()
        defer { served.remove() }
        try served.add("present.txt", bytes: Array("here\n".utf8))
        let ftp = try FTPServer(root: served.path)
        defer { ftp.stop() }
        let url = "\(ftp.url)/absent.txt"

        try await withCheckedEngine { engine in
            do {
                let response = try await engine.perform(ftpRequest(url))
                Issue.record("expected a TransferError, got status \(response.status)")
            } catch let error as TransferError {
                #expect(error.curlCode == 78, "libcurl's CURLE_REMOTE_FILE_NOT_FOUND: \(error.message)")
                #expect(error.url == url)
                #expect(error.message.contains(url), "\(error.message)")
                #expect(error.message.lowercased().contains("not exist"), "\(error.message)")
            }
        }
    }
}

/// An FTP request with a connect timeout well above the backstop's second (see the suite's comment).
private func ftpRequest(_ url: String) -> TransferRequest {
    var request = TransferRequest(url: url)
    request.connectTimeout = .seconds(5)
    return request
}
