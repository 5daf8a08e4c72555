//! CVSS 3.x base scores from vector strings (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`),
//! for reports that carry a vector and no severity label (RustSec advisories in cargo-audit).
//!
//! Read from the CVSS v3.1 specification (FIRST, section 7: the base equations, the metric
//! weights of 7.4 and the `Roundup` of Appendix A). Version 3.0 vectors are scored with the same
//! equations and 3.1's `Roundup`, which only fixes 3.0's floating-point slips, so a 3.0 score
//! may differ from 3.0's own calculator by 0.1 in rare cases. Temporal and environmental metrics
//! may follow the base ones and are checked but do not change the base score. CVSS 4.0 scores
//! come from a table of macro vectors, not equations, and are not computed here.

use std::collections::BTreeMap;

use crate::model::VulnerabilitySeverity;

/// Why a vector string has no base score here.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum CvssError {
    /// A vector of another CVSS version (`CVSS:4.0/…`, or a v2 vector without a prefix).
    #[error("a CVSS {0} vector, which gates does not score (only CVSS 3.0 and 3.1)")]
    UnsupportedVersion(String),
    /// Not a CVSS 3.x vector string.
    #[error("expected a CVSS 3.x vector (CVSS:3.1/AV:_/AC:_/PR:_/UI:_/S:_/C:_/I:_/A:_), {0}")]
    Malformed(String),
}

/// The metrics a 3.x vector may name, each with the values it may take: the eight base metrics
/// first, then the temporal and environmental ones.
const METRICS: &[(&str, &[&str])] = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "R"]),
    ("S", &["U", "C"]),
    ("C", &["H", "L", "N"]),
    ("I", &["H", "L", "N"]),
    ("A", &["H", "L", "N"]),
    ("E", &["X", "H", "F", "P", "U"]),
    ("RL", &["X", "U", "W", "T", "O"]),
    ("RC", &["X", "C", "R", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "R"]),
    ("MS", &["X", "U", "C"]),
    ("MC", &["X", "H", "L", "N"]),
    ("MI", &["X", "H", "L", "N"]),
    ("MA", &["X", "H", "L", "N"]),
];

/// How many of [`METRICS`] are base metrics, all of which a vector must give.
const BASE_METRICS: usize = 8;

/// The severity band of a 3.x vector's base score.
pub(crate) fn severity(vector: &str) -> Result<VulnerabilitySeverity, CvssError> {
    base_score(vector).map(VulnerabilitySeverity::from_cvss_score)
}

/// The base score, 0.0 to 10.0 in steps of 0.1, of a CVSS 3.0 or 3.1 vector string.
pub(crate) fn base_score(vector: &str) -> Result<f64, CvssError> {
    let metrics = read_vector(vector)?;
    let value = |name: &str| metrics.get(name).copied().unwrap_or_default();
    let scope_changed = value("S") == "C";
    let attack_vector: f64 = match value("AV") {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        _ => 0.2,
    };
    let attack_complexity = if value("AC") == "L" { 0.77 } else { 0.44 };
    let privileges = match (value("PR"), scope_changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        (_, false) => 0.27,
        (_, true) => 0.5,
    };
    let user_interaction = if value("UI") == "N" { 0.85 } else { 0.62 };
    let impact_weight = |name: &str| -> f64 {
        match value(name) {
            "H" => 0.56,
            "L" => 0.22,
            _ => 0.0,
        }
    };
    let impact_subscore =
        1.0 - (1.0 - impact_weight("C")) * (1.0 - impact_weight("I")) * (1.0 - impact_weight("A"));
    let impact = if scope_changed {
        7.52 * (impact_subscore - 0.029) - 3.25 * (impact_subscore - 0.02).powi(15)
    } else {
        6.42 * impact_subscore
    };
    let exploitability = 8.22 * attack_vector * attack_complexity * privileges * user_interaction;
    if impact <= 0.0 {
        return Ok(0.0);
    }
    let sum = if scope_changed { 1.08 * (impact + exploitability) } else { impact + exploitability };
    Ok(round_up(sum.min(10.0)))
}

/// The smallest number of one decimal not below `value`, as CVSS 3.1's `Roundup` computes it:
/// on a whole number of hundred-thousandths, so that 4.000000001 from floating point stays 4.0.
fn round_up(value: f64) -> f64 {
    // `value` is at most 10.0, so the integer fits with room to spare.
    let hundred_thousandths = (value * 100_000.0).round() as i64;
    if hundred_thousandths % 10_000 == 0 {
        hundred_thousandths as f64 / 100_000.0
    } else {
        (hundred_thousandths / 10_000 + 1) as f64 / 10.0
    }
}

