//! The page's helper worker (`khcidr-import`): it reads `kube.tf` files and draws the SVG
//! picture, so that neither the HCL parser nor the SVG renderer weighs on the first load.
//! Started the first time it is needed; one request at a time, answered in order. The
//! messages are typed both ways ([`khcidr_messages`]).

use crate::i18n::t;

use std::cell::RefCell;

use khcidr_messages::{Answer, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::{AttrValue, Callback};

/// The worker's loader, beside the page.
const LOADER: &str = "./khcidr-import_loader.js";

struct Helper {
    worker: Worker,
    ready: bool,
    /// Requests sent before the worker listens.
    waiting: Vec<JsValue>,
    /// Who gets each answer, in order.
    replies: Vec<Callback<Answer>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static HELPER: RefCell<Option<Helper>> = const { RefCell::new(None) };
}

fn answered(answer: Answer) {
    let reply = HELPER.with(|h| {
        let mut h = h.borrow_mut();
        let helper = h.as_mut()?;
        if answer == Answer::Ready {
            helper.ready = true;
            for message in helper.waiting.drain(..) {
                let _ = helper.worker.post_message(&message);
            }
            return None;
        }
        (!helper.replies.is_empty()).then(|| helper.replies.remove(0))
    });
    if let Some(reply) = reply {
        reply.emit(answer);
    }
}

fn failed() {
    // Start afresh next time; everyone waiting hears why.
    let replies = HELPER.with(|h| {
        h.borrow_mut().take().map(|helper| {
            helper.worker.terminate();
            helper.replies
        })
    });
    for reply in replies.into_iter().flatten() {
        reply.emit(Answer::Failed(
            t("the page's helper failed to load; reload the page and try again").into(),
        ));
    }
}

fn start() -> Result<(), String> {
    if HELPER.with(|h| h.borrow().is_some()) {
        return Ok(());
    }
    // The worker answers in the page's language, given in its address.
    let address = match crate::i18n::LANG {
        khcidr_core::Lang::En => LOADER.to_string(),
        lang => format!("{LOADER}?{}={}", khcidr_core::share::LANG, lang.tag()),
    };
    let worker = Worker::new(&address)
        .map_err(|_| t("the page's helper could not be started").to_string())?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        answered(Answer::from_js(&event.data()));
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| failed());
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    HELPER.with(|h| {
        *h.borrow_mut() = Some(Helper {
            worker,
            ready: false,
            waiting: Vec::new(),
            replies: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    });
    Ok(())
}

/// Sends a request; `reply` gets the worker's answer ([`Answer::Failed`] if it cannot).
pub fn request(request: &Request, reply: Callback<Answer>) {
    if let Err(e) = start() {
        reply.emit(Answer::Failed(e));
        return;
    }
    let message = request.to_js();
    HELPER.with(|h| {
        if let Some(helper) = h.borrow_mut().as_mut() {
            helper.replies.push(reply);
            if helper.ready {
                let _ = helper.worker.post_message(&message);
            } else {
                helper.waiting.push(message);
            }
        }
    });
}

/// Asks for the fix of the plan in a link fragment ("Fix my plan"); `done` gets the diff's
/// markup and the changes, or why it could not be had.
pub fn fix(fragment: &str, done: Callback<Result<(AttrValue, Vec<khcidr_core::Change>), String>>) {
    request(
        &Request::Fix(fragment.to_string()),
        Callback::from(move |answer: Answer| match answer {
            Answer::Fix { markup, changes } => done.emit(Ok((
                AttrValue::from(markup),
                crate::components::fix::changes(&changes),
            ))),
            Answer::Failed(why) => done.emit(Err(why)),
            _ => done.emit(Err(
                t("the page's helper answered something unexpected").into()
            )),
        }),
    );
}

/// Asks for the SVG picture of the plan in a link fragment; `done` gets the SVG text.
pub fn picture(fragment: &str, dark: bool, done: Callback<String>) {
    let picture = Request::Picture {
        fragment: fragment.to_string(),
        dark,
    };
    request(
        &picture,
        Callback::from(move |answer: Answer| {
            if let Answer::Picture(svg) = answer {
                done.emit(svg);
            }
        }),
    );
}

/// Asks what upgrading the plan in a link fragment to the release it names moves; `done`
/// gets the markup, or why it could not be had.
pub fn upgrade(fragment: &str, done: Callback<Result<String, String>>) {
    request(
        &Request::Upgrade {
            fragment: fragment.to_string(),
            dark: crate::services::browser::dark(),
        },
        Callback::from(move |answer: Answer| match answer {
            Answer::Upgrade(markup) => done.emit(Ok(markup)),
            Answer::Failed(why) => done.emit(Err(why)),
            _ => done.emit(Err(
                t("the page's helper answered something unexpected").into()
            )),
        }),
    );
}
