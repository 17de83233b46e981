//! Helpers shared by the core's integration tests.
#![allow(dead_code)]

use khcidr_core::{check, AgentPool, Code, Finding, Plan, Release, Report, Severity};

/// The default plan with the three main ranges replaced.
pub fn plan(network: &str, cluster: &str, service: &str) -> Plan {
    Plan {
        network_ipv4_cidr: network.into(),
        cluster_ipv4_cidr: cluster.into(),
        service_ipv4_cidr: service.into(),
        ..Plan::default()
    }
}

/// A release by its number.
#[track_caller]
pub fn release(text: &str) -> Release {
    text.parse().unwrap()
}

/// The last 2.x release before the NAT router: 256 subnets, nodes pinned from host 101,
/// DNS at host 10 of the service range, load balancers placed by Hetzner.
pub fn v2() -> Release {
    release("2.17.4")
}

/// The newest release.
pub fn v3() -> Release {
    Release::default()
}

/// DOMAIN case 2: kube-hetzner issue 1221.
pub fn incident(version: Release) -> Plan {
    Plan {
        module_version: version,
        agents: vec![AgentPool::new(2)],
        ..plan("10.20.128.0/17", "10.20.128.0/20", "10.20.144.0/20")
    }
}

/// DOMAIN case 3: the maintainers' suggested fix.
pub fn suggested_fix() -> Plan {
    Plan {
        cluster_dns_ipv4: "10.20.64.10".into(),
        ..plan("10.20.0.0/16", "10.20.128.0/17", "10.20.64.0/19")
    }
}

/// The findings with this code.
pub fn all(report: &Report, code: Code) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.code == code).collect()
}

/// The one finding with this code and severity.
#[track_caller]
pub fn find(report: &Report, code: Code, severity: Severity) -> Finding {
    let found: Vec<&Finding> = all(report, code)
        .into_iter()
        .filter(|f| f.severity == severity)
        .collect();
    match found.as_slice() {
        [one] => (*one).clone(),
        _ => panic!(
            "expected exactly one {severity} {code}, got {found:#?}\nall findings: {:#?}",
            report.findings
        ),
    }
}

#[track_caller]
pub fn assert_absent(report: &Report, code: Code) {
    let found = all(report, code);
    assert!(found.is_empty(), "expected no {code}, got {found:#?}");
}

/// The codes and severities of a report, for compact assertions.
pub fn summary(report: &Report) -> Vec<(Code, Severity)> {
    report
        .findings
        .iter()
        .map(|f| (f.code, f.severity))
        .collect()
}

pub fn run(plan: &Plan) -> Report {
    check(plan)
}

/// The ranges of a finding as text.
pub fn ranges(finding: &Finding) -> Vec<String> {
    finding.ranges.iter().map(|r| r.to_string()).collect()
}

/// The CIDRs of one role's subnets, in layout order.
pub fn cidrs(layout: &khcidr_core::Layout, role: khcidr_core::Role) -> Vec<String> {
    layout
        .subnets
        .iter()
        .filter(|s| s.role == role)
        .map(|s| s.cidr.to_string())
        .collect()
}

/// Anything displayable, as text.
pub fn texts<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// Compares `text` with the reviewed copy at `path`; with `KHCIDR_BLESS` set, writes it
/// there instead (look at the difference before committing it). `how` says what to rerun.
#[track_caller]
pub fn assert_reviewed(path: &str, text: &str, how: &str) {
    if std::env::var_os("KHCIDR_BLESS").is_some() {
        std::fs::write(path, text).unwrap();
        return;
    }
    let reviewed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        text == reviewed,
        "{path} differs from what is made now; if the change is meant, run KHCIDR_BLESS=1 {how} and read the difference:\n{text}"
    );
}
