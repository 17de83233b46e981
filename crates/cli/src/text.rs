//! Renders a report for a terminal, and the JSON shape.

use std::fmt::Write;
use std::io::IsTerminal;

use khcidr_core::module::IngressLb;
use khcidr_core::settings::{Setting, SETTINGS};
use khcidr_core::{or_dash, t, tr, Catalog, Finding, Key, Plan, Report, Severity};
use serde::Serialize;

/// The JSON output: the plan as understood, then the report.
#[derive(Serialize)]
pub struct Json<'a> {
    pub plan: &'a Plan,
    /// Where each setting's value came from: `file:line`, `--var`, a flag or `default`.
    pub sources: &'a Sources,
    /// What a file gave that could not be used as written, and what was used instead.
    pub notes: &'a [String],
    /// The settings whose values derive from a `sensitive` variable: checked, not shown.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub sensitive: &'a [Key],
    #[serde(flatten)]
    pub report: &'a Report,
}

/// Where each setting's value came from, by setting key.
pub type Sources = serde_json::Map<String, serde_json::Value>;

/// Every setting's source: a flag given, else the file's place, else `default`.
pub fn sources(
    reading: Option<&khcidr_kubetf::Reading>,
    flags: &[(&Setting, String)],
    cat: Option<&Catalog>,
) -> Sources {
    SETTINGS
        .iter()
        .map(|s| {
            let from_file = reading.and_then(|r| r.sources.iter().find(|(k, _)| *k == s.key));
            let origin = if flags.iter().any(|(f, _)| f.key == s.key) {
                format!("--{}", s.flag)
            } else if let Some((_, at)) = from_file {
                at.render(cat)
            } else {
                "default".to_string()
            };
            (s.key.to_string(), serde_json::Value::from(origin))
        })
        .collect()
}

/// What was read and from where: the module block, each value not left at its default,
/// and the notes (in the catalog's language, their secrets hidden).
pub fn read(
    reading: &khcidr_kubetf::Reading,
    plan: &Plan,
    sources: &Sources,
    notes: &[String],
    color: bool,
    cat: Option<&Catalog>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        paint(tr(cat, "Read"), "1", color),
        reading.module.render(cat)
    );
    let era = plan.module_version.era();
    for s in SETTINGS {
        let Some(origin) = sources.get(s.key.as_str()).and_then(|o| o.as_str()) else {
            continue;
        };
        if origin == "default" {
            continue;
        }
        let name = (s.variable)(era).unwrap_or(s.key.as_str());
        let value = if reading.sensitive.contains(&s.key) {
            khcidr_kubetf::SENSITIVE.to_string()
        } else {
            (s.get)(plan)
        };
        let _ = writeln!(
            out,
            "  {name:<26} {value:<20} {}",
            paint(origin, "2", color)
        );
    }
    for note in notes {
        let _ = writeln!(out, "  {} {note}", paint(tr(cat, "note:"), "33", color));
    }
    out.push('\n');
    out
}

/// `text` followed by blanks to fill `width` columns, a Chinese character taking two.
fn padded(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(khcidr_core::text::columns(text));
    format!("{text}{}", " ".repeat(fill))
}

/// Colour only on a terminal, and never under `NO_COLOR`.
pub fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_label(severity: Severity, color: bool, cat: Option<&Catalog>) -> String {
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    };
    paint(&severity.word().render(cat), code, color)
}

fn finding(out: &mut String, f: &Finding, color: bool, cat: Option<&Catalog>) {
    let _ = writeln!(
        out,
        "{}[{}] {}",
        severity_label(f.severity, color, cat),
        f.code,
        f.message
    );
    if let Some(starts) = f.starts_at {
        let _ = writeln!(out, "{}", t!("  starts at: {0}", starts.text()).render(cat));
    }
    if !f.waits_for.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            t!("  waits for: {0}", f.waits_for.join(", ")).render(cat)
        );
    }
    let _ = writeln!(out, "{}", t!("  you will see: {0}", f.symptom).render(cat));
    let _ = writeln!(out, "{}", t!("  fix: {0}", f.fix).render(cat));
    out.push('\n');
}

