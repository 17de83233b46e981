//! The plan's inputs: the four main fields, the release, the nodepools and the advanced
//! settings.

use khcidr_core::{Code, Plan, Report, Severity};
use yew::prelude::*;

use crate::i18n::{say, t};
use khcidr_core::t;

use crate::components::advanced::{self, advanced};
use crate::components::field::TextInput;
use crate::components::nodepools::Nodepools;
use crate::components::release::ReleasePicker;
use crate::hooks::Intents;
use crate::state::TextField;

/// What the inputs show and emit.
pub struct Props<'a> {
    pub plan: &'a Plan,
    pub report: &'a Report,
    pub intents: &'a Intents,
    /// Whether the first frame has been painted (the Advanced panel's settings follow it).
    pub after_first_paint: bool,
}

/// The parse error of one field, if the report has one.
fn field_error(report: &Report, field: TextField) -> Option<String> {
    report
        .findings
        .iter()
        .find(|f| {
            matches!(f.code, Code::InvalidCidr | Code::InvalidIp)
                && f.fields.first() == Some(&field.core_field())
        })
        .map(|f| f.message.clone())
}

/// The worst severity among the errors and warnings naming a field, for its outline.
fn flagged(report: &Report, field: TextField) -> Option<Severity> {
    report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .filter(|f| f.fields.contains(&field.core_field()))
        .map(|f| f.severity)
        .min()
}

/// What an empty field means: the module's default range; for the DNS address, the one
/// the plan's release gives CoreDNS when it is left unset (it follows the release).
fn placeholder(report: &Report, field: TextField) -> String {
    match (field, report.layout.dns_ip) {
        (TextField::Dns, Some(ip)) => say(t!("empty: {0}", ip)),
        _ => field.placeholder(),
    }
}

/// A view, not a component: its parts are components with their own props.
pub fn plan_inputs(props: Props) -> Html {
    let (plan, report, intents) = (props.plan, props.report, props.intents);
    let inputs = TextField::ALL.iter().map(|&field| {
        html! {
            <TextInput
                key={field.name()}
                flagged={flagged(report, field)}
                {field}
                value={field.text(plan).to_string()}
                placeholder={placeholder(report, field)}
                error={field_error(report, field)}
                on_input={intents.set_text.reform(move |text| (field, text))}
            />
        }
    });
    html! {
        <section class="inputs panel" aria-label={t("Plan")}>
            <div class="fields">
                { for inputs }
                <ReleasePicker release={plan.module_version.clone()} on_change={intents.set_release.clone()}
                    upgrade={plan.upgrade_to.clone()} on_upgrade={intents.set.reform(|v| (khcidr_core::Key::UpgradeTo, v))}
                    after_first_paint={props.after_first_paint} />
            </div>
            <Nodepools plan={plan.clone()} on_nodes={intents.set_nodes.clone()} on_subnet={intents.set_subnet.clone()}
                on_add={intents.add_pool.clone()} on_remove={intents.remove_pool.clone()} on_autoscaler={intents.set_autoscaler.clone()} />
            { advanced(&advanced::Props { plan, on_set: &intents.set, on_step: &intents.step, after_first_paint: props.after_first_paint }) }
        </section>
    }
}
