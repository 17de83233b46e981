fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut plan = khcidr_core::Plan::default();
    if args.len() > 3 {
        plan.network_ipv4_cidr = args[1].clone();
        plan.cluster_ipv4_cidr = args[2].clone();
        plan.service_ipv4_cidr = args[3].clone();
    }
    if args.len() > 4 { plan.cluster_dns_ipv4 = args[4].clone(); }
    if std::env::var("V2").is_ok() { plan.module_version = khcidr_core::ModuleVersion::V2; }
    if std::env::var("INCIDENT").is_ok() { plan.agents = vec![khcidr_core::AgentPool::new(2)]; }
    if std::env::var("LB").is_ok() { plan.control_plane_lb = true; }
    let r = khcidr_core::check(&plan);
    for f in &r.findings { println!("{} {} starts={:?}\n  {}\n  SYM {}\n  FIX {}", f.severity, f.code, f.starts_at, f.message, f.symptom, f.fix); }
    for s in &r.layout.subnets { println!("{} {:?} {:?}", s, s.gateway, s.node_ips); }
    println!("api {:?} dns {:?} lb {:?} blocks {:?}", r.layout.api_ip, r.layout.dns_ip, r.layout.load_balancer_ip, r.layout.pod_blocks);
    println!("{:?}", r.capacity);
}
