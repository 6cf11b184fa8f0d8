/// glibc's `malloc_trim` (malloc.h, which the Glibc module does not import): returns free heap pages to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

/// Hands memory the process has freed back to the system (glibc keeps freed heap pages mapped until asked).
enum MemoryTrim {
    static func returnFreedMemory() {
        #if os(Linux)
            _ = glibcMallocTrim(0)
        #endif
    }
}
