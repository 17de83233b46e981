//! Reading never panics, whatever the text: every prefix of the module's own example, and
//! the incident written a line at a time, either reads or gives an error with a place.

use khcidr_kubetf::{read, File, ReadError};

const EXAMPLE: &str =
    include_str!("../../cli/tests/fixtures/kubetf/examples/kube.tf.example-3.1.0");

fn file(text: &str) -> Vec<File> {
    vec![File {
        name: "kube.tf".into(),
        text: text.into(),
    }]
}

#[test]
fn every_cut_of_a_real_file_reads_or_says_where_it_broke() {
    let mut syntax = 0;
    for cut in (0..EXAMPLE.len())
        .step_by(331)
        .filter(|&c| EXAMPLE.is_char_boundary(c))
    {
        match read("kube.tf", &file(&EXAMPLE[..cut]), &[]) {
            Ok(_) => {}
            Err(ReadError::Syntax {
                file,
                line,
                column,
                message,
            }) => {
                syntax += 1;
                assert_eq!(file, "kube.tf");
                assert!(line >= 1 && column >= 1 && !message.is_empty());
            }
            Err(ReadError::NoModule { place }) => assert_eq!(place, "kube.tf"),
        }
    }
    assert!(
        syntax > 100,
        "cuts inside the module block are syntax errors: {syntax}"
    );
    assert!(read("kube.tf", &file(EXAMPLE), &[]).is_ok());
}

#[test]
fn odd_values_become_notes_not_panics() {
    let text = r#"
module "k" {
  source                  = "kube-hetzner/kube-hetzner/hcloud"
  version                 = "9.9.9"
  network_ipv4_cidr       = [1, 2]
  cluster_ipv4_cidr       = cidrsubnet("10.0.0.0/8", 40, 1)
  service_ipv4_cidr       = cidrhost("nonsense", -99999999999)
  control_plane_nodepools = [{ count = -1 }, { count = 1e30 }, "x", { nodes = { a = {} } }]
  agent_nodepools         = [{ nodes = { "4294967296" = {} } }, { count = "7" }]
  autoscaler_nodepools    = { a = 1 }
  k3s_exec_server_args    = "--kube-controller-manager-arg=node-cidr-mask-size=999"
  nat_router              = 42
  subnet_amount           = range(5000)
}
"#;
    let reading = read("kube.tf", &file(text), &[]).expect("the block reads");
    let notes: Vec<&String> = reading.all_notes().collect();
    assert!(
        notes.iter().any(|n| n.contains("version = \"9.9.9\"")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("network_ipv4_cidr is not a single value")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("insufficient address space to extend prefix of 8 by 40")),
        "{notes:?}"
    );
    assert_eq!(reading.plan.agents[1].nodes, 7);
}
