//! Words as data: a sentence is its English template and its parameters, rendered in the
//! reader's language from one catalog per language.
//!
//! A template is the English sentence with its parameters as `{0}`, `{1}`, … (a `{` not
//! followed by digits and `}` is text). A catalog maps each English template to the same
//! sentence in another language with the same parameters, in any order. Parameters are
//! either verbatim (addresses, counts, variable names, the error text Terraform, Hetzner,
//! Kubernetes or k3s prints) or sentences of their own, rendered in the same language.
//! English needs no catalog: it is the templates themselves.

use std::collections::BTreeMap;
use std::fmt;

/// A language the words are rendered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the default: the templates themselves.
    #[default]
    En,
    /// Simplified Chinese (简体中文).
    ZhCn,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The language tag, as in a link's `lang=`, `<html lang>` and `--lang`: `en`, `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, for a language switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// The language of exactly one of the tags, in any case (`zh-CN`, `zh-cn`, `en`), as a
    /// link's `lang=` gives it; `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The language a tag or a locale asks for: `zh-CN`, `zh`, `zh-Hans`, `zh_CN.UTF-8` are
    /// Chinese; `en`, `en-US`, `C`, `POSIX` English; anything else `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the environment as POSIX programs choose their messages' language:
    /// the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty; English
    /// where it names a language without a catalog.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|name| get(name).filter(|v| !v.trim().is_empty()))
            .map(|v| Lang::parse(&v).unwrap_or_default())
            .next()
            .unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// The catalog of Simplified Chinese: pairs of lines, `en: <template>` then
/// `zh: <translation>`.
pub const ZH_CN: &str = include_str!("../i18n/zh-CN.txt");

/// One parameter of a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Arg {
    /// Shown as it is in every language: an address, a count, a name, a quoted error.
    Raw(String),
    /// A sentence of its own, rendered in the same language (boxed: a parameter is as
    /// small as a string).
    Text(Box<Text>),
}

/// A sentence: its English template and its parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text {
    /// The English template, `{n}` for the n-th parameter.
    pub en: &'static str,
    /// The parameters.
    pub args: Vec<Arg>,
}

/// Turns a sentence's parameter into an [`Arg`]: a [`Text`] stays a sentence, anything
/// else is shown as it displays. [`t!`] borrows its parameters, as `format!` does.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for &Text {
    #[inline(never)]
    fn into_arg(self) -> Arg {
        Arg::Text(Box::new(self.clone()))
    }
}

impl IntoArg for &&Text {
    #[inline(never)]
    fn into_arg(self) -> Arg {
        Arg::Text(Box::new((*self).clone()))
    }
}

impl<T: fmt::Display> IntoArg for T {
    #[inline(never)]
    fn into_arg(self) -> Arg {
        Arg::Raw(self.to_string())
    }
}

/// A sentence from its English template and parameters, as `format!` takes them.
#[macro_export]
macro_rules! t {
    ($en:literal $(,)?) => {
        $crate::text::Text::fixed($en)
    };
    ($en:literal $(, $arg:expr)+ $(,)?) => {
        $crate::text::Text::with($en, [$($crate::text::IntoArg::into_arg(&$arg)),+])
    };
}

impl Text {
    #[inline(never)]
    pub fn new(en: &'static str, args: Vec<Arg>) -> Text {
        Text { en, args }
    }

    /// A sentence and its parameters (what [`t!`] makes: one copy of the code for each
    /// count of parameters, not for each sentence).
    #[inline(never)]
    pub fn with<const N: usize>(en: &'static str, args: [Arg; N]) -> Text {
        Text {
            en,
            args: Vec::from(args),
        }
    }

    /// A sentence of fixed words, as [`t!`] makes it (one call, not a struct built at each
    /// sentence).
    #[inline(never)]
    pub fn fixed(en: &'static str) -> Text {
        Text::plain(en)
    }

    /// A sentence of fixed words.
    pub const fn plain(en: &'static str) -> Text {
        Text {
            en,
            args: Vec::new(),
        }
    }

    /// The items one after another, each after the first behind `sep` (a template of two
    /// parameters, `"{0}; {1}"`).
    #[inline(never)]
    pub fn join(items: Vec<Text>, sep: &'static str) -> Text {
        items
            .into_iter()
            .reduce(|all, next| {
                Text::with(sep, [Arg::Text(Box::new(all)), Arg::Text(Box::new(next))])
            })
            .unwrap_or_default()
    }

