//! Findings: what is wrong with a plan, as data a front end can render or translate.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::{Serialize, Serializer};

use super::key::Key;
use crate::text::{Catalog, Text};

/// How bad a finding is. Sorts worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan is broken now: terraform, k3s or Hetzner refuses it, or the cluster half-works.
    Error,
    /// The plan breaks as the cluster grows, within platform limits.
    Warning,
    /// Worth knowing; nothing breaks within platform limits.
    Info,
}

impl Severity {
    /// The lowercase name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The severity in words: "error", "warning", "info".
    pub fn word(self) -> Text {
        match self {
            Severity::Error => t!("error"),
            Severity::Warning => t!("warning"),
            Severity::Info => t!("info"),
        }
    }

    /// `n` findings of this severity in words: "1 error", "2 warnings", "0 infos".
    pub fn counted(self, n: usize) -> Text {
        match (self, n == 1) {
            (Severity::Error, true) => t!("{0} error", n),
            (Severity::Error, false) => t!("{0} errors", n),
            (Severity::Warning, true) => t!("{0} warning", n),
            (Severity::Warning, false) => t!("{0} warnings", n),
            (Severity::Info, true) => t!("{0} info", n),
            (Severity::Info, false) => t!("{0} infos", n),
        }
    }

    /// The heading of a group of findings of this severity.
    pub fn heading(self) -> Text {
        match self {
            Severity::Error => t!("Broken now"),
            Severity::Warning => t!("Breaks as the cluster grows"),
            Severity::Info => t!("Good to know"),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal, $title:literal),+ $(,)?) => {
        /// A stable finding code. The text forms never change once published.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Code {
            $($(#[$doc])* #[serde(rename = $text)] $variant),+
        }

        impl Code {
            /// Every code, in catalog order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable kebab-case code.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text),+ }
            }

            /// A title in words, for people: what goes wrong.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title),+ }
            }
        }
    };
}

