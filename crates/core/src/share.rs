//! The plan as a URL fragment: readable, hand-editable, and safe to decode from anyone.
//!
//! `network_ipv4_cidr=10.20.0.0/16&cluster_ipv4_cidr=…&control_planes=1,1,1&agents=2,1`,
//! with kube-hetzner's names for the four main values and the CLI's for the rest.

use std::fmt;
use std::str::FromStr;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use crate::plan::{AgentPool, Plan};

/// Fragments longer than this are cut before decoding.
pub const MAX_FRAGMENT: usize = 4096;
/// Nodepools of one kind kept from a fragment (Hetzner allows 50 subnets in all).
pub const MAX_POOLS: usize = 50;
/// Largest node count taken for one pool, the autoscaler or the what-if count.
pub const MAX_NODES: u32 = 10_000;
/// Longest value kept for a text field.
const MAX_TEXT: usize = 64;

/// What a fragment value may hold unescaped: everything but separators and blanks.
const ESCAPE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'=')
    .add(b'<')
    .add(b'>')
    .add(b'`');

/// Something in a fragment that was not used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    /// The key as written (shortened).
    pub key: String,
    /// Why it was not used.
    pub reason: String,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

/// How the page is shown, from the fragment's `embed`, `readonly`, `transparent` and
/// `inputs` keys; not part of the plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// The compact layout for an iframe in documentation.
    pub embed: bool,
    /// A fixed plan: nothing to edit.
    pub readonly: bool,
    /// No page background, for docs with their own.
    pub transparent: bool,
    /// In an embed, show the inputs too.
    pub inputs: bool,
}

impl View {
    /// The fragment keys for this view, `&`-prefixed, empty for the full page.
    pub fn suffix(self) -> String {
        [
            ("embed", self.embed),
            ("readonly", self.readonly),
            ("transparent", self.transparent),
            ("inputs", self.inputs),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(key, _)| format!("&{key}=1"))
        .collect()
    }
}

/// A decoded fragment: the plan (defaults where the fragment says nothing usable), how to
/// show it, and what was ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The plan.
    pub plan: Plan,
    /// How to show it.
    pub view: View,
    /// Keys or values that were not used.
    pub ignored: Vec<Ignored>,
}

fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_string(),
    }
}

fn escape(value: &str) -> String {
    utf8_percent_encode(value, ESCAPE).to_string()
}

/// Encodes a plan: the four main values and the nodepools always, the rest when not default.
pub fn encode(plan: &Plan) -> String {
    let defaults = Plan::default();
    let list =
        |xs: &mut dyn Iterator<Item = u32>| xs.map(|n| n.to_string()).collect::<Vec<_>>().join(",");
    let mut pairs: Vec<(&str, String)> = vec![
        ("network_ipv4_cidr", escape(&plan.network_ipv4_cidr)),
        ("cluster_ipv4_cidr", escape(&plan.cluster_ipv4_cidr)),
        ("service_ipv4_cidr", escape(&plan.service_ipv4_cidr)),
    ];
    if !plan.cluster_dns_ipv4.is_empty() {
        pairs.push(("cluster_dns_ipv4", escape(&plan.cluster_dns_ipv4)));
    }
    pairs.push((
        "control_planes",
        list(&mut plan.control_planes.iter().copied()),
    ));
    pairs.push(("agents", list(&mut plan.agents.iter().map(|a| a.nodes))));
    // The rest only where it differs from the default: `text` reads one setting from a plan.
    let mut differ = |key: &'static str, text: fn(&Plan) -> String| {
        let value = text(plan);
        if value != text(&defaults) {
            pairs.push((key, value));
        }
    };
    differ("autoscaler_max", |p| p.autoscaler_max_nodes.to_string());
    differ("module_version", |p| p.module_version.to_string());
    differ("subnet_count", |p| p.subnet_count.to_string());
    differ("subnet_mode", |p| p.subnet_mode.to_string());
    differ("nat_router", |p| p.nat_router.to_string());
    differ("nat_router_index", |p| {
        p.nat_router_subnet_index.to_string()
    });
    differ("vswitch", |p| p.vswitch.to_string());
    differ("vswitch_index", |p| p.vswitch_subnet_index.to_string());
    differ("node_mask", |p| p.node_mask.to_string());
    differ("cni", |p| p.cni.to_string());
    differ("routes", |p| p.routes.to_string());
    differ("tailscale", |p| p.tailscale.to_string());
    differ("control_plane_lb", |p| p.control_plane_lb.to_string());
    if let Some(nodes) = plan.nodes {
        pairs.push(("nodes", nodes.to_string()));
    }
    pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Applies a parsed value; nothing to note when it parsed.
fn set<T>(parsed: Result<T, String>, apply: impl FnOnce(T)) -> Result<Option<String>, String> {
    parsed.map(|value| {
        apply(value);
        None
    })
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Ok(true),
        "false" | "0" | "off" | "no" => Ok(false),
        _ => Err("expected true or false".into()),
    }
}

