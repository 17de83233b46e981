//! The release picker: every kube-hetzner release khcidr knows, newest first, grouped by
//! major, with what changed in the chosen release's era.

use khcidr_core::Release;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::t;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub release: Release,
    pub on_change: Callback<Release>,
    /// The release to compare with, as for an upgrade.
    pub upgrade: Option<Release>,
    /// A release picked to upgrade to (empty: none).
    pub on_upgrade: Callback<String>,
    /// Whether the first frame has been painted: until then each list holds only what it
    /// shows (every release, twice, would be half of the first render's elements).
    pub after_first_paint: bool,
}

/// Sets a select's value whenever `value` or its list changes: `selected` on an option is
/// only its default once the user has picked, so Back, a link or a preset would not show.
#[hook]
fn use_value(select: &NodeRef, value: String, whole: bool) {
    let select = select.clone();
    use_effect_with((value, whole), move |(value, _)| {
        if let Some(el) = select.cast::<HtmlSelectElement>() {
            el.set_value(value);
        }
    });
}

#[function_component(ReleasePicker)]
pub fn release_picker(props: &Props) -> Html {
    let on_change = props.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Ok(release) = value.parse::<Release>() {
            on_change.emit(release);
        }
    });
    let current = &props.release;
    let select = use_node_ref();
    let whole = props.after_first_paint;
    use_value(&select, current.to_string(), whole);
    let upgrade_select = use_node_ref();
    use_value(
        &upgrade_select,
        props
            .upgrade
            .as_ref()
            .map(Release::to_string)
            .unwrap_or_default(),
        whole,
    );
    let on_upgrade = props.on_upgrade.clone();
    let onupgrade = Callback::from(move |e: Event| {
        on_upgrade.emit(e.target_unchecked_into::<HtmlSelectElement>().value());
    });
    let era = current.era();
    let (first, last) = era.releases();
    let span = if first == last {
        first.to_string()
    } else {
        crate::i18n::say(khcidr_core::t!("{0} to {1}", first, last))
    };
    // Every release an option, parsed by the browser from one string built once per page
    // rather than created one by one; before the first paint, only the option each list
    // shows. Release numbers are digits and dots, so the markup needs no escaping.
    let options = use_memo((), |_| {
        let mut markup = String::new();
        for major in [3, 2] {
            markup.push_str(&format!("<optgroup label=\"kube-hetzner {major}.x\">"));
            for release in Release::all().filter(|r| r.major() == major) {
                markup.push_str(&format!("<option value=\"{release}\">{release}</option>"));
            }
            markup.push_str("</optgroup>");
        }
        Html::from_html_unchecked(AttrValue::from(markup))
    });
    let list = |shown: Option<&Release>| match shown {
        _ if whole => (*options).clone(),
        shown => shown
            // Selected as it is made: the effect that sets the value may run a task later.
            .map(|r| html! { <option selected=true>{ r.to_string() }</option> })
            .unwrap_or_default(),
    };
    html! {
        <div class="field release">
            <label for="module-version">{t("kube-hetzner release")}<span class="var">{t("version in the module block")}</span></label>
            <select id="module-version" ref={select} {onchange} aria-describedby="release-era">
                { list(Some(current)) }
            </select>
            <p id="release-era" class="field-note" data-era={span.clone()}>{ format!("{span}: {}", crate::i18n::t(era.changes())) }</p>
            <label for="upgrade-to">{t("Upgrade to")}<span class="var">{t("what moves")}</span></label>
            <select id="upgrade-to" ref={upgrade_select} onchange={onupgrade}>
                <option value="">{t("no upgrade")}</option>
                { list(props.upgrade.as_ref()) }
            </select>
        </div>
    }
}