codes! {
    /// A CIDR field does not parse as IPv4 `a.b.c.d/n`.
    InvalidCidr => "invalid-cidr", "A range does not parse",
    /// `cluster_dns_ipv4` does not parse as an IPv4 address.
    InvalidIp => "invalid-ip", "The DNS address does not parse",
    /// A CIDR has host bits set.
    NonCanonicalCidr => "non-canonical-cidr", "A range has host bits set",
    /// The network is not inside RFC 1918.
    NetworkNotPrivate => "network-not-private", "The network is not a private range",
    /// The network is smaller than Hetzner's /24 minimum.
    NetworkTooSmall => "network-too-small", "The network is too small",
    /// `subnet_count` is not a power of two or does not fit the network.
    SubnetCountInvalid => "subnet-count-invalid", "The subnet count does not work",
    /// Subnets are smaller than /30, or a pinned address falls outside its subnet.
    SubnetTooSmall => "subnet-too-small", "An address does not fit its subnet",
    /// More than Hetzner's 50 subnets per network.
    TooManySubnets => "too-many-subnets", "More than 50 subnets",
    /// Two roles claim the same subnet index, or an index is out of range.
    SubnetIndexCollision => "subnet-index-collision", "Two subnets on one index",
    /// An agent pool's own `subnet_ip_range` lies outside the network.
    SubnetOutsideNetwork => "subnet-outside-network", "A pool subnet outside the network",
    /// Two allocated subnets overlap.
    SubnetOverlap => "subnet-overlap", "Two subnets overlap",
    /// Pod and service ranges overlap.
    PodServiceOverlap => "pod-service-overlap", "Pods and services share addresses",
    /// The node mask does not fit the pod range.
    NodeMaskInvalid => "node-mask-invalid", "The node mask does not fit the pod range",
    /// More nodes planned than pod blocks.
    PodCapacityExceeded => "pod-capacity-exceeded", "More nodes than pod blocks",
    /// The service range is larger than kube-apiserver accepts.
    ServiceRangeTooLarge => "service-range-too-large", "The service range is too large",
    /// The DNS IP is not inside the service range.
    DnsOutsideService => "dns-outside-service", "The DNS address is outside the service range",
    /// The DNS IP is the service range's network, broadcast or API address.
    DnsReservedAddress => "dns-reserved-address", "The DNS address is reserved",
    /// The DNS IP lies above Kubernetes' static band.
    DnsOutsideStaticBand => "dns-outside-static-band", "The DNS address may be taken first",
    /// A pod block overlaps an allocated Hetzner subnet.
    PodSubnetOverlap => "pod-subnet-overlap", "Pod routes collide with a Hetzner subnet",
    /// The service range overlaps an allocated Hetzner subnet.
    ServiceSubnetOverlap => "service-subnet-overlap", "Service IPs overlap node addresses",
    /// The pod range lies outside the network.
    PodOutsideNetwork => "pod-outside-network", "Pods outside the network",
    /// A pod block, and so its route, lies outside RFC 1918.
    RouteDestinationNotPrivate => "route-destination-not-private", "A pod route is not private",
    /// A pod block contains Hetzner's gateway `172.31.1.1`.
    RouteHitsHetznerGateway => "route-hits-hetzner-gateway", "A pod block holds Hetzner's gateway",
    /// More than Hetzner's 100 routes per network.
    TooManyRoutes => "too-many-routes", "More than 100 routes",
    /// More than Hetzner's 100 servers per network.
    TooManyServers => "too-many-servers", "More than 100 servers",
    /// A range overlaps Tailscale's `100.64.0.0/10`.
    TailscaleRangeOverlap => "tailscale-range-overlap", "A range collides with Tailscale",
    /// The module's own expressions fail at `terraform plan` for this release.
    TerraformError => "terraform-error", "terraform plan fails",
    /// Two of the module's pinned addresses are the same, or one is a gateway.
    AddressCollision => "address-collision", "Two things on one address",
    /// The release ignores a value: k3s or the module runs with another one.
    ValueIgnored => "value-ignored", "A value the release ignores",
    /// The release routes through an address that is not the network's gateway.
    WrongGateway => "wrong-gateway", "Routes through the wrong gateway",
    /// The release needs a newer Terraform than some users run.
    TerraformVersion => "terraform-version", "Needs Terraform 1.12",
    /// The release asked for is newer than every release khcidr knows in its major.
    ReleaseNewerThanKnown => "release-newer-than-known", "A release newer than khcidr knows",
    /// Upgrading the module moves a node's private IP, or leaves it to Hetzner.
    UpgradeMovesNode => "upgrade-moves-node", "The upgrade moves nodes",
    /// Upgrading the module changes a subnet's range or resource address.
    UpgradeReplacesSubnet => "upgrade-replaces-subnet", "The upgrade replaces a subnet",
    /// Upgrading the module keeps a node's address but attaches it another way.
    UpgradeReattaches => "upgrade-reattaches", "The upgrade re-attaches nodes",
    /// Upgrading the module moves a load balancer, the NAT router, CoreDNS or k3s' ranges.
    UpgradeMovesService => "upgrade-moves-service", "The upgrade moves a service",
    /// A variable the plan sets has another name in the release upgraded to.
    UpgradeRenames => "upgrade-renames", "The upgrade renames a variable",
}

impl Code {
    /// Whether it is about upgrading to another release rather than the plan as it runs.
    pub fn is_upgrade(self) -> bool {
        matches!(
            self,
            Code::UpgradeMovesNode
                | Code::UpgradeReplacesSubnet
                | Code::UpgradeReattaches
                | Code::UpgradeMovesService
                | Code::UpgradeRenames
        )
    }

