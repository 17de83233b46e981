//! The advanced settings: subnet split, NAT router, vSwitch, node mask, routes, CNI, the
//! Terraform version, Tailscale, the load balancers; settings the chosen release lacks are
//! disabled and say from which release they exist.

use khcidr_core::settings::Setting;
use khcidr_core::{Cni, IngressController, Key, NatRouter, Plan, SubnetMode};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{say, t};

use crate::components::select::Select;

/// What the panel shows and emits. A view function, not a component: it has no state, and
/// a component's lifecycle would cost the first load about 1.2 KB gzip.
pub struct Props<'a> {
    pub plan: &'a Plan,
    /// Set a setting from text, as one edit (a select, a toggle).
    pub on_set: &'a Callback<(Key, String)>,
    /// One step of a numeric setting, typed or stepped.
    pub on_step: &'a Callback<(Key, String)>,
    /// Whether the first frame has been painted: the closed panel's settings are built
    /// after it, out of the first render (find-in-page finds them, and opens the panel).
    pub after_first_paint: bool,
}

/// Builds inputs that each say which setting to set to what: a step for numbers (typed
/// or stepped, saved as one burst), one edit for the rest.
struct Editor<'a> {
    plan: &'a Plan,
    on_set: &'a Callback<(Key, String)>,
    on_step: &'a Callback<(Key, String)>,
}

impl Editor<'_> {
    /// A select over one of the plan's enumerations.
    fn choice<T: Copy + PartialEq + ToString + 'static>(
        &self,
        id: &str,
        label: &str,
        all: &'static [T],
        current: T,
        disabled: bool,
        key: Key,
    ) -> Html {
        let on_change = self.on_set.reform(move |index: usize| {
            // An index past the list (it never is) sets nothing: the setting refuses "".
            (
                key,
                all.get(index).map(ToString::to_string).unwrap_or_default(),
            )
        });
        let options: Vec<String> = all.iter().map(|v| v.to_string()).collect();
        let selected = all.iter().position(|v| *v == current).unwrap_or(0);
        html! {
            <div class="field small">
                <label for={id.to_string()}>{ label.to_string() }</label>
                <Select id={id.to_string()} {options} {selected} {disabled} {on_change} />
            </div>
        }
    }

    /// A number input; text that does not parse keeps the previous value.
    fn number(&self, id: &str, label: &str, value: u32, disabled: bool, key: Key) -> Html {
        let oninput = self.on_step.reform(move |e: InputEvent| {
            (key, e.target_unchecked_into::<HtmlInputElement>().value())
        });
        html! {
            <div class="field small">
                <label for={id.to_string()}>{ label.to_string() }</label>
                <input id={id.to_string()} type="number" min="0" value={value.to_string()} {oninput} {disabled} />
            </div>
        }
    }

    /// Whether the release has a setting; else its variable and the first release that
    /// has it: `subnet_amount (from 2.19.0)`.
    fn lacks(&self, key: Key, probe: fn(&mut Plan)) -> Option<String> {
        let setting = Setting::of(key)?;
        let mut plan = self.plan.clone();
        probe(&mut plan);
        let first = setting.missing_in(&plan)?;
        let name = (setting.variable)(first.era()).unwrap_or(key.as_str());
        Some(say(khcidr_core::t!("{0} (from {1})", name, first)))
    }

    /// The Terraform that runs the module: not said, 1.12 or newer, or 1.10 / 1.11, which
    /// evaluate both sides of `&&` and `||` (some releases' null checks then fail); or
    /// OpenTofu, which short-circuits from 1.10.
    fn terraform(&self) -> Html {
        const VALUES: [&str; 5] = ["", "1.12.0", "1.11.0", "tofu-1.10.0", "tofu-1.9.0"];
        let selected = match self.plan.terraform {
            None => 0,
            Some(t) => {
                let tofu = usize::from(t.tool() == "OpenTofu") * 2;
                tofu + if t.short_circuits() { 1 } else { 2 }
            }
        };
        let on_change = self.on_set.reform(|index: usize| {
            let value = VALUES.get(index).copied().unwrap_or_default();
            (Key::TerraformVersion, value.to_string())
        });
        let options = vec![
            t("not said").into(),
            t("1.12 or newer").into(),
            "1.10 / 1.11".into(),
            t("OpenTofu 1.10 or newer").into(),
            "OpenTofu 1.6 to 1.9".into(),
        ];
        html! {
            <div class="field small">
                <label for="terraform-version">{"Terraform"}</label>
                <Select id="terraform-version" {options} {selected} disabled={false} {on_change} />
            </div>
        }
    }

    fn toggle(&self, id: &str, label: &str, value: bool, disabled: bool, key: Key) -> Html {
        let onchange = self.on_set.reform(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            (key, on.to_string())
        });
        html! {
            <label class="toggle" for={id.to_string()}>
                <input id={id.to_string()} type="checkbox" checked={value} {onchange} {disabled} />
                { label.to_string() }
            </label>
        }
    }
}

