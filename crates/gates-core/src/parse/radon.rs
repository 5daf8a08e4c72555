//! Placeholder: replaced by the real parser in the change that adds it.

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use crate::model::Report;

pub(crate) fn parse_cc(_bytes: &[u8]) -> Result<Report, ParseError> {
    Err(ParseError::new(Format::RadonCc, ParseErrorKind::Json("not supported yet".to_owned())))
}

pub(crate) fn parse_mi(_bytes: &[u8]) -> Result<Report, ParseError> {
    Err(ParseError::new(Format::RadonMi, ParseErrorKind::Json("not supported yet".to_owned())))
}
