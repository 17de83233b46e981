//! "Import kube.tf": paste the file, pick it, or drop it anywhere on the page. The HCL
//! reader is the page's helper worker ([`crate::services::worker`]), started the first
//! time it is needed, so the page's first load never carries it. What is pasted stays in
//! this component until it is read, and then in the worker's memory only, to be read
//! again under another release: never stored, never put in the link.

use gloo_events::{EventListener, EventListenerOptions};
use khcidr_messages::{Answer, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{say, t};
use khcidr_core::t;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// A file read: the worker's answer.
    pub on_import: Callback<Answer>,
    /// A new read starts: what the last one said goes.
    pub on_start: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Reading,
    Failed(String),
}

impl Status {
    /// What the status line says.
    fn said(&self) -> String {
        match self {
            Status::Idle => String::new(),
            Status::Reading => t("Reading…").to_string(),
            Status::Failed(e) => say(t!("Could not read it: {0}", e)),
        }
    }
}

/// The status line: reading, or why the file was not read, in the error's colour, with
/// the line it means quoted under it.
fn status_view(status: &Status) -> Html {
    let said = status.said();
    let failed = matches!(status, Status::Failed(_));
    let (first, quoted) = said.split_once('\n').unwrap_or((&said, ""));
    html! {
        <div class={if failed {"import-status error"} else {"import-status"}} role="status" data-import-status="">
            if !first.is_empty() {
                <p>{ first.to_string() }</p>
            }
            if !quoted.is_empty() {
                <pre class="quoted" data-import-quote="">{ quoted.to_string() }</pre>
            }
        </div>
    }
}

/// Files picked: read, and the picker emptied so the same files can be picked again.
fn on_files(submit: Callback<Request>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        if let Some(files) = input.files() {
            submit.emit(files_request(&files));
        }
        input.set_value("");
    })
}

/// The files as a request: the worker reads them itself.
fn files_request(files: &FileList) -> Request {
    Request::Files((0..files.length()).filter_map(|i| files.get(i)).collect())
}

/// A pasted text as a request.
fn text_request(text: &str) -> Request {
    Request::Text {
        name: "kube.tf".into(),
        text: text.to_string(),
    }
}

/// A file dropped anywhere on the page is read: `submit` gets it, and the panel opens.
/// While files are dragged over the page, `dragging` is set (the page shows where to drop).
#[hook]
fn use_file_drop(
    submit: Callback<Request>,
    open: UseStateHandle<bool>,
    dragging: UseStateHandle<bool>,
) {
    use_effect_with((), move |_| {
        let listeners = web_sys::window().map(|window| {
            let options = EventListenerOptions::enable_prevent_default();
            let over = {
                let dragging = dragging.clone();
                EventListener::new_with_options(&window, "dragover", options, move |event| {
                    let has_files = event
                        .dyn_ref::<DragEvent>()
                        .and_then(DragEvent::data_transfer)
                        .is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0));
                    if has_files {
                        event.prevent_default();
                        if !*dragging {
                            dragging.set(true);
                        }
                    }
                })
            };
            // Leaving the window (no element it goes to) ends the drag over the page.
            let leave = {
                let dragging = dragging.clone();
                EventListener::new(&window, "dragleave", move |event| {
                    let to = event
                        .dyn_ref::<DragEvent>()
                        .and_then(|e| e.related_target());
                    if to.is_none() {
                        dragging.set(false);
                    }
                })
            };
            let drop = EventListener::new_with_options(&window, "drop", options, move |event| {
                dragging.set(false);
                let files = event
                    .dyn_ref::<DragEvent>()
                    .and_then(DragEvent::data_transfer)
                    .and_then(|d| d.files())
                    .filter(|f| f.length() > 0);
                if let Some(files) = files {
                    event.prevent_default();
                    open.set(true);
                    submit.emit(files_request(&files));
                }
            });
            (over, leave, drop)
        });
        move || drop(listeners)
    });
}

/// What the worker's answer to `request` does: a plan read is imported and the panel
/// closes (the text area is emptied); anything else says why it was not read.
fn on_answer(
    on_import: Callback<Answer>,
    text: UseStateHandle<String>,
    status: UseStateHandle<Status>,
    open: UseStateHandle<bool>,
) -> Callback<Answer> {
    Callback::from(move |answer: Answer| match answer {
        Answer::Read { .. } => {
            on_import.emit(answer);
            text.set(String::new());
            status.set(Status::Idle);
            open.set(false);
        }
        Answer::Failed(why) => status.set(Status::Failed(why)),
        Answer::Ready | Answer::Picture(_) | Answer::Upgrade(_) | Answer::Fix { .. } => {
            status.set(Status::Failed(t("the file could not be read").into()))
        }
    })
}

