//! The messages between the page and its helper worker (`khcidr-import`), one type for
//! each direction, encoded and decoded here only: neither side reads the other's array by
//! position.
//!
//! On the wire a message is an array whose first item names it: `["files", File, ...]`,
//! `["text", name, text]`, `["again", release]`, `["svg", fragment, theme]`,
//! `["upgrade", fragment, theme]` to the worker; `["ready"]`, `["read", fragment, module, note,
//! ...]`, `["svg", text]`, `["upgrade", markup]`, `["failed", why]` back.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

/// What the page asks the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Read these `kube.tf` and `.tfvars` files (picked or dropped: the worker reads them).
    Files(Vec<web_sys::File>),
    /// Read one pasted file.
    Text { name: String, text: String },
    /// Read the last files read again, under this release's names (the worker keeps them
    /// in its memory for that, never anywhere else).
    Again(String),
    /// Read the last files read again with these variables' values, each written as in a
    /// `.tfvars` file (`name`, `value`), after every other value.
    Values(Vec<(String, String)>),
    /// Draw the SVG picture of the plan in a link fragment.
    Picture { fragment: String, dark: bool },
    /// Compare the plan in a link fragment with the release it asks to upgrade to, the
    /// pictures in the page's theme.
    Upgrade { fragment: String, dark: bool },
    /// Fix the plan in a link fragment ("Fix my plan").
    Fix(String),
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// It listens: requests sent before are sent now.
    Ready,
    /// The files were read: the plan as a link fragment (nothing sensitive in it), the
    /// module block read, and the notes.
    Read {
        fragment: String,
        module: String,
        notes: Vec<String>,
    },
    /// The picture's SVG text.
    Picture(String),
    /// What the upgrade moves, as the page's markup (every text in it escaped).
    Upgrade(String),
    /// The fixed plan as the page's markup (every text in it escaped), and its changes as
    /// setting keys and values, one after the other.
    Fix {
        markup: String,
        changes: Vec<String>,
    },
    /// Why the request could not be answered.
    Failed(String),
}

const FILES: &str = "files";
const TEXT: &str = "text";
const AGAIN: &str = "again";
const VALUES: &str = "values";
const SVG: &str = "svg";
const UPGRADE: &str = "upgrade";
const READY: &str = "ready";
const READ: &str = "read";
const FAILED: &str = "failed";
const FIX: &str = "fix";

impl Request {
    pub fn to_js(&self) -> JsValue {
        let out = Array::new();
        match self {
            Request::Files(files) => {
                out.push(&FILES.into());
                files.iter().for_each(|f| {
                    out.push(f);
                });
            }
            Request::Text { name, text } => {
                for item in [TEXT, name, text] {
                    out.push(&item.into());
                }
            }
            Request::Again(release) => {
                for item in [AGAIN, release] {
                    out.push(&item.into());
                }
            }
            Request::Values(values) => {
                out.push(&VALUES.into());
                for (name, value) in values {
                    out.push(&name.into());
                    out.push(&value.into());
                }
            }
            Request::Picture { fragment, dark } => {
                for item in [SVG, fragment, if *dark { "dark" } else { "light" }] {
                    out.push(&item.into());
                }
            }
            Request::Upgrade { fragment, dark } => {
                for item in [UPGRADE, fragment, if *dark { "dark" } else { "light" }] {
                    out.push(&item.into());
                }
            }
            Request::Fix(fragment) => {
                for item in [FIX, fragment] {
                    out.push(&item.into());
                }
            }
        }
        out.into()
    }

    /// The request a message holds; `None` for anything else.
    pub fn from_js(value: &JsValue) -> Option<Request> {
        let items: Vec<JsValue> = Array::from(value).iter().collect();
        let (kind, rest) = items.split_first()?;
        let text = |i: usize| rest.get(i).and_then(JsValue::as_string);
        match kind.as_string()?.as_str() {
            FILES => Some(Request::Files(
                rest.iter()
                    .filter_map(|f| f.dyn_ref::<web_sys::File>().cloned())
                    .collect(),
            )),
            TEXT => Some(Request::Text {
                name: text(0)?,
                text: text(1)?,
            }),
            AGAIN => Some(Request::Again(text(0)?)),
            VALUES => Some(Request::Values(
                rest.chunks(2)
                    .filter_map(|pair| {
                        Some((pair.first()?.as_string()?, pair.get(1)?.as_string()?))
                    })
                    .collect(),
            )),
            FIX => Some(Request::Fix(text(0)?)),
            UPGRADE => Some(Request::Upgrade {
                fragment: text(0)?,
                dark: text(1).as_deref() == Some("dark"),
            }),
            SVG => Some(Request::Picture {
                fragment: text(0)?,
                dark: text(1).as_deref() == Some("dark"),
            }),
            _ => None,
        }
    }
}

