//! Terraform's string functions beyond the ones addresses are built with: `chomp`,
//! `substr`, `trim`, `trimprefix`, `trimsuffix`, `title`, `startswith`, `endswith`,
//! `strcontains`.

use crate::eval::Value;
use khcidr_core::Text;

use super::{terraform, text, whole};

/// Every newline at the end removed (`\n`, `\r\n`, `\r`).
pub(super) fn chomp(args: &[Value]) -> Result<Value, Text> {
    let s = text(&args[0])?;
    Ok(Value::from(s.trim_end_matches(['\n', '\r'])))
}

/// `substr(string, offset, length)`: `length` characters (grapheme clusters) from `offset`; a negative offset
/// counts from the end, a negative length takes the rest; past the end, the empty string.
pub(super) fn substr(args: &[Value]) -> Result<Value, Text> {
    let s = text(&args[0])?;
    let (offset, length) = (whole(&args[1])?, whole(&args[2])?);
    // Characters as Terraform counts them: grapheme clusters.
    let chars: Vec<&str> =
        unicode_segmentation::UnicodeSegmentation::graphemes(s.as_str(), true).collect();
    let total = chars.len() as i64;
    let start = if offset < 0 { offset + total } else { offset };
    if start < 0 {
        return Err(terraform(
            "offset cannot be larger than the length of the string",
        ));
    }
    let start = start.min(total) as usize;
    let end = if length < 0 {
        chars.len()
    } else {
        (start as i64).saturating_add(length).min(total) as usize
    };
    Ok(Value::from(chars[start..end].concat()))
}

/// `trim(string, characters)`: every character of the set removed from both ends.
pub(super) fn trim(args: &[Value]) -> Result<Value, Text> {
    let (s, set) = (text(&args[0])?, text(&args[1])?);
    Ok(Value::from(s.trim_matches(|c| set.contains(c))))
}

pub(super) fn trimprefix(args: &[Value]) -> Result<Value, Text> {
    let (s, prefix) = (text(&args[0])?, text(&args[1])?);
    Ok(Value::from(s.strip_prefix(prefix.as_str()).unwrap_or(&s)))
}

pub(super) fn trimsuffix(args: &[Value]) -> Result<Value, Text> {
    let (s, suffix) = (text(&args[0])?, text(&args[1])?);
    Ok(Value::from(s.strip_suffix(suffix.as_str()).unwrap_or(&s)))
}

/// `title(string)`: each word's first letter in upper case, as Go's `strings.Title` (a
/// letter, a digit and `_` continue a word; anything else ends it).
pub(super) fn title(args: &[Value]) -> Result<Value, Text> {
    let s = text(&args[0])?;
    let mut out = String::with_capacity(s.len());
    let mut after_separator = true;
    for c in s.chars() {
        if after_separator {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        after_separator = !(c.is_alphanumeric() || c == '_');
    }
    Ok(Value::from(out))
}

pub(super) fn startswith(args: &[Value]) -> Result<Value, Text> {
    let (s, prefix) = (text(&args[0])?, text(&args[1])?);
    Ok(Value::Bool(s.starts_with(prefix.as_str())))
}

pub(super) fn endswith(args: &[Value]) -> Result<Value, Text> {
    let (s, suffix) = (text(&args[0])?, text(&args[1])?);
    Ok(Value::Bool(s.ends_with(suffix.as_str())))
}

pub(super) fn strcontains(args: &[Value]) -> Result<Value, Text> {
    let (s, part) = (text(&args[0])?, text(&args[1])?);
    Ok(Value::Bool(s.contains(part.as_str())))
}
