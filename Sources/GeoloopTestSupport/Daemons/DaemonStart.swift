import Foundation

/// Starting a daemon in the foreground and waiting, by polling its ports, until it accepts connections.
enum DaemonStart {
    /// Outcome of one start attempt.
    enum Attempt {
        case running(ChildProcess)
        /// Another process took one of the ports between our check and the daemon's bind.
        case portTaken
    }

    /// Spawns the daemon and polls `ports` (up to ~10 s, 5 ms apart) until all accept connections.
    /// Throws with the daemon's own log when it exits or never listens.
    static func launch(name: String, executable: String, arguments: [String], logFile: String, ports: [Int]) throws
        -> Attempt
    {
        let child = try ChildProcess(executable: executable, arguments: arguments, logFile: logFile)
        for _ in 0..<2_000 {
            guard child.isRunning else {
                let log = child.logTail()
                if log.contains("Address already in use") || log.contains("could not bind listening socket") {
                    return .portTaken
                }
                throw DaemonError(
                    .startFailed, "\(name) exited with status \(child.waitForExit()) before listening: \(log)")
            }
            if ports.allSatisfy(LoopbackPort.acceptsConnections) { return .running(child) }
            usleep(5_000)
        }
        child.terminate()
        throw DaemonError(
            .startFailed, "\(name) did not accept connections on \(ports) within 10 s: \(child.logTail())")
    }
}