impl Answer {
    /// The answer as its items: its name, then its texts.
    pub fn to_parts(&self) -> Vec<String> {
        match self {
            Answer::Ready => vec![READY.into()],
            Answer::Read {
                fragment,
                module,
                notes,
            } => [READ.into(), fragment.clone(), module.clone()]
                .into_iter()
                .chain(notes.iter().cloned())
                .collect(),
            Answer::Picture(svg) => vec![SVG.into(), svg.clone()],
            Answer::Upgrade(markup) => vec![UPGRADE.into(), markup.clone()],
            Answer::Fix { markup, changes } => [FIX.into(), markup.clone()]
                .into_iter()
                .chain(changes.iter().cloned())
                .collect(),
            Answer::Failed(why) => vec![FAILED.into(), why.clone()],
        }
    }

    /// The answer the items hold; anything else is a failure that says so.
    pub fn from_parts(parts: &[String]) -> Answer {
        match parts {
            [kind] if kind == READY => Answer::Ready,
            [kind, fragment, module, notes @ ..] if kind == READ => Answer::Read {
                fragment: fragment.clone(),
                module: module.clone(),
                notes: notes.to_vec(),
            },
            [kind, svg] if kind == SVG => Answer::Picture(svg.clone()),
            [kind, markup] if kind == UPGRADE => Answer::Upgrade(markup.clone()),
            [kind, markup, changes @ ..] if kind == FIX && changes.len() % 2 == 0 => Answer::Fix {
                markup: markup.clone(),
                changes: changes.to_vec(),
            },
            [kind, why] if kind == FAILED => Answer::Failed(why.clone()),
            _ => Answer::Failed("the page's helper answered something unexpected".into()),
        }
    }

    pub fn to_js(&self) -> JsValue {
        self.to_parts()
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect::<Array>()
            .into()
    }

    pub fn from_js(value: &JsValue) -> Answer {
        let parts: Vec<String> = Array::from(value)
            .iter()
            .map(|v| v.as_string().unwrap_or_default())
            .collect();
        Answer::from_parts(&parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_comes_back_as_it_went() {
        let answers = [
            Answer::Ready,
            Answer::Read {
                fragment: "network_ipv4_cidr=10.0.0.0/16".into(),
                module: "module \"kube-hetzner\" at kube.tf:3".into(),
                notes: vec!["a".into(), "b".into()],
            },
            Answer::Read {
                fragment: String::new(),
                module: "m".into(),
                notes: Vec::new(),
            },
            Answer::Picture("<svg/>".into()),
            Answer::Upgrade("<h2>Upgrade</h2>".into()),
            Answer::Fix {
                markup: "<p data-fix-none></p>".into(),
                changes: Vec::new(),
            },
            Answer::Fix {
                markup: "<table></table>".into(),
                changes: vec!["cluster_ipv4_cidr".into(), "10.20.160.0/19".into()],
            },
            Answer::Failed("no file was given".into()),
        ];
        for answer in answers {
            assert_eq!(Answer::from_parts(&answer.to_parts()), answer);
        }
    }

    #[test]
    fn what_is_not_an_answer_is_a_failure_that_says_so() {
        for parts in [
            vec![],
            vec!["ok".to_string(), "x".into(), "y".into()],
            vec![READY.to_string(), "extra".into()],
            vec![READ.to_string(), "only the fragment".into()],
            vec![FIX.to_string()],
            vec![
                FIX.to_string(),
                "<p></p>".into(),
                "a key without its value".into(),
            ],
        ] {
            assert!(
                matches!(Answer::from_parts(&parts), Answer::Failed(why) if why.contains("unexpected")),
                "{parts:?}"
            );
        }
    }
}
