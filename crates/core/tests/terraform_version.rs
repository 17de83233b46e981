//! The Terraform version: releases 2.19.0 to 2.19.3 and 3.0.0 to 3.1.0 write null checks
//! with `&&` and `||` that Terraform before 1.12 evaluates on both sides. The lines are the
//! module's at each tag; the errors are those Terraform 1.11.4 printed
//! (`fixtures/terraform-1.11/plan.txt`).

use khcidr_core::{check, Code, NatRouter, Plan, Severity};

const PLAN_1_11: &str = include_str!("fixtures/terraform-1.11/plan.txt");

fn findings(
    release: &str,
    terraform: Option<&str>,
    edit: impl FnOnce(&mut Plan),
) -> Vec<(Severity, String, String)> {
    with_fixes(release, terraform, edit)
        .into_iter()
        .map(|(severity, message, symptom, _)| (severity, message, symptom))
        .collect()
}

/// The `terraform-version` findings: severity, message, symptom and fix.
fn with_fixes(
    release: &str,
    terraform: Option<&str>,
    edit: impl FnOnce(&mut Plan),
) -> Vec<(Severity, String, String, String)> {
    let mut plan = Plan {
        module_version: release.parse().unwrap(),
        terraform: terraform.map(|t| t.parse().unwrap()),
        ..Plan::default()
    };
    edit(&mut plan);
    check(&plan)
        .findings
        .into_iter()
        .filter(|f| f.code == Code::TerraformVersion)
        .map(|f| (f.severity, f.message, f.symptom, f.fix))
        .collect()
}

#[test]
fn release_2_19_2_fails_on_terraform_1_11_without_a_nat_router_and_plans_on_1_12() {
    // The case: `--module-version 2.19.2 --terraform-version 1.11.4`.
    let found = findings("2.19.2", Some("1.11.4"), |_| {});
    let errors: Vec<_> = found.iter().filter(|f| f.0 == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{found:#?}");
    assert!(errors[0]
        .1
        .contains("kube-hetzner 2.19.2 fails on Terraform 1.11.4 with nat_router unset"));
    // nat-router.tf lines 5, 20, 35 and variables.tf 177, 189 at v2.19.2.
    assert!(errors[0]
        .1
        .contains("(nat-router.tf:5, 20, 35 and variables.tf:177, 189)"));
    assert!(errors[0].2.contains(
        "Error: Attempt to get attribute from null value: This value is null, so it does not have any attributes."
    ));
    // flannel_backend is not read: a warning, with its line (variables.tf:1413 at v2.19.2).
    let warnings: Vec<_> = found.iter().filter(|f| f.0 == Severity::Warning).collect();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].1.contains("unless flannel_backend is set"));
    assert!(warnings[0].1.contains("(variables.tf:1413)"));
    // With a NAT router the null check is not reached.
    let with_router = findings("2.19.2", Some("1.11.4"), |p| p.nat_router = NatRouter::On);
    assert!(
        with_router.iter().all(|f| f.0 != Severity::Error),
        "{with_router:#?}"
    );
    // Terraform 1.12 stops at the left side: nothing to say.
    assert!(findings("2.19.2", Some("1.12.1"), |_| {}).is_empty());
    assert!(findings("2.19.2", Some("1.12"), |_| {}).is_empty());
    // 1.10 evaluates as 1.11 does.
    assert!(findings("2.19.2", Some("1.10.5"), |_| {})
        .iter()
        .any(|f| f.0 == Severity::Error));
}

#[test]
fn release_2_19_3_wraps_its_variables_in_try_but_not_nat_router_tf() {
    let found = findings("2.19.3", Some("1.11.4"), |_| {});
    assert!(
        found
            .iter()
            .any(|f| f.1.contains("(nat-router.tf:5, 51, 66)")),
        "{found:#?}"
    );
    assert!(!found.iter().any(|f| f.1.contains("variables.tf:177")));
    // 2.19.0 and 2.19.1 only have the flannel_backend check (variables.tf:1347).
    let early = findings("2.19.0", Some("1.11.4"), |_| {});
    assert_eq!(early.len(), 1);
    assert_eq!(early[0].0, Severity::Warning);
    assert!(early[0].1.contains("(variables.tf:1347)"));
}

