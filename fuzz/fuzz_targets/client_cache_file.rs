#![no_main]
#![forbid(unsafe_code)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ferrotls_fuzz_targets::client_cache_file(data));