/// A load balancer: its pinned IP, "chosen by Hetzner" when attached without one, or a dash.
fn lb(
    subnet: Option<ipnet::Ipv4Net>,
    ip: Option<std::net::Ipv4Addr>,
    cat: Option<&Catalog>,
) -> String {
    match (subnet, ip) {
        (_, Some(ip)) => ip.to_string(),
        (Some(subnet), None) => t!("chosen by Hetzner in {0}", subnet).render(cat),
        (None, None) => or_dash(None::<u8>),
    }
}

/// The whole report as terminal text, its words in the catalog's language (English
/// without one); the report's own sentences are localised by the caller.
pub fn render(plan: &Plan, report: &Report, color: bool, cat: Option<&Catalog>) -> String {
    let mut out = String::new();
    let layout = &report.layout;
    let head = t!(
        "network {0} · pods {1} · services {2} · DNS {3} · kube-hetzner {4}",
        or_dash(layout.network),
        or_dash(layout.cluster),
        or_dash(layout.service),
        or_dash(layout.dns_ip),
        plan.module_version
    );
    let _ = writeln!(
        out,
        "{} {}\n",
        paint("khcidr", "1", color),
        head.render(cat)
    );
    for f in &report.findings {
        finding(&mut out, f, color, cat);
    }
    let _ = writeln!(out, "{}", paint(tr(cat, "Layout"), "1", color));
    for s in &layout.subnets {
        subnet_line(&mut out, s, cat);
    }
    addresses(&mut out, report, cat);
    if let Some(upgrade) = &report.upgrade {
        upgrade_section(&mut out, upgrade, color, cat);
    }
    let c = &report.capacity;
    let _ = writeln!(out, "{}", paint(tr(cat, "Capacity"), "1", color));
    let line = t!(
        "  max nodes {0} (limited by {1}) · planned {2} · pods per node {3} · service IPs {4} · subnets {5} used, {6} left",
        c.max_nodes,
        c.limits(),
        c.planned_nodes,
        or_dash(c.pods_per_node),
        or_dash(c.service_ips),
        c.subnets_used,
        c.subnets_left
    );
    let _ = writeln!(out, "{}\n", line.render(cat));
    let counts = [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| s.counted(report.count(s)).render(cat));
    let _ = writeln!(out, "{}", counts.join(", "));
    if report.provisional {
        let n = report.unknown_names().len();
        let listed = report
            .unknown
            .iter()
            .map(|u| u.text().render(cat))
            .collect::<Vec<_>>()
            .join(", ");
        let line = if n == 1 {
            t!(
                "provisional: {0} value unknown: {1} (give it with --var NAME=VALUE or --var-file)",
                n,
                listed
            )
        } else {
            t!("provisional: {0} values unknown: {1} (give them with --var NAME=VALUE or --var-file)", n, listed)
        };
        let _ = writeln!(out, "{}", line.render(cat));
    }
    out
}

/// What an upgrade moves, one line per change, with what applying it does.
fn upgrade_section(
    out: &mut String,
    upgrade: &khcidr_core::Upgrade,
    color: bool,
    cat: Option<&Catalog>,
) {
    let title = t!("Upgrade {0} → {1}", upgrade.from, upgrade.to).render(cat);
    let _ = writeln!(out, "{}", paint(&title, "1", color));
    if upgrade.changes.is_empty() {
        let _ = writeln!(out, "{}", tr(cat, "  nothing this plan allocates moves"));
    }
    for m in &upgrade.changes {
        let _ = writeln!(out, "  {}: {} → {}", m.what, m.before, m.after);
        let _ = writeln!(out, "      {}", m.applying);
        let _ = writeln!(out, "{}", t!("      source: {0}", m.source).render(cat));
    }
    for e in &upgrade.terraform_errors {
        let line = t!(
            "  terraform plan on {0} stops: {1}: {2} ({3})",
            upgrade.to,
            e.summary,
            e.detail,
            e.source
        );
        let _ = writeln!(out, "{}", line.render(cat));
    }
    out.push('\n');
}

