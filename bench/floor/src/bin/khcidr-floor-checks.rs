//! The bare Yew page plus the checks: one input, the plan decoded from it, `check`, the
//! bars' drawing model, and every finding's text. No fields, no bars drawn, no panels:
//! what any page that runs khcidr's checks in the browser on this framework carries.

use yew::prelude::*;

#[function_component(Floor)]
fn floor() -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let plan = khcidr_core::share::decode(&text).plan;
    let report = khcidr_core::check(&plan);
    let lanes = khcidr_core::bars_at(&report, None, 800.0).map_or(0, |b| b.lanes.len());
    html! {
        <main id="floor">
            <input data-field="service_ipv4_cidr" {oninput} />
            <p>{ format!("{lanes} lanes") }</p>
            <ul>
                { for report.findings.iter().map(|f| html! {
                    <li>{ &f.message }{ " " }{ &f.symptom }{ " " }{ &f.fix }</li>
                }) }
            </ul>
        </main>
    }
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}
