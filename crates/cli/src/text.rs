//! Renders a report for a terminal, and the JSON shape.

use std::fmt::Write;
use std::io::IsTerminal;

use khcidr_core::module::IngressLb;
use khcidr_core::settings::{Setting, SETTINGS};
use khcidr_core::{or_dash, Finding, Key, Plan, Report, Severity};
use serde::Serialize;

/// The JSON output: the plan as understood, then the report.
#[derive(Serialize)]
pub struct Json<'a> {
    pub plan: &'a Plan,
    /// Where each setting's value came from: `file:line`, `--var`, a flag or `default`.
    pub sources: &'a Sources,
    /// What a file gave that could not be used as written, and what was used instead.
    pub notes: &'a [&'a String],
    /// The settings whose values derive from a `sensitive` variable: checked, not shown.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub sensitive: &'a [Key],
    #[serde(flatten)]
    pub report: &'a Report,
}

/// Where each setting's value came from, by setting key.
pub type Sources = serde_json::Map<String, serde_json::Value>;

/// Every setting's source: a flag given, else the file's place, else `default`.
pub fn sources(reading: Option<&khcidr_kubetf::Reading>, flags: &[(&Setting, String)]) -> Sources {
    SETTINGS
        .iter()
        .map(|s| {
            let from_file = reading.and_then(|r| r.sources.iter().find(|(k, _)| *k == s.key));
            let origin = if flags.iter().any(|(f, _)| f.key == s.key) {
                format!("--{}", s.flag)
            } else if let Some((_, at)) = from_file {
                at.clone()
            } else {
                "default".to_string()
            };
            (s.key.to_string(), serde_json::Value::from(origin))
        })
        .collect()
}

/// What was read and from where: the module block, each value not left at its default,
/// and the notes.
pub fn read(
    reading: &khcidr_kubetf::Reading,
    plan: &Plan,
    sources: &Sources,
    color: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", paint("Read", "1", color), reading.module);
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
    for note in reading.all_notes() {
        let _ = writeln!(out, "  {} {note}", paint("note:", "33", color));
    }
    out.push('\n');
    out
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

fn severity_label(severity: Severity, color: bool) -> String {
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    };
    paint(severity.as_str(), code, color)
}

fn finding(out: &mut String, f: &Finding, color: bool) {
    let _ = writeln!(
        out,
        "{}[{}] {}",
        severity_label(f.severity, color),
        f.code,
        f.message
    );
    if let Some(starts) = f.starts_at {
        let _ = writeln!(out, "  starts at: {starts}");
    }
    if !f.waits_for.is_empty() {
        let _ = writeln!(out, "  waits for: {}", f.waits_for.join(", "));
    }
    let _ = writeln!(out, "  you will see: {}", f.symptom);
    let _ = writeln!(out, "  fix: {}", f.fix);
    out.push('\n');
}

/// A load balancer: its pinned IP, "chosen by Hetzner" when attached without one, or a dash.
fn lb(subnet: Option<ipnet::Ipv4Net>, ip: Option<std::net::Ipv4Addr>) -> String {
    match (subnet, ip) {
        (_, Some(ip)) => ip.to_string(),
        (Some(subnet), None) => format!("chosen by Hetzner in {subnet}"),
        (None, None) => or_dash(None::<u8>),
    }
}