    /// Whether it is ranges colliding: pods, services and subnets on the same addresses, a
    /// pod route over a subnet or a gateway.
    pub fn is_collision(self) -> bool {
        matches!(
            self,
            Code::PodSubnetOverlap
                | Code::PodServiceOverlap
                | Code::ServiceSubnetOverlap
                | Code::SubnetOverlap
                | Code::RouteHitsHetznerGateway
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A plan field a finding concerns, named as in kube-hetzner's `kube.tf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `network_ipv4_cidr`
    Network,
    /// `cluster_ipv4_cidr`
    Cluster,
    /// `service_ipv4_cidr`
    Service,
    /// `cluster_dns_ipv4`
    Dns,
    /// `module_version`
    ModuleVersion,
    /// `subnet_count`
    SubnetCount,
    /// `network_subnet_mode`
    SubnetMode,
    /// `control_plane_nodepools`
    ControlPlanes,
    /// `agent_nodepools`
    Agents,
    /// `agent_nodepools[k].subnet_ip_range`
    AgentSubnetRange(usize),
    /// `autoscaler_nodepools` (max nodes)
    Autoscaler,
    /// `nat_router`
    NatRouter,
    /// `nat_router_subnet_index`
    NatRouterIndex,
    /// `vswitch_subnet_index`
    VswitchIndex,
    /// `node-cidr-mask-size`
    NodeMask,
    /// the cloud controller's routes
    Routes,
    /// the CNI
    Cni,
    /// Tailscale transport
    Tailscale,
    /// `use_control_plane_lb`
    ControlPlaneLb,
    /// `ingress_controller`
    IngressController,
    /// `enable_klipper_metal_lb`
    KlipperMetalLb,
    /// `vswitch_id`
    Vswitch,
    /// a nodepool's `disable_ipv4`
    DisableIpv4,
    /// `autoscaler_disable_ipv4`
    AutoscalerDisableIpv4,
}

impl Field {
    /// The setting it is, where it is one (an agent pool's own range is the agent pools'
    /// `agent_subnets`). Its variable's name in a release is the setting's there
    /// ([`crate::settings::variable`]); the field's own text (JSON's `fields`) stays the
    /// same in every release.
    pub fn key(self) -> Key {
        match self {
            Field::Network => Key::Network,
            Field::Cluster => Key::Cluster,
            Field::Service => Key::Service,
            Field::Dns => Key::Dns,
            Field::ModuleVersion => Key::ModuleVersion,
            Field::SubnetCount => Key::SubnetCount,
            Field::SubnetMode => Key::SubnetMode,
            Field::ControlPlanes => Key::ControlPlanes,
            Field::Agents => Key::Agents,
            Field::AgentSubnetRange(_) => Key::AgentSubnets,
            Field::Autoscaler => Key::AutoscalerMax,
            Field::NatRouter => Key::NatRouter,
            Field::NatRouterIndex => Key::NatRouterIndex,
            Field::VswitchIndex => Key::VswitchIndex,
            Field::NodeMask => Key::NodeMask,
            Field::Routes => Key::Routes,
            Field::Cni => Key::Cni,
            Field::Tailscale => Key::Tailscale,
            Field::ControlPlaneLb => Key::ControlPlaneLb,
            Field::IngressController => Key::IngressController,
            Field::KlipperMetalLb => Key::KlipperMetalLb,
            Field::Vswitch => Key::Vswitch,
            Field::DisableIpv4 => Key::DisableIpv4,
            Field::AutoscalerDisableIpv4 => Key::AutoscalerDisableIpv4,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Field::Network => "network_ipv4_cidr",
            Field::Cluster => "cluster_ipv4_cidr",
            Field::Service => "service_ipv4_cidr",
            Field::Dns => "cluster_dns_ipv4",
            Field::ModuleVersion => "module_version",
            Field::SubnetCount => "subnet_count",
            Field::SubnetMode => "network_subnet_mode",
            Field::ControlPlanes => "control_plane_nodepools",
            Field::Agents => "agent_nodepools",
            Field::AgentSubnetRange(k) => return write!(f, "agent_nodepools[{k}].subnet_ip_range"),
            Field::Autoscaler => "autoscaler_nodepools",
            Field::NatRouter => "nat_router",
            Field::NatRouterIndex => "nat_router_subnet_index",
            Field::VswitchIndex => "vswitch_subnet_index",
            Field::NodeMask => "node_cidr_mask_size",
            Field::Routes => "routes",
            Field::Cni => "cni",
            Field::Tailscale => "tailscale",
            Field::ControlPlaneLb => "use_control_plane_lb",
            Field::IngressController => "ingress_controller",
            Field::KlipperMetalLb => "enable_klipper_metal_lb",
            Field::Vswitch => "vswitch_id",
            Field::DisableIpv4 => "disable_ipv4",
            Field::AutoscalerDisableIpv4 => "autoscaler_disable_ipv4",
        };
        f.write_str(name)
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A range or a single address a finding names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Span {
    /// A CIDR range.
    Cidr(Ipv4Net),
    /// One address.
    Ip(Ipv4Addr),
}

impl Span {
    /// The span as a range (an address is its /32).
    pub fn net(self) -> Ipv4Net {
        match self {
            Span::Cidr(net) => net,
            Span::Ip(ip) => Ipv4Net::from(ip),
        }
    }
}

impl From<Ipv4Net> for Span {
    fn from(net: Ipv4Net) -> Self {
        Span::Cidr(net)
    }
}

impl From<Ipv4Addr> for Span {
    fn from(ip: Ipv4Addr) -> Self {
        Span::Ip(ip)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Span::Cidr(net) => net.fmt(f),
            Span::Ip(ip) => ip.fmt(f),
        }
    }
}

/// What a growth-dependent finding's `starts_at` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// The node count (all nodes, in join order) at which it starts.
    Node,
    /// The agent nodepool number (1-based) at which it starts.
    AgentPool,
    /// The control-plane nodepool number (1-based) at which it starts.
    ControlPlanePool,
}

/// One setting changed by a fix: the link key of a setting in
/// the settings table (the kube-hetzner variable for the main values) and its
/// new value as text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// The setting's key.
    pub setting: Key,
    /// The new value.
    pub value: String,
}

impl fmt::Display for Change {
    /// `setting = "value"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = \"{}\"", self.setting, self.value)
    }
}

