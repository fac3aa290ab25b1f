import Foundation
import Testing

@Test func descriptorCountSeesAnOpenedFile() throws {
    let before = openDescriptorCount()
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/status"))
    #expect(openDescriptorCount() >= before + 1)
    try handle.close()
}
