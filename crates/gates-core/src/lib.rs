//! gates-core: turn CI reports into one set of metrics and decide whether a change may merge.
//!
//! The pipeline, one module per stage:
//! 1. [`parse`] reads a report (Cobertura, JUnit XML, …) into the normalized [`model`];
//! 2. [`Metrics`] merges every report and names each figure ([`Metric`], e.g. `coverage.lines`);
//! 3. [`Policy`] is read from TOML: gates with bounds and severities;
//! 4. [`evaluate`] applies the policy: one [`Outcome`] per gate and a [`Verdict`];
//! 5. [`render`] writes the evaluation as JSON or Markdown.
//!
//! [`compare`] sets a candidate against a baseline: benchmark timings, with significance tests.
//! [`license`] reads dependency licences as SPDX expressions and checks them against a policy.
//!
//! The crate does no I/O beyond reading the report files it is given: no terminal, network,
//! clock or environment.
//!
//! ```
//! use gates_core::{evaluate, parse, EvaluateOptions, Metric, Metrics, Policy, Verdict};
//!
//! let junit = r#"<testsuite name="unit" tests="2">
//!   <testcase classname="calc" name="test_add"/>
//!   <testcase classname="calc" name="test_div"><failure message="ZeroDivisionError"/></testcase>
//! </testsuite>"#;
//! let mut metrics = Metrics::new();
//! metrics.add("junit.xml", parse::parse_str(parse::Format::Junit, junit)?);
//! assert_eq!(metrics.value(Metric::TestsFailed), Ok(1.0));
//!
//! let policy = Policy::from_toml_str(r#"
//!     [[gate]]
//!     metric = "tests.failed + tests.errors"
//!     max = 0
//! "#)?;
//! let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
//! assert_eq!(evaluation.verdict, Verdict::Fail);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr
)]

pub mod baseline;
pub mod compare;
pub mod custom;
pub mod license;
pub mod metric;
pub mod model;
pub mod parse;
pub mod patch;
pub mod policy;
pub mod pr;
pub mod render;

pub use metric::{Family, Metric, Term, Unavailable, Unit};
pub use model::{Metrics, Report};
pub use policy::{
    EvaluateOptions, Evaluation, Outcome, Policy, PolicyError, Severity, Status, Verdict, evaluate,
};
