//! Every plan setting, defined once: its link key, CLI flag, kube-hetzner variable, the
//! releases that have it, and how it reads and writes a plan. Links, exports, the command
//! line and the page all go through this table.

use std::fmt;
use std::str::FromStr;

use crate::model::{AgentPool, Field, NatRouter, Plan};
use crate::model::{Era, Key, Release};
use crate::text::{w, Text};

/// Nodepools of one kind a plan takes: as many as any release splits a network into (256),
/// so every pool a plan asks for is counted against Hetzner's 50 subnets.
pub const MAX_POOLS: usize = 256;
/// Largest node count taken for one pool, the autoscaler or the what-if count.
pub const MAX_NODES: u32 = 10_000;
/// The largest file (or pasted text) read as a configuration or its variables: a kube.tf is
/// tens of kilobytes (the module's own example, every option commented, is 103 KB), and
/// the parser holds about 250 bytes for each byte of the most crowded text.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Longest value kept for a text setting.
pub const MAX_TEXT: usize = 64;

/// How a setting is given on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `--flag VALUE`.
    Value,
    /// `--flag VALUE`, repeatable; the values are joined with commas.
    Repeated,
    /// A bare `--flag` that sets this value.
    Switch(&'static str),
    /// `--flag` sets the first value, `--flag=VALUE` another.
    OptionalValue(&'static str),
}

/// Where a setting is stated even at its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Always {
    /// Only where it differs from the default.
    No,
    /// In links (so a link reads like the plan), not in command lines.
    Link,
    /// In links and command lines: the three ranges.
    Everywhere,
}

/// How a setting is written in `kube.tf`.
#[derive(Clone, Copy)]
pub enum Hcl {
    /// Not a variable of the module (CNI mode, what-if count, ...).
    None,
    /// A quoted string.
    Text,
    /// A number or a boolean, as is.
    Bare,
    /// Written by its own function, for the release's era.
    Custom(fn(&Plan, Era) -> Option<String>),
}

/// One setting of a plan.
pub struct Setting {
    /// The key in links (`key=value`).
    pub key: Key,
    /// The command-line flag, without `--`.
    pub flag: &'static str,
    /// What the value is, for help: `CIDR`, `N`, ...
    pub value_name: &'static str,
    /// How the flag takes its value.
    pub kind: Kind,
    /// Where it is stated even at its default value (elsewhere only when not the default).
    pub always: Always,
    /// Applied after the others when decoding (it refers to them).
    pub late: bool,
    /// kube-hetzner's variable in a release era, where it is one.
    pub variable: fn(Era) -> Option<&'static str>,
    /// How `kube.tf` writes it.
    pub hcl: Hcl,
    /// The first release that has the plan's value of it (`None`: every release).
    pub since: fn(&Plan) -> Option<Release>,
    /// The plan's value, as text.
    pub get: fn(&Plan) -> String,
    /// Sets the plan's value from text; `Ok(Some(note))` when only part was kept.
    pub set: fn(&mut Plan, &str) -> Result<Option<Text>, Text>,
}

/// A field's kube-hetzner variable in a release: `subnet_amount` before 3.0.0 and
/// `subnet_count` from it, `enable_control_plane_load_balancer` from 3.0.0. A field that is
/// not one of the module's variables keeps its own name.
///
/// # Examples
///
/// ```
/// use khcidr_core::{settings::variable, Era, Field};
///
/// assert_eq!(variable(Field::SubnetCount, Era::V2_19_0), "subnet_amount");
/// assert_eq!(variable(Field::SubnetCount, Era::V3_0_1), "subnet_count");
/// assert_eq!(variable(Field::AgentSubnetRange(2), Era::V3_0_1), "agent_nodepools[2].subnet_ip_range");
/// ```
pub fn variable(field: Field, era: Era) -> String {
    let release_name = Setting::of(field.key()).and_then(|s| (s.variable)(era));
    match (field, release_name) {
        (Field::AgentSubnetRange(_), _) | (_, None) => field.to_string(),
        (_, Some(name)) => name.to_string(),
    }
}

/// The module's defaults, built once: every check asks each setting whether it is set.
fn defaults() -> &'static Plan {
    static DEFAULTS: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    DEFAULTS.get_or_init(Plan::default)
}

