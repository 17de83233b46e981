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

/// WCAG 2's contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn every_colour_text_is_drawn_in_reads_at_4_5_to_1_on_its_theme() {
    use khcidr_core::look::{DARK, LIGHT};
    // The picture's and the bars' small text: names, ticks, and the marks' labels ("collides
    // now" in the error's colour, "from node 126" in the warning's). The collision's own
    // vermilion (`now`) is for fills and outlines only.
    for p in [LIGHT, DARK] {
        for (role, colour) in [
            ("ink", p.ink),
            ("muted", p.muted),
            ("error", p.error),
            ("warning", p.warning),
        ] {
            let ratio = contrast(colour, p.bg);
            assert!(ratio >= 4.5, "{role} {colour} on {}: {ratio:.2}:1", p.bg);
        }
    }
    assert!(
        contrast(LIGHT.now, LIGHT.bg) < 4.5,
        "the vermilion is too light for text on white"
    );
}
