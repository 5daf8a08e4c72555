//! `gates badge`: a metric's value or the verdict as an SVG badge or a shields.io endpoint file.

use std::io::{self, Write};

use gates_core::{Badge, Check};

use crate::args::{BadgeArgs, BadgeFormat};
use crate::error::CliError;
use crate::exit::ExitStatus;

/// What `--metric` takes for the verdict's badge.
const VERDICT: &str = "verdict";

pub(crate) fn run(args: &BadgeArgs) -> Result<ExitStatus, CliError> {
    let (policy, policy_name) = super::load_policy(args.policy.policy.as_deref())?;
    let known = gates_core::Metric::ALL
        .iter()
        .map(|metric| metric.name())
        .chain(policy.custom_metrics.iter().map(|metric| metric.name.as_str()));
    if args.metric != VERDICT && !known.clone().any(|name| name == args.metric) {
        let hint = gates_core::closest_name(&args.metric, known.chain([VERDICT]))
            .map(|name| format!(" (did you mean `{name}`?)"))
            .unwrap_or_default();
        return Err(CliError::UnknownBadgeMetric { name: args.metric.clone(), hint });
    }
    let metrics = super::load_reports(&args.reports)?;
    let checked = Check::with_metrics(&policy, metrics).policy_name(policy_name).run();
    let mut badge = match args.metric.as_str() {
        VERDICT => Badge::verdict(&checked.evaluation),
        name => Badge::metric(&checked.evaluation, name),
    };
    if let Some(label) = &args.label {
        badge.label = label.clone();
    }
    let text = match args.format {
        BadgeFormat::Svg => badge.to_svg(),
        BadgeFormat::Shields => badge.to_shields_json() + "\n",
    };
    std::fs::write(&args.out, text)
        .map_err(|source| CliError::WriteFile { path: args.out.clone(), source })?;
    writeln!(
        io::stderr(),
        "gates: wrote {} ({}: {}, {})",
        args.out.display(),
        badge.label,
        badge.message,
        badge.color
    )?;
    Ok(ExitStatus::Success)
}
