//! What upgrading the module moves, below the verdict while the plan names a release to
//! upgrade to: the comparison runs in the page's helper worker, so that it never weighs on
//! the first load, and comes back as markup whose every text is escaped.

use yew::prelude::*;

use crate::i18n::say;
use khcidr_core::t;

use crate::services::worker;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The plan as a link fragment; it names the release to upgrade to.
    pub fragment: AttrValue,
    /// The release upgraded to, as asked.
    pub to: AttrValue,
}

#[function_component(Upgrade)]
pub fn upgrade(props: &Props) -> Html {
    // The answer, with the fragment it answers: an older answer never replaces a newer one.
    let answer = use_state(|| None::<(AttrValue, Result<String, String>)>);
    {
        let answer = answer.clone();
        use_effect_with(props.fragment.clone(), move |fragment| {
            let asked = fragment.clone();
            let done = Callback::from(move |result| answer.set(Some((asked.clone(), result))));
            worker::upgrade(fragment, done);
        });
    }
    let body = match &*answer {
        Some((fragment, Ok(markup))) if *fragment == props.fragment => {
            Html::from_html_unchecked(AttrValue::from(markup.clone()))
        }
        // Until the answer comes, or why it did not.
        answer => {
            let (busy, text) = match answer {
                Some((_, Err(why))) => ("false", why.clone()),
                _ => ("true", say(t!("Comparing with {0}…", props.to))),
            };
            html! {
                <>
                    <h2 id="upgrade-title">{ say(t!("Upgrade to {0}", props.to)) }</h2>
                    <p class="note" aria-busy={busy}>{ text }</p>
                </>
            }
        }
    };
    html! {
        <section id="upgrade" class="upgrade panel" aria-labelledby="upgrade-title" aria-live="polite">
            { body }
        </section>
    }
}
