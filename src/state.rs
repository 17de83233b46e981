//! The page's state: the plan being edited, what the bars show, and every action on them.

use crate::i18n::t;

use std::rc::Rc;

use ipnet::Ipv4Net;
use khcidr_core::{AgentPool, FindingId, Key, Plan};
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
pub const MAX_POOLS: usize = khcidr_core::share::MAX_POOLS;

/// The presets: module defaults and the public incident ("Fix my plan" fixes any plan).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Defaults,
    Incident,
}

impl Preset {
    pub const ALL: [Preset; 2] = [Preset::Defaults, Preset::Incident];

    pub fn label(self) -> &'static str {
        match self {
            Preset::Defaults => t("Module defaults"),
            Preset::Incident => t("2024 incident"),
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Preset::Defaults => "defaults",
            Preset::Incident => "incident",
        }
    }

    pub fn plan(self) -> Plan {
        let text = |network: &str, cluster: &str, service: &str| Plan {
            network_ipv4_cidr: network.into(),
            cluster_ipv4_cidr: cluster.into(),
            service_ipv4_cidr: service.into(),
            ..Plan::default()
        };
        match self {
            Preset::Defaults => Plan::default(),
            // kube-hetzner issue 1221 (Feb 2024, module 2.12.0).
            Preset::Incident => Plan {
                module_version: "2.12.0".parse().unwrap_or_default(),
                agents: vec![AgentPool::new(2)],
                ..text("10.20.128.0/17", "10.20.128.0/20", "10.20.144.0/20")
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Replace the text of one main field, exactly as typed.
    SetText(TextField, String),
    /// Apply a finding's fix: its edits, as one step.
    ApplyFix(Vec<khcidr_core::Change>),
    /// Check the plan on another kube-hetzner release.
    SetRelease(khcidr_core::Release),
    /// Set a nodepool's node count.
    SetNodes(PoolKind, usize, u32),
    /// Set an agent pool's own subnet, as typed (empty for the module's).
    SetAgentSubnet(usize, String),
    AddPool(PoolKind),
    RemovePool(PoolKind, usize),
    SetAutoscaler(u32),
    /// Set the what-if node count, or `None` for the nodepools' own sum.
    SetWhatIf(Option<u32>),
    /// Set a setting from text, as one edit: a select or a toggle. Text the setting
    /// refuses changes nothing.
    Set(Key, String),
    /// One step of a numeric setting, typed or stepped: consecutive steps are one burst.
    Step(Key, String),
    /// Replace the plan from a link, noting what it ignored.
    Load(Plan, Vec<String>),
    /// Replace the plan with one read from `kube.tf`: the module block read, and the notes.
    Import(Plan, String, Vec<String>),
    /// The same file read again under another release: it replaces the plan only if the
    /// plan is still the file's; after an edit made meanwhile, only the release is taken.
    Reread(Plan, String, Vec<String>),
    /// Back to the module defaults, forgetting notices.
    Reset,
    /// Zoom the bars to a range, or back out with `None`.
    Zoom(Option<Ipv4Net>),
    /// Highlight one finding's ranges.
    Highlight(Option<FindingId>),
    DismissNotices,
}

/// A control edited in small steps; consecutive steps of one control are one burst.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Burst {
    Text(TextField),
    Pool(PoolKind, usize),
    AgentSubnet(usize),
    Autoscaler,
    WhatIf,
    Setting(Key),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub plan: Plan,
    pub zoom: Option<Ipv4Net>,
    /// The finding whose ranges are highlighted: it stays highlighted through edits for
    /// as long as the report has it.
    pub highlight: Option<FindingId>,
    /// What a link contained that could not be used, or the notes of an import.
    pub notices: Vec<String>,
    /// The module block the plan was imported from, while its notes are shown.
    pub imported: Option<String>,
    /// Whether the plan is still as the last `kube.tf` import gave it: picking a release
    /// then reads the file again under that release's names.
    pub from_file: bool,
    /// The control the last edit was one small step of (typing, a count stepped, the
    /// what-if slider dragged): saved once it pauses, one history entry per burst.
    pub burst: Option<Burst>,
    /// Full page or embed, fixed for the page's life.
    pub view: khcidr_core::share::View,
}

impl State {
    /// A whole new plan, with its notices: nothing of the last one's view carries over
    /// but the page's mode.
    fn replaced(&self, plan: Plan, notices: Vec<String>, imported: Option<String>) -> State {
        State {
            plan,
            notices,
            imported,
            view: self.view,
            ..State::default()
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Text a setting refuses (a number field cleared to retype it) changes nothing, not
        // even the burst: the field keeps what is typed until it means something.
        if let Action::Set(key, text) | Action::Step(key, text) = &action {
            let refused = khcidr_core::settings::Setting::of(*key)
                .is_none_or(|s| (s.set)(&mut self.plan.clone(), text).is_err());
            if refused {
                return self;
            }
        }
        let import = matches!(action, Action::Import(..))
            || matches!(action, Action::Reread(..) if self.from_file);
        let mut next = (*self).clone();
        next.burst = action.burst();
        // A value given by hand is no longer one the file leaves unknown.
        let given = action.given();
        next.plan.unknown.retain(|u| !given.contains(&u.setting));
        let plan = &mut next.plan;
        match action {
            Action::SetText(field, text) => {
                // A pasted `kube.tf` line or quoted value reads as its value; typing is
                // kept exactly as typed.
                let bare = khcidr_core::settings::pasted(&text);
                *text_mut(plan, field) = if bare == text.trim() {
                    text
                } else {
                    bare.to_string()
                };
            }
            Action::SetNodes(..)
            | Action::SetAgentSubnet(..)
            | Action::AddPool(_)
            | Action::RemovePool(..) => edit_pools(plan, action),
            Action::SetAutoscaler(n) => plan.autoscaler_max_nodes = n,
            Action::SetRelease(release) => plan.module_version = release,
            Action::ApplyFix(changes) => *plan = khcidr_core::settings::apply(plan, &changes),
            Action::SetWhatIf(nodes) => plan.nodes = nodes,
            Action::Set(key, text) | Action::Step(key, text) => {
                if let Some(setting) = khcidr_core::settings::Setting::of(key) {
                    let mut tried = plan.clone();
                    if (setting.set)(&mut tried, &text).is_ok() {
                        *plan = tried;
                    }
                }
            }
            Action::Load(new, notices) => next = self.replaced(new, notices, None),
            Action::Reset => next = self.replaced(Plan::default(), Vec::new(), None),
            Action::Import(new, module, notes) => next = self.replaced(new, notes, Some(module)),
            Action::Reread(new, module, notes) if self.from_file => {
                next = self.replaced(new, notes, Some(module))
            }
            Action::Reread(new, ..) => plan.module_version = new.module_version,
            Action::Zoom(zoom) => next.zoom = zoom,
            Action::Highlight(id) => next.highlight = id,
            Action::DismissNotices => {
                next.notices.clear();
                next.imported = None;
            }
        }
        next.from_file = import || self.from_file && next.plan == self.plan;
        Rc::new(next)
    }
}

impl Action {
    /// The settings this action gives a value by hand. A nodepool edit gives one pool's
    /// count, not the one a file leaves unknown: those stay until the file is read again
    /// with the values.
    fn given(&self) -> Vec<Key> {
        match self {
            Action::SetText(field, _) => vec![field.core_field().key()],
            Action::SetAgentSubnet(..) => vec![Key::AgentSubnets],
            Action::SetAutoscaler(_) => vec![Key::AutoscalerMax],
            Action::Set(key, _) | Action::Step(key, _) => vec![*key],
            Action::ApplyFix(changes) => changes.iter().map(|c| c.setting).collect(),
            _ => Vec::new(),
        }
    }

    /// The control this action is a small step of, if it is one.
    fn burst(&self) -> Option<Burst> {
        match *self {
            Action::SetText(field, _) => Some(Burst::Text(field)),
            Action::SetNodes(kind, index, _) => Some(Burst::Pool(kind, index)),
            Action::SetAgentSubnet(index, _) => Some(Burst::AgentSubnet(index)),
            Action::SetAutoscaler(_) => Some(Burst::Autoscaler),
            Action::SetWhatIf(_) => Some(Burst::WhatIf),
            Action::Step(key, _) => Some(Burst::Setting(key)),
            _ => None,
        }
    }
}

/// A nodepool edit; edits of a pool that is not there, and pools past the limit, are
/// ignored.
fn edit_pools(plan: &mut Plan, action: Action) {
    match action {
        Action::SetNodes(PoolKind::ControlPlane, i, n) => {
            if let Some(pool) = plan.control_planes.get_mut(i) {
                *pool = n;
            }
        }
        Action::SetNodes(PoolKind::Agent, i, n) => {
            if let Some(pool) = plan.agents.get_mut(i) {
                // A count replaces a nodes map.
                pool.keys.clear();
                pool.nodes = n;
            }
        }
        Action::SetAgentSubnet(i, text) => {
            if let Some(pool) = plan.agents.get_mut(i) {
                pool.subnet_ip_range = (!text.trim().is_empty()).then_some(text);
            }
        }
        Action::AddPool(PoolKind::ControlPlane) if plan.control_planes.len() < MAX_POOLS => {
            plan.control_planes.push(1)
        }
        Action::AddPool(PoolKind::Agent) if plan.agents.len() < MAX_POOLS => {
            plan.agents.push(AgentPool::new(1))
        }
        Action::RemovePool(PoolKind::ControlPlane, i) if i < plan.control_planes.len() => {
            plan.control_planes.remove(i);
            // The pools after it move up, and their names with them.
            if i < plan.control_plane_names.len() {
                plan.control_plane_names.remove(i);
            }
        }
        Action::RemovePool(PoolKind::Agent, i) if i < plan.agents.len() => {
            plan.agents.remove(i);
            if i < plan.agent_names.len() {
                plan.agent_names.remove(i);
            }
        }
        _ => {}
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
            TextField::Network => t("Hetzner network"),
            TextField::Cluster => t("Pod range"),
            TextField::Service => t("Service range"),
            TextField::Dns => t("CoreDNS IP"),
        }
    }

    /// The module's default, or for the DNS address how the release derives it.
    pub fn placeholder(self) -> String {
        match self {
            TextField::Dns => t("empty: the release's own address").into(),
            _ => self.text(&Plan::default()).to_string(),
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

    #[test]
    fn a_value_given_by_hand_is_no_longer_unknown() {
        let unknown = |setting| khcidr_core::Unknown {
            name: "var.x".into(),
            at: "kube.tf:3".into(),
            setting,
        };
        let read = Plan {
            unknown: vec![unknown(Key::Network), unknown(Key::Agents)],
            ..Plan::default()
        };
        let state = apply([
            Action::Import(read, "module \"k\" at kube.tf:1".into(), Vec::new()),
            Action::SetText(TextField::Network, "10.1.0.0/16".into()),
        ]);
        assert_eq!(state.plan.unknown, [unknown(Key::Agents)]);
        // Another pool is not the one the file leaves unknown.
        let state = Rc::new(state).reduce(Action::AddPool(PoolKind::Agent));
        assert_eq!(state.plan.unknown, [unknown(Key::Agents)]);
        let state = state.reduce(Action::Set(Key::Agents, "1,2".into()));
        assert!(state.plan.unknown.is_empty());
    }

    fn apply(actions: impl IntoIterator<Item = Action>) -> State {
        let mut state = Rc::new(State::default());
        for action in actions {
            state = state.reduce(action);
        }
        Rc::unwrap_or_clone(state)
    }

    #[test]
    fn a_plan_is_from_the_file_until_it_is_edited() {
        let read = Plan {
            cluster_ipv4_cidr: "10.50.0.0/16".into(),
            ..Plan::default()
        };
        let import =
            || Action::Import(read.clone(), "module \"k\" at kube.tf:1".into(), Vec::new());
        let from_file = |actions: Vec<Action>| apply(actions).from_file;
        assert!(!State::default().from_file);
        assert!(from_file(vec![import()]));
        // Looking is not editing; the notes dismissed, the plan is still the file's.
        assert!(from_file(vec![
            import(),
            Action::Zoom(None),
            Action::DismissNotices
        ]));
        assert!(!from_file(vec![
            import(),
            Action::SetText(TextField::Service, "10.96.0.0/16".into())
        ]));
        assert!(!from_file(vec![
            import(),
            Action::SetRelease("2.18.4".parse().unwrap())
        ]));
        assert!(!from_file(vec![import(), Action::Reset]));
        assert!(from_file(vec![Action::Reset, import()]));
        // Read again under another release: the plan is the file's again; but an edit made
        // while it was read again is kept, with the release picked.
        let again = || {
            let mut plan = read.clone();
            plan.module_version = "2.18.4".parse().unwrap();
            Action::Reread(
                plan,
                "module \"k\" at kube.tf:1".into(),
                vec!["note".into()],
            )
        };
        let state = apply(vec![import(), again()]);
        assert!(state.from_file);
        assert_eq!(state.notices, ["note"]);
        let edited = apply(vec![
            import(),
            Action::SetText(TextField::Service, "10.96.0.0/16".into()),
            again(),
        ]);
        assert!(!edited.from_file);
        assert_eq!(edited.plan.service_ipv4_cidr, "10.96.0.0/16");
        assert_eq!(edited.plan.module_version.to_string(), "2.18.4");
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
    fn removing_a_pool_moves_the_names_of_those_after_it_up() {
        let mut state = State::default();
        state.plan.agents = vec![AgentPool::new(1), AgentPool::new(2), AgentPool::new(3)];
        state.plan.agent_names = vec!["a".into(), "b".into(), "c".into()];
        let state = Rc::new(state).reduce(Action::RemovePool(PoolKind::Agent, 1));
        assert_eq!(state.plan.agent_names, ["a", "c"]);
        let nodes: Vec<u32> = state.plan.agents.iter().map(|p| p.nodes).collect();
        assert_eq!(nodes, [1, 3]);
    }

    #[test]
    fn pools_stop_at_the_most_subnets_a_release_splits_and_reset_restores_defaults() {
        let state = apply((0..300).map(|_| Action::AddPool(PoolKind::ControlPlane)));
        assert_eq!(state.plan.control_planes.len(), MAX_POOLS);
        let state = Rc::new(state).reduce(Action::Reset);
        assert_eq!(state.plan, Plan::default());
    }

    #[test]
    fn a_highlighted_finding_keeps_its_highlight_through_an_edit_that_adds_others() {
        let overlap = FindingId {
            code: khcidr_core::Code::PodSubnetOverlap,
            nth: 0,
        };
        let state = apply([
            Action::SetText(TextField::Cluster, "10.0.0.0/16".into()),
            Action::Highlight(Some(overlap)),
        ]);
        let before = khcidr_core::check_release(&state.plan);
        // An edit that brings a finding of another code before it.
        let state =
            Rc::new(state).reduce(Action::SetText(TextField::Service, "10.0.0.0/16".into()));
        let after = khcidr_core::check_release(&state.plan);
        let position = |r: &khcidr_core::Report| r.identified().position(|(id, _)| id == overlap);
        assert_ne!(
            position(&before),
            position(&after),
            "the finding moved in the list"
        );
        assert_eq!(state.highlight, Some(overlap));
        assert_eq!(
            after.get(overlap).map(|f| f.code),
            Some(khcidr_core::Code::PodSubnetOverlap)
        );
    }

    #[test]
    fn small_steps_name_their_control_and_whole_plan_changes_name_none() {
        let steps = [
            (
                Action::SetText(TextField::Service, "10.96.0.0/1".into()),
                Burst::Text(TextField::Service),
            ),
            (
                Action::SetNodes(PoolKind::Agent, 1, 4),
                Burst::Pool(PoolKind::Agent, 1),
            ),
            (Action::SetAutoscaler(3), Burst::Autoscaler),
            (Action::SetWhatIf(Some(40)), Burst::WhatIf),
            (
                Action::Step(Key::NatRouterIndex, "2".into()),
                Burst::Setting(Key::NatRouterIndex),
            ),
        ];
        for (step, burst) in steps {
            assert_eq!(Rc::new(State::default()).reduce(step).burst, Some(burst));
        }
        let state = apply([Action::SetWhatIf(Some(40))]);
        assert_eq!(state.plan.nodes, Some(40));
        let state = Rc::new(state).reduce(Action::Load(Preset::Incident.plan(), Vec::new()));
        assert_eq!(state.burst, None, "a preset is a step of its own");
        assert_eq!(apply([Action::AddPool(PoolKind::Agent)]).burst, None);
    }

    #[test]
    fn settings_are_intents_by_key_and_refused_text_changes_nothing() {
        let state = Rc::new(State::default());
        let next = state
            .clone()
            .reduce(Action::Step(Key::NodeMask, "25".into()));
        assert_eq!(next.plan.node_mask, 25);
        assert_eq!(next.burst, Some(Burst::Setting(Key::NodeMask)));
        let cleared = next
            .clone()
            .reduce(Action::Step(Key::NodeMask, String::new()));
        assert!(
            Rc::ptr_eq(&next, &cleared),
            "a cleared number keeps the state as it was"
        );
        let toggled = state.reduce(Action::Set(Key::Routes, "false".into()));
        assert!(!toggled.plan.routes);
        assert_eq!(toggled.burst, None, "a toggle is a step of its own");
    }

    #[test]
    fn the_loading_frame_shows_the_module_defaults() {
        // index.html's static frame, shown while the checks load, holds the same values
        // the page starts with.
        let html = include_str!("../index.html");
        for field in [TextField::Network, TextField::Cluster, TextField::Service] {
            let value = format!(
                "data-frame-field=\"{}\" value=\"{}\"",
                field.name(),
                field.placeholder()
            );
            assert!(html.contains(&value), "{value}");
        }
    }

    #[test]
    fn presets_are_the_public_cases() {
        let incident = Preset::Incident.plan();
        assert_eq!(
            khcidr_core::check_release(&incident).worst(),
            Some(khcidr_core::Severity::Error)
        );
        let fixed = khcidr_core::repair::repair(&incident).expect("fixable");
        assert!(!khcidr_core::check_release(&fixed.plan).has_errors());
    }
}
