//! Badges: a metric's value or the verdict, coloured by the policy's bounds, as a flat SVG or as
//! a shields.io endpoint document (`https://img.shields.io/endpoint?url=…`), so a README badge
//! needs no badge service token and no badge branch.

use quick_xml::escape::escape;
use serde::Serialize;

use crate::policy::{Evaluation, Status, Verdict};

/// A badge's texts and colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Badge {
    /// The left-hand text.
    pub label: String,
    /// The right-hand text.
    pub message: String,
    /// A shields.io colour name.
    pub color: &'static str,
}

/// The shields.io colour names used, with the hex value the SVG draws.
const COLORS: [(&str, &str); 5] = [
    ("brightgreen", "#4c1"),
    ("yellow", "#dfb317"),
    ("red", "#e05d44"),
    ("blue", "#007ec6"),
    ("lightgrey", "#9f9f9f"),
];

impl Badge {
    /// The badge of the verdict.
    pub fn verdict(evaluation: &Evaluation) -> Badge {
        let (message, color) = match evaluation.verdict {
            Verdict::Pass => ("passed", "brightgreen"),
            Verdict::Warn => ("passed with warnings", "yellow"),
            Verdict::Fail => ("failed", "red"),
        };
        Badge { label: "gates".to_owned(), message: message.to_owned(), color }
    }

    /// The badge of the metric `name`: its value, red when a failing gate on it (unscoped, not
    /// a change gate) is out of bounds, yellow when a warning one is, green within all of them,
    /// blue when no gate bounds it, grey with `unknown` when the reports give it no value.
    pub fn metric(evaluation: &Evaluation, name: &str) -> Badge {
        let label = name.to_owned();
        let value = evaluation
            .metrics
            .iter()
            .find(|(metric, _)| metric.name() == name)
            .map(|(metric, value)| super::value_text(metric.unit(), *value))
            .or_else(|| {
                let (_, unit, value) =
                    evaluation.custom_metrics.iter().find(|(custom, ..)| custom == name)?;
                Some(super::value_text(*unit, *value))
            });
        let Some(message) = value else {
            return Badge { label, message: "unknown".to_owned(), color: "lightgrey" };
        };
        let statuses = evaluation
            .outcomes
            .iter()
            .filter(|outcome| {
                outcome.gate.scope.is_none()
                    && outcome.gate.change.is_none()
                    && outcome.gate.metric.to_string() == name
            })
            .map(|outcome| outcome.status);
        let color = statuses.fold("blue", |color, status| match (color, status) {
            (_, Status::Fail) | ("red", _) => "red",
            (_, Status::Warn) | ("yellow", _) => "yellow",
            (_, Status::Pass) | ("brightgreen", _) => "brightgreen",
            (color, Status::Skipped) => color,
        });
        Badge { label, message, color }
    }

    /// The shields.io endpoint document.
    pub fn to_shields_json(&self) -> String {
        serde_json::json!({
            "schemaVersion": 1,
            "label": self.label,
            "message": self.message,
            "color": self.color,
        })
        .to_string()
    }

    /// A flat badge as a standalone SVG document.
    pub fn to_svg(&self) -> String {
        let hex = COLORS.iter().find(|(name, _)| *name == self.color).map_or("#9f9f9f", |(_, hex)| hex);
        let left = text_width(&self.label) + 10;
        let right = text_width(&self.message) + 10;
        let width = left + right;
        let (label, message) = (escape(self.label.as_str()), escape(self.message.as_str()));
        format!(
            concat!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"20\" role=\"img\" aria-label=\"{label}: {message}\">",
                "<title>{label}: {message}</title>",
                "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>",
                "<clipPath id=\"r\"><rect width=\"{width}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>",
                "<g clip-path=\"url(#r)\"><rect width=\"{left}\" height=\"20\" fill=\"#555\"/><rect x=\"{left}\" width=\"{right}\" height=\"20\" fill=\"{hex}\"/><rect width=\"{width}\" height=\"20\" fill=\"url(#s)\"/></g>",
                "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">",
                "<text x=\"{label_x}\" y=\"14\">{label}</text><text x=\"{message_x}\" y=\"14\">{message}</text></g></svg>\n"
            ),
            width = width,
            left = left,
            right = right,
            hex = hex,
            label = label,
            message = message,
            label_x = left / 2,
            message_x = left + right / 2,
        )
    }
}

/// Roughly how wide `text` is in 11 px Verdana: 7 px a character.
fn text_width(text: &str) -> usize {
    text.chars().count().saturating_mul(7)
}
