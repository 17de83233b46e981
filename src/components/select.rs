//! A select whose shown option follows the plan: `selected` on an option is only its
//! default once the user has picked, so the select's own index is set after each change
//! (Back, a link, a preset).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    pub options: Vec<String>,
    pub selected: usize,
    pub disabled: bool,
    pub on_change: Callback<usize>,
}

#[function_component(Select)]
pub fn select(props: &Props) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.selected, move |&selected| {
            if let (Some(el), Ok(index)) =
                (node.cast::<HtmlSelectElement>(), i32::try_from(selected))
            {
                el.set_selected_index(index);
            }
        });
    }
    let onchange = props.on_change.reform(|e: Event| {
        let index = e
            .target_unchecked_into::<HtmlSelectElement>()
            .selected_index();
        usize::try_from(index).unwrap_or(0)
    });
    html! {
        <select id={props.id.clone()} ref={node} {onchange} disabled={props.disabled}>
            { for props.options.iter().enumerate().map(|(i, text)| html! { <option selected={i == props.selected}>{ text }</option> }) }
        </select>
    }
}
