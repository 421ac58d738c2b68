// Nothing to import: the target only provides `cachebook_fuzz_main` to the linker.
