//! Checks shared by the property tests and the fuzz targets (`fuzz/fuzz_targets/`), which take
//! in the file they need with `#[path]`.

pub mod chunking;
pub mod decoding;
