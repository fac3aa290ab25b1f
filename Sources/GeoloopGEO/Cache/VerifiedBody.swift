import Glibc

/// A body that passed verification in its entry's directory and waits for
/// ``GEOCache/install(_:)``. It owns the body's open descriptor (closed when it goes away), which
/// the install fsyncs and then uses to drop the body's pages from the page cache.
final class VerifiedBody: Sendable {
    let key: CacheKey
    let path: String
    let metadata: CacheMetadata
    let descriptor: Int32

    init(key: CacheKey, path: String, metadata: CacheMetadata, descriptor: Int32) {
        self.key = key
        self.path = path
        self.metadata = metadata
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
