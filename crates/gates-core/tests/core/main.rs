//! Integration tests of gates-core: one test binary, one module per concern.

mod no_panic;
mod patch;
mod render;
mod reports;
