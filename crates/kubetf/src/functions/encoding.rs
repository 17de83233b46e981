//! Terraform's decoding functions a kube.tf uses for values written elsewhere:
//! `jsondecode`, `base64encode`, `base64decode`.

use crate::eval::Value;
use base64::Engine;
use khcidr_core::{t, Text};

use super::{terraform, text};

/// `jsondecode(string)`: the JSON value as Terraform's (objects, lists, strings, numbers,
/// bools, null).
pub(super) fn jsondecode(args: &[Value]) -> Result<Value, Text> {
    let s = text(&args[0])?;
    let inexact = || {
        t!("a number in the JSON has more digits than a 64-bit float keeps, and is not read exactly here")
    };
    let json = serde_json::from_str(&s).map_err(|e| {
        if crate::eval::json_out_of_range(&e) {
            inexact()
        } else {
            t!("not valid JSON")
        }
    })?;
    Value::from_json_text(&s, json).ok_or_else(inexact)
}

pub(super) fn base64encode(args: &[Value]) -> Result<Value, Text> {
    let s = text(&args[0])?;
    Ok(Value::from(
        base64::engine::general_purpose::STANDARD.encode(s.as_bytes()),
    ))
}

/// `base64decode(string)`: the text the Base64 stands for, which must be UTF-8.
pub(super) fn base64decode(args: &[Value]) -> Result<Value, Text> {
    let s = text(&args[0])?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.as_bytes())
        .map_err(|_| terraform("failed to decode base64 data"))?;
    String::from_utf8(bytes)
        .map(Value::from)
        .map_err(|_| terraform("the result of decoding the provided string is not valid UTF-8"))
}
