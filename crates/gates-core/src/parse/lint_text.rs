//! Placeholder: replaced by the real parser in the change that adds it.

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use crate::model::Report;

pub(crate) fn sniff(_bytes: &[u8]) -> Option<Format> {
    None
}

pub(crate) fn parse_flake8(_bytes: &[u8]) -> Result<Report, ParseError> {
    Err(ParseError::new(Format::Flake8, ParseErrorKind::Json("not supported yet".to_owned())))
}
