// The entry point of the `make fuzz` executable. SwiftPM links executables with
// `--defsym main=<module>_main`, and `-parse-as-library` (which libFuzzer needs) means Swift
// emits no such function; this one hands control to libFuzzer's driver instead.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int cachebook_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
