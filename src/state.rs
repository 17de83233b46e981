//! The page's state: the plan being edited, and every edit a user can make to it.

use std::rc::Rc;

use khcidr_core::{AgentPool, Plan};
use yew::Reducible;

/// Which of the four main text fields an edit targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Network,
    Cluster,
    Service,
    Dns,
}

/// Which kind of nodepool an edit targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolKind {
    ControlPlane,
    Agent,
}

/// Most nodepools of one kind the page offers (Hetzner allows 50 subnets in all).
pub const MAX_POOLS: usize = 50;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Replace the text of one main field, exactly as typed.
    SetText(TextField, String),
    /// Set a nodepool's node count.
    SetNodes(PoolKind, usize, u32),
    AddPool(PoolKind),
    RemovePool(PoolKind, usize),
    SetAutoscaler(u32),
    /// Back to the module defaults.
    Reset,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub plan: Plan,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut plan = self.plan.clone();
        match action {
            Action::SetText(field, text) => *text_mut(&mut plan, field) = text,
            Action::SetNodes(PoolKind::ControlPlane, i, n) => {
                if let Some(pool) = plan.control_planes.get_mut(i) {
                    *pool = n;
                }
            }
            Action::SetNodes(PoolKind::Agent, i, n) => {
                if let Some(pool) = plan.agents.get_mut(i) {
                    pool.nodes = n;
                }
            }
            Action::AddPool(PoolKind::ControlPlane) if plan.control_planes.len() < MAX_POOLS => {
                plan.control_planes.push(1)
            }
            Action::AddPool(PoolKind::Agent) if plan.agents.len() < MAX_POOLS => {
                plan.agents.push(AgentPool::new(1))
            }
            Action::AddPool(_) => {}
            Action::RemovePool(PoolKind::ControlPlane, i) if i < plan.control_planes.len() => {
                plan.control_planes.remove(i);
            }
            Action::RemovePool(PoolKind::Agent, i) if i < plan.agents.len() => {
                plan.agents.remove(i);
            }
            Action::RemovePool(..) => {}
            Action::SetAutoscaler(n) => plan.autoscaler_max_nodes = n,
            Action::Reset => plan = Plan::default(),
        }
        Rc::new(State { plan })
    }
}

/// The text behind one main field.
pub fn text_mut(plan: &mut Plan, field: TextField) -> &mut String {
    match field {
        TextField::Network => &mut plan.network_ipv4_cidr,
        TextField::Cluster => &mut plan.cluster_ipv4_cidr,
        TextField::Service => &mut plan.service_ipv4_cidr,
        TextField::Dns => &mut plan.cluster_dns_ipv4,
    }
}

impl TextField {
    pub const ALL: [TextField; 4] = [
        TextField::Network,
        TextField::Cluster,
        TextField::Service,
        TextField::Dns,
    ];

    /// The kube-hetzner variable name.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Network => "network_ipv4_cidr",
            TextField::Cluster => "cluster_ipv4_cidr",
            TextField::Service => "service_ipv4_cidr",
            TextField::Dns => "cluster_dns_ipv4",
        }
    }

    /// What the field is, in a few words.
    pub fn label(self) -> &'static str {
        match self {
            TextField::Network => "Hetzner network",
            TextField::Cluster => "Pod range",
            TextField::Service => "Service range",
            TextField::Dns => "CoreDNS IP",
        }
    }

    pub fn placeholder(self) -> &'static str {
        match self {
            TextField::Network => "10.0.0.0/8",
            TextField::Cluster => "10.42.0.0/16",
            TextField::Service => "10.43.0.0/16",
            TextField::Dns => "host 10 of the service range",
        }
    }

    pub fn text(self, plan: &Plan) -> &str {
        match self {
            TextField::Network => &plan.network_ipv4_cidr,
            TextField::Cluster => &plan.cluster_ipv4_cidr,
            TextField::Service => &plan.service_ipv4_cidr,
            TextField::Dns => &plan.cluster_dns_ipv4,
        }
    }

    pub fn core_field(self) -> khcidr_core::Field {
        match self {
            TextField::Network => khcidr_core::Field::Network,
            TextField::Cluster => khcidr_core::Field::Cluster,
            TextField::Service => khcidr_core::Field::Service,
            TextField::Dns => khcidr_core::Field::Dns,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(actions: impl IntoIterator<Item = Action>) -> State {
        let mut state = Rc::new(State::default());
        for action in actions {
            state = state.reduce(action);
        }
        Rc::unwrap_or_clone(state)
    }

    #[test]
    fn a_half_typed_value_is_kept_verbatim_beside_other_edits() {
        let state = apply([
            Action::SetText(TextField::Service, "10.96.0.0/12".into()),
            Action::SetText(TextField::Network, "10.0.0.".into()),
        ]);
        assert_eq!(state.plan.network_ipv4_cidr, "10.0.0.");
        assert_eq!(state.plan.service_ipv4_cidr, "10.96.0.0/12");
    }

    #[test]
    fn pools_are_added_edited_and_removed_by_index_and_out_of_range_edits_are_ignored() {
        let state = apply([
            Action::AddPool(PoolKind::Agent),
            Action::SetNodes(PoolKind::Agent, 2, 7),
            Action::RemovePool(PoolKind::Agent, 0),
            Action::SetNodes(PoolKind::Agent, 9, 3),
            Action::RemovePool(PoolKind::ControlPlane, 9),
        ]);
        let nodes: Vec<u32> = state.plan.agents.iter().map(|p| p.nodes).collect();
        assert_eq!(nodes, [1, 7]);
        assert_eq!(state.plan.control_planes, [1, 1, 1]);
    }

    #[test]
    fn pools_stop_at_the_subnet_limit_and_reset_restores_defaults() {
        let state = apply((0..60).map(|_| Action::AddPool(PoolKind::ControlPlane)));
        assert_eq!(state.plan.control_planes.len(), MAX_POOLS);
        let state = Rc::new(state).reduce(Action::Reset);
        assert_eq!(state.plan, Plan::default());
    }
}
