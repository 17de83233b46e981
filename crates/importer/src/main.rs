//! The page's `kube.tf` reader, run as a web worker so that the HCL parser never weighs on
//! the page's first load: the page starts it only when an import is opened.
//!
//! It also draws the plan's SVG picture: `["svg", link fragment, theme]` → `["svg", text]`.
//!
//! Messages are arrays. The worker says `["ready"]` once it listens. It takes `File`s
//! (picked or dropped: it reads them) or `[name, text]` (pasted); `.tfvars` files are read
//! after the `.tf` files, as Terraform does. It answers `["ok", link fragment, module
//! block, note, ...]` or `["error", message]`, and keeps nothing.

use js_sys::Array;
use khcidr_kubetf::{automatic_rank, read, tfvars, File, Values, MAX_FILE_BYTES};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// The message's files: `File` objects read here, or a name and a text.
fn files(message: &Array) -> Result<Vec<File>, String> {
    let items: Vec<JsValue> = message.iter().collect();
    let too_large = |name: &str| {
        format!(
            "{name} is larger than {} MB: not read",
            MAX_FILE_BYTES / 1024 / 1024
        )
    };
    if let [name, text] = items.as_slice() {
        if let (Some(name), Some(text)) = (name.as_string(), text.as_string()) {
            if text.len() as u64 > MAX_FILE_BYTES {
                return Err(too_large(&name));
            }
            return Ok(vec![File { name, text }]);
        }
    }
    let reader =
        FileReaderSync::new().map_err(|_| "this browser cannot read files here".to_string())?;
    items
        .iter()
        .filter_map(|item| item.dyn_ref::<web_sys::File>())
        .map(|file| {
            if file.size() > MAX_FILE_BYTES as f64 {
                return Err(too_large(&file.name()));
            }
            let text = reader
                .read_as_text(file)
                .ok()
                .ok_or_else(|| format!("{} could not be read as text", file.name()))?;
            Ok(File {
                name: file.name(),
                text,
            })
        })
        .collect()
}

/// Reads the files: `.tf` files, then `.tfvars` and `.tfvars.json` files as variable
/// values, those Terraform reads by itself in its order, the others after them.
fn answer(given: Vec<File>) -> Vec<String> {
    let (mut vars, tf): (Vec<File>, Vec<File>) = given
        .into_iter()
        .partition(|f| f.name.ends_with(".tfvars") || f.name.ends_with(".tfvars.json"));
    vars.sort_by_key(|f| automatic_rank(&f.name).unwrap_or((3, f.name.clone())));
    let mut values: Vec<Values> = Vec::new();
    for file in vars {
        match tfvars(file) {
            Ok(v) => values.extend(v),
            Err(e) => return vec!["error".to_string(), e.to_string()],
        }
    }
    let place = tf
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match read(&place, &tf, &values, &[]) {
        Ok(reading) => {
            // What derives from a sensitive variable never reaches the page's link or storage.
            let (plan, kept_out) = reading.shareable();
            let mut out = vec![
                "ok".to_string(),
                khcidr_core::share::encode(&plan),
                reading.module.clone(),
            ];
            out.extend(reading.all_notes().cloned());
            out.extend(kept_out);
            out
        }
        Err(e) => vec!["error".to_string(), e.to_string()],
    }
}

/// `["svg", fragment, theme]`: the plan's picture, `["svg", text]`.
fn picture(message: &Array) -> Vec<String> {
    let fragment = message.get(1).as_string().unwrap_or_default();
    let theme = message
        .get(2)
        .as_string()
        .and_then(|t| t.parse().ok())
        .unwrap_or(khcidr_core::svg::Theme::Light);
    let plan = khcidr_core::share::decode_own(&fragment).plan;
    let report = khcidr_core::check(&plan);
    vec![
        "svg".to_string(),
        khcidr_core::svg::svg(&plan, &report, theme),
    ]
}

fn post(scope: &DedicatedWorkerGlobalScope, items: &[String]) {
    let out = Array::new();
    for item in items {
        out.push(&JsValue::from_str(item));
    }
    // Nothing to do if the page has gone.
    let _ = scope.post_message(&out);
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = Array::from(&event.data());
        let first = message.get(0).as_string();
        if first.as_deref() == Some("svg") {
            post(&replies, &picture(&message));
            return;
        }
        let reply = match files(&message) {
            Ok(given) if given.is_empty() => {
                vec!["error".to_string(), "no file was given".to_string()]
            }
            Ok(given) => answer(given),
            Err(e) => vec!["error".to_string(), e],
        };
        post(&replies, &reply);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    onmessage.forget();
    post(&scope, &["ready".to_string()]);
}
