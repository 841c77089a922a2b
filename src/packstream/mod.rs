//! PackStream v1: the binary value format Bolt messages are written in.

mod value;

pub use value::*;
