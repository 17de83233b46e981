//! The page's `kube.tf` reader, run as a web worker so that the HCL parser never weighs on
//! the page's first load: the page starts it only when an import is opened.
//!
//! It also draws the plan's SVG picture. The messages both ways are typed in
//! `khcidr-messages`; the worker says [`Answer::Ready`] once it listens, reads `.tfvars`
//! files after the `.tf` files, as Terraform does, and keeps only the last files read, in
//! its memory, to read them again under another release.

mod fix;
mod upgrade;

use khcidr_core::{t, Lang, Text};
use khcidr_kubetf::{automatic_rank, read_as, tfvars, Chose, File, Values, MAX_FILE_BYTES};
use khcidr_messages::{Answer, Request};
use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

fn too_large(name: &str) -> Text {
    t!(
        "{0} is larger than {1} MB: not read",
        name,
        MAX_FILE_BYTES / 1024 / 1024
    )
}

/// Why nothing was read, in the page's language.
fn failed(why: Text) -> Answer {
    with_catalog(|cat| Answer::Failed(why.render(cat)))
}

/// The picked or dropped files, read here.
fn files(given: &[web_sys::File]) -> Result<Vec<File>, Text> {
    let reader = FileReaderSync::new().map_err(|_| t!("this browser cannot read files here"))?;
    given
        .iter()
        .map(|file| {
            if file.size() > MAX_FILE_BYTES as f64 {
                return Err(too_large(&file.name()));
            }
            let text = reader
                .read_as_text(file)
                .ok()
                .ok_or_else(|| t!("{0} could not be read as text", file.name()))?;
            Ok(File {
                name: file.name(),
                text,
            })
        })
        .collect()
}

/// Values given on the page for variables the files leave without one, as one `.tfvars`
/// file read after every other; `None` when none were given.
fn page_values(values: &[(String, String)]) -> Option<Values> {
    let text: String = values
        .iter()
        .filter(|(name, value)| !name.is_empty() && !value.trim().is_empty())
        .map(|(name, value)| format!("{name} = {}\n", value.trim()))
        .collect();
    (!text.is_empty()).then(|| {
        Values::File(File {
            name: "the values given on the page".into(),
            text,
        })
    })
}

/// Reads the files: `.tf` files, then `.tfvars` and `.tfvars.json` files as variable
/// values, those Terraform reads by itself in its order, the others after them, then the
/// values given on the page; under the release picked on the page, where one was.
fn answer(given: Vec<File>, release: Option<String>) -> Answer {
    if given.is_empty() {
        return failed(t!("no file was given"));
    }
    let (mut vars, tf): (Vec<File>, Vec<File>) = given
        .into_iter()
        .partition(|f| f.name.ends_with(".tfvars") || f.name.ends_with(".tfvars.json"));
    vars.sort_by_key(|f| automatic_rank(&f.name).unwrap_or((3, f.name.clone())));
    let mut values: Vec<Values> = Vec::new();
    for file in vars {
        match tfvars(file) {
            Ok(v) => values.extend(v),
            Err(e) => return with_catalog(|cat| Answer::Failed(e.explain(&[], cat))),
        }
    }
    values.extend(LAST_VALUES.with(|v| page_values(&v.borrow())));
    let place = tf
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let chose = release.and_then(|r| r.parse().ok()).map(|release| Chose {
        release,
        by: t!("picked on the page"),
    });
    with_catalog(
        |cat| match read_as(&place, &tf, &values, &[], chose.as_ref()) {
            Ok(reading) => {
                // What derives from a sensitive variable never reaches the page's link or storage.
                let (plan, kept_out) = reading.shareable();
                Answer::Read {
                    fragment: khcidr_core::share::encode(&plan),
                    module: reading.module.render(cat),
                    notes: reading
                        .all_notes(cat)
                        .into_iter()
                        .chain(kept_out.iter().map(|n| n.render(cat)))
                        .collect(),
                }
            }
            // Where, in words, with the line it means (strings that could be secrets hidden).
            Err(e) => Answer::Failed(e.explain(&tf, cat)),
        },
    )
}