    /// The sentence in English.
    pub fn en(&self) -> String {
        self.render(None)
    }

    /// The sentence in the catalog's language (English without one, and for a template the
    /// catalog lacks).
    pub fn render(&self, catalog: Option<&Catalog>) -> String {
        // Room for the template and a few parameters: one allocation for most sentences.
        let mut out = String::with_capacity(self.en.len() + 64);
        self.write(catalog, &mut out);
        out
    }

    fn write(&self, catalog: Option<&Catalog>, out: &mut String) {
        let template = catalog.and_then(|c| c.get(self.en)).unwrap_or(self.en);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let (before, from) = rest.split_at(open);
            out.push_str(before);
            match placeholder(from) {
                Some((n, len)) => {
                    match self.args.get(n) {
                        Some(Arg::Raw(s)) => out.push_str(s),
                        Some(Arg::Text(t)) => t.write(catalog, out),
                        None => {}
                    }
                    rest = from.get(len..).unwrap_or_default();
                }
                None => {
                    out.push('{');
                    rest = from.get(1..).unwrap_or_default();
                }
            }
        }
        out.push_str(rest);
    }

    /// Every template in it (itself and its sentence parameters) that has words and that
    /// the catalog lacks (a template of parameters and punctuation only, `"{0}, {1}"`, may
    /// be left as it is).
    pub fn missing(&self, catalog: &Catalog) -> Vec<&'static str> {
        let mut out = Vec::new();
        if has_words(self.en) && catalog.get(self.en).is_none() {
            out.push(self.en);
        }
        for arg in &self.args {
            if let Arg::Text(t) = arg {
                out.extend(t.missing(catalog));
            }
        }
        out
    }
}

impl From<&'static str> for Text {
    fn from(en: &'static str) -> Text {
        Text::plain(en)
    }
}

/// Whether a template has words to translate, not only parameters and punctuation.
pub fn has_words(template: &str) -> bool {
    let mut rest = template;
    let mut words = false;
    while let Some(open) = rest.find('{') {
        let (before, from) = rest.split_at(open);
        words |= before.bytes().any(|b| b.is_ascii_alphabetic());
        let len = placeholder(from).map_or(1, |(_, len)| len);
        rest = from.get(len..).unwrap_or_default();
    }
    words || rest.bytes().any(|b| b.is_ascii_alphabetic())
}

/// `{n}` at the start of `s`: the parameter's number and the placeholder's length.
fn placeholder(s: &str) -> Option<(usize, usize)> {
    let digits = s.get(1..)?;
    let end = digits.find('}')?;
    let n = digits.get(..end)?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((n.parse().ok()?, end + 2))
}

/// The parameters a template names, sorted: `[0, 1]` for `"{1} in {0}"`.
pub fn placeholders(template: &str) -> Vec<usize> {
    let mut out: Vec<usize> = template
        .match_indices('{')
        .filter_map(|(at, _)| placeholder(template.get(at..)?))
        .map(|(n, _)| n)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// One language's words for the English templates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The language.
    pub lang: Lang,
    /// Sorted by the English template.
    words: Vec<(String, String)>,
}

impl Catalog {
    /// Reads a catalog: `en: ` lines each followed by its translation, `zh: ` for
    /// Chinese; blank lines and `#` comments between pairs. A line that is not part of a
    /// pair is skipped, and an `en: ` line not followed by its translation is no pair.
    pub fn parse(lang: Lang, text: &str) -> Catalog {
        let prefix = match lang {
            Lang::En => "en: ",
            Lang::ZhCn => "zh: ",
        };
        let mut words: BTreeMap<String, String> = BTreeMap::new();
        let mut english: Option<&str> = None;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            if let Some(en) = line.strip_prefix("en: ") {
                english = Some(en);
            } else if let (Some(en), Some(translated)) = (english.take(), line.strip_prefix(prefix))
            {
                words.insert(en.to_string(), translated.to_string());
            }
        }
        Catalog {
            lang,
            words: words.into_iter().collect(),
        }
    }

    /// The catalog of a language built into this crate (`None` for English).
    pub fn builtin(lang: Lang) -> Option<Catalog> {
        match lang {
            Lang::En => None,
            Lang::ZhCn => Some(Catalog::parse(lang, ZH_CN)),
        }
    }

    /// The words for an English template.
    pub fn get(&self, en: &str) -> Option<&str> {
        let at = self
            .words
            .binary_search_by(|(k, _)| k.as_str().cmp(en))
            .ok()?;
        self.words.get(at).map(|(_, t)| t.as_str())
    }

    /// Every pair, English first.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.words.iter().map(|(en, t)| (en.as_str(), t.as_str()))
    }
}

