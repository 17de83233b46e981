//! The plan as a URL fragment: readable, hand-editable, and safe to decode from anyone.
//!
//! `network_ipv4_cidr=10.20.0.0/16&cluster_ipv4_cidr=…&control_planes=1,1,1&agents=2,1`,
//! with kube-hetzner's names for the four main values and the CLI's for the rest.

use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use crate::model::Plan;
use crate::settings::{Always, Setting, SETTINGS};
use crate::text::{Lang, Text};

/// Fragments longer than this are cut before decoding.
pub const MAX_FRAGMENT: usize = 4096;
pub use crate::settings::{MAX_NODES, MAX_POOLS};

/// What a fragment value may hold unescaped: everything but separators and blanks.
const ESCAPE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'=')
    .add(b'<')
    .add(b'>')
    .add(b'`');

/// Something in a fragment that was not used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    /// The key as written (shortened).
    pub key: String,
    /// Why it was not used.
    pub reason: Text,
}

impl Ignored {
    /// The key and why, in words.
    pub fn text(&self) -> Text {
        t!("{0}: {1}", self.key, &self.reason)
    }
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en())
    }
}

/// How the page is shown, from the fragment's `embed`, `readonly`, `transparent`,
/// `inputs`, `details`, `theme`, `focus` and `lang` keys; not part of the plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// The compact layout for an iframe in documentation.
    pub embed: bool,
    /// A fixed plan: nothing to edit.
    pub readonly: bool,
    /// No page background, for docs with their own.
    pub transparent: bool,
    /// In an embed, show the inputs too.
    pub inputs: bool,
    /// In an embed, every finding's card under the bars, not only the verdict's lines.
    pub details: bool,
    /// Light, dark, or the reader's system (`theme=light|dark|auto`).
    pub theme: Theme,
    /// The finding to open on: the bars zoomed to it and it highlighted (`focus=<code>`).
    pub focus: Option<crate::model::Code>,
    /// The language of the words (`lang=en|zh-CN`); `None` follows the reader's browser.
    pub lang: Option<Lang>,
}

/// The colours an embed follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// The reader's system setting.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The fragment's value: `auto`, `light`, `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl std::str::FromStr for Theme {
    type Err = Text;
    fn from_str(s: &str) -> Result<Self, Text> {
        [Theme::Auto, Theme::Light, Theme::Dark]
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| t!("expected light, dark or auto"))
    }
}

impl View {
    /// The fragment keys for this view, `&`-prefixed, empty for the full page.
    pub fn suffix(self) -> String {
        [
            ("embed", self.embed),
            ("readonly", self.readonly),
            ("transparent", self.transparent),
            ("inputs", self.inputs),
            ("details", self.details),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(key, _)| format!("&{key}=1"))
        .chain((self.theme != Theme::Auto).then(|| format!("&theme={}", self.theme.as_str())))
        .chain(self.focus.map(|code| format!("&focus={code}")))
        .chain(self.lang.map(|lang| format!("&{LANG}={}", lang.tag())))
        .collect()
    }
}

/// A decoded fragment: the plan (defaults where the fragment says nothing usable), how to
/// show it, and what was ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The plan.
    pub plan: Plan,
    /// How to show it.
    pub view: View,
    /// Keys or values that were not used.
    pub ignored: Vec<Ignored>,
}

fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_string(),
    }
}

fn escape(value: &str) -> String {
    utf8_percent_encode(value, ESCAPE).to_string()
}

/// Encodes a plan: the settings links always carry, then the rest where not default, then
/// the values it leaves unknown (names and places, never values).
pub fn encode(plan: &Plan) -> String {
    SETTINGS
        .iter()
        .filter(|s| s.always != Always::No || s.is_set(plan))
        .map(|s| format!("{}={}", s.key, escape(&(s.get)(plan))))
        .chain(
            (!plan.unknown.is_empty())
                .then(|| format!("{UNKNOWN}={}", escape(&unknown_text(&plan.unknown)))),
        )
        .collect::<Vec<_>>()
        .join("&")
}

/// The link key of the language the words are in.
pub const LANG: &str = "lang";

/// The link key of the values a plan leaves unknown.
pub const UNKNOWN: &str = "unknown";

/// At most this many unknown values are kept from a link.
const MAX_UNKNOWN: usize = 64;

/// `var.location@kube.tf:12@agents,...`: each part with `%`, `@` and `,` escaped.
fn unknown_text(unknown: &[crate::model::Unknown]) -> String {
    let part = |s: &str| {
        s.replace('%', "%25")
            .replace('@', "%40")
            .replace(',', "%2C")
    };
    unknown
        .iter()
        .map(|u| format!("{}@{}@{}", part(&u.name), part(&u.at), u.setting))
        .collect::<Vec<_>>()
        .join(",")
}