impl fmt::Debug for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Setting").field("key", &self.key).finish()
    }
}

impl Setting {
    /// The setting with this link key.
    pub fn by_key(key: &str) -> Option<&'static Setting> {
        Key::parse(key).and_then(Setting::of)
    }

    /// The setting of a key.
    pub fn of(key: Key) -> Option<&'static Setting> {
        SETTINGS.iter().find(|s| s.key == key)
    }

    /// Whether the plan's value differs from the default plan's.
    pub fn is_set(&self, plan: &Plan) -> bool {
        (self.get)(plan) != (self.get)(defaults())
    }

    /// The first release that has the plan's (non-default) value, when the plan's release
    /// is older.
    pub fn missing_in(&self, plan: &Plan) -> Option<Release> {
        // The release first: most plans are on one that has every setting, and whether a
        // setting is set compares its value as text.
        self.lacking_in(plan).filter(|_| self.is_set(plan))
    }

    /// The first release that has the plan's value, set or not, when the plan's release is
    /// older: writing it at all (even at its default) is then an error.
    pub fn lacking_in(&self, plan: &Plan) -> Option<Release> {
        let first = (self.since)(plan)?;
        (plan.module_version < first).then_some(first)
    }

    /// The `kube.tf` line for the plan's value, where it differs from the module's default
    /// and the release has the variable.
    pub fn kube_tf(&self, plan: &Plan) -> Option<String> {
        let era = plan.module_version.era();
        if !self.is_set(plan) || self.missing_in(plan).is_some() {
            return None;
        }
        let value = (self.get)(plan);
        match self.hcl {
            Hcl::None => None,
            Hcl::Text => Some(format!(
                "{} = \"{}\"",
                (self.variable)(era)?,
                value.trim().replace('\\', "\\\\").replace('"', "\\\"")
            )),
            Hcl::Bare => Some(format!("{} = {value}", (self.variable)(era)?)),
            Hcl::Custom(line) => line(plan, era),
        }
    }
}

/// The plan with a fix's changes applied, each through its setting; a change that does not
/// apply (it never should) leaves that setting as it was.
pub fn apply(plan: &Plan, changes: &[crate::model::Change]) -> Plan {
    let mut next = plan.clone();
    for change in changes {
        if let Some(setting) = Setting::of(change.setting) {
            let mut tried = next.clone();
            if (setting.set)(&mut tried, &change.value).is_ok() {
                next = tried;
            }
        }
    }
    next
}

fn done<T>(result: Result<T, Text>, apply: impl FnOnce(T)) -> Result<Option<Text>, Text> {
    result.map(|value| {
        apply(value);
        None
    })
}

/// A value as a user pastes it: one line of `kube.tf` (`network_ipv4_cidr = "10.0.0.0/8"`,
/// as khcidr's own export writes it), a quoted value, a flag (`--network=10.0.0.0/8`) or a
/// link item reads as the bare value. Anything else is returned as it is, trimmed.
///
/// ```
/// use khcidr_core::settings::pasted;
/// assert_eq!(pasted(r#"network_ipv4_cidr = "10.0.0.0/8""#), "10.0.0.0/8");
/// assert_eq!(pasted(r#"  "10.42.0.0/16","#), "10.42.0.0/16");
/// assert_eq!(pasted("--service=10.43.0.0/16"), "10.43.0.0/16");
/// assert_eq!(pasted("10.0.0."), "10.0.0.");
/// assert_eq!(pasted("\""), "\"", "half a quote is still being typed");
/// ```
pub fn pasted(value: &str) -> &str {
    let mut value = value.trim();
    if let Some((name, rest)) = value.split_once('=') {
        let is_name = !name.trim().is_empty()
            && name
                .trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if is_name && !rest.trim().is_empty() {
            value = rest.trim();
        }
    }
    value = value.strip_suffix(',').unwrap_or(value).trim_end();
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner.trim();
        }
    }
    value
}

fn text(value: &str) -> Result<String, Text> {
    if value.chars().count() > MAX_TEXT {
        return Err(t!("longer than {0} characters", MAX_TEXT));
    }
    Ok(value.to_string())
}

