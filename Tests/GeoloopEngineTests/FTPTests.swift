import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

/// ftp:// transfers against vsftpd on loopback (anonymous, passive mode).
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
            for (name, bytes) in served.files {
                let response = try await engine.perform(TransferRequest(url: "\(ftp.url)/\(name)"))
                #expect(response.body == bytes, "\(name) bytes differ")
                #expect(response.bytesReceived == Int64(bytes.count))
            }

            // Streamed to a file, next to another transfer on the same server.
            var toFile = TransferRequest(url: "\(ftp.url)/data.bin")
            toFile.destination = .file(path: target)
            var finished = 0
            for await (_, result) in engine.results(for: [toFile, TransferRequest(url: "\(ftp.url)/notes.txt")]) {
                _ = try result.get()
                finished += 1
            }
            #expect(finished == 2)
        }
        #expect(FileManager.default.contents(atPath: target).map { Array($0) } == served.files["data.bin"])
    }

    @Test func aMissingFTPFileIsAClearError() async throws {
        var served = try ServedFiles()
        defer { served.remove() }
        try served.add("present.txt", bytes: Array("here\n".utf8))
        let ftp = try FTPServer(root: served.path)
        defer { ftp.stop() }
        let url = "\(ftp.url)/absent.txt"

        try await withCheckedEngine { engine in
            let error = await expectTransferError { try await engine.perform(TransferRequest(url: url)) }
            #expect(error?.curlCode == 78, "libcurl's CURLE_REMOTE_FILE_NOT_FOUND")
            #expect(error?.url == url)
            #expect(error?.message.contains(url) == true, "\(error?.message ?? "")")
            #expect(error?.message.lowercased().contains("not exist") == true, "\(error?.message ?? "")")

            // The server is still fine: a present file on the same engine downloads.
            let response = try await engine.perform(TransferRequest(url: "\(ftp.url)/present.txt"))
            #expect(response.body == served.files["present.txt"])
        }
    }
}