/// A fix: the sentence, and where the fix is one concrete edit, the edit itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fix {
    pub text: Text,
    pub apply: Vec<Change>,
}

impl Fix {
    /// A fix that sets `setting` (a key of the settings table) to `value`.
    pub(crate) fn set(text: Text, setting: Key, value: impl ToString) -> Fix {
        Fix {
            text,
            apply: vec![Change {
                setting,
                value: value.to_string(),
            }],
        }
    }
}

impl From<Text> for Fix {
    fn from(text: Text) -> Self {
        Fix {
            text,
            apply: Vec::new(),
        }
    }
}

/// Where a growth-dependent finding starts: the count, and what it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StartsAt {
    /// The node count or 1-based nodepool number.
    pub count: u64,
    /// What `count` counts.
    pub unit: Unit,
}

impl StartsAt {
    /// "node 126", "agent nodepool 33", "control-plane nodepool 2".
    pub fn text(self) -> Text {
        match self.unit {
            Unit::Node => t!("node {0}", self.count),
            Unit::AgentPool => t!("agent nodepool {0}", self.count),
            Unit::ControlPlanePool => t!("control-plane nodepool {0}", self.count),
        }
    }
}

impl fmt::Display for StartsAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en())
    }
}

/// One thing wrong with a plan: code, severity, the fields and exact ranges involved,
/// and three plain sentences: what breaks and why, what the user will see, and the fix.
///
/// In JSON, `starts_at` is written as two keys, `starts_at` (the count) and
/// `starts_at_unit`, both `null` for a finding that does not depend on growth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// What breaks and why, naming exact ranges and addresses.
    pub message: String,
    /// What the user will see if it ships (the real error text where known).
    pub symptom: String,
    /// How to fix it.
    pub fix: String,
    /// The fix as edits of the plan, where it is one concrete edit (a front end can offer
    /// to apply it); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub apply: Vec<Change>,
    /// The plan fields involved.
    pub fields: Vec<Field>,
    /// The ranges and addresses involved.
    pub ranges: Vec<Span>,
    /// For growth-dependent findings, where it starts.
    /// The unknown values it rests on (`var.location at kube.tf:12`): then it is
    /// provisional, and says so.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waits_for: Vec<String>,
    #[serde(flatten, with = "starts_at_json")]
    pub starts_at: Option<StartsAt>,
    /// `message`, `symptom` and `fix` as sentences, to render in another language.
    #[serde(skip)]
    pub words: Words,
}