fn count(value: &str) -> Result<u32, Text> {
    let value = value.trim();
    let n: u32 = value.parse().map_err(|_| {
        t!(
            "\"{0}\" is not a node count; expected a whole number from 0 to {1}",
            value.chars().take(12).collect::<String>(),
            MAX_NODES
        )
    })?;
    if n > MAX_NODES {
        return Err(t!("{0} is more than {1}", n, MAX_NODES));
    }
    Ok(n)
}

/// `what` is marked for translation where it is given (`w("a subnet index")`).
fn number<T: FromStr>(value: &str, what: &'static str) -> Result<T, Text> {
    value
        .trim()
        .parse()
        .map_err(|_| t!("expected {0}", &Text::plain(what)))
}

pub(crate) fn boolean(value: &str) -> Result<bool, Text> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Ok(true),
        "false" | "0" | "off" | "no" => Ok(false),
        _ => Err(t!("expected true or false")),
    }
}

/// A value that may be left unsaid: empty text is `None`, anything else as `parse` reads it.
fn optional<T>(value: &str, parse: fn(&str) -> Result<T, Text>) -> Result<Option<T>, Text> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse(value).map(Some)
}

fn choice<T: FromStr>(value: &str) -> Result<T, Text>
where
    T::Err: Into<Text>,
{
    value.parse().map_err(Into::into)
}

