import GeoloopSOFT
import Glibc

/// Every input is parsed as SOFT (gzip when it starts like gzip) and inflated, with small output
/// limits so a bomb ends quickly. Errors are expected; crashes, sanitizer reports and timeouts
/// are findings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let buffer = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? SOFTParser.parse(buffer, tables: size % 2 == 0 ? .skip : .keep, outputLimit: 8 << 20)
    _ = try? Gzip.inflate(Array(buffer), outputLimit: 8 << 20)
    return 0
}

/// libFuzzer's driver (LLVM 12+): Swift's own `main` takes the place of libFuzzer's, so it hands over.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
