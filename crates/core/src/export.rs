//! The plan as text to paste elsewhere: `kube.tf` variable lines and a `khcidr check` line.

use crate::model::Plan;
use crate::settings::{Always, Kind, SETTINGS};

/// `kube.tf` lines for every value that differs from the module's defaults, under the
/// plan's release's variable names.
pub fn kube_tf(plan: &Plan) -> String {
    let mut lines = vec![
        "# Network plan checked with khcidr; only values that differ from the module defaults."
            .to_string(),
    ];
    lines.extend(SETTINGS.iter().filter_map(|s| s.kube_tf(plan)));
    if lines.len() == 1 {
        lines.push("# (nothing: this plan is the module's default)".into());
    }
    lines.join("\n") + "\n"
}

/// Quotes a value for a POSIX shell when it needs it.
fn shell(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | ',' | ':' | '_' | '-'));
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// Where the project lives: its source, its issues, and the command line's.
pub const PROJECT: &str = "https://github.com/khcidr/khcidr";

/// How to install the command line (`khcidr check`).
pub const INSTALL: &str = "cargo install --locked --git https://github.com/khcidr/khcidr khcidr";

/// The `khcidr check` command line for this plan (the three ranges always, the rest where
/// not default).
pub fn cli(plan: &Plan) -> String {
    let mut args = vec!["khcidr check".to_string()];
    for s in SETTINGS
        .iter()
        .filter(|s| s.always == Always::Everywhere || s.is_set(plan))
    {
        let value = (s.get)(plan);
        args.push(match s.kind {
            Kind::Switch(_) => format!("--{}", s.flag),
            Kind::OptionalValue(bare) if value == bare => format!("--{}", s.flag),
            Kind::OptionalValue(_) => format!("--{}={}", s.flag, shell(&value)),
            Kind::Repeated => value
                .split(',')
                .map(|v| format!("--{} {}", s.flag, shell(v)))
                .collect::<Vec<_>>()
                .join(" "),
            Kind::Value if value.is_empty() => format!("--{}=", s.flag),
            Kind::Value => format!("--{} {}", s.flag, shell(&value)),
        });
    }
    args.join(" ")
}

/// How an embed's frame is sized to its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sizing {
    /// `<script src=".../embed.js">`: no inline script, so it works under a strict
    /// Content-Security-Policy that allows the khcidr origin.
    Script,
    /// An inline `<script>` that listens for the frame's height.
    Inline,
}

/// A title for an embed's frame, from its plan: two embeds on one page read apart.
pub fn embed_title(plan: &Plan) -> String {
    format!(
        "kube-hetzner IPv4 plan: network {}, pods {}, services {} (khcidr)",
        plan.network_ipv4_cidr.trim(),
        plan.cluster_ipv4_cidr.trim(),
        plan.service_ipv4_cidr.trim()
    )
}

/// The HTML to embed the plan in documentation: the frame, and what sizes it to its
/// content as it grows and shrinks.
pub fn embed_snippet(
    page_url: &str,
    plan: &Plan,
    view: crate::share::View,
    sizing: Sizing,
) -> String {
    let page = page_url.split('#').next().unwrap_or_default();
    let view = crate::share::View {
        embed: true,
        ..view
    };
    let attr = |text: &str| {
        text.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    let src = attr(&format!(
        "{page}#{}{}",
        crate::share::encode(plan),
        view.suffix()
    ));
    let title = attr(&embed_title(plan));
    let frame = format!(
        "<iframe src=\"{src}\" title=\"{title}\" width=\"100%\" height=\"480\" style=\"border:0\" loading=\"lazy\"></iframe>\n"
    );
    let script = match sizing {
        Sizing::Script => {
            let path = page.split('?').next().unwrap_or_default();
            let base = path.rsplit_once('/').map_or(path, |(dir, _)| dir);
            format!("<script src=\"{}/embed.js\" async></script>\n", attr(base))
        }
        Sizing::Inline => inline_sizing(page),
    };
    frame + &script
}

/// The inline script that sizes the frames: only frames from khcidr's own origin, and never
/// past 20,000 px, as embed.js does. A relative address is on the host page's own origin.
fn inline_sizing(page: &str) -> String {
    let origin = page
        .split_once("://")
        .map(|(scheme, rest)| {
            format!(
                "{scheme}://{}",
                rest.split(['/', '?']).next().unwrap_or_default()
            )
        })
        .filter(|o| {
            o.chars()
                .all(|c| c.is_ascii_alphanumeric() || ":/.-[]".contains(c))
        })
        .map_or_else(|| "location.origin".to_string(), |o| format!("'{o}'"));
    format!(
        "<script>\n\
         addEventListener('message', (event) => {{\n\
         \u{20} if (event.origin !== {origin}) return;\n\
         \u{20} if (!event.data || event.data.type !== 'khcidr:height' || !Number.isFinite(event.data.height) || event.data.height <= 0) return;\n\
         \u{20} for (const frame of document.querySelectorAll('iframe')) {{\n\
         \u{20}   if (frame.contentWindow === event.source) frame.style.height = Math.ceil(Math.min(event.data.height, 20000)) + 'px';\n\
         \u{20} }}\n\
         }});\n\
         </script>\n"
    )
}