#[test]
fn release_3_x_fails_on_terraform_1_11_while_cluster_dns_ipv4_is_left_to_the_release() {
    let found = findings("3.1.0", Some("1.11.4"), |_| {});
    let error = found
        .iter()
        .find(|f| f.0 == Severity::Error)
        .expect("an error");
    assert!(error.1.contains("with cluster_dns_ipv4 unset"));
    assert!(error.1.contains("(validation-contract.tf:459)"));
    assert!(error
        .2
        .contains("Invalid value for \"ip_address\" parameter: argument must not be null."));
    // The Tailscale keys and flannel_backend are not read: warnings, each with its lines.
    assert!(found.iter().any(|f| f.0 == Severity::Warning
        && f.1
            .contains("validation-contract.tf:274, 278, 280, 287, 872, 876")));
    assert!(found
        .iter()
        .any(|f| f.0 == Severity::Warning && f.1.contains("variables.tf:3046")));
    // A DNS IP given: that check passes.
    let dns = findings("3.1.0", Some("1.11.4"), |p| {
        p.cluster_dns_ipv4 = "10.43.0.10".into()
    });
    assert!(dns.iter().all(|f| f.0 == Severity::Warning), "{dns:#?}");
    assert!(findings("3.0.0", Some("1.11.4"), |_| {})
        .iter()
        .any(|f| f.1.contains("validation-contract.tf:382")));
    assert!(findings("3.0.1", Some("1.11.4"), |_| {})
        .iter()
        .any(|f| f.1.contains("validation-contract.tf:393")));
}

#[test]
fn releases_without_such_checks_say_nothing_and_unsaid_is_a_notice() {
    for release in ["2.18.5", "2.20.0", "2.20.1", "2.21.0", "2.12.0"] {
        assert!(
            findings(release, Some("1.11.4"), |_| {}).is_empty(),
            "{release}"
        );
        assert!(findings(release, None, |_| {}).is_empty(), "{release}");
    }
    for release in ["2.19.0", "2.19.3", "3.0.0", "3.1.0"] {
        let notice = findings(release, None, |_| {});
        assert_eq!(notice.len(), 1, "{release}");
        assert_eq!(notice[0].0, Severity::Info);
    }
}

#[test]
fn the_errors_are_those_terraform_1_11_printed() {
    // Each error khcidr gives for the releases above, summary and detail, is in the plan
    // Terraform 1.11.4 printed for the same shapes.
    for (release, dns) in [("2.19.2", ""), ("3.1.0", "")] {
        for (_, _, symptom) in
            findings(release, Some("1.11.4"), |p| p.cluster_dns_ipv4 = dns.into())
        {
            let said = symptom
                .strip_prefix("terraform plan fails: Error: ")
                .and_then(|s| s.strip_suffix(" (kube-hetzner #2152, #2197)"))
                .unwrap();
            let (summary, detail) = said.split_once(": ").unwrap();
            assert!(
                PLAN_1_11.contains(&format!("Error: {summary}")),
                "{summary}"
            );
            // The provider's parameter is `ip_address`; Terraform words it as for `value`.
            let detail = detail.replace("\"ip_address\"", "\"value\"");
            assert!(PLAN_1_11.contains(&detail), "{detail}");
        }
    }
}

#[test]
fn the_terraform_version_travels_in_the_link() {
    let plan = Plan {
        terraform: Some("1.11.4".parse().unwrap()),
        ..Plan::default()
    };
    let link = khcidr_core::share::encode(&plan);
    assert!(link.contains("terraform_version=1.11.4"), "{link}");
    assert_eq!(
        khcidr_core::share::decode(&link).plan.terraform,
        plan.terraform
    );
    // Unsaid, it is not in the link.
    assert!(!khcidr_core::share::encode(&Plan::default()).contains("terraform_version"));
}