/// The whole report as terminal text.
pub fn render(plan: &Plan, report: &Report, color: bool) -> String {
    let mut out = String::new();
    let layout = &report.layout;
    let _ = writeln!(
        out,
        "{} network {} · pods {} · services {} · DNS {} · kube-hetzner {}\n",
        paint("khcidr", "1", color),
        or_dash(layout.network),
        or_dash(layout.cluster),
        or_dash(layout.service),
        or_dash(layout.dns_ip),
        plan.module_version,
    );
    for f in &report.findings {
        finding(&mut out, f, color);
    }
    let _ = writeln!(out, "{}", paint("Layout", "1", color));
    for s in &layout.subnets {
        subnet_line(&mut out, s);
    }
    addresses(&mut out, report);
    if let Some(upgrade) = &report.upgrade {
        upgrade_section(&mut out, upgrade, color);
    }
    let c = &report.capacity;
    let limits = c.limits();
    let _ = writeln!(out, "{}", paint("Capacity", "1", color));
    let _ = writeln!(
        out,
        "  max nodes {} (limited by {limits}) · planned {} · pods per node {} · service IPs {} · subnets {} used, {} left\n",
        c.max_nodes,
        c.planned_nodes,
        or_dash(c.pods_per_node),
        or_dash(c.service_ips),
        c.subnets_used,
        c.subnets_left
    );
    let counts =
        [Severity::Error, Severity::Warning, Severity::Info].map(|s| s.counted(report.count(s)));
    let _ = writeln!(out, "{}", counts.join(", "));
    if report.provisional {
        let n = report.unknown_names().len();
        let _ = writeln!(
            out,
            "provisional: {n} value{} unknown: {} (give {} with --var NAME=VALUE or --var-file)",
            if n == 1 { "" } else { "s" },
            report
                .unknown
                .iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if n == 1 { "it" } else { "them" }
        );
    }
    out
}

/// What an upgrade moves, one line per change, with what applying it does.
fn upgrade_section(out: &mut String, upgrade: &khcidr_core::Upgrade, color: bool) {
    let title = format!("Upgrade {} → {}", upgrade.from, upgrade.to);
    let _ = writeln!(out, "{}", paint(&title, "1", color));
    if upgrade.changes.is_empty() {
        let _ = writeln!(out, "  nothing this plan allocates moves");
    }
    for m in &upgrade.changes {
        let _ = writeln!(out, "  {}: {} → {}", m.what, m.before, m.after);
        let _ = writeln!(out, "      {}", m.applying);
        let _ = writeln!(out, "      source: {}", m.source);
    }
    for e in &upgrade.terraform_errors {
        let _ = writeln!(
            out,
            "  terraform plan on {} stops: {}: {} ({})",
            upgrade.to, e.summary, e.detail, e.source
        );
    }
    out.push('\n');
}

/// A subnet's line: name, range, gateway, and its pinned node IPs.
fn subnet_line(out: &mut String, s: &khcidr_core::Subnet) {
    let ips = if s.ips_assigned_by_hetzner && s.nodes > 0 {
        format!("  {} nodes, IPs chosen by Hetzner", s.nodes)
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
            format!("  nodes {list} (+{more})")
        } else {
            format!("  nodes {list}")
        }
    };
    let line = format!(
        "  {:<22} {:<18} gateway {:<15}{ips}",
        s.name(),
        s.cidr.to_string(),
        or_dash(s.gateway)
    );
    let _ = writeln!(out, "{}", line.trim_end());
}

/// The layout's addresses: gateway, API, DNS, load balancers, NAT router, default route and
/// the pod blocks in use.
fn addresses(out: &mut String, report: &Report) {
    let layout = &report.layout;
    let _ = writeln!(
        out,
        "  network gateway {} · API {} · DNS {} · load balancer {} · ingress load balancer {}",
        or_dash(layout.network_gateway),
        or_dash(layout.api_ip),
        or_dash(layout.dns_ip),
        lb(layout.load_balancer_subnet, layout.load_balancer_ip),
        match layout.ingress_lb {
            IngressLb::Ccm | IngressLb::TerraformLbCcmNetwork =>
                "attached by the cloud controller, IP chosen by Hetzner".into(),
            IngressLb::TerraformLbNotAttached => "not on the private network".into(),
            IngressLb::None | IngressLb::Terraform =>
                lb(layout.ingress_lb_subnet, layout.ingress_lb_ip),
        },
    );
    if !layout.nat_router_ips.is_empty() {
        let routers = layout
            .nat_router_ips
            .iter()
            .map(|ip| ip.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "  NAT router {routers} · route 0.0.0.0/0 via {}",
            or_dash(layout.nat_gateway_ip)
        );
    }
    if let Some(route) = layout.default_route {
        let _ = writeln!(out, "  nodes' private default route via {}", route.via);
    }
    if let (Some(first), Some(last)) = (layout.pod_blocks.first(), layout.pod_blocks.last()) {
        let _ = writeln!(
            out,
            "  pod blocks {first} … {last} ({} planned of {})",
            layout.planned_nodes,
            or_dash(report.capacity.pod_blocks)
        );
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
