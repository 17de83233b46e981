//! The plan in the URL fragment and in local storage, and copying text. Every call
//! tolerates a missing window, storage or clipboard: the page keeps working without them.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use khcidr_core::share::{decode, encode, Decoded, View};
use khcidr_core::Plan;

use crate::state::Burst;

const STORAGE_KEY: &str = "khcidr.plan";
/// Steps of one control written closer together than this replace the history entry
/// instead of adding one, so typing a CIDR does not fill the back button with every pause.
const BURST_MS: f64 = 1200.0;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// The page's root element, which carries `data-theme`.
fn root() -> Option<web_sys::Element> {
    document()?.document_element()
}

/// The current fragment without its `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The plan to start with: the link's, else the last one kept, else the defaults.
pub fn initial_plan() -> Decoded {
    let from_link = fragment();
    if !from_link.is_empty() {
        return decode(&from_link);
    }
    let kept = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    Decoded {
        plan: kept.map(|kept| decode(&kept).plan).unwrap_or_default(),
        ..Decoded::default()
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Keeps the plan in storage (not from an embed: it must not replace the reader's own
/// plan); the encoded fragment, or `None` for a read-only view, which writes nothing.
fn store(plan: &Plan, view: View) -> Option<String> {
    if view.readonly {
        return None;
    }
    let encoded = encode(plan) + &view.suffix();
    if !view.embed {
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, &encoded);
        }
    }
    Some(encoded)
}

/// Puts `encoded` in the link, as a new history entry (`push`) or in the current one;
/// whether it was written (not when the link already holds it).
fn set_link(encoded: &str, push: bool) -> bool {
    if encoded == fragment() {
        return false;
    }
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return false;
    };
    let url = format!("#{encoded}");
    let null = web_sys::wasm_bindgen::JsValue::NULL;
    let _ = if push {
        history.push_state_with_url(&null, "", Some(&url))
    } else {
        history.replace_state_with_url(&null, "", Some(&url))
    };
    true
}

/// Small steps (typing, dragging) are saved once they pause this long, so no keystroke
/// waits for the history and storage writes (about 1.5 ms together in Chromium); leaving
/// the page saves at once.
const TYPING_PAUSE_MS: u32 = 250;

/// Keeps the plan in the link and in storage: discrete edits (a preset, a pool, a
/// setting) at once, small steps once they pause, and whatever is pending when the page is
/// left.
#[derive(Default)]
pub struct Saver {
    /// When the link was last written (ms since the epoch; 0 before the first write).
    last_write: f64,
    /// The control whose steps that write saved, if any.
    last_burst: Option<Burst>,
    /// Whether the plan the page opened with has been scheduled.
    opened: bool,
    pending: Option<(Plan, View, Option<Burst>)>,
    timer: Option<Timeout>,
}

impl Saver {
    /// Saves `plan` now, or after the pause when it is a step of a `burst` or the plan the
    /// page opened with (writing it back only tidies the link, which can wait for the paint).
    pub fn schedule(saver: &Rc<RefCell<Saver>>, plan: Plan, view: View, burst: Option<Burst>) {
        let mut this = saver.borrow_mut();
        // Replacing the timer cancels the one still waiting; a fired one is inert.
        this.timer = None;
        let opening = !std::mem::replace(&mut this.opened, true);
        // An edit before the opening plan was written: write that first (it replaces the
        // entry the page opened with), so the edit is a step of its own and Back returns.
        if !opening && this.last_write == 0.0 {
            this.flush();
        }
        if burst.is_some() || opening {
            this.pending = Some((plan, view, burst));
            let weak = Rc::downgrade(saver);
            this.timer = Some(Timeout::new(TYPING_PAUSE_MS, move || {
                if let Some(saver) = weak.upgrade() {
                    saver.borrow_mut().flush();
                }
            }));
        } else {
            this.pending = None;
            this.write(&plan, view, burst);
        }
    }

    /// Keeps `plan` when the page is left: in storage, and in the link of the current
    /// history entry (no new entry: the page is going away).
    pub fn keep(&mut self, plan: &Plan, view: View) {
        if let Some(encoded) = store(plan, view) {
            set_link(&encoded, false);
        }
    }

