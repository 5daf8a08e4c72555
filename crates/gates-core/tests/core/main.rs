//! Integration tests of gates-core: one test binary, one module per concern.

mod bench;
mod change_rules;
mod fixtures;
mod git_repo;
mod kit;
mod layers;
mod license_header;
mod licenses_and_secrets;
mod no_panic;
mod patch;
mod paths;
mod render;
mod reports;
mod starter;
mod strict_reading;