/// The advanced settings, in a closed panel.
pub fn advanced(props: &Props) -> Html {
    html! {
        <details class="advanced">
            <summary>{t("Advanced")}</summary>
            if props.after_first_paint { { settings(props) } }
        </details>
    }
}

fn settings(props: &Props) -> Html {
    let p = props.plan;
    let e = Editor {
        plan: p,
        on_set: props.on_set,
        on_step: props.on_step,
    };
    // The subnet count's variable in the chosen release (subnet_amount before 3.0.0), or,
    // where it has none, in the first release that has it: the name the note below uses.
    let count_setting = Setting::of(Key::SubnetCount);
    let count_name = count_setting
        .and_then(|s| {
            let first = s.missing_in(&Plan {
                subnet_count: 1,
                ..p.clone()
            });
            (s.variable)(first.map_or(p.module_version.era(), |f| f.era()))
        })
        .unwrap_or("subnet_count");
    // Which settings the chosen release lacks (probed with a non-default value). The NAT
    // router's and vSwitch's indexes stay editable when those are off: 2.19.x and 3.x
    // check them (or read them) anyway.
    let no_count = e.lacks(Key::SubnetCount, |p| p.subnet_count = 1);
    let no_mode = e.lacks(Key::SubnetMode, |p| p.subnet_mode = SubnetMode::Shared);
    let no_nat = e.lacks(Key::NatRouter, |p| p.nat_router = NatRouter::On);
    let no_nat_index = e.lacks(Key::NatRouterIndex, |p| p.nat_router_subnet_index = 0);
    let no_vswitch = e.lacks(Key::Vswitch, |p| p.vswitch = true);
    let missing: Vec<&String> = [&no_count, &no_mode, &no_nat, &no_nat_index, &no_vswitch]
        .into_iter()
        .flatten()
        .collect();
    html! {
            <div class="advanced-grid">
                { e.number("subnet-count", count_name, p.subnet_count, no_count.is_some(), Key::SubnetCount) }
                { e.choice("subnet-mode", t("Subnet mode"), SubnetMode::ALL, p.subnet_mode, no_mode.is_some(), Key::SubnetMode) }
                { e.choice("nat-router", t("NAT router"), NatRouter::ALL, p.nat_router, no_nat.is_some() && p.nat_router == NatRouter::Off, Key::NatRouter) }
                { e.number("nat-index", t("NAT router subnet index"), p.nat_router_subnet_index, no_nat_index.is_some(), Key::NatRouterIndex) }
                { e.number("vswitch-index", t("vSwitch subnet index"), p.vswitch_subnet_index, no_vswitch.is_some(), Key::VswitchIndex) }
                { e.choice("ingress-controller", t("Ingress controller"), IngressController::ALL, p.ingress_controller, false, Key::IngressController) }
                { e.number("node-mask", t("Node mask (node-cidr-mask-size)"), u32::from(p.node_mask), false, Key::NodeMask) }
                { e.choice("cni", "CNI", Cni::ALL, p.cni, false, Key::Cni) }
                { e.terraform() }
                <div class="toggles">
                    { e.toggle("vswitch", t("Robot vSwitch"), p.vswitch, no_vswitch.is_some() && !p.vswitch, Key::Vswitch) }
                    { e.toggle("routes", t("Cloud-controller routes"), p.routes, false, Key::Routes) }
                    { e.toggle("tailscale", t("Tailscale transport"), p.tailscale, false, Key::Tailscale) }
                    { e.toggle("control-plane-lb", t("Control-plane load balancer"), p.control_plane_lb, false, Key::ControlPlaneLb) }
                    { e.toggle("klipper-metal-lb", t("Klipper load balancer (no ingress LB)"), p.klipper_metal_lb, false, Key::KlipperMetalLb) }
                    { e.toggle("disable-ipv4", t("Nodepools without public IPv4"), p.disable_ipv4, false, Key::DisableIpv4) }
                    { e.toggle("autoscaler-disable-ipv4", t("Autoscaled nodes without public IPv4"), p.autoscaler_disable_ipv4, false, Key::AutoscalerDisableIpv4) }
                </div>
                if !missing.is_empty() {
                    <p class="note" data-missing="">{ say(khcidr_core::t!("kube-hetzner {0} has no {1}.", p.module_version, missing.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "))) }</p>
                }
            </div>
    }
}
