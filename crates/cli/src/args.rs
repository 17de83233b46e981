//! The command line: flags named after kube-hetzner's variables, defaulting to the module's defaults.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use khcidr_core::{AgentPool, Cni, ModuleVersion, NatRouter, Plan, SubnetMode};

/// A parser accepting exactly the text forms of one of the plan's enumerations.
macro_rules! choice {
    ($t:ty) => {
        PossibleValuesParser::new(<$t>::ALL.iter().map(|v| v.as_str())).try_map(|s| s.parse::<$t>())
    };
}

/// Check a kube-hetzner cluster's IPv4 plan before terraform apply.
#[derive(Debug, Parser)]
#[command(name = "khcidr", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a plan: exit 0 when clean, 1 on errors (or warnings with --deny-warnings), 2 on bad arguments.
    Check(Check),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Check {
    /// network_ipv4_cidr: the Hetzner private network.
    #[arg(long, value_name = "CIDR", default_value = "10.0.0.0/8")]
    pub network: String,
    /// cluster_ipv4_cidr: the pod range.
    #[arg(long, value_name = "CIDR", default_value = "10.42.0.0/16")]
    pub cluster: String,
    /// service_ipv4_cidr: the ClusterIP range.
    #[arg(long, value_name = "CIDR", default_value = "10.43.0.0/16")]
    pub service: String,
    /// cluster_dns_ipv4: the CoreDNS IP [default: host 10 of the service range].
    #[arg(long, value_name = "IP", default_value = "")]
    pub dns: String,
    /// Nodes per control-plane nodepool, comma-separated.
    #[arg(
        long,
        value_name = "N,N,..",
        value_delimiter = ',',
        default_value = "1,1,1"
    )]
    pub control_planes: Vec<u32>,
    /// Nodes per agent nodepool, comma-separated.
    #[arg(
        long,
        value_name = "N,N,..",
        value_delimiter = ',',
        default_value = "1,1"
    )]
    pub agents: Vec<u32>,
    /// The autoscaler's maximum node count.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub autoscaler_max: u32,
    /// subnet_count: how many equal subnets the network is cut into (v3).
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub subnet_count: u32,
    /// network_subnet_mode (v3).
    #[arg(long, value_name = "MODE", default_value = "per-nodepool", value_parser = choice!(SubnetMode))]
    pub subnet_mode: SubnetMode,
    /// kube-hetzner major version.
    #[arg(long, value_name = "VERSION", default_value = "v3", value_parser = choice!(ModuleVersion))]
    pub module_version: ModuleVersion,
    /// Add a NAT router; `--nat-router=redundant` for two.
    #[arg(long, value_name = "KIND", num_args = 0..=1, require_equals = true, default_missing_value = "on", value_parser = choice!(NatRouter))]
    pub nat_router: Option<NatRouter>,
    /// nat_router_subnet_index.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub nat_router_index: u32,
    /// Couple a Robot vSwitch.
    #[arg(long)]
    pub vswitch: bool,
    /// vswitch_subnet_index.
    #[arg(long, value_name = "N", default_value_t = 201)]
    pub vswitch_index: u32,
    /// Prefix length of each node's pod block (node-cidr-mask-size).
    #[arg(long, value_name = "N", default_value_t = 24)]
    pub node_mask: u8,
    /// The CNI and its routing mode.
    #[arg(long, value_name = "CNI", default_value = "flannel", value_parser = choice!(Cni))]
    pub cni: Cni,
    /// The Hetzner cloud controller creates no routes.
    #[arg(long)]
    pub no_routes: bool,
    /// Nodes talk over Tailscale (reserves 100.64.0.0/10).
    #[arg(long)]
    pub tailscale: bool,
    /// Turn on the control-plane load balancer.
    #[arg(long)]
    pub control_plane_lb: bool,
    /// What-if: check as if this many nodes had joined [default: the nodepools' sum].
    #[arg(long, value_name = "N")]
    pub nodes: Option<u32>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl Check {
    /// The plan the flags describe.
    pub fn plan(&self) -> Plan {
        Plan {
            network_ipv4_cidr: self.network.clone(),
            cluster_ipv4_cidr: self.cluster.clone(),
            service_ipv4_cidr: self.service.clone(),
            cluster_dns_ipv4: self.dns.clone(),
            module_version: self.module_version,
            subnet_count: self.subnet_count,
            subnet_mode: self.subnet_mode,
            control_planes: self.control_planes.clone(),
            agents: self.agents.iter().map(|&n| AgentPool::new(n)).collect(),
            autoscaler_max_nodes: self.autoscaler_max,
            nat_router: self.nat_router.unwrap_or(NatRouter::Off),
            nat_router_subnet_index: self.nat_router_index,
            vswitch: self.vswitch,
            vswitch_subnet_index: self.vswitch_index,
            node_mask: self.node_mask,
            routes: !self.no_routes,
            cni: self.cni,
            tailscale: self.tailscale,
            control_plane_lb: self.control_plane_lb,
            nodes: self.nodes,
        }
    }
}

/// Parses the process arguments; usage errors exit 2 with clap's message, help and version exit 0.
pub fn parse() -> Cli {
    let cli = Cli::try_parse().unwrap_or_else(|err| exit_with_usage(err));
    let Command::Check(check) = &cli.command;
    let v2 = check.module_version == ModuleVersion::V2;
    if v2 && (check.subnet_count != 256 || check.subnet_mode != SubnetMode::PerNodepool) {
        exit_with_usage(Cli::command().error(
            ErrorKind::ArgumentConflict,
            "module v2 always cuts the network into 256 subnets, one per nodepool; --subnet-count and --subnet-mode need --module-version v3",
        ));
    }
    cli
}

/// Prints a usage error with the usage line (every kind of error, not only some) and exits 2;
/// help and version go to stdout with exit 0.
fn exit_with_usage(err: clap::Error) -> ! {
    if !err.use_stderr() {
        err.exit();
    }
    let message = err.render().to_string();
    eprint!("{message}");
    if !message.contains("Usage:") {
        let mut command = Cli::command();
        command.build();
        let usage = match command.find_subcommand_mut("check") {
            Some(check) => check.render_usage(),
            None => command.render_usage(),
        };
        eprintln!("\n{usage}");
    }
    std::process::exit(2);
}
