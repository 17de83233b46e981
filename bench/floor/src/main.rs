//! A bare Yew page: one counter and one input. `make bench` measures it beside the page,
//! with the same method, so the page's figures read against what the framework needs.

use yew::prelude::*;

#[function_component(Floor)]
fn floor() -> Html {
    let count = use_state(|| 0_u32);
    let text = use_state(String::new);
    let add = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    html! {
        <main id="floor">
            <button type="button" onclick={add}>{ format!("clicked {} times", *count) }</button>
            <input data-field="service_ipv4_cidr" {oninput} />
            <p>{ (*text).clone() }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}
