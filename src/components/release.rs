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
    // Every release an option, parsed by the browser from one string rather than created
    // one by one, the one shown selected as it is made: a list that changes (Back, a link,
    // a preset) shows its value at once, where an effect setting it could run a task later
    // (`selected` on an option made earlier is only its default once the user has picked).
    // Before the first paint, only the option each list shows. Release numbers are digits
    // and dots, so the markup needs no escaping.
    let shown = (
        current.to_string(),
        props.upgrade.as_ref().map(Release::to_string),
    );
    let lists = use_memo(
        (props.after_first_paint, shown),
        |(whole, (current, upgrade))| {
            let list = |shown: Option<&String>| {
                let mut markup = String::new();
                for major in [3, 2] {
                    let mut group = String::new();
                    for release in Release::all().filter(|r| r.major() == major) {
                        let release = release.to_string();
                        let selected = Some(&release) == shown;
                        if *whole || selected {
                            let selected = if selected { " selected" } else { "" };
                            group.push_str(&format!(
                                "<option value=\"{release}\"{selected}>{release}</option>"
                            ));
                        }
                    }
                    if !group.is_empty() {
                        markup.push_str(&format!(
                            "<optgroup label=\"kube-hetzner {major}.x\">{group}</optgroup>"
                        ));
                    }
                }
                Html::from_html_unchecked(AttrValue::from(markup))
            };
            (list(Some(current)), list(upgrade.as_ref()))
        },
    );
    html! {
        <div class="field release">
            <label for="module-version">{t("kube-hetzner release")}<span class="var">{t("version in the module block")}</span></label>
            <select id="module-version" {onchange} aria-describedby="release-era">
                { lists.0.clone() }
            </select>
            <p id="release-era" class="field-note" data-era={span.clone()}>{ format!("{span}: {}", crate::i18n::t(era.changes())) }</p>
            <label for="upgrade-to">{t("Upgrade to")}<span class="var">{t("what moves")}</span></label>
            <select id="upgrade-to" onchange={onupgrade}>
                <option value="">{t("no upgrade")}</option>
                { lists.1.clone() }
            </select>
        </div>
    }
}
