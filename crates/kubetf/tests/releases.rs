//! Which release a file is read under: an unpinned file's arguments against every release's
//! variables, Terraform's "Unsupported argument" for one the release checked lacks, a
//! release chosen over the file's, and a constraint that allows releases khcidr does not
//! know. Spans are the module's `variables.tf` at each tag.

use khcidr_core::{Key, Release};
use khcidr_kubetf::{read, read_as, Chose, File, Reading};

/// A module block with `version` (none when empty) and these arguments.
fn file(version: &str, body: &str) -> Vec<File> {
    let version = match version {
        "" => String::new(),
        v => format!("  version = \"{v}\"\n"),
    };
    vec![File {
        name: "kube.tf".into(),
        text: format!(
            "module \"kube-hetzner\" {{\n  source  = \"kube-hetzner/kube-hetzner/hcloud\"\n{version}{body}\n}}\n"
        ),
    }]
}

fn reading(version: &str, body: &str) -> Reading {
    read("kube.tf", &file(version, body), &[], &[]).expect("reads")
}

fn notes(r: &Reading) -> Vec<String> {
    r.all_notes(None).into_iter().collect()
}

fn source(r: &Reading, key: Key) -> Option<String> {
    r.sources
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, s)| s.en())
}

/// The file: 2.x names and no version. `use_control_plane_lb` is declared from
/// v2.0.0 to v2.21.0, `subnet_amount` from v2.19.0 to v2.21.0; 3.0.0 renamed both.
const TWO_X: &str =
    "  use_control_plane_lb = true\n  subnet_amount = 64\n  network_ipv4_cidr = \"10.0.0.0/8\"";

#[test]
fn an_unpinned_file_with_2x_names_is_read_under_the_newest_release_that_declares_them() {
    let r = reading("", TWO_X);
    assert_eq!(r.plan.module_version.to_string(), "2.21.0");
    let notes = notes(&r);
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(
        notes[0].contains(
            "kube.tf:1: the module block has no version, and use_control_plane_lb and subnet_amount exist together only in 2.19.0 to 2.21.0: checked on 2.21.0"
        ),
        "{notes:#?}"
    );
    assert!(notes[0].contains("(3.1.0 refuses them: Unsupported argument)"));
    // Both are read, from their lines, not dropped as defaults.
    assert!(r.plan.control_plane_lb);
    assert_eq!(source(&r, Key::ControlPlaneLb), Some("kube.tf:3".into()));
    assert_eq!(source(&r, Key::SubnetCount), Some("kube.tf:4".into()));
}

#[test]
fn an_unpinned_file_that_3x_declares_stays_on_the_newest_release() {
    let r = reading(
        "",
        "  enable_control_plane_load_balancer = true\n  subnet_count = 64",
    );
    assert_eq!(r.plan.module_version, Release::default());
    let notes = notes(&r);
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(notes[0].contains("has no version: checked on the newest release, 3.1.0"));
    assert!(r.plan.control_plane_lb);
}

#[test]
fn names_no_release_declares_together_follow_the_newest_and_each_is_terraforms_error() {
    // `use_control_plane_lb` ends at v2.21.0, `subnet_count` starts at v3.0.0.
    let r = reading(
        "",
        "  use_control_plane_lb = true\n  subnet_count = 64\n  netwrok_ipv4_cidr = \"10.0.0.0/16\"",
    );
    assert_eq!(r.plan.module_version.to_string(), "3.1.0");
    let notes = notes(&r);
    assert!(
        notes.iter().any(|n| n
            == "kube.tf:3: Unsupported argument: an argument named \"use_control_plane_lb\" is not expected here. kube-hetzner 3.1.0 declares no variable use_control_plane_lb (2.0.0 to 2.21.0 do): terraform plan fails, and it is not read"),
        "{notes:#?}"
    );
    assert!(
        notes.iter().any(|n| n.starts_with(
            "kube.tf:5: Unsupported argument: an argument named \"netwrok_ipv4_cidr\""
        ) && n.contains("(no release from 2.0.0 to 3.1.0 does)")),
        "{notes:#?}"
    );
    // Not read: the control-plane load balancer stays at 3.1.0's default.
    assert_eq!(source(&r, Key::ControlPlaneLb), None);
    assert_eq!(source(&r, Key::SubnetCount), Some("kube.tf:4".into()));
}