/// The unknown values a link lists; an item that does not read is a reason.
fn unknown_from(text: &str, plan: &mut Plan) -> Result<Option<Text>, Text> {
    let part = |s: &str| {
        s.replace("%2C", ",")
            .replace("%40", "@")
            .replace("%25", "%")
    };
    let mut skipped = 0;
    for item in text.split(',').filter(|i| !i.is_empty()) {
        let mut parts = item.split('@');
        let (Some(name), Some(at), Some(setting), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            skipped += 1;
            continue;
        };
        match crate::model::Key::parse(setting) {
            Some(setting) if plan.unknown.len() < MAX_UNKNOWN => {
                plan.unknown.push(crate::model::Unknown {
                    name: shorten(&part(name), 64),
                    at: shorten(&part(at), 128),
                    setting,
                })
            }
            _ => skipped += 1,
        }
    }
    Ok((skipped > 0).then(|| t!("{0} unknown value(s) not read", skipped)))
}

/// Decodes a fragment (with or without its `#`). Never fails: what it cannot use it
/// lists in [`Decoded::ignored`] and leaves at the default.
pub fn decode(fragment: &str) -> Decoded {
    decode_within(fragment, MAX_FRAGMENT)
}

/// [`decode`] for a plan the page encoded itself (handed to and from its worker), which
/// may be longer than a link: 50 pools defined by `nodes` maps.
pub fn decode_own(fragment: &str) -> Decoded {
    decode_within(fragment, usize::MAX)
}

/// The fragment, cut to `max` bytes (on a character boundary) with a note where longer.
fn within<'f>(fragment: &'f str, max: usize, ignored: &mut Vec<Ignored>) -> &'f str {
    if fragment.len() <= max {
        return fragment;
    }
    ignored.push(Ignored {
        key: "(link)".into(),
        reason: t!("longer than {0} characters; the rest was cut", MAX_FRAGMENT),
    });
    let mut cut = max;
    while !fragment.is_char_boundary(cut) {
        cut -= 1;
    }
    fragment.get(..cut).unwrap_or_default()
}

/// A key of the view rather than the plan (`embed`, `theme`, `focus`, ...): its result,
/// or `None` for a plan's key.
fn view_key(view: &mut View, key: &str, value: &str) -> Option<Result<Option<Text>, Text>> {
    let view_flag = |on: &mut bool| {
        crate::settings::boolean(value).map(|v| {
            *on = v;
            None
        })
    };
    Some(match key {
        "embed" => view_flag(&mut view.embed),
        "readonly" => view_flag(&mut view.readonly),
        "transparent" => view_flag(&mut view.transparent),
        "inputs" => view_flag(&mut view.inputs),
        "details" => view_flag(&mut view.details),
        "theme" => value.parse().map(|theme| {
            view.theme = theme;
            None
        }),
        LANG => Lang::from_tag(value)
            .map(|lang| {
                view.lang = Some(lang);
                None
            })
            .ok_or_else(|| t!("expected en or zh-CN")),
        "focus" => crate::model::Code::ALL
            .iter()
            .find(|c| c.as_str() == value)
            .map(|&code| {
                view.focus = Some(code);
                None
            })
            .ok_or_else(|| t!("not a finding code")),
        _ => return None,
    })
}

fn decode_within(fragment: &str, max: usize) -> Decoded {
    let mut plan = Plan::default();
    let mut view = View::default();
    let mut ignored = Vec::new();
    let fragment = within(
        fragment.strip_prefix('#').unwrap_or(fragment),
        max,
        &mut ignored,
    );
    let mut late = Vec::new();
    let mut notes: Vec<(String, Result<Option<Text>, Text>)> = Vec::new();
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode_str(raw_key).decode_utf8_lossy();
        let value = percent_decode_str(raw_value).decode_utf8_lossy();
        let value = value.as_ref();
        let result = match view_key(&mut view, &key, value) {
            Some(result) => result,
            None if key == UNKNOWN => unknown_from(value, &mut plan),
            None => match Setting::by_key(&key) {
                Some(setting) if setting.late => {
                    late.push((setting, key.to_string(), value.to_string()));
                    continue;
                }
                Some(setting) => (setting.set)(&mut plan, value),
                None => Err(t!("unknown key")),
            },
        };
        notes.push((key.to_string(), result));
    }
    // Settings that refer to others (an agent pool's own subnet) come last.
    for (setting, key, value) in late {
        let result = (setting.set)(&mut plan, &value);
        notes.push((key, result));
    }
    for (key, result) in notes {
        let note = match result {
            Ok(None) => continue,
            Ok(Some(note)) => note,
            Err(reason) if key.is_empty() => t!("{0}; skipped", &reason),
            Err(reason) => t!("{0}; default kept", &reason),
        };
        ignored.push(Ignored {
            key: shorten(&key, 32),
            reason: note,
        });
    }
    Decoded {
        plan,
        view,
        ignored,
    }
}