#[test]
fn a_nodes_map_reaches_the_node_level_longhorn_path_check_from_2_18_5_to_3_1_0() {
    // variables.tf: `node.longhorn_mount_path == null || (... split("/",
    // node.longhorn_mount_path) ...)`: line 320 at v2.18.5, 394 at v2.20.0, 1507 at v3.1.0.
    let keyed = |p: &mut Plan| p.agents[0] = khcidr_core::AgentPool::keyed(vec![1, 2]);
    for (release, line) in [
        ("2.18.5", "variables.tf:320"),
        ("2.20.0", "variables.tf:394"),
        ("2.21.0", "variables.tf:394"),
        ("3.1.0", "variables.tf:1507"),
    ] {
        let found = findings(release, Some("1.11.4"), keyed);
        let longhorn = found
            .iter()
            .find(|f| f.1.contains("longhorn_mount_path"))
            .unwrap_or_else(|| panic!("{release}: {found:#?}"));
        assert_eq!(longhorn.0, Severity::Warning, "{release}");
        assert!(
            longhorn.1.contains(&format!("({line})")),
            "{release}: {}",
            longhorn.1
        );
        assert!(longhorn.2.contains("Invalid value for \"str\" parameter"));
        // Not said, the notice; 1.12, nothing.
        assert_eq!(findings(release, None, keyed).len(), 1, "{release}");
        assert!(
            findings(release, Some("1.12.0"), keyed).is_empty(),
            "{release}"
        );
    }
    // 2.18.4 has no node-level path.
    assert!(findings("2.18.4", Some("1.11.4"), keyed).is_empty());
    // 3.x's locals reach three ranges khcidr does not read (locals.tf:194, 1935, 1936).
    let found = findings("3.1.0", Some("1.11.4"), |_| {});
    assert!(found
        .iter()
        .any(|f| f.1.contains("unless cilium_ipv4_native_routing_cidr, cluster_ipv6_cidr and service_ipv6_cidr are all set")
            && f.1.contains("(locals.tf:194, 1935, 1936)")));
}

#[test]
fn only_2_19s_nat_router_and_flannel_checks_are_fixed_by_a_later_release() {
    // 2.20.0's variables.tf writes them as conditionals; the node-level Longhorn path and
    // 3.x's checks remain in every later release khcidr knows.
    let keyed = |p: &mut Plan| p.agents[0] = khcidr_core::AgentPool::keyed(vec![1]);
    for (release, said, later) in [
        ("2.19.2", "with nat_router unset", true),
        ("2.19.2", "unless flannel_backend is set", true),
        ("2.19.2", "longhorn_mount_path", false),
        ("3.1.0", "unless flannel_backend is set", false),
        ("3.1.0", "with cluster_dns_ipv4 unset", false),
    ] {
        let found = with_fixes(release, Some("1.11.4"), keyed);
        let fix = &found
            .iter()
            .find(|f| f.1.contains(said))
            .unwrap_or_else(|| panic!("{release} {said}: {found:#?}"))
            .3;
        assert_eq!(
            fix.contains("kube-hetzner 2.20.0 or newer"),
            later,
            "{release} {said}: {fix}"
        );
    }
}

/// OpenTofu took the short-circuiting HCL in 1.10.0 (opentofu/opentofu#2568, #2803): 2.19.2
/// without a NAT router fails on OpenTofu 1.9 as on Terraform 1.11, and plans on 1.10.
#[test]
fn open_tofu_short_circuits_from_1_10() {
    let on = |terraform: &str| {
        khcidr_core::check(&khcidr_core::Plan {
            module_version: "2.19.2".parse().unwrap(),
            terraform: Some(terraform.parse().unwrap()),
            ..khcidr_core::Plan::default()
        })
    };
    let old = on("tofu-1.9.0");
    let failing: Vec<_> = old
        .findings
        .iter()
        .filter(|f| {
            f.code == khcidr_core::Code::TerraformVersion
                && f.severity == khcidr_core::Severity::Error
        })
        .collect();
    assert!(!failing.is_empty());
    assert!(
        failing[0].message.contains("fails on OpenTofu 1.9.0"),
        "{}",
        failing[0].message
    );
    assert!(failing[0]
        .message
        .contains("OpenTofu before 1.10 evaluates both sides"));
    assert!(failing[0]
        .symptom
        .contains("Attempt to get attribute from null value"));
    assert!(on("tofu-1.10.0")
        .findings
        .iter()
        .all(|f| f.code != khcidr_core::Code::TerraformVersion));
    // Terraform 1.10 is not OpenTofu 1.10.
    assert!(on("1.10.0")
        .findings
        .iter()
        .any(|f| f.code == khcidr_core::Code::TerraformVersion
            && f.severity == khcidr_core::Severity::Error));
}
