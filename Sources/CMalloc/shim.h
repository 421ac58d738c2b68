// glibc's allocator settings (mallopt); other C libraries have no such header.
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