/// Node counts per pool: `1,2`, `1, 2`; empty for no pools.
fn pools(value: &str) -> Result<(Vec<u32>, Option<Text>), Text> {
    if value.trim().is_empty() {
        return Ok((Vec::new(), None));
    }
    let items: Vec<&str> = value.split(',').collect();
    let cut = (items.len() > MAX_POOLS).then(|| {
        t!(
            "only the first {0} of {1} nodepools kept",
            MAX_POOLS,
            items.len()
        )
    });
    let mut capped = 0;
    let counts = items
        .iter()
        .take(MAX_POOLS)
        .map(|n| match n.trim().parse::<u64>() {
            // A count past what is checked is kept as the most that is, said once.
            Ok(big) if big > u64::from(MAX_NODES) => {
                capped += 1;
                Ok(MAX_NODES)
            }
            _ => count(n),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let capped = (capped > 0).then(|| {
        t!(
            "{0} nodepool count(s) above {1} checked as {1}",
            capped,
            MAX_NODES
        )
    });
    let note = match (cut, capped) {
        (Some(a), Some(b)) => Some(Text::join(vec![a, b], "{0}; {1}")),
        (a, b) => a.or(b),
    };
    Ok((counts, note))
}

fn list(counts: impl Iterator<Item = u32>) -> String {
    counts.map(|n| n.to_string()).collect::<Vec<_>>().join(",")
}

/// `K=CIDR` pairs: agent pool `K`'s own `subnet_ip_range`.
fn agent_subnets(plan: &mut Plan, value: &str) -> Result<Option<Text>, Text> {
    for pool in &mut plan.agents {
        pool.subnet_ip_range = None;
    }
    for pair in value.split(',').filter(|p| !p.trim().is_empty()) {
        let (k, range) = pair.split_once('=').ok_or_else(|| {
            t!(
                "{0}: expected POOL=CIDR, e.g. 1=10.100.0.0/16",
                crate::util::quote(pair)
            )
        })?;
        let k: usize = number(k, w("an agent pool number from 0"))?;
        let pool = agent(plan, k)?;
        pool.subnet_ip_range = Some(text(range.trim())?);
    }
    Ok(None)
}

/// The most characters a nodepool's name keeps (kube-hetzner's names become server names,
/// at most 63 characters with their prefix).
pub const MAX_POOL_NAME: usize = 63;

/// Whether a nodepool name can be shown and carried in a link: letters, digits, `-` and
/// `_`, at most [`MAX_POOL_NAME`] (empty is no name).
pub fn is_pool_name(name: &str) -> bool {
    name.chars().count() <= MAX_POOL_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Nodepools' names by position, comma-separated; an empty entry is a pool without one.
/// Letters, digits, `-` and `_` only: the names are shown, in the link too.
fn pool_names(v: &str) -> Result<Vec<String>, Text> {
    let mut names: Vec<String> = v.split(',').map(|n| n.trim().to_string()).collect();
    if names.len() > MAX_POOLS {
        return Err(t!("more than {0} names", MAX_POOLS));
    }
    if let Some(bad) = names.iter().find(|n| !is_pool_name(n)) {
        return Err(t!(
            "\"{0}\" is not a nodepool name (letters, digits, - and _, at most {1})",
            bad,
            MAX_POOL_NAME
        ));
    }
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    Ok(names)
}

/// `K=N/N/N` items: agent pool `K` is a `nodes` map with these keys.
fn agent_keys(plan: &mut Plan, value: &str) -> Result<Option<Text>, Text> {
    for pair in value.split(',').filter(|p| !p.trim().is_empty()) {
        let (k, keys) = pair.split_once('=').ok_or_else(|| {
            t!(
                "{0}: expected POOL=KEY/KEY, e.g. 0=0/1/5",
                crate::util::quote(pair)
            )
        })?;
        let k: usize = number(k, w("an agent pool number from 0"))?;
        let keys = keys
            .split('/')
            .map(|n| number::<u32>(n, w("node keys: whole numbers")))
            .collect::<Result<Vec<_>, _>>()?;
        // The same limit as a pool's count: a map of keys is no way around it.
        if keys.len() > MAX_NODES as usize {
            return Err(t!(
                "{0} node keys in agent pool {1} is more than {2}",
                keys.len(),
                k,
                MAX_NODES
            ));
        }
        let pool = agent(plan, k)?;
        let range = pool.subnet_ip_range.take();
        *pool = AgentPool::keyed(keys);
        pool.subnet_ip_range = range;
    }
    Ok(None)
}

/// Agent pool `k` of the plan, to change.
fn agent(plan: &mut Plan, k: usize) -> Result<&mut AgentPool, Text> {
    let pools = plan.agents.len();
    plan.agents
        .get_mut(k)
        .ok_or_else(|| t!("agent pool {0} does not exist; the plan has {1}", k, pools))
}

fn always(_: &Plan) -> Option<Release> {
    None
}

fn not_a_variable(_: Era) -> Option<&'static str> {
    None
}

/// What most settings share: given as `--flag VALUE`, stated only when not the default,
/// not a module variable, in every release. Each entry below names what differs.
const BASE: Setting = Setting {
    key: Key::Network,
    flag: "",
    value_name: "",
    kind: Kind::Value,
    always: Always::No,
    late: false,
    variable: not_a_variable,
    hcl: Hcl::None,
    since: always,
    get: |_| String::new(),
    set: |_, _| Ok(None),
};

/// A setting's one line of help, for the command line's `--help` (kept out of the
/// settings table so that the page, which never shows it, does not carry it).
pub fn help(key: Key) -> &'static str {
    match key {
        Key::Network => "network_ipv4_cidr: the Hetzner private network",
        Key::Cluster => "cluster_ipv4_cidr: the pod range",
        Key::Service => "service_ipv4_cidr: the ClusterIP range (from 2.4.0)",
        Key::Dns => "cluster_dns_ipv4: the CoreDNS IP (from 2.9.2) [default: as the release derives it]",
        Key::ControlPlanes => "control_plane_nodepools: nodes per pool, comma-separated",
        Key::Agents => "agent_nodepools: nodes per pool, comma-separated; --agents= for none",
        Key::AgentSubnets => "agent_nodepools[POOL].subnet_ip_range: an agent pool's own subnet (from 2.19.0), repeatable",
        Key::AgentKeys => "agent_nodepools[POOL].nodes: a pool defined by a nodes map, by its keys (from 2.13.0), repeatable",
        Key::ControlPlaneNames => "control_plane_nodepools[*].name: the pools' names, comma-separated, by position (shown, never used for an address)",
        Key::AgentNames => "agent_nodepools[*].name: the pools' names, comma-separated, by position (shown, never used for an address)",
        Key::AutoscalerMax => "autoscaler_nodepools: the autoscaler's maximum node count, all pools together",
        Key::ModuleVersion => "the module's version: a release (2.18.4), a major (v2) or a constraint (\"~> 2.18\") [default: the newest release]",
        Key::TerraformVersion => "the Terraform version that runs the module: before 1.12, && and || evaluate both sides, and some releases' null checks fail [default: not said: a notice where it matters]",
        Key::UpgradeTo => "what-if: compare with this release, as for an upgrade (with a kube.tf, from the file's release): what moves, and what applying it does",
        Key::SubnetCount => "subnet_amount (from 2.19.0), subnet_count from 3.0.0: how many equal subnets the network is cut into",
        Key::SubnetMode => "network_subnet_mode (from 3.0.0): per_nodepool or shared",
        Key::NatRouter => "nat_router: one NAT router (from 2.18.0); --nat-router=redundant for a pair (from 2.19.2)",
        Key::NatRouterIndex => "nat_router_subnet_index (from 2.18.1)",
        Key::Vswitch => "vswitch_id: couple a Robot vSwitch (from 2.19.0)",
        Key::VswitchIndex => "vswitch_subnet_index (from 2.19.0)",
        Key::NodeMask => "node-cidr-mask-size: the prefix length of each node's pod block",
        Key::Cni => "the CNI and its routing mode: flannel, cilium-tunnel, cilium-native or calico",
        Key::Routes => "the Hetzner cloud controller creates no routes",
        Key::Tailscale => "nodes talk over Tailscale (reserves 100.64.0.0/10)",
        Key::ControlPlaneLb => "use_control_plane_lb (enable_control_plane_load_balancer in 3.x): the control-plane load balancer",
        Key::IngressController => "ingress_controller: traefik, nginx, haproxy (from 2.14.1), none or custom (3.x); any but none gets an ingress load balancer",
        Key::KlipperMetalLb => "enable_klipper_metal_lb: klipper serves load balancers, no ingress load balancer",
        Key::DisableIpv4 => "a nodepool's disable_ipv4 (enable_public_ipv4 = false in 3.x, from 2.17.1): nodes whose IPv4 way out is the private default route",
        Key::AutoscalerDisableIpv4 => "autoscaler_disable_ipv4 (autoscaler_enable_public_ipv4 = false in 3.x, from 2.17.2): autoscaled nodes without a public IPv4",
        Key::Nodes => "what-if: check as if this many nodes had joined [default: the nodepools' sum]",
    }
}

/// Every setting, in the order links, help and exports list them.
pub static SETTINGS: &[Setting] = &[
    Setting {
        key: Key::Network,
        flag: "network",
        value_name: "CIDR",
        always: Always::Everywhere,
        variable: |_| Some("network_ipv4_cidr"),
        hcl: Hcl::Text,
        get: |p| p.network_ipv4_cidr.clone(),
        set: |p, v| done(text(v), |v| p.network_ipv4_cidr = v),
        ..BASE
    },
    Setting {
        key: Key::Cluster,
        flag: "cluster",
        value_name: "CIDR",
        always: Always::Everywhere,
        variable: |_| Some("cluster_ipv4_cidr"),
        hcl: Hcl::Text,
        get: |p| p.cluster_ipv4_cidr.clone(),
        set: |p, v| done(text(v), |v| p.cluster_ipv4_cidr = v),
        ..BASE
    },
    Setting {
        key: Key::Service,
        flag: "service",
        value_name: "CIDR",
        always: Always::Everywhere,
        variable: |_| Some("service_ipv4_cidr"),
        hcl: Hcl::Text,
        since: |_| Some(Release::new(2, 4, 0)),
        get: |p| p.service_ipv4_cidr.clone(),
        set: |p, v| done(text(v), |v| p.service_ipv4_cidr = v),
        ..BASE
    },
    Setting {
        key: Key::Dns,
        flag: "dns",
        value_name: "IP",
        variable: |_| Some("cluster_dns_ipv4"),
        hcl: Hcl::Text,
        since: |_| Some(Release::new(2, 9, 2)),
        get: |p| p.cluster_dns_ipv4.clone(),
        set: |p, v| done(text(v), |v| p.cluster_dns_ipv4 = v),
        ..BASE
    },
    Setting {
        key: Key::ControlPlanes,
        flag: "control-planes",
        value_name: "N,N,..",
        always: Always::Link,
        variable: |_| Some("control_plane_nodepools"),
        get: |p| list(p.control_planes.iter().copied()),
        set: |p, v| {
            pools(v).map(|(counts, cut)| {
                p.control_planes = counts;
                cut
            })
        },
        ..BASE
    },
    Setting {
        key: Key::Agents,
        flag: "agents",
        value_name: "N,N,..",
        always: Always::Link,
        variable: |_| Some("agent_nodepools"),
        get: |p| list(p.agents.iter().map(|a| a.count())),
        set: |p, v| {
            pools(v).map(|(counts, cut)| {
                // Keep each remaining pool's own subnet.
                let old = std::mem::take(&mut p.agents);
                p.agents = counts
                    .into_iter()
                    .enumerate()
                    .map(|(k, nodes)| {
                        let old = old.get(k);
                        AgentPool {
                            nodes,
                            subnet_ip_range: old.and_then(|a| a.subnet_ip_range.clone()),
                            // A map's keys stay while its size is unchanged.
                            keys: old
                                .filter(|a| a.count() == nodes)
                                .map(|a| a.keys.clone())
                                .unwrap_or_default(),
                        }
                    })
                    .collect();
                cut
            })
        },
        ..BASE
    },
    Setting {
        key: Key::AgentSubnets,
        flag: "agent-subnet",
        value_name: "POOL=CIDR",
        kind: Kind::Repeated,
        late: true,
        hcl: Hcl::Custom(|p, _| {
            let lines: Vec<String> = p
                .agents
                .iter()
                .enumerate()
                .filter_map(|(k, a)| {
                    Some(format!(
                        "# agent_nodepools[{k}]: subnet_ip_range = \"{}\"",
                        a.subnet_ip_range.as_ref()?
                    ))
                })
                .collect();
            (!lines.is_empty()).then(|| lines.join("\n"))
        }),
        since: |_| Some(Release::new(2, 19, 0)),
        get: |p| {
            p.agents
                .iter()
                .enumerate()
                .filter_map(|(k, a)| Some(format!("{k}={}", a.subnet_ip_range.as_ref()?)))
                .collect::<Vec<_>>()
                .join(",")
        },
        set: agent_subnets,
        ..BASE
    },
    Setting {
        key: Key::AgentKeys,
        flag: "agent-keys",
        value_name: "POOL=K/K/..",
        kind: Kind::Repeated,
        late: true,
        since: |_| Some(Release::new(2, 13, 0)),
        get: |p| {
            p.agents
                .iter()
                .enumerate()
                .filter(|(_, a)| !a.keys.is_empty())
                .map(|(k, a)| {
                    format!(
                        "{k}={}",
                        a.keys
                            .iter()
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                            .join("/")
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        },
        set: agent_keys,
        ..BASE
    },
    Setting {
        key: Key::ControlPlaneNames,
        flag: "control-plane-names",
        value_name: "NAME,NAME,..",
        get: |p| p.control_plane_names.join(","),
        set: |p, v| done(pool_names(v), |v| p.control_plane_names = v),
        ..BASE
    },
    Setting {
        key: Key::AgentNames,
        flag: "agent-names",
        value_name: "NAME,NAME,..",
        get: |p| p.agent_names.join(","),
        set: |p, v| done(pool_names(v), |v| p.agent_names = v),
        ..BASE
    },
    Setting {
        key: Key::AutoscalerMax,
        flag: "autoscaler-max",
        value_name: "N",
        variable: |_| Some("autoscaler_nodepools"),
        get: |p| p.autoscaler_max_nodes.to_string(),
        set: |p, v| done(count(v), |v| p.autoscaler_max_nodes = v),
        ..BASE
    },
    Setting {
        key: Key::ModuleVersion,
        flag: "module-version",
        value_name: "VERSION",
        variable: |_| Some("version"),
        hcl: Hcl::Custom(|p, _| {
            Some(format!(
                "# in the module block: version = \"{}\"",
                p.module_version.asked()
            ))
        }),
        get: |p| p.module_version.asked(),
        set: |p, v| done(choice::<Release>(v), |v| p.module_version = v),
        ..BASE
    },
    Setting {
        key: Key::TerraformVersion,
        flag: "terraform-version",
        value_name: "X.Y.Z",
        get: |p| p.terraform.map(|v| v.to_string()).unwrap_or_default(),
        set: |p, v| done(optional(v, choice), |v| p.terraform = v),
        ..BASE
    },
    Setting {
        key: Key::UpgradeTo,
        flag: "upgrade-to",
        value_name: "VERSION",
        get: |p| {
            p.upgrade_to
                .as_ref()
                .map(Release::asked)
                .unwrap_or_default()
        },
        set: |p, v| done(optional(v, choice), |v| p.upgrade_to = v),
        ..BASE
    },
    Setting {
        key: Key::SubnetCount,
        flag: "subnet-count",
        value_name: "N",
        variable: |era| {
            Some(if era >= Era::V3_0_0 {
                "subnet_count"
            } else {
                "subnet_amount"
            })
        },
        hcl: Hcl::Bare,
        since: |_| Some(Release::new(2, 19, 0)),
        get: |p| p.subnet_count.to_string(),
        set: |p, v| done(number(v, w("a whole number")), |v| p.subnet_count = v),
        ..BASE
    },
    Setting {
        key: Key::SubnetMode,
        flag: "subnet-mode",
        value_name: "MODE",
        variable: |_| Some("network_subnet_mode"),
        hcl: Hcl::Custom(|p, _| {
            Some(format!(
                "network_subnet_mode = \"{}\"",
                p.subnet_mode.as_str().replace('-', "_")
            ))
        }),
        since: |_| Some(Release::new(3, 0, 0)),
        get: |p| p.subnet_mode.to_string(),
        set: |p, v| done(choice(v), |v| p.subnet_mode = v),
        ..BASE
    },
    Setting {
        key: Key::NatRouter,
        flag: "nat-router",
        value_name: "KIND",
        kind: Kind::OptionalValue("on"),
        variable: |_| Some("nat_router"),
        hcl: Hcl::Custom(|p, era| {
            let redundancy = if p.nat_router == NatRouter::Redundant && era >= Era::V2_19_2 {
                ", enable_redundancy = true, standby_location = \"...\""
            } else {
                ""
            };
            (p.nat_router != NatRouter::Off).then(|| {
                format!("nat_router = {{ server_type = \"...\", location = \"...\"{redundancy} }}")
            })
        }),
        since: |p| {
            Some(if p.nat_router == NatRouter::Redundant {
                Release::new(2, 19, 2)
            } else {
                Release::new(2, 18, 0)
            })
        },
        get: |p| p.nat_router.to_string(),
        set: |p, v| done(choice(v), |v| p.nat_router = v),
        ..BASE
    },
    Setting {
        key: Key::NatRouterIndex,
        flag: "nat-router-index",
        value_name: "N",
        variable: |_| Some("nat_router_subnet_index"),
        hcl: Hcl::Bare,
        since: |_| Some(Release::new(2, 18, 1)),
        get: |p| p.nat_router_subnet_index.to_string(),
        set: |p, v| {
            done(number(v, w("a subnet index")), |v| {
                p.nat_router_subnet_index = v
            })
        },
        ..BASE
    },
    Setting {
        key: Key::Vswitch,
        flag: "vswitch",
        value_name: "BOOL",
        kind: Kind::Switch("true"),
        variable: |_| Some("vswitch_id"),
        hcl: Hcl::Custom(|p, _| {
            p.vswitch
                .then(|| "vswitch_id = ... # your vSwitch's ID".to_string())
        }),
        since: |_| Some(Release::new(2, 19, 0)),
        get: |p| p.vswitch.to_string(),
        set: |p, v| done(boolean(v), |v| p.vswitch = v),
        ..BASE
    },
    Setting {
        key: Key::VswitchIndex,
        flag: "vswitch-index",
        value_name: "N",
        variable: |_| Some("vswitch_subnet_index"),
        hcl: Hcl::Bare,
        since: |_| Some(Release::new(2, 19, 0)),
        get: |p| p.vswitch_subnet_index.to_string(),
        set: |p, v| {
            done(number(v, w("a subnet index")), |v| {
                p.vswitch_subnet_index = v
            })
        },
        ..BASE
    },
    Setting {
        key: Key::NodeMask,
        flag: "node-mask",
        value_name: "N",
        hcl: Hcl::Custom(|p, _| {
            Some(format!(
            "# node pod blocks: pass --kube-controller-manager-arg=node-cidr-mask-size={} to the k3s servers",
            p.node_mask
        ))
        }),
        get: |p| p.node_mask.to_string(),
        set: |p, v| done(number(v, w("a prefix length")), |v| p.node_mask = v),
        ..BASE
    },
    Setting {
        key: Key::Cni,
        flag: "cni",
        value_name: "CNI",
        variable: |_| Some("cni_plugin"),
        get: |p| p.cni.to_string(),
        set: |p, v| done(choice(v), |v| p.cni = v),
        ..BASE
    },
    Setting {
        key: Key::Routes,
        flag: "no-routes",
        value_name: "BOOL",
        kind: Kind::Switch("false"),
        get: |p| p.routes.to_string(),
        set: |p, v| done(boolean(v), |v| p.routes = v),
        ..BASE
    },
    Setting {
        key: Key::Tailscale,
        flag: "tailscale",
        value_name: "BOOL",
        kind: Kind::Switch("true"),
        get: |p| p.tailscale.to_string(),
        set: |p, v| done(boolean(v), |v| p.tailscale = v),
        ..BASE
    },
    Setting {
        key: Key::ControlPlaneLb,
        flag: "control-plane-lb",
        value_name: "BOOL",
        kind: Kind::Switch("true"),
        variable: |era| {
            Some(if era >= Era::V3_0_0 {
                "enable_control_plane_load_balancer"
            } else {
                "use_control_plane_lb"
            })
        },
        hcl: Hcl::Bare,
        get: |p| p.control_plane_lb.to_string(),
        set: |p, v| done(boolean(v), |v| p.control_plane_lb = v),
        ..BASE
    },
    Setting {
        key: Key::IngressController,
        flag: "ingress-controller",
        value_name: "NAME",
        variable: |_| Some("ingress_controller"),
        hcl: Hcl::Text,
        since: |p| match p.ingress_controller {
            crate::model::IngressController::Haproxy => Some(Release::new(2, 14, 1)),
            crate::model::IngressController::Custom => Some(Release::new(3, 0, 0)),
            _ => None,
        },
        get: |p| p.ingress_controller.to_string(),
        set: |p, v| done(choice(v), |v| p.ingress_controller = v),
        ..BASE
    },
    Setting {
        key: Key::KlipperMetalLb,
        flag: "klipper-metal-lb",
        value_name: "BOOL",
        kind: Kind::Switch("true"),
        variable: |_| Some("enable_klipper_metal_lb"),
        hcl: Hcl::Bare,
        get: |p| p.klipper_metal_lb.to_string(),
        set: |p, v| done(boolean(v), |v| p.klipper_metal_lb = v),
        ..BASE
    },
    Setting {
        key: Key::DisableIpv4,
        flag: "disable-ipv4",
        value_name: "BOOL",
        kind: Kind::Switch("true"),
        // A nodepool's attribute (disable_ipv4, 3.x's enable_public_ipv4), not a variable:
        // read with the pools.
        since: |p| p.disable_ipv4.then(|| Release::new(2, 17, 1)),
        get: |p| p.disable_ipv4.to_string(),
        set: |p, v| done(boolean(v), |v| p.disable_ipv4 = v),
        ..BASE
    },
    Setting {
        key: Key::AutoscalerDisableIpv4,
        flag: "autoscaler-disable-ipv4",
        value_name: "BOOL",
        kind: Kind::Switch("true"),
        variable: |era| match era {
            e if e < Era::V2_17_2 => None,
            e if e < Era::V3_0_0 => Some("autoscaler_disable_ipv4"),
            _ => Some("autoscaler_enable_public_ipv4"),
        },
        hcl: Hcl::Custom(|p, era| {
            p.autoscaler_disable_ipv4.then(|| {
                if era >= Era::V3_0_0 {
                    "autoscaler_enable_public_ipv4 = false".to_string()
                } else {
                    "autoscaler_disable_ipv4 = true".to_string()
                }
            })
        }),
        since: |p| p.autoscaler_disable_ipv4.then(|| Release::new(2, 17, 2)),
        get: |p| p.autoscaler_disable_ipv4.to_string(),
        set: |p, v| done(boolean(v), |v| p.autoscaler_disable_ipv4 = v),
        ..BASE
    },
    Setting {
        key: Key::Nodes,
        flag: "nodes",
        value_name: "N",
        get: |p| p.nodes.map(|n| n.to_string()).unwrap_or_default(),
        set: |p, v| done(optional(v, count), |v| p.nodes = v),
        ..BASE
    },
];