/// The metrics of a vector string, checked: a `CVSS:3.0` or `CVSS:3.1` prefix, each metric once
/// with a value it may take, every base metric given.
fn read_vector(vector: &str) -> Result<BTreeMap<&'static str, &str>, CvssError> {
    let malformed = CvssError::Malformed;
    let mut parts = vector.trim().split('/');
    let prefix = parts.next().unwrap_or_default();
    match prefix.strip_prefix("CVSS:") {
        Some("3.0" | "3.1") => {}
        Some(version) => return Err(CvssError::UnsupportedVersion(version.to_owned())),
        None if prefix.starts_with("AV:") && vector.contains("Au:") => {
            return Err(CvssError::UnsupportedVersion("2".to_owned()));
        }
        None => {
            return Err(malformed(format!(
                "found {vector:?}, which does not start with CVSS:3.0/ or CVSS:3.1/"
            )));
        }
    }
    let mut metrics = BTreeMap::new();
    for part in parts {
        let (name, value) =
            part.split_once(':').ok_or_else(|| malformed(format!("found {part:?}, not NAME:VALUE")))?;
        let (known, allowed) = METRICS
            .iter()
            .find(|(known, _)| *known == name)
            .ok_or_else(|| malformed(format!("found the unknown metric {name:?}")))?;
        if !allowed.contains(&value) {
            return Err(malformed(format!(
                "found {name}:{value}, where {name} is one of {}",
                allowed.join(", ")
            )));
        }
        if metrics.insert(*known, value).is_some() {
            return Err(malformed(format!("found {name} twice")));
        }
    }
    let missing: Vec<&str> = METRICS
        .iter()
        .take(BASE_METRICS)
        .map(|(name, _)| *name)
        .filter(|name| !metrics.contains_key(name))
        .collect();
    if !missing.is_empty() {
        return Err(malformed(format!("found no {}", missing.join(", "))));
    }
    Ok(metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_of_the_specification_examples() {
        // CVSS v3.1 Examples (FIRST): the vulnerability and its published base score.
        let examples = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5), // CVE-2014-0160 Heartbleed
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), // CVE-2014-6271 Shellshock
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1), // CVE-2013-1937 phpMyAdmin XSS
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4), // CVE-2013-0375 MySQL
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1), // CVE-2014-3566 POODLE
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9), // CVE-2012-1516 VMware
            ("CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2), // CVE-2009-0783 Tomcat
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8), // CVE-2012-0384 Cisco IOS
            ("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8), // CVE-2015-1098 Apple iWork
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4), // CVE-2014-0224 OpenSSL CCS
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6), // CVE-2012-5376 Chrome IPC
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", 6.8), // CVE-2016-0128 Badlock
            ("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8), // CVE-2014-2005 Sophos
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8), // CVE-2010-0467 Joomla
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0), // the highest score
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0), // no impact
        ];
        for (vector, score) in examples {
            assert_eq!(base_score(vector), Ok(score), "{vector}");
        }
    }

    #[test]
    fn severity_bands_of_the_specification() {
        let band = VulnerabilitySeverity::from_cvss_score;
        assert_eq!(band(0.0), VulnerabilitySeverity::Low, "CVSS's none is still a vulnerability");
        assert_eq!([band(0.1), band(3.9)], [VulnerabilitySeverity::Low; 2]);
        assert_eq!([band(4.0), band(6.9)], [VulnerabilitySeverity::Medium; 2]);
        assert_eq!([band(7.0), band(8.9)], [VulnerabilitySeverity::High; 2]);
        assert_eq!([band(9.0), band(10.0)], [VulnerabilitySeverity::Critical; 2]);
        assert_eq!(band(10.1), VulnerabilitySeverity::Unknown);
        assert_eq!(severity("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"), Ok(VulnerabilitySeverity::Low));
        assert_eq!(
            severity("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            Ok(VulnerabilitySeverity::Critical)
        );
    }

    #[test]
    fn round_up_keeps_whole_tenths_and_rounds_the_rest_up() {
        assert_eq!(round_up(4.0), 4.0);
        assert_eq!(round_up(4.000_000_000_1), 4.0, "a floating-point slip is not a tenth");
        assert_eq!(round_up(4.02), 4.1);
        assert_eq!(round_up(9.999), 10.0);
    }

    #[test]
    fn metrics_in_any_order_and_temporal_ones_leave_the_base_score() {
        assert_eq!(base_score("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/A:N/I:N/C:H"), Ok(7.5));
        assert_eq!(base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:U/RL:O/RC:C/MAV:L"), Ok(7.5));
    }

    #[test]
    fn malformed_vectors_are_refused_naming_the_fault() {
        let refusal = |vector: &str| base_score(vector).unwrap_err().to_string();
        assert!(refusal("AV:N/AC:L").contains("does not start with CVSS:3.0/ or CVSS:3.1/"));
        assert!(refusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H").ends_with("found no A"));
        assert!(
            refusal("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
                .contains("found AV:X, where AV is one of N, A, L, P")
        );
        assert!(refusal("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").contains("found AV twice"));
        assert!(
            refusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1").contains("unknown metric \"ZZ\"")
        );
        assert!(
            refusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/").contains("found \"\", not NAME:VALUE")
        );
        assert!(refusal("CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").contains("unknown metric \"av\""));
        assert_eq!(
            base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            Err(CvssError::UnsupportedVersion("4.0".to_owned()))
        );
        assert_eq!(
            base_score("AV:N/AC:L/Au:N/C:P/I:P/A:P"),
            Err(CvssError::UnsupportedVersion("2".to_owned()))
        );
    }
}