    /// Writes the pending plan, if any.
    pub fn flush(&mut self) {
        if let Some((plan, view, burst)) = self.pending.take() {
            self.write(&plan, view, burst);
        }
    }

    /// Writes the plan to storage and to the fragment. The first write replaces the
    /// current history entry, and so do steps of the control last written within
    /// `BURST_MS`; every other edit adds an entry, so back and forward step through edits
    /// and a burst (typing a CIDR, dragging the slider) is one step.
    ///
    /// An embed keeps its view keys, never touches storage (it must not replace the
    /// reader's own plan) and never adds history entries (they would land in the host
    /// page's history); a read-only embed writes nothing.
    fn write(&mut self, plan: &Plan, view: View, burst: Option<Burst>) {
        let Some(encoded) = store(plan, view) else {
            return;
        };
        let now = web_sys::js_sys::Date::now();
        let first = self.last_write == 0.0;
        let continues =
            burst.is_some() && burst == self.last_burst && now - self.last_write < BURST_MS;
        if first {
            // Even when the link already holds this plan and nothing is written, the
            // opening is over: later edits add entries.
            self.last_write = now;
        }
        if !set_link(&encoded, !(first || view.embed || continues)) {
            return;
        }
        self.last_write = now;
        self.last_burst = burst;
    }
}

/// Forgets the plan kept in storage (the fragment follows the next save).
pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// Copies text to the clipboard where the browser allows it.
pub fn copy(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Saves `text` as a file named `name` (an SVG picture), by a download link.
pub fn download(name: &str, text: &str) {
    let Some(Ok(link)) = document().map(|d| d.create_element("a")) else {
        return;
    };
    let href = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(web_sys::js_sys::encode_uri_component(text))
    );
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", name);
    if let Ok(link) = web_sys::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link) {
        link.click();
    }
}

/// Whether nobody sees the page (a background tab): it paints no frames.
pub fn hidden() -> bool {
    document().is_some_and(|d| d.hidden())
}

/// Whether the page is shown dark: the embed's `theme`, else the reader's system.
pub fn dark() -> bool {
    match root()
        .and_then(|r| r.get_attribute("data-theme"))
        .as_deref()
    {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    }
}

/// The full address of the page for this plan.
pub fn link(plan: &Plan) -> String {
    let base = window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}#{}", encode(plan))
}

/// Opens this plan in another language: its link, with the view and `lang` set to it, in
/// place of the current entry (each language is its own build, so the page loads again).
pub fn open_in(plan: &Plan, view: View, lang: khcidr_core::Lang) {
    let view = khcidr_core::share::View {
        lang: Some(lang),
        ..view
    };
    if let Some(window) = window() {
        let fragment = format!("#{}{}", encode(plan), view.suffix());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &web_sys::wasm_bindgen::JsValue::NULL,
                "",
                Some(&fragment),
            );
        }
        let _ = window.location().reload();
    }
}

/// Tells the embedding page how tall the content is: `{ type: "khcidr:height", height }`.
pub fn post_height() {
    let Some(window) = window() else { return };
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    // The content's own height, which shrinks as well as grows (the document's scroll
    // height never drops below the frame's).
    let Some(body) = document().and_then(|d| d.body()) else {
        return;
    };
    let height = body.get_bounding_client_rect().height().ceil();
    let message = message("khcidr:height");
    let _ = web_sys::js_sys::Reflect::set(&message, &"height".into(), &height.into());
    let _ = parent.post_message(&message, "*");
}

/// A message between a frame and its host: `{ type: kind }`, more fields to add.
fn message(kind: &str) -> web_sys::js_sys::Object {
    let message = web_sys::js_sys::Object::new();
    let _ = web_sys::js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    message
}

/// A field of a message's data, if it has one.
pub fn field(
    data: &web_sys::wasm_bindgen::JsValue,
    key: &str,
) -> Option<web_sys::wasm_bindgen::JsValue> {
    web_sys::js_sys::Reflect::get(data, &key.into()).ok()
}

/// Whether the page is inside another page's frame (an embed on a docs site) rather than
/// opened on its own.
pub fn framed() -> bool {
    window().is_some_and(|w| w.parent().ok().flatten().is_some_and(|p| p != w))
}