/// A request to the worker; the status says it is being read until the answer comes, and
/// what the last read said (its banner, its error) goes.
fn submit(
    status: UseStateHandle<Status>,
    on_answer: Callback<Answer>,
    on_start: Callback<()>,
) -> Callback<Request> {
    Callback::from(move |request: Request| {
        if matches!(&request, Request::Files(files) if files.is_empty()) {
            return;
        }
        on_start.emit(());
        status.set(Status::Reading);
        crate::services::worker::request(&request, on_answer.clone());
    })
}

/// Text typed or pasted: kept while under the reader's limit, else refused unsent.
fn on_text(text: UseStateHandle<String>, status: UseStateHandle<Status>) -> Callback<InputEvent> {
    Callback::from(move |e: InputEvent| {
        let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
        let limit = khcidr_core::settings::MAX_FILE_BYTES;
        if value.len() as u64 > limit {
            // Not kept, not sent: the reader would refuse it, and it would weigh on the tab.
            status.set(Status::Failed(say(t!(
                "the pasted text is larger than {0} MB; a kube.tf is tens of kilobytes",
                limit / 1024 / 1024
            ))));
            text.set(String::new());
            return;
        }
        // New text: what was said of the old one no longer holds.
        if matches!(*status, Status::Failed(_)) {
            status.set(Status::Idle);
        }
        text.set(value)
    })
}

#[function_component(Import)]
pub fn import(props: &Props) -> Html {
    let open = use_state(|| false);
    let text = use_state(String::new);
    let status = use_state(|| Status::Idle);
    let area = use_node_ref();

    let on_answer = on_answer(
        props.on_import.clone(),
        text.clone(),
        status.clone(),
        open.clone(),
    );
    let submit = submit(status.clone(), on_answer, props.on_start.clone());
    let dragging = use_state(|| false);
    use_file_drop(submit.clone(), open.clone(), dragging.clone());
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // Opened, the text area takes the focus.
    {
        let area = area.clone();
        use_effect_with(*open, move |&open| {
            if let (true, Some(el)) = (open, area.cast::<HtmlTextAreaElement>()) {
                let _ = el.focus();
            }
        });
    }
    let on_text = on_text(text.clone(), status.clone());
    let on_read = {
        let (text, submit) = (text.clone(), submit.clone());
        Callback::from(move |_: MouseEvent| submit.emit(text_request(&text)))
    };
    let on_files = on_files(submit.clone());
    let on_key = crate::hooks::close_on_escape(&open);
    let opener = use_node_ref();
    crate::hooks::use_panel_focus(*open, &NodeRef::default(), &opener);
    html! {
        <>
            <div class="group">
                <button type="button" ref={opener} data-import-open="" aria-expanded={open.to_string()} aria-controls="import" onclick={toggle}>{t("Import")}<span class="long">{t(" kube.tf")}</span></button>
            </div>
            if *open {
                <section id="import" class="import" aria-label={t("Import kube.tf")} onkeydown={on_key}>
                    <label for="import-text">
                        {t("Paste your kube.tf, pick the files, or drop them anywhere on the page. ")}
                        <span class="hint">{t("It is read in this browser: only the values khcidr checks are taken, nothing is stored or sent. It stays in this tab's memory so that picking another release reads it again.")}</span>
                    </label>
                    <textarea id="import-text" ref={area} data-import-text="" rows="8" spellcheck="false" autocomplete="off"
                        placeholder={"module \"kube-hetzner\" {\n  source  = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = \"2.18.4\"\n  network_ipv4_cidr = \"10.0.0.0/8\"\n  ...\n}"}
                        value={(*text).clone()} oninput={on_text} />
                    <div class="import-actions">
                        <button type="button" data-import-read="" disabled={text.trim().is_empty()} onclick={on_read}>{t("Check this kube.tf")}</button>
                        <label class="file">
                            {t("or pick files: ")}
                            <input type="file" multiple=true accept=".tf,.tfvars" data-import-files="" onchange={on_files} />
                        </label>
                    </div>
                    { status_view(&status) }
                </section>
            }
            if *dragging {
                <div class="drop-target" data-drop-target="" aria-hidden="true"><p>{t("Drop your kube.tf (and .tfvars) to check it: it is read in this browser, nothing is sent.")}</p></div>
            }
        </>
    }
}
