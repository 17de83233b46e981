//! The page's language, fixed for its build: the English page's fixed texts are the
//! templates themselves (no lookup, no catalog); the Chinese build (feature `zh`) carries
//! the catalog of Simplified Chinese and looks every text up in it.

use khcidr_core::{Catalog, Lang, Text};

/// The language of this build's words.
#[cfg(not(feature = "zh"))]
pub const LANG: Lang = Lang::En;
/// The language of this build's words.
#[cfg(feature = "zh")]
pub const LANG: Lang = Lang::ZhCn;

/// The catalog in force (`None`: English).
#[cfg(not(feature = "zh"))]
#[inline(always)]
pub fn cat() -> Option<&'static Catalog> {
    None
}

/// The catalog in force, read once from the words compiled in.
#[cfg(feature = "zh")]
pub fn cat() -> Option<&'static Catalog> {
    thread_local! {
        static CATALOG: &'static Catalog = Box::leak(Box::new(
            Catalog::builtin(LANG).unwrap_or_default(),
        ));
    }
    Some(CATALOG.with(|c| *c))
}

/// A fixed text of the page in the language of this build.
#[cfg(not(feature = "zh"))]
#[inline(always)]
pub fn t(en: &'static str) -> &'static str {
    en
}

/// A fixed text of the page in the language of this build.
#[cfg(feature = "zh")]
pub fn t(en: &'static str) -> &'static str {
    khcidr_core::tr(cat(), en)
}

/// Marks a fixed text of the page for translation where it is defined in a constant; it
/// is shown through [`t`].
pub const fn w(en: &'static str) -> &'static str {
    en
}

/// A sentence of the page in the language of this build.
pub fn say(text: Text) -> String {
    text.render(cat())
}
