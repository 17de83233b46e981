//! The page's stylesheet carries the drawing's colours exactly as the core defines them
//! for the SVG picture: one definition, copied into `static/style.css` between two marker
//! comments. `KHCIDR_BLESS=1 cargo test -p khcidr-core --test look` rewrites the copy.

use std::fs;
use std::path::Path;

const BEGIN: &str =
    "/* The drawing's colours, from crates/core/src/look.rs: do not edit here. */\n";
const END: &str = "/* End of the drawing's colours. */\n";

#[test]
fn the_stylesheet_has_the_cores_colours() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../static/style.css");
    let css = fs::read_to_string(&path).expect("static/style.css");
    let (Some(begin), Some(end)) = (css.find(BEGIN), css.find(END)) else {
        panic!("static/style.css has no block of the drawing's colours");
    };
    let copy = &css[begin + BEGIN.len()..end];
    let colours = khcidr_core::look::stylesheet();
    if copy != colours && std::env::var_os("KHCIDR_BLESS").is_some() {
        let fresh = format!("{}{colours}{}", &css[..begin + BEGIN.len()], &css[end..]);
        fs::write(&path, fresh).expect("write static/style.css");
        return;
    }
    assert_eq!(copy, colours, "KHCIDR_BLESS=1 rewrites the copy");
}

#[test]
fn dark_differs_where_the_background_does_and_severities_stay_apart() {
    use khcidr_core::look::{DARK, LIGHT};
    // Each theme keeps now, later and the three severities distinguishable.
    for p in [LIGHT, DARK] {
        let severities = [p.error, p.warning, p.info];
        assert!(severities
            .iter()
            .all(|c| severities.iter().filter(|o| *o == c).count() == 1));
        assert_ne!(p.now, p.later);
        assert_ne!(p.ink, p.bg);
    }
    assert_ne!(LIGHT.bg, DARK.bg);
    assert_ne!(LIGHT.ink, DARK.ink);
}