/// A finding's three sentences as data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    pub message: Text,
    pub symptom: Text,
    pub fix: Text,
    /// `waits_for`, each place in words.
    pub waits: Vec<Text>,
}

/// `starts_at` as the two JSON keys `starts_at` and `starts_at_unit`.
mod starts_at_json {
    use serde::ser::SerializeStruct;
    use serde::Serializer;

    use super::StartsAt;

    pub fn serialize<S: Serializer>(
        value: &Option<StartsAt>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("StartsAt", 2)?;
        fields.serialize_field("starts_at", &value.map(|s| s.count))?;
        fields.serialize_field("starts_at_unit", &value.map(|s| s.unit))?;
        fields.end()
    }
}

impl Finding {
    pub(crate) fn new(code: Code, severity: Severity, fields: &[Field]) -> Self {
        Finding {
            code,
            severity,
            message: String::new(),
            symptom: String::new(),
            fix: String::new(),
            apply: Vec::new(),
            fields: fields.to_vec(),
            ranges: Vec::new(),
            waits_for: Vec::new(),
            starts_at: None,
            words: Words::default(),
        }
    }

    pub(crate) fn ranges(mut self, ranges: impl IntoIterator<Item = Span>) -> Self {
        self.ranges.extend(ranges);
        self
    }

    #[inline(never)]
    pub(crate) fn message(mut self, text: Text) -> Self {
        self.set_message(text);
        self
    }

    #[inline(never)]
    pub(crate) fn symptom(mut self, text: Text) -> Self {
        self.set_symptom(text);
        self
    }

    /// Replaces the message: its English and its sentence together.
    pub(crate) fn set_message(&mut self, text: Text) {
        self.message = text.en();
        self.words.message = text;
    }

    /// Replaces the symptom: its English and its sentence together.
    pub(crate) fn set_symptom(&mut self, text: Text) {
        self.symptom = text.en();
        self.words.symptom = text;
    }

    #[inline(never)]
    pub(crate) fn fix(mut self, fix: impl Into<Fix>) -> Self {
        let fix = fix.into();
        self.fix = fix.text.en();
        self.words.fix = fix.text;
        self.apply = fix.apply;
        self
    }

    /// Its sentences in the catalog's language (English without one).
    pub fn localize(&mut self, catalog: Option<&Catalog>) {
        self.message = self.words.message.render(catalog);
        self.symptom = self.words.symptom.render(catalog);
        self.fix = self.words.fix.render(catalog);
        self.waits_for = self.words.waits.iter().map(|w| w.render(catalog)).collect();
    }

    pub(crate) fn starts_at(mut self, count: u64, unit: Unit) -> Self {
        self.starts_at = Some(StartsAt { count, unit });
        self
    }

    /// The message's first clause, a sentence on its own: what collides or fails.
    pub fn headline(&self) -> &str {
        let cut = [self.message.find("; "), self.message.find('；')]
            .into_iter()
            .flatten()
            .min();
        match cut {
            Some(at) => self.message.get(..at).unwrap_or(&self.message),
            None => &self.message,
        }
    }

    /// The smallest range holding every range and address the finding names: where to zoom
    /// to see it.
    pub fn extent(&self) -> Option<Ipv4Net> {
        let mut spans = self.ranges.iter().map(|s| s.net());
        let mut extent = spans.next()?;
        for net in spans {
            while !extent.contains(&net) {
                extent = extent.supernet()?;
            }
        }
        Some(extent)
    }

    /// Whether the finding names this range or address, or one overlapping it.
    pub fn touches(&self, net: Ipv4Net) -> bool {
        self.ranges
            .iter()
            .any(|span| crate::net::overlaps(span.net(), net))
    }
}
