// parallel-get: downloads every URL read from standard input at once with geoloop's transfer engine.
// See `Options.usage` for the contract; this file wires input, engine and report together.
import GeoloopEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let options: Options
do {
    switch try Options.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(Options.usage)
        exit(0)
    case .run(let parsed):
        options = parsed
    }
} catch {
    printError("Error: \(error.message)")
    exit(64)
}

if let problem = makeDirectories(options.outputDirectory) {
    printError("Error: cannot create the output directory '\(options.outputDirectory)': \(problem).")
    exit(1)
}

// Plan: one request per acceptable URL; refused URLs count as failed straight away.
var requests: [TransferRequest] = []
var failed = 0
var claimedBy: [String: String] = [:]
while let line = readLine() {
    let url = trimmingSpaces(line)
    if url.isEmpty || url.hasPrefix("#") { continue }
    switch OutputName.forURL(url) {
    case .failure(let refusal):
        printError("\(url): refused: \(refusal.reason)")
        failed += 1
    case .success(let name):
        if let earlier = claimedBy[name] {
            printError("\(url): refused: its file name '\(name)' is already taken by \(earlier)")
            failed += 1
            continue
        }
        claimedBy[name] = url
        var request = TransferRequest(url: url)
        request.failOnHTTPError = true
        request.destination = .file(path: options.outputDirectory + "/" + name)
        requests.append(request)
    }
}

let engine: TransferEngine
do {
    // Over HTTP/1.1 one connection carries one transfer at a time, so allow as many per host as in flight.
    engine = try TransferEngine(
        configuration: EngineConfiguration(
            maxInFlight: options.concurrency, maxConnectionsPerHost: options.concurrency,
            maxTotalConnections: options.concurrency))
} catch {
    printError("Error: cannot start the transfer engine: \(error)")
    exit(1)
}

let clock = ContinuousClock()
let started = clock.now
var succeeded = 0
var bytes: Int64 = 0
for await (index, result) in engine.results(for: requests) {
    switch result {
    case .success(let response):
        succeeded += 1
        bytes += response.bytesReceived
    case .failure(let error):
        failed += 1
        // The engine's messages name the URL already; others get it in front.
        let url = requests[index].url
        printError(error.message.hasPrefix(url) ? error.message : "\(url): \(error.message)")
    }
}
let elapsed = clock.now - started
let maxInFlight = engine.counters.maxInFlightObserved
await engine.shutdown()

print(
    "{\"ok\":\(succeeded),\"failed\":\(failed),\"bytes\":\(bytes),"
        + "\"seconds\":\(threeDecimals(elapsed)),\"max_in_flight\":\(maxInFlight)}")
exit(failed > 0 ? 1 : 0)
