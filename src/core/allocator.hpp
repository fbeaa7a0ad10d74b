#pragma once

namespace plaza {

/// Tunes glibc's allocator for a server that builds pages of tens of kilobytes per request:
/// freed memory stays in the process for the next request instead of going back to the kernel
/// at once. By default glibc returns the top of a heap as soon as 128 KiB of it are free, so
/// every request that built and freed a large page (a post page with its first 50 comments is
/// about 65 KB, made and copied a few times) faulted the same pages in again; those page faults
/// cost more than the render itself. Here the top of a heap is returned only past 16 MiB free,
/// and blocks up to 1 MiB come from the heaps (larger ones are mapped and unmapped as before).
/// Peak memory does not grow (freed memory is reused, not added); idle memory may stay up to
/// the threshold per heap. Call once, first thing in main, before any thread starts.
void TuneAllocator();

}  // namespace plaza
