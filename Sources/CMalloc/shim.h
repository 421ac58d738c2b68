// glibc's allocator settings (mallopt). The Swift side calls them only where Glibc is the C
// library; elsewhere this header may declare nothing of use.
#if defined(__linux__)
#include <malloc.h>
#endif