fn parse_count(value: &str) -> Result<u32, String> {
    let n: u32 = value
        .trim()
        .parse()
        .map_err(|_| format!("expected a whole number from 0 to {MAX_NODES}"))?;
    if n > MAX_NODES {
        return Err(format!("more than {MAX_NODES}"));
    }
    Ok(n)
}

fn parse_number<T: FromStr>(value: &str, what: &str) -> Result<T, String> {
    value.trim().parse().map_err(|_| format!("expected {what}"))
}

fn parse_pools(value: &str) -> Result<(Vec<u32>, Option<String>), String> {
    if value.trim().is_empty() {
        return Ok((Vec::new(), None));
    }
    let items: Vec<&str> = value.split(',').collect();
    let cut = (items.len() > MAX_POOLS).then(|| {
        format!(
            "only the first {MAX_POOLS} of {} nodepools kept",
            items.len()
        )
    });
    let counts = items
        .iter()
        .take(MAX_POOLS)
        .map(|n| parse_count(n))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((counts, cut))
}

fn parse_text(value: &str) -> Result<String, String> {
    if value.chars().count() > MAX_TEXT {
        return Err(format!("longer than {MAX_TEXT} characters"));
    }
    Ok(value.to_string())
}

fn parse_choice<T: FromStr>(value: &str) -> Result<T, String>
where
    T::Err: fmt::Display,
{
    value.parse().map_err(|e: T::Err| e.to_string())
}

/// Decodes a fragment (with or without its `#`). Never fails: what it cannot use it
/// lists in [`Decoded::ignored`] and leaves at the default.
pub fn decode(fragment: &str) -> Decoded {
    let mut plan = Plan::default();
    let mut view = View::default();
    let mut ignored = Vec::new();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let fragment = if fragment.len() > MAX_FRAGMENT {
        ignored.push(Ignored {
            key: "(link)".into(),
            reason: format!("longer than {MAX_FRAGMENT} characters; the rest was cut"),
        });
        let mut cut = MAX_FRAGMENT;
        while !fragment.is_char_boundary(cut) {
            cut -= 1;
        }
        fragment.get(..cut).unwrap_or_default()
    } else {
        fragment
    };
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode_str(raw_key).decode_utf8_lossy();
        let value = percent_decode_str(raw_value).decode_utf8_lossy();
        let value = value.as_ref();
        let result: Result<Option<String>, String> = match key.as_ref() {
            "network_ipv4_cidr" => set(parse_text(value), |v| plan.network_ipv4_cidr = v),
            "cluster_ipv4_cidr" => set(parse_text(value), |v| plan.cluster_ipv4_cidr = v),
            "service_ipv4_cidr" => set(parse_text(value), |v| plan.service_ipv4_cidr = v),
            "cluster_dns_ipv4" => set(parse_text(value), |v| plan.cluster_dns_ipv4 = v),
            "control_planes" => parse_pools(value).map(|(v, cut)| {
                plan.control_planes = v;
                cut
            }),
            "agents" => parse_pools(value).map(|(v, cut)| {
                plan.agents = v.into_iter().map(AgentPool::new).collect();
                cut
            }),
            "autoscaler_max" => set(parse_count(value), |v| plan.autoscaler_max_nodes = v),
            "module_version" => set(parse_choice(value), |v| plan.module_version = v),
            "subnet_count" => set(parse_number(value, "a whole number"), |v| {
                plan.subnet_count = v
            }),
            "subnet_mode" => set(parse_choice(value), |v| plan.subnet_mode = v),
            "nat_router" => set(parse_choice(value), |v| plan.nat_router = v),
            "nat_router_index" => set(parse_number(value, "a subnet index"), |v| {
                plan.nat_router_subnet_index = v
            }),
            "vswitch" => set(parse_bool(value), |v| plan.vswitch = v),
            "vswitch_index" => set(parse_number(value, "a subnet index"), |v| {
                plan.vswitch_subnet_index = v
            }),
            "node_mask" => set(parse_number(value, "a prefix length"), |v| {
                plan.node_mask = v
            }),
            "cni" => set(parse_choice(value), |v| plan.cni = v),
            "routes" => set(parse_bool(value), |v| plan.routes = v),
            "tailscale" => set(parse_bool(value), |v| plan.tailscale = v),
            "control_plane_lb" => set(parse_bool(value), |v| plan.control_plane_lb = v),
            "nodes" => set(parse_count(value), |v| plan.nodes = Some(v)),
            "embed" => set(parse_bool(value), |v| view.embed = v),
            "readonly" => set(parse_bool(value), |v| view.readonly = v),
            "transparent" => set(parse_bool(value), |v| view.transparent = v),
            "inputs" => set(parse_bool(value), |v| view.inputs = v),
            _ => Err("unknown key".into()),
        };
        let note = match result {
            Ok(None) => continue,
            Ok(Some(note)) => note,
            Err(reason) => format!(
                "{reason}; {}",
                if key.as_ref().is_empty() {
                    "skipped"
                } else {
                    "default kept"
                }
            ),
        };
        ignored.push(Ignored {
            key: shorten(&key, 32),
            reason: note,
        });
    }
    Decoded {
        plan,
        view,
        ignored,
    }
}