/// A transparent embed asks its host (embed.js) for the scheme of the page behind it, and
/// takes it: the root's `color-scheme` as the host's frame element has it (so the browser
/// paints no opaque backdrop), and the text's colours for the host's background. Listens
/// until dropped.
pub fn follow_host() -> Option<gloo_events::EventListener> {
    let window = window()?;
    let parent = window.parent().ok().flatten()?;
    let from = parent.clone();
    let listener = gloo_events::EventListener::new(&window, "message", move |event| {
        let Some(event) = web_sys::wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(event)
        else {
            return;
        };
        // Only the page this frame is in speaks for its background (compared as values: a
        // window of another origin is no `Window` instance here).
        let source = event.source().map(web_sys::wasm_bindgen::JsValue::from);
        if source.as_ref() != Some(from.as_ref()) {
            return;
        }
        let data = event.data();
        if field(&data, "type").and_then(|t| t.as_string()).as_deref() != Some("khcidr:host") {
            return;
        }
        let scheme = field(&data, "scheme").and_then(|s| s.as_string());
        let dark = field(&data, "dark").and_then(|d| d.as_bool());
        let Some(root) = root() else { return };
        // As an attribute the stylesheet maps (the page's CSP allows no inline style).
        // Words only (the stylesheet maps the ones CSS knows; anything else does nothing).
        let words =
            |s: &String| s.len() <= 16 && s.chars().all(|c| c.is_ascii_lowercase() || c == ' ');
        if let Some(scheme) = scheme.filter(words) {
            let _ = root.set_attribute("data-host-scheme", scheme.trim());
        }
        if let Some(dark) = dark {
            let _ = root.set_attribute("data-host", if dark { "dark" } else { "light" });
        }
    });
    let _ = parent.post_message(&message("khcidr:hello"), "*");
    Some(listener)
}

/// Posts the height whenever the content's size changes, until dropped.
pub struct HeightWatch {
    observer: web_sys::ResizeObserver,
    _callback: web_sys::wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for HeightWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Watches the page's content for size changes, posting each new height.
pub fn watch_height() -> Option<HeightWatch> {
    use web_sys::wasm_bindgen::JsCast;
    let body = document()?.body()?;
    let callback = web_sys::wasm_bindgen::closure::Closure::<dyn FnMut()>::new(post_height);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&body);
    Some(HeightWatch {
        observer,
        _callback: callback,
    })
}

/// Sets the page's theme: `data-theme` on the root element, none for the system's.
pub fn set_theme(theme: khcidr_core::share::Theme) {
    let Some(root) = root() else {
        return;
    };
    let _ = match theme {
        khcidr_core::share::Theme::Auto => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.as_str()),
    };
}

/// Scrolls an element smoothly into view.
pub fn scroll_to(el: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// The element with this id, if it is there.
pub fn element(id: &str) -> Option<web_sys::Element> {
    document().and_then(|d| d.get_element_by_id(id))
}

/// Scrolls the element with this id into view, if it is there.
pub fn scroll_to_id(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        scroll_to(&el);
    }
}

/// Takes the element with this id out of the page, if it is there.
pub fn remove(id: &str) {
    if let Some(el) = document().and_then(|d| d.get_element_by_id(id)) {
        el.remove();
    }
}

/// Scrolls an element into view and moves the keyboard focus to it.
pub fn show(id: &str) {
    let Some(el) = document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    scroll_to(&el);
    if let Ok(el) = web_sys::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
        let _ = el.focus();
    }
}

/// About how wide the bars are drawn, in CSS pixels: the window less the page's margins.
pub fn drawing_width() -> u32 {
    // The drawing as laid out, once it is: its labels are placed for its exact width.
    let drawn = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("svg.bars").ok().flatten())
        .map(|svg| svg.get_bounding_client_rect().width())
        .filter(|&w| w >= 100.0);
    if let Some(w) = drawn {
        return w.floor() as u32;
    }
    let window = web_sys::window();
    let inner = window
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1280.0);
    // The page is at most 1200 px wide, with 4 rem of padding around the drawing.
    (inner.min(1200.0) - 64.0).max(200.0) as u32
}