#[test]
fn a_pinned_file_keeps_its_release_and_each_argument_it_lacks_is_a_note() {
    let r = reading(
        "2.18.4",
        "  subnet_count = 64\n  use_control_plane_lb = true",
    );
    assert_eq!(r.plan.module_version.to_string(), "2.18.4");
    let notes = notes(&r);
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(notes[0]
        .contains("kube-hetzner 2.18.4 declares no variable subnet_count (3.0.0 to 3.1.0 do)"));
    assert!(r.plan.control_plane_lb);
    // A setting 2.18.4 lacks, set to another value than its default: the check's
    // `value-ignored` says it (not a second note); at variables.tf's default (256, v2.19.0
    // line 128) only the note says that Terraform refuses it.
    let set = reading("2.18.4", "  subnet_amount = 64");
    assert!(
        !notes_of(&set).contains("subnet_amount"),
        "{}",
        notes_of(&set)
    );
    assert!(khcidr_core::check(&set.plan)
        .findings
        .iter()
        .any(|f| f.code == khcidr_core::Code::ValueIgnored));
    let default = reading("2.18.4", "  subnet_amount = 256");
    assert!(
        notes_of(&default).contains("kube-hetzner 2.18.4 declares no variable subnet_amount (2.19.0 to 2.21.0 do): terraform plan fails"),
        "{}",
        notes_of(&default)
    );
    assert!(!notes_of(&default).contains("not read"));
}

fn notes_of(r: &Reading) -> String {
    notes(r).join("\n")
}

#[test]
fn a_release_chosen_over_the_files_rereads_its_names() {
    let chose = |release: &str| Chose {
        release: release.parse().unwrap(),
        by: "given with --module-version".into(),
    };
    // A 2.x file asked about under 3.1.0: its 2.x names are Terraform errors there.
    let two = read_as(
        "kube.tf",
        &file("2.18.4", TWO_X),
        &[],
        &[],
        Some(&chose("3.1.0")),
    )
    .unwrap();
    assert_eq!(two.plan.module_version.to_string(), "3.1.0");
    let notes = notes_of(&two);
    assert!(
        notes.contains("checked on 3.1.0, the release given with --module-version (the file's is 2.18.4): the file's arguments are read under its names"),
        "{notes}"
    );
    assert!(notes.contains(
        "an argument named \"use_control_plane_lb\" is not expected here. kube-hetzner 3.1.0"
    ));
    assert!(!two.plan.control_plane_lb);
    // The same file under 2.19.0 reads both names.
    let back = read_as(
        "kube.tf",
        &file("", TWO_X),
        &[],
        &[],
        Some(&chose("2.19.0")),
    )
    .unwrap();
    assert_eq!(back.plan.module_version.to_string(), "2.19.0");
    assert!(back.plan.control_plane_lb);
    assert_eq!(source(&back, Key::ControlPlaneLb), Some("kube.tf:3".into()));
    assert_eq!(back.all_notes(None).len(), 1, "{:#?}", notes_of(&back));
    // Chosen as the file's own release: nothing to contrast.
    let same = read_as(
        "kube.tf",
        &file("2.18.4", ""),
        &[],
        &[],
        Some(&chose("2.18.4")),
    )
    .unwrap();
    assert!(
        !notes_of(&same).contains("(the file's is"),
        "{}",
        notes_of(&same)
    );
}

#[test]
fn a_constraint_says_when_it_allows_releases_khcidr_does_not_know() {
    let open = reading("~> 3.1", "");
    assert_eq!(open.plan.module_version.to_string(), "3.1.0");
    assert!(
        notes_of(&open).contains("version = \"~> 3.1\" is a constraint: checked on 3.1.0, the newest release khcidr knows that it allows; it also allows newer releases (after 3.1.0), and terraform init takes the newest published"),
        "{}",
        notes_of(&open)
    );
    // `~> 2.18.1` allows 2.18.1 to 2.18.x; the newest 2.x khcidr knows is 2.21.0.
    let closed = reading("~> 2.18.1", "");
    assert!(
        notes_of(&closed).contains("checked on 2.18.5, the newest release it allows; terraform init may have installed an older one"),
        "{}",
        notes_of(&closed)
    );
}