/// A subnet's line: name, range, gateway, and its pinned node IPs.
fn subnet_line(out: &mut String, s: &khcidr_core::Subnet, cat: Option<&Catalog>) {
    let ips = if s.ips_assigned_by_hetzner && s.nodes > 0 {
        t!("  {0} nodes, IPs chosen by Hetzner", s.nodes).render(cat)
    } else if s.node_ips.is_empty() {
        String::new()
    } else {
        let more = s.nodes.saturating_sub(s.node_ips.len() as u64);
        let list = s
            .node_ips
            .iter()
            .map(|ip| ip.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        if more > 0 {
            t!("  nodes {0} (+{1})", list, more).render(cat)
        } else {
            t!("  nodes {0}", list).render(cat)
        }
    };
    let line = format!(
        "  {} {:<18} {} {:<15}{ips}",
        padded(&s.name_text().render(cat), 22),
        s.cidr.to_string(),
        tr(cat, "gateway"),
        or_dash(s.gateway)
    );
    let _ = writeln!(out, "{}", line.trim_end());
}

/// The layout's addresses: gateway, API, DNS, load balancers, NAT router, default route and
/// the pod blocks in use.
fn addresses(out: &mut String, report: &Report, cat: Option<&Catalog>) {
    let layout = &report.layout;
    let line =
        t!(
        "  network gateway {0} · API {1} · DNS {2} · load balancer {3} · ingress load balancer {4}",
        or_dash(layout.network_gateway),
        or_dash(layout.api_ip),
        or_dash(layout.dns_ip),
        lb(layout.load_balancer_subnet, layout.load_balancer_ip, cat),
        match layout.ingress_lb {
            IngressLb::Ccm | IngressLb::TerraformLbCcmNetwork => {
                tr(cat, "attached by the cloud controller, IP chosen by Hetzner").to_string()
            }
            IngressLb::TerraformLbNotAttached => tr(cat, "not on the private network").to_string(),
            IngressLb::None | IngressLb::Terraform => {
                lb(layout.ingress_lb_subnet, layout.ingress_lb_ip, cat)
            }
        }
    );
    let _ = writeln!(out, "{}", line.render(cat));
    if !layout.nat_router_ips.is_empty() {
        let routers = layout
            .nat_router_ips
            .iter()
            .map(|ip| ip.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let line = t!(
            "  NAT router {0} · route 0.0.0.0/0 via {1}",
            routers,
            or_dash(layout.nat_gateway_ip)
        );
        let _ = writeln!(out, "{}", line.render(cat));
    }
    if let Some(route) = layout.default_route {
        let line = t!("  nodes' private default route via {0}", route.via);
        let _ = writeln!(out, "{}", line.render(cat));
    }
    if let (Some(first), Some(last)) = (layout.pod_blocks.first(), layout.pod_blocks.last()) {
        let line = t!(
            "  pod blocks {0} … {1} ({2} planned of {3})",
            first,
            last,
            layout.planned_nodes,
            or_dash(report.capacity.pod_blocks)
        );
        let _ = writeln!(out, "{}", line.render(cat));
    }
}

/// Text for a terminal: control characters written as escapes (`\u{1b}`), so nothing read
/// from a file can move the cursor, clear the screen or set the title. With colour on, the
/// colour codes this program writes (`ESC [ digits m`) are kept.
pub fn visible(text: &str, color: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if color && c == '\u{1b}' {
            if let Some(code) = colour_code(rest) {
                out.push_str(code);
                rest = &rest[code.len()..];
                continue;
            }
        }
        if c.is_control() && c != '\n' && c != '\t' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A colour code at the start of `text`: `ESC [`, digits and `;`, `m`.
fn colour_code(text: &str) -> Option<&str> {
    let body = text.strip_prefix("\u{1b}[")?;
    let len = body.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
    body[len..].starts_with('m').then(|| &text[..2 + len + 1])
}

/// Every string in a JSON value with the secrets hidden.
pub fn hide_in(value: &mut serde_json::Value, secrets: &khcidr_kubetf::Secrets) {
    if secrets.is_empty() {
        return;
    }
    match value {
        serde_json::Value::String(s) => *s = secrets.hide(s),
        // A sensitive count, say: the number itself.
        serde_json::Value::Number(n) if secrets.is_secret(&n.to_string()) => {
            *value = serde_json::Value::from(khcidr_kubetf::SENSITIVE)
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| hide_in(v, secrets)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| hide_in(v, secrets)),
        _ => {}
    }
}
