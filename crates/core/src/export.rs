//! The plan as text to paste elsewhere: `kube.tf` variable lines and a `khcidr check` line.

use crate::plan::{Cni, NatRouter, Plan};

/// `kube.tf` lines for every value that differs from the module's defaults.
pub fn kube_tf(plan: &Plan) -> String {
    let d = Plan::default();
    let mut lines = vec![
        "# Network plan checked with khcidr; only values that differ from the module defaults."
            .to_string(),
    ];
    let mut text = |name: &str, value: &str, default: &str| {
        let value = value.trim();
        if value != default {
            lines.push(format!(
                "{name} = \"{}\"",
                value.replace('\\', "\\\\").replace('"', "\\\"")
            ));
        }
    };
    text(
        "network_ipv4_cidr",
        &plan.network_ipv4_cidr,
        &d.network_ipv4_cidr,
    );
    text(
        "cluster_ipv4_cidr",
        &plan.cluster_ipv4_cidr,
        &d.cluster_ipv4_cidr,
    );
    text(
        "service_ipv4_cidr",
        &plan.service_ipv4_cidr,
        &d.service_ipv4_cidr,
    );
    text(
        "cluster_dns_ipv4",
        &plan.cluster_dns_ipv4,
        &d.cluster_dns_ipv4,
    );
    if plan.subnet_count != d.subnet_count {
        lines.push(format!("subnet_count = {}", plan.subnet_count));
    }
    if plan.subnet_mode != d.subnet_mode {
        lines.push("network_subnet_mode = \"shared\"".into());
    }
    if plan.nat_router != NatRouter::Off
        && plan.nat_router_subnet_index != d.nat_router_subnet_index
    {
        lines.push(format!(
            "nat_router_subnet_index = {}",
            plan.nat_router_subnet_index
        ));
    }
    if plan.vswitch && plan.vswitch_subnet_index != d.vswitch_subnet_index {
        lines.push(format!(
            "vswitch_subnet_index = {}",
            plan.vswitch_subnet_index
        ));
    }
    if plan.control_plane_lb {
        lines.push("use_control_plane_lb = true".into());
    }
    if plan.node_mask != d.node_mask {
        lines.push(format!(
            "# node pod blocks: pass --kube-controller-manager-arg=node-cidr-mask-size={} to the k3s servers",
            plan.node_mask
        ));
    }
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

/// The `khcidr check` command line for this plan (the four main values always, the rest when not default).
pub fn cli(plan: &Plan) -> String {
    let d = Plan::default();
    let list = |xs: &[u32]| {
        xs.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut args = vec![
        "khcidr check".to_string(),
        format!("--network {}", shell(&plan.network_ipv4_cidr)),
        format!("--cluster {}", shell(&plan.cluster_ipv4_cidr)),
        format!("--service {}", shell(&plan.service_ipv4_cidr)),
    ];
    if !plan.cluster_dns_ipv4.is_empty() {
        args.push(format!("--dns {}", shell(&plan.cluster_dns_ipv4)));
    }
    let agents: Vec<u32> = plan.agents.iter().map(|a| a.nodes).collect();
    if plan.control_planes != d.control_planes {
        args.push(format!(
            "--control-planes {}",
            shell(&list(&plan.control_planes))
        ));
    }
    if agents != [1, 1] {
        args.push(format!("--agents {}", shell(&list(&agents))));
    }
    if plan.autoscaler_max_nodes != 0 {
        args.push(format!("--autoscaler-max {}", plan.autoscaler_max_nodes));
    }
    if plan.module_version != d.module_version {
        args.push(format!("--module-version {}", plan.module_version));
    }
    if plan.subnet_count != d.subnet_count {
        args.push(format!("--subnet-count {}", plan.subnet_count));
    }
    if plan.subnet_mode != d.subnet_mode {
        args.push(format!("--subnet-mode {}", plan.subnet_mode));
    }
    match plan.nat_router {
        NatRouter::Off => {}
        NatRouter::On => args.push("--nat-router".into()),
        NatRouter::Redundant => args.push("--nat-router=redundant".into()),
    }
    if plan.nat_router_subnet_index != d.nat_router_subnet_index {
        args.push(format!(
            "--nat-router-index {}",
            plan.nat_router_subnet_index
        ));
    }
    if plan.vswitch {
        args.push("--vswitch".into());
    }
    if plan.vswitch_subnet_index != d.vswitch_subnet_index {
        args.push(format!("--vswitch-index {}", plan.vswitch_subnet_index));
    }
    if plan.node_mask != d.node_mask {
        args.push(format!("--node-mask {}", plan.node_mask));
    }
    if plan.cni != Cni::Flannel {
        args.push(format!("--cni {}", plan.cni));
    }
    if !plan.routes {
        args.push("--no-routes".into());
    }
    if plan.tailscale {
        args.push("--tailscale".into());
    }
    if plan.control_plane_lb {
        args.push("--control-plane-lb".into());
    }
    if let Some(nodes) = plan.nodes {
        args.push(format!("--nodes {nodes}"));
    }
    args.join(" ")
}

/// An HTML snippet that embeds the page for this plan in documentation: an iframe showing
/// the fixed plan, and a script that sizes it from the page's height messages
/// (`{ type: "khcidr:height", height }`, posted to the parent on every change).
pub fn embed_snippet(page_url: &str, plan: &Plan) -> String {
    let page = page_url.split('#').next().unwrap_or_default();
    let src = format!("{page}#{}&embed=1&readonly=1", crate::share::encode(plan));
    let src = src.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{src}\" title=\"kube-hetzner IPv4 plan (khcidr)\" width=\"100%\" height=\"480\" style=\"border:0\" loading=\"lazy\"></iframe>\n\
         <script>\n\
         addEventListener('message', (event) => {{\n\
         \u{20} if (!event.data || event.data.type !== 'khcidr:height') return;\n\
         \u{20} for (const frame of document.querySelectorAll('iframe')) {{\n\
         \u{20}   if (frame.contentWindow === event.source) frame.style.height = event.data.height + 'px';\n\
         \u{20} }}\n\
         }});\n\
         </script>\n"
    )
}
