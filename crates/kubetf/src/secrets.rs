//! What derives from a sensitive variable, kept to be hidden wherever output could repeat it.

use std::fmt;

use crate::eval::Value;

/// Texts derived from sensitive variables, to be hidden wherever output could repeat them.
/// Kept in memory only; its `Debug` shows how many, never what.
#[derive(Clone, Default)]
pub struct Secrets(Vec<String>);

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({})", self.0.len())
    }
}

/// What stands in for a sensitive value, as Terraform prints it.
pub const SENSITIVE: &str = "(sensitive value)";

/// The most texts one sensitive variable may hold (strings, numbers, keys) and still be read.
pub(crate) const MAX_SECRETS: usize = 1024;

/// Texts shorter than this are not hidden: a one-digit count or `true` would hide every
/// occurrence of that text in the output, and says nothing of a secret.
const SHORTEST_SECRET: usize = 4;

impl Secrets {
    pub(crate) fn new(texts: Vec<String>) -> Self {
        // Each as given, and as a setting reads it: without blanks or quotes around it.
        let mut texts: Vec<String> = texts
            .into_iter()
            .flat_map(|t| {
                let bare = t.trim().trim_matches('"').trim().to_string();
                [t, bare]
            })
            .filter(|t| t.chars().count() >= SHORTEST_SECRET)
            .collect();
        // Longest first, so a secret that contains another is hidden whole.
        texts.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        texts.dedup();
        Secrets(texts)
    }

    /// `text` with every secret replaced by `(sensitive value)`.
    pub fn hide(&self, text: &str) -> String {
        self.hide_as(text, |s| s.to_string())
    }

    /// `text` with every secret, as `escape` writes it (JSON, XML), replaced.
    pub fn hide_as(&self, text: &str, escape: impl Fn(&str) -> String) -> String {
        let mut out = text.to_string();
        for secret in &self.0 {
            out = out.replace(secret.as_str(), SENSITIVE);
            // Its escaped form, where escaping changes it (never for plain text).
            let escaped = escape(secret);
            if escaped != *secret {
                out = out.replace(&escaped, SENSITIVE);
            }
        }
        out
    }

    /// Whether there is anything to hide.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `text` is a secret as a whole: a number in JSON, say.
    pub fn is_secret(&self, text: &str) -> bool {
        self.0.iter().any(|s| s == text)
    }
}

/// Every string, number and bool inside a value, as text.
pub(crate) fn leaves(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.clone());
            leaves(v, out)
        }),
        _ => {}
    }
}
