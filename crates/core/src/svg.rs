//! The plan as one self-contained SVG picture: the bars (the same drawing model as the
//! page, [`crate::bars`]), the collisions and the findings' first sentences. No script, no
//! external reference, system fonts, a `viewBox`: for a README, a wiki or a slide.

use std::fmt::Write;

use crate::bars::labels::{self, Names, Row};
use crate::bars::{bars, Bars, Mark, Segment, SegmentRole};
use crate::look::{self, Palette, DARK, LIGHT};
use crate::model::Plan;
use crate::model::Report;
use crate::model::Severity;
use crate::text::{tr, Catalog};

/// Light or dark colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl std::str::FromStr for Theme {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            other => Err(format!("unknown theme {other:?}; expected light or dark")),
        }
    }
}

/// Picture width; everything else follows from it.
const W: f64 = 960.0;
const PAD: f64 = 16.0;
/// The address axis's width: the picture less its margins.
const AXIS_W: f64 = W - 2.0 * PAD;
const LANE_H: f64 = look::LANE_H as f64;
const LANE_STEP: f64 = look::LANE_STEP as f64;
/// Characters of a finding's line before it wraps.
const WRAP: usize = 130;
/// Findings listed; the rest are counted.
const LISTED: usize = 8;

/// Text for XML: markup escaped, and characters XML does not allow (controls, a value the
/// user typed may hold them) replaced.
pub fn esc(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if u32::from(c) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn x(fraction: f64) -> f64 {
    PAD + fraction.clamp(0.0, 1.0) * AXIS_W
}

fn width(fraction: f64) -> f64 {
    (fraction.clamp(0.0, 1.0) * AXIS_W).max(2.0)
}

/// Words wrapped at `WRAP` characters.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().filter(|l| l.len() + word.len() < WRAP);
        match line {
            Some(line) => {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            None => lines.push(word.to_string()),
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

fn fill(s: &Segment, p: &Palette) -> (&'static str, &'static str) {
    match s.role {
        SegmentRole::Network => (p.network, p.network_line),
        SegmentRole::Pods => (p.pods, p.pods_line),
        SegmentRole::Services => (p.services, p.services_line),
        SegmentRole::Agent => (p.agent, p.agent),
        SegmentRole::ControlPlane => (p.control_plane, p.control_plane),
        SegmentRole::NatRouter | SegmentRole::Vswitch => (p.nat, p.nat),
        SegmentRole::PodBlocks => (p.pod_blocks, p.pod_blocks),
        SegmentRole::PodBlock => (p.pod_blocks, p.now),
        SegmentRole::EdgeBlock => (p.pod_blocks, p.ink),
        SegmentRole::LoadBalancer | SegmentRole::Api | SegmentRole::Dns | SegmentRole::Node => {
            (p.ink, p.ink)
        }
    }
}

/// A segment's shape: a pin for an address, else a bar (labels are laid out apart, see
/// [`labels`]).
fn segment(out: &mut String, s: &Segment, y: f64, p: &Palette, cat: Option<&Catalog>) {
    let (fill, stroke) = fill(s, p);
    if s.role.is_address() {
        let at = x(s.start);
        let _ = write!(
            out,
            r#"<g><title>{title}</title><line x1="{at:.1}" x2="{at:.1}" y1="{y0:.1}" y2="{y1:.1}" stroke="{fill}" stroke-width="1.5"/><path d="M{l:.1},{y0:.1} L{r:.1},{y0:.1} L{at:.1},{tip:.1} Z" fill="{fill}"/></g>"#,
            title = esc(&s.describe_in(cat)),
            y0 = y - 6.0,
            y1 = y + LANE_H + 6.0,
            l = at - 5.0,
            r = at + 5.0,
            tip = y + 1.0,
        );
        return;
    }
    let (ry, rh) = if s.role.is_base() {
        (y, LANE_H)
    } else {
        (y + 5.0, LANE_H - 10.0)
    };
    let (sx, sw) = (x(s.start), width(s.width));
    let _ = write!(
        out,
        r#"<g><title>{title}</title><rect x="{sx:.1}" y="{ry:.1}" width="{sw:.1}" height="{rh:.1}" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="{sw_line}"/></g>"#,
        title = esc(&s.describe_in(cat)),
        sw_line = if s.role == SegmentRole::PodBlock {
            2
        } else {
            1
        },
    );
}

fn mark(out: &mut String, m: &Mark, top: f64, bottom: f64, p: &Palette) {
    if m.is_now() {
        let _ = write!(
            out,
            r#"<rect x="{sx:.1}" y="{top:.1}" width="{sw:.1}" height="{h:.1}" fill="url(#hatch)" stroke="{now}" stroke-width="2"><title>{title}</title></rect>"#,
            sx = x(m.start),
            sw = width(m.width),
            h = bottom - top,
            title = esc(&format!("{}: {} ({})", m.label, m.range, m.code)),
            now = p.now,
        );
    } else {
        let at = x(m.start);
        let _ = write!(
            out,
            r#"<line x1="{at:.1}" x2="{at:.1}" y1="{top:.1}" y2="{bottom:.1}" stroke="{later}" stroke-width="2" stroke-dasharray="4 3"><title>{title}</title></line>"#,
            title = esc(&format!("{}: {} ({})", m.label, m.range, m.code)),
            later = p.later,
        );
    }
}

/// The title lines: the release and the four values as the layout has them.
fn header(body: &mut String, plan: &Plan, report: &Report, p: &Palette, cat: Option<&Catalog>) {
    let layout = &report.layout;
    let range = crate::util::or_dash::<ipnet::Ipv4Net>;
    let values = t!(
        "network {0} · pods {1} · services {2} · DNS {3}",
        range(layout.network),
        range(layout.cluster),
        range(layout.service),
        crate::util::or_dash(layout.dns_ip)
    );
    let _ = write!(
        body,
        r#"<text x="{PAD}" y="24" font-size="15" font-weight="700" fill="{ink}">khcidr · kube-hetzner {release}</text><text x="{PAD}" y="44" font-size="12" fill="{muted}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace">{values}</text>"#,
        ink = p.ink,
        muted = p.muted,
        release = esc(&plan.module_version.to_string()),
        values = esc(&values.render(cat)),
    );
}

/// The verdict line's words and colour.
fn verdict(report: &Report, p: &Palette, cat: Option<&Catalog>) -> (String, &'static str) {
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    let words = report.verdict().render(cat);
    match (errors, warnings) {
        (0, 0) => (words, p.info),
        (0, w) => (
            format!("{words} · {}", Severity::Warning.counted(w).render(cat)),
            p.warning,
        ),
        (e, _) => (
            format!("{words} · {}", Severity::Error.counted(e).render(cat)),
            p.error,
        ),
    }
}

/// The labels' monospaced font: their widths are known before they are drawn.
const MONO: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

/// Every label where [`labels::layout`] puts it on the axis, `row_y` giving each row's
/// baseline, with a leader line where a label stands apart from what it names.
fn draw_labels(
    body: &mut String,
    d: &Bars,
    placed: &labels::Labels,
    row_y: impl Fn(Row) -> f64,
    p: &Palette,
) {
    for l in &placed.placed {
        let y = row_y(l.row);
        let segment = |i: usize, j: usize| d.lanes.get(i).and_then(|lane| lane.segments.get(j));
        // Colour, weight, size and whether it has a halo of the background.
        let (colour, weight, size, halo) = match (l.names, l.row) {
            (Names::Lane(_), _) => (p.ink, 700, 12, true),
            (Names::Tick(_), _) => (p.muted, 400, 10, false),
            (Names::Mark(k), _) => {
                let now = d.marks.get(k).is_some_and(Mark::is_now);
                // In the error's colour: the collision's own, a vermilion, is for fills and
                // outlines; as small text it does not read on either background.
                (if now { p.error } else { p.warning }, 700, 11, false)
            }
            (Names::Segment(i, j), Row::Inside(_))
                if segment(i, j)
                    .is_some_and(|s| !s.role.is_address() && s.role != SegmentRole::PodBlocks) =>
            {
                ("#ffffff", 400, 11, false)
            }
            _ => (p.ink, 600, 11, true),
        };
        let halo = if halo {
            format!(
                r#" stroke="{}" stroke-width="3" paint-order="stroke""#,
                p.bg
            )
        } else {
            String::new()
        };
        let _ = write!(
            body,
            r#"<text x="{tx:.1}" y="{y:.1}" font-size="{size}" font-weight="{weight}" fill="{colour}" font-family="{MONO}"{halo}>{}</text>"#,
            esc(&l.text),
            tx = PAD + l.left,
        );
        if let Some(at) = l.leader {
            let from = at.max(l.left).min(l.right);
            let _ = write!(
                body,
                r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{ink}" stroke-width="1"/>"#,
                x1 = PAD + from,
                y1 = y + 2.0,
                x2 = PAD + at,
                y2 = y + 9.0,
                ink = p.ink,
            );
        }
    }
}

/// The drawing: its axis, lanes, folds, route labels and marks; returns where it ends.
fn drawing(body: &mut String, d: &Bars, y: f64, p: &Palette, cat: Option<&Catalog>) -> f64 {
    let top = y + 24.0;
    let lane_y = |i: usize| top + 16.0 + LANE_STEP * i as f64;
    let lanes = d.lanes.len();
    let bottom = lane_y(lanes.saturating_sub(1)) + LANE_H + 4.0;
    for m in d.marks.iter().filter(|m| m.is_now()) {
        mark(body, m, lane_y(0) - 4.0, bottom, p);
    }
    for (i, lane) in d.lanes.iter().enumerate() {
        for s in &lane.segments {
            segment(body, s, lane_y(i), p, cat);
        }
    }
    folds(body, d, lanes, &lane_y, p, cat);
    for m in d.marks.iter().filter(|m| !m.is_now()) {
        mark(body, m, lane_y(0) - 4.0, bottom, p);
    }
    let placed = labels::layout(d, AXIS_W, cat);
    draw_labels(
        body,
        d,
        &placed,
        |row| match row {
            Row::Ticks => y + 10.0,
            Row::Above(i) => lane_y(i) - 5.0,
            Row::Inside(i) => lane_y(i) + LANE_H / 2.0 + 4.0,
            Row::Below => bottom + 16.0,
        },
        p,
    );
    let mut end = bottom + 34.0;
    // What has no room on the axis, in full, under it.
    if !placed.listed.is_empty() {
        let text = t!("Too narrow to label here: {0}", placed.listed.join(" · ")).render(cat);
        for line in wrap(&text) {
            let _ = write!(
                body,
                r#"<text x="{PAD}" y="{end:.1}" font-size="11" fill="{muted}">{}</text>"#,
                esc(&line),
                muted = p.muted,
            );
            end += 14.0;
        }
    }
    end
}

/// The folded stretches, drawn as breaks across each lane's bar (never over the rows of
/// titles and labels between them).
fn folds(
    body: &mut String,
    d: &Bars,
    lanes: usize,
    lane_y: &dyn Fn(usize) -> f64,
    p: &Palette,
    cat: Option<&Catalog>,
) {
    for f in &d.folds {
        let mid = x(f.start + f.width / 2.0);
        let _ = write!(body, r#"<g><title>{}</title>"#, esc(&f.describe_in(cat)));
        for i in 0..lanes {
            let _ = write!(
                body,
                r#"<rect x="{fx:.1}" y="{t:.1}" width="{fw:.1}" height="{h:.1}" fill="{bg}"/><path d="M{a:.1},{t:.1} l4,{h:.1} M{b:.1},{t:.1} l4,{h:.1}" stroke="{muted}" stroke-width="1.5" fill="none"/>"#,
                fx = x(f.start),
                fw = width(f.width),
                t = lane_y(i) - 2.0,
                h = LANE_H + 4.0,
                bg = p.bg,
                muted = p.muted,
                a = mid - 5.0,
                b = mid + 1.0,
            );
        }
        body.push_str("</g>");
    }
}

/// The first findings' headlines, and how many more; returns where they end.
fn findings(
    body: &mut String,
    report: &Report,
    mut y: f64,
    p: &Palette,
    cat: Option<&Catalog>,
) -> f64 {
    for f in report.findings.iter().take(LISTED) {
        let colour = match f.severity {
            Severity::Error => p.error,
            Severity::Warning => p.warning,
            Severity::Info => p.info,
        };
        y += 18.0;
        let _ = write!(
            body,
            r#"<text x="{PAD}" y="{y:.1}" font-size="12" font-weight="700" fill="{colour}">{} · {}</text>"#,
            esc(&f.severity.word().render(cat)),
            esc(tr(cat, f.code.title())),
        );
        for line in wrap(f.headline()) {
            y += 16.0;
            let _ = write!(
                body,
                r#"<text x="{PAD}" y="{y:.1}" font-size="12" fill="{ink}">{}</text>"#,
                esc(&line),
                ink = p.ink,
            );
        }
    }
    if report.findings.len() > LISTED {
        y += 18.0;
        let more = t!(
            "… and {0} more: khcidr check shows them all",
            report.findings.len() - LISTED
        );
        let _ = write!(
            body,
            r#"<text x="{PAD}" y="{y:.1}" font-size="12" fill="{muted}">{}</text>"#,
            esc(&more.render(cat)),
            muted = p.muted,
        );
    }
    y
}

/// The drawing and its findings as an SVG document.
fn draw(
    plan: &Plan,
    report: &Report,
    drawing_of: Option<&Bars>,
    theme: Theme,
    cat: Option<&Catalog>,
) -> String {
    let p = match theme {
        Theme::Light => &LIGHT,
        Theme::Dark => &DARK,
    };
    let mut body = String::new();
    header(&mut body, plan, report, p, cat);
    let (verdict, colour) = verdict(report, p, cat);
    let _ = write!(
        body,
        r#"<text x="{PAD}" y="68" font-size="14" font-weight="700" fill="{colour}">{}</text>"#,
        esc(&verdict)
    );
    let mut y = 84.0;
    if let Some(d) = drawing_of {
        y = drawing(&mut body, d, y, p, cat);
    }
    y = findings(&mut body, report, y, p, cat);
    let label = t!("kube-hetzner IPv4 plan: {0}", verdict).render(cat);
    let height = y + PAD;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height:.0}" width="{W}" height="{height:.0}" font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif" role="img" aria-label="{label}"><title>{label}</title><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{now}" fill-opacity="0.25"/><line x1="0" y1="0" x2="0" y2="6" stroke="{now}" stroke-width="3"/></pattern></defs><rect width="100%" height="100%" fill="{bg}" stroke="{line}"/>{body}</svg>
"##,
        label = esc(&label),
        bg = p.bg,
        line = p.line,
        now = p.now,
    )
}

/// The plan's picture: the whole-plan bars and the findings, in the catalog's language
/// (English without one: the report's own words).
pub fn svg(plan: &Plan, report: &Report, theme: Theme, cat: Option<&Catalog>) -> String {
    let report = &*report.in_language(cat);
    let mut drawing = bars(report, None);
    if let (Some(d), Some(_)) = (drawing.as_mut(), cat) {
        d.localize(cat);
    }
    draw(plan, report, drawing.as_ref(), theme, cat)
}