#[test]
fn a_newer_release_than_khcidr_knows_may_declare_what_the_known_one_lacks() {
    let r = reading("3.2.0", "  some_new_variable = true");
    assert!(
        notes_of(&r).contains("some_new_variable: kube-hetzner 3.1.0, which 3.2.0 is checked as, declares no variable some_new_variable (no release from 2.0.0 to 3.1.0 does); if 3.2.0 does not either, terraform plan fails"),
        "{}",
        notes_of(&r)
    );
}

#[test]
fn a_chosen_release_is_shown_and_kept_even_when_the_files_version_is_sensitive() {
    let files = vec![File {
        name: "kube.tf".into(),
        text: "variable \"ver\" {\n  sensitive = true\n  default   = \"2.21.0\"\n}\nmodule \"kube-hetzner\" {\n  source  = \"kube-hetzner/kube-hetzner/hcloud\"\n  version = var.ver\n  use_control_plane_lb = true\n}\n".into(),
    }];
    let chose = Chose {
        release: "2.19.0".parse().unwrap(),
        by: "picked on the page".into(),
    };
    let r = read_as("kube.tf", &files, &[], &[], Some(&chose)).unwrap();
    assert_eq!(r.plan.module_version.to_string(), "2.19.0");
    // The page keeps what it may share: the release picked, not the module's default.
    assert_eq!(r.shareable().0.module_version.to_string(), "2.19.0");
    let notes = notes_of(&r);
    assert!(
        notes.contains("checked on 2.19.0, the release picked on the page: the file's arguments are read under its names"),
        "{notes}"
    );
    assert!(
        !format!("{r:?}").contains("2.21.0"),
        "the file's own version stays hidden"
    );
}

#[test]
fn a_branch_or_local_source_says_so_when_its_arguments_choose_the_release() {
    let files = vec![File {
        name: "kube.tf".into(),
        text: format!("module \"kube-hetzner\" {{\n  source = \"git::https://github.com/kube-hetzner/terraform-hcloud-kube-hetzner.git?ref=master\"\n{TWO_X}\n}}\n"),
    }];
    let r = read("kube.tf", &files, &[], &[]).unwrap();
    assert_eq!(r.plan.module_version.to_string(), "2.21.0");
    assert!(
        notes_of(&r).contains("kube.tf:1: the source names no release (ref master), and use_control_plane_lb and subnet_amount exist together only in 2.19.0 to 2.21.0: checked on 2.21.0"),
        "{}",
        notes_of(&r)
    );
}

#[test]
fn a_version_that_cannot_be_evaluated_under_a_chosen_release_names_that_release() {
    let files = file("", "");
    let mut text = files[0]
        .text
        .replace("  source", "  version = var.nope\n  source");
    text.push_str("variable \"nope\" {}\n");
    let files = vec![File {
        name: "kube.tf".into(),
        text,
    }];
    let chose = Chose {
        release: "2.19.0".parse().unwrap(),
        by: "given with --module-version".into(),
    };
    let r = read_as("kube.tf", &files, &[], &[], Some(&chose)).unwrap();
    let notes = notes_of(&r);
    assert!(
        notes.contains("Checked with 2.19.0, the release given with --module-version instead"),
        "{notes}"
    );
    assert!(!notes.contains("the newest release"), "{notes}");
}

#[test]
fn one_name_the_newest_release_lacks_and_one_declared_by_a_single_release() {
    // `use_control_plane_lb`: variables.tf v2.0.0 to v2.21.0.
    let r = reading("", "  use_control_plane_lb = true");
    assert_eq!(r.plan.module_version.to_string(), "2.21.0");
    assert!(
        notes_of(&r).contains("use_control_plane_lb exists only in 2.0.0 to 2.21.0: checked on 2.21.0, the newest release that declares every argument the block sets (3.1.0 refuses it: Unsupported argument)"),
        "{}",
        notes_of(&r)
    );
    // `kustomize_apply_options` is in v2.21.0's variables.tf only.
    let r = reading("3.1.0", "  kustomize_apply_options = \"\"");
    assert!(
        notes_of(&r).contains("declares no variable kustomize_apply_options (only 2.21.0 does)"),
        "{}",
        notes_of(&r)
    );
}