fn theme(dark: bool) -> khcidr_core::svg::Theme {
    if dark {
        khcidr_core::svg::Theme::Dark
    } else {
        khcidr_core::svg::Theme::Light
    }
}

/// The plan's picture, in the page's language.
fn picture(fragment: &str, dark: bool) -> Answer {
    let decoded = khcidr_core::share::decode_own(fragment);
    let report = khcidr_core::check(&decoded.plan);
    with_catalog(|cat| {
        Answer::Picture(khcidr_core::svg::svg(
            &decoded.plan,
            &report,
            theme(dark),
            cat,
        ))
    })
}

/// The page's language, as the page started this worker: `?lang=zh-CN` in its address;
/// English without.
fn page_language() -> Lang {
    let get = |from: &JsValue, key: &str| js_sys::Reflect::get(from, &JsValue::from_str(key));
    get(&js_sys::global(), "location")
        .and_then(|location| get(&location, "search"))
        .ok()
        .and_then(|search| search.as_string())
        .and_then(|search| {
            search
                .trim_start_matches('?')
                .split('&')
                .find_map(|pair| {
                    pair.strip_prefix(khcidr_core::share::LANG)?
                        .strip_prefix('=')
                })
                .and_then(Lang::from_tag)
        })
        .unwrap_or_default()
}

/// Runs `f` with the catalog of the page's language (none for English), read once.
pub(crate) fn with_catalog<T>(f: impl FnOnce(Option<&khcidr_core::Catalog>) -> T) -> T {
    CATALOG.with(|c| {
        let cat = c.get_or_init(|| khcidr_core::Catalog::builtin(page_language()));
        f(cat.as_ref())
    })
}

thread_local! {
    /// The page's language's catalog, read the first time it is asked for.
    static CATALOG: std::cell::OnceCell<Option<khcidr_core::Catalog>> = const { std::cell::OnceCell::new() };
    /// The last files read, kept in this worker's memory only so that they can be read
    /// again under another release; each new reading replaces them.
    static LAST: RefCell<Option<Vec<File>>> = const { RefCell::new(None) };
    /// The release picked on the page for them, and the values given there.
    static LAST_RELEASE: RefCell<Option<String>> = const { RefCell::new(None) };
    static LAST_VALUES: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// Reads the files under their own release, and keeps them to read again.
fn kept(given: Vec<File>) -> Answer {
    LAST.with(|last| *last.borrow_mut() = Some(given.clone()));
    LAST_RELEASE.with(|r| *r.borrow_mut() = None);
    LAST_VALUES.with(|v| v.borrow_mut().clear());
    answer(given, None)
}

fn reply(request: Option<Request>) -> Answer {
    match request {
        Some(Request::Files(given)) => files(&given).map_or_else(failed, kept),
        Some(Request::Text { name, text }) if text.len() as u64 > MAX_FILE_BYTES => {
            failed(too_large(&name))
        }
        Some(Request::Text { name, text }) => kept(vec![File { name, text }]),
        Some(Request::Again(release)) => match LAST.with(|last| last.borrow().clone()) {
            Some(given) => {
                LAST_RELEASE.with(|r| *r.borrow_mut() = Some(release.clone()));
                answer(given, Some(release))
            }
            None => failed(t!("nothing was read yet; import the file again")),
        },
        Some(Request::Values(values)) => match LAST.with(|last| last.borrow().clone()) {
            Some(given) => {
                LAST_VALUES.with(|v| *v.borrow_mut() = values);
                answer(given, LAST_RELEASE.with(|r| r.borrow().clone()))
            }
            None => failed(t!(
                "the file is no longer in this page's memory; import it again"
            )),
        },
        Some(Request::Picture { fragment, dark }) => picture(&fragment, dark),
        Some(Request::Upgrade { fragment, dark }) => {
            Answer::Upgrade(upgrade::markup(&fragment, theme(dark)))
        }
        Some(Request::Fix(fragment)) => fix::answer(&fragment),
        None => failed(t!("the page's helper was asked something it does not know")),
    }
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // Nothing to do if the page has gone.
        let _ = replies.post_message(&reply(Request::from_js(&event.data())).to_js());
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    onmessage.forget();
    let _ = scope.post_message(&Answer::Ready.to_js());
}