/// How many columns a text takes in a monospaced font: two for each character of the CJK
/// blocks and the full-width forms, one for any other.
///
/// ```
/// assert_eq!(khcidr_core::text::columns("cp 0"), 4);
/// assert_eq!(khcidr_core::text::columns("节点池 0"), 8);
/// ```
pub fn columns(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Marks fixed words for translation where they are picked before they are made a
/// sentence (`Text::plain(w("..."))`): the catalog test finds them.
pub const fn w(en: &'static str) -> &'static str {
    en
}

/// A page's or a program's fixed words in the catalog's language: the English itself
/// without one.
pub fn tr<'a>(catalog: Option<&'a Catalog>, en: &'a str) -> &'a str {
    catalog.and_then(|c| c.get(en)).unwrap_or(en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_placed_where_each_language_puts_them() {
        let cat = Catalog::parse(
            Lang::ZhCn,
            "en: {0} is not inside {1}\nzh: {1} 不包含 {0}\n",
        );
        let text = t!("{0} is not inside {1}", "10.0.0.1", "10.1.0.0/16");
        assert_eq!(text.en(), "10.0.0.1 is not inside 10.1.0.0/16");
        assert_eq!(text.render(Some(&cat)), "10.1.0.0/16 不包含 10.0.0.1");
        assert!(text.missing(&cat).is_empty());
        let other = t!("{0} and {1}", text.clone(), 3);
        assert_eq!(other.missing(&cat), vec!["{0} and {1}"]);
        assert_eq!(
            other.render(Some(&cat)),
            "10.1.0.0/16 不包含 10.0.0.1 and 3"
        );
    }

    #[test]
    fn braces_that_are_not_placeholders_are_text() {
        let text = t!("agent_nodepools = [{ name = {0} }] {x} {} {+0}", "\"a\"");
        assert_eq!(
            text.en(),
            "agent_nodepools = [{ name = \"a\" }] {x} {} {+0}"
        );
        assert_eq!(placeholders("{1} {0} {1} {x} {+2}"), vec![0, 1]);
    }

    #[test]
    fn each_language_has_its_tag_and_its_own_name() {
        assert_eq!(Lang::ALL.map(Lang::tag), ["en", "zh-CN"]);
        assert_eq!(Lang::ALL.map(Lang::name), ["English", "简体中文"]);
        assert_eq!(Lang::ZhCn.to_string(), "zh-CN");
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn locales_choose_the_language() {
        for (tag, lang) in [
            ("zh-CN", Some(Lang::ZhCn)),
            ("zh_CN.UTF-8", Some(Lang::ZhCn)),
            ("zh-Hans", Some(Lang::ZhCn)),
            ("ZH", Some(Lang::ZhCn)),
            ("en_US.UTF-8", Some(Lang::En)),
            ("C.UTF-8", Some(Lang::En)),
            ("POSIX", Some(Lang::En)),
            ("de_DE", None),
            ("", None),
        ] {
            assert_eq!(Lang::parse(tag), lang, "{tag}");
        }
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_env(env(&[("LANG", "zh_CN.UTF-8")])), Lang::ZhCn);
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_CN")])),
            Lang::ZhCn
        );
        assert_eq!(Lang::from_env(env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
    }

    #[test]
    fn a_catalog_reads_pairs_and_skips_the_rest() {
        let cat = Catalog::parse(
            Lang::ZhCn,
            "# terms\nzh: orphan\n\nen: a\nzh: 甲\nen: b\nen: c\nzh: 丙\nen: d\nnote: 丁\nzh: 戊\n",
        );
        let pairs: Vec<_> = cat.pairs().collect();
        assert_eq!(pairs, vec![("a", "甲"), ("c", "丙")]);
        assert_eq!(tr(Some(&cat), "b"), "b");
        assert_eq!(tr(None, "a"), "a");
    }
}
