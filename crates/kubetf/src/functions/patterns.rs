//! Terraform's regular expressions: `regex`, `regexall`, and `replace` with a pattern
//! written `/.../`; RE2's syntax, as Go's `regexp` reads it.

use crate::eval::Value;
use hcl::Map;
use khcidr_core::{t, Text};
use regex_lite::Regex;

use super::{terraform, text};

fn compiled(pattern: &str) -> Result<Regex, Text> {
    // Bounded: a pattern is compiled within a size limit, never to any size it asks.
    regex_lite::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|_| t!("the regular expression cannot be read"))
}

/// A match as Terraform gives it: the text, with no groups; a list of the groups; or a
/// map of the named groups (mixing both is an error).
fn captured(re: &Regex, caps: &regex_lite::Captures) -> Result<Value, Text> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let group = |k: usize| Value::from(caps.get(k).map_or("", |m| m.as_str()));
    if names.is_empty() {
        return Ok(group(0));
    }
    match (
        names.iter().all(Option::is_some),
        names.iter().all(Option::is_none),
    ) {
        (true, _) => {
            let mut map = Map::new();
            for (k, name) in names.iter().enumerate() {
                map.insert(name.unwrap_or_default().to_string(), group(k + 1));
            }
            map.sort_keys();
            Ok(Value::Object(map))
        }
        (_, true) => Ok(Value::Array((1..=names.len()).map(group).collect())),
        _ => Err(terraform(
            "invalid regexp: can't mix named and unnamed capture groups",
        )),
    }
}

/// `regex(pattern, string)`: the first match.
pub(super) fn regex(args: &[Value]) -> Result<Value, Text> {
    let (pattern, s) = (text(&args[0])?, text(&args[1])?);
    let re = compiled(&pattern)?;
    let caps = re
        .captures(&s)
        .ok_or_else(|| terraform("pattern did not match any part of the given string"))?;
    captured(&re, &caps)
}

/// `regexall(pattern, string)`: every match, in order.
pub(super) fn regexall(args: &[Value]) -> Result<Value, Text> {
    let (pattern, s) = (text(&args[0])?, text(&args[1])?);
    let re = compiled(&pattern)?;
    re.captures_iter(&s)
        .map(|caps| captured(&re, &caps))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// `replace(string, "/pattern/", replacement)`: every match replaced, `$1` and `${name}`
/// standing for the groups.
pub(super) fn replace_pattern(s: &str, pattern: &str, with: &str) -> Result<Value, Text> {
    let re = compiled(pattern)?;
    Ok(Value::from(re.replace_all(s, with).into_owned()))
}
