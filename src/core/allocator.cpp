#include "core/allocator.hpp"

#include <malloc.h>

namespace plaza {

void TuneAllocator() {
#if defined(__GLIBC__)
  constexpr int kTrimThreshold = 16 * 1024 * 1024;
  constexpr int kMmapThreshold = 1024 * 1024;
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
#endif
}

}  // namespace plaza
