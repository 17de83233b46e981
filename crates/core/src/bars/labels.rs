//! Where every label of a drawing goes at a given width: each whole, none over another,
//! over a fold or outside the drawing. A label that does not fit in its bar takes a
//! shorter form that still says what it is, then moves into the row above its lane with a
//! leader line, then into a list under the drawing. Front ends only map rows to heights.
//!
//! Widths are measured in characters of the drawing's monospaced font, so a label's box
//! is known before it is drawn.

use super::model::{Bars, LabelSide, SegmentRole};
use super::model::{LaneKind, Segment};
use crate::text::{Arg, Catalog, Text};

/// A character's advance in an 11 px monospaced font, with some room to spare (DejaVu
/// Sans Mono and Liberation Mono advance 0.6 em: 6.6 px).
pub const CHAR_W: f64 = 7.0;
/// A character's advance in the lane titles' 12 px bold monospaced font (7.2 px).
pub const TITLE_CHAR_W: f64 = 7.6;
/// Room kept between a label and whatever is next to it, and inside a bar's edges.
const PAD: f64 = 4.0;
/// From a pin to its label: clear of its head (5 px each side) and the room around it.
const PIN_GAP: f64 = 10.0;
/// How far right of what it names a label above the lane may slide to find room.
const SLIDE: f64 = 240.0;

/// The rows labels go in, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// The axis' addresses, above everything.
    Ticks,
    /// Above a lane's bar (by index): its title, its pins' labels and the callouts of
    /// what is too narrow to label inside the bar.
    Above(usize),
    /// Inside a lane's bar (by index).
    Inside(usize),
    /// Under the last lane: the collisions' marks.
    Below,
}

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Names {
    /// A lane (its title).
    Lane(LaneKind),
    /// A segment, by lane and index in the lane.
    Segment(usize, usize),
    /// A route's pod block (by lane and index): the route's label.
    Route(usize, usize),
    /// A mark, by index.
    Mark(usize),
    /// An axis tick, by index.
    Tick(usize),
}

/// One placed label: its text, row and box in pixels from the drawing's left edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub names: Names,
    pub row: Row,
    /// Where its text starts, in pixels.
    pub left: f64,
    /// Where its text ends, at most, in pixels.
    pub right: f64,
    /// Where what it names is, in pixels, when the label stands apart from it: a leader
    /// line goes from the label to there.
    pub leader: Option<f64>,
}

/// Every label of a drawing at one width.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Labels {
    pub placed: Vec<Label>,
    /// What has no room anywhere at this width, in full: listed under the drawing.
    pub listed: Vec<String>,
}

impl Labels {
    /// The label placed for `names`, if any.
    pub fn of(&self, names: Names) -> Option<&Label> {
        self.placed.iter().find(|l| l.names == names)
    }
}

/// How wide a text is drawn, in pixels: a wide character (Chinese, Japanese, Korean, in
/// the font's fallback) takes two columns.
fn text_width(text: &str, char_w: f64) -> f64 {
    crate::text::columns(text) as f64 * char_w
}

/// A sentence's `n`-th verbatim parameter.
fn raw(words: &Text, n: usize) -> Option<&str> {
    match words.args.get(n)? {
        Arg::Raw(s) => Some(s),
        Arg::Text(_) => None,
    }
}

/// The pieces of a row already taken, in pixels.
#[derive(Default)]
struct Taken(Vec<(f64, f64)>);

impl Taken {
    fn free(&self, (l, r): (f64, f64)) -> bool {
        self.0.iter().all(|&(a, b)| r + PAD <= a || l >= b + PAD)
    }
}

/// A segment's labels, longest first: its name with its range, its name, a short name
/// with the range, the short name.
fn forms(s: &Segment, cat: Option<&Catalog>) -> Vec<String> {
    let short = short_name(s, cat);
    let mut forms = match s.role {
        SegmentRole::PodBlocks => vec![s.label.clone(), short],
        _ if s.role.is_address() => vec![s.label.clone(), short],
        _ => vec![
            format!("{} {}", s.label, s.cidr()),
            s.label.clone(),
            format!("{short} {}", s.cidr()),
            short,
        ],
    };
    forms.dedup();
    forms
}

/// A segment's name in a few letters that still say what it is: `cp 0`, `agent 1` (the
/// variables' own abbreviations, in every language).
fn short_name(s: &Segment, cat: Option<&Catalog>) -> String {
    let label = &s.label;
    let english = s.words.en();
    match s.role {
        SegmentRole::ControlPlane => english.replacen("control-plane pool", "cp", 1),
        SegmentRole::Agent => english.replacen("agent pool", "agent", 1),
        SegmentRole::PodBlocks if s.words.en == "{0} pod blocks in use" => {
            t!("{0} blocks", raw(&s.words, 0).unwrap_or_default()).render(cat)
        }
        SegmentRole::PodBlocks => label.clone(),
        // Pins: the address without its name, or the name without its address.
        SegmentRole::Node => s.first.to_string(),
        _ => label
            .split_once(' ')
            .map_or(label.clone(), |(name, _)| name.to_string()),
    }
}

/// A lane's title in its forms: `Hetzner network 10.20.128.0/17`, `network ...`.
fn title_forms(kind: LaneKind, base: Option<&Segment>, cat: Option<&Catalog>) -> Vec<String> {
    let (title, short) = (kind.title().render(cat), kind.short().render(cat));
    let Some(b) = base else {
        return vec![t!("{0}: not on this axis", kind.title()).render(cat), short];
    };
    vec![
        format!("{title} {}", b.cidr()),
        format!("{short} {}", b.cidr()),
        title,
        short,
    ]
}

/// The whole of what a label names, for the list under the drawing.
fn full(s: &Segment) -> String {
    if s.role.is_address() {
        s.label.clone()
    } else {
        format!("{} {}", s.label, s.cidr())
    }
}

/// The rows being filled: what each holds, and the folds no label inside a bar crosses.
struct Board {
    rows: Vec<(Row, Taken)>,
    /// Never used: what [`Board::taken`] would hand out for a row it could not add.
    spare: Taken,
    folds: Vec<(f64, f64)>,
    width: f64,
    out: Labels,
}

impl Board {
    /// Places a label where its box is free, inside the drawing, and (inside a bar) off
    /// every fold; says whether it did.
    fn place(&mut self, label: Label) -> bool {
        let span = (label.left, label.right);
        if span.0 < 0.0 || span.1 > self.width {
            return false;
        }
        if matches!(label.row, Row::Inside(_))
            && self.folds.iter().any(|&(a, b)| span.1 > a && span.0 < b)
        {
            return false;
        }
        if !self.taken(label.row).free(span) {
            return false;
        }
        self.taken(label.row).0.push(span);
        self.out.placed.push(label);
        true
    }

    /// What a row holds.
    fn taken(&mut self, row: Row) -> &mut Taken {
        if !self.rows.iter().any(|(r, _)| *r == row) {
            self.rows.push((row, Taken::default()));
        }
        // Always found (just added where it was not); `spare` keeps this without a panic.
        match self.rows.iter_mut().find(|(r, _)| *r == row) {
            Some((_, taken)) => taken,
            None => &mut self.spare,
        }
    }
}

/// Lays out every label of `bars` on a drawing `width` pixels wide.
pub fn layout(bars: &Bars, width: f64, cat: Option<&Catalog>) -> Labels {
    let px = |fraction: f64| fraction.clamp(0.0, 1.0) * width;
    let mut board = Board {
        rows: Vec::new(),
        spare: Taken::default(),
        folds: bars
            .folds
            .iter()
            .map(|f| (px(f.start), px(f.start + f.width)))
            .collect(),
        width,
        out: Labels::default(),
    };

    // The lanes' titles, from the left edge of the row above each lane.
    for (i, lane) in bars.lanes.iter().enumerate() {
        let base = lane.segments.first().filter(|s| s.role.is_base());
        for text in title_forms(lane.kind, base, cat) {
            let right = text_width(&text, TITLE_CHAR_W);
            let label = Label {
                text,
                names: Names::Lane(lane.kind),
                row: Row::Above(i),
                left: 0.0,
                right,
                leader: None,
            };
            if board.place(label) {
                break;
            }
        }
    }

    // Inside a bar, the small things (a route's block, the first and last block) are
    // never covered by another's label.
    for (i, lane) in bars.lanes.iter().enumerate() {
        for s in lane.segments.iter().filter(|s| {
            s.role == SegmentRole::EdgeBlock
                || (s.role == SegmentRole::PodBlock && s.label_side() != LabelSide::Inside)
        }) {
            let span = (px(s.start), px(s.start + s.width));
            board.taken(Row::Inside(i)).0.push(span);
        }
    }

    // What a collision names first: the routes' labels, then their nodes.
    let by_role = |wanted: &dyn Fn(SegmentRole) -> bool| -> Vec<(usize, usize, &Segment)> {
        bars.lanes
            .iter()
            .enumerate()
            .flat_map(|(i, lane)| {
                lane.segments
                    .iter()
                    .enumerate()
                    .map(move |(j, s)| (i, j, s))
            })
            .filter(|(_, _, s)| wanted(s.role))
            .collect()
    };
    for (i, j, s) in by_role(&|r| r == SegmentRole::PodBlock) {
        let texts = route_forms(s, cat);
        let placed = texts.iter().any(|text| {
            let w = text_width(text, CHAR_W);
            let (left, right) = match s.label_side() {
                LabelSide::Inside => (px(s.start) + PAD, px(s.start) + PAD + w),
                LabelSide::Left => (px(s.start) - PAD - w, px(s.start) - PAD),
                LabelSide::Right => (px(s.start + s.width) + PAD, px(s.start + s.width) + PAD + w),
            };
            [Row::Inside(i), Row::Above(i)].into_iter().any(|row| {
                board.place(Label {
                    text: text.clone(),
                    names: Names::Route(i, j),
                    row,
                    left,
                    right,
                    leader: (row != Row::Inside(i)).then(|| px(s.start + s.width / 2.0)),
                })
            })
        });
        if !placed {
            board.out.listed.push(s.label.clone());
        }
    }

    // Each pin's line (and above the lane, its head) is kept clear of other labels.
    for (i, lane) in bars.lanes.iter().enumerate() {
        for s in lane.segments.iter().filter(|s| s.role.is_address()) {
            let at = px(s.start);
            board.taken(Row::Above(i)).0.push((at - 5.0, at + 5.0));
            board.taken(Row::Inside(i)).0.push((at - 1.0, at + 1.0));
        }
    }

    // Pins, the nodes first, labelled beside the pin: above their lane first; over the bar
    // only once the spans have had their room there.
    let pins: Vec<(usize, usize, &Segment)> = by_role(&|r| r == SegmentRole::Node)
        .into_iter()
        .chain(by_role(&|r| r.is_address() && r != SegmentRole::Node))
        .collect();
    let pin_label = |board: &mut Board, row: Row, (i, j, s): (usize, usize, &Segment)| {
        let at = px(s.start);
        forms(s, cat).into_iter().any(|text| {
            let w = text_width(&text, CHAR_W);
            [
                (at + PIN_GAP, at + PIN_GAP + w),
                (at - PIN_GAP - w, at - PIN_GAP),
            ]
            .into_iter()
            .any(|(left, right)| {
                board.place(Label {
                    text: text.clone(),
                    names: Names::Segment(i, j),
                    row,
                    left,
                    right,
                    leader: None,
                })
            })
        })
    };
    let waiting: Vec<(usize, usize, &Segment)> = pins
        .into_iter()
        .filter(|&(i, j, s)| !pin_label(&mut board, Row::Above(i), (i, j, s)))
        .collect();

    // Spans: inside the bar where a form fits, else above the lane with a leader line.
    let spans = by_role(&|r| {
        !r.is_base()
            && !r.is_address()
            && !matches!(r, SegmentRole::PodBlock | SegmentRole::EdgeBlock)
    });
    for (i, j, s) in spans {
        let (l, r) = (px(s.start), px(s.start + s.width));
        let forms = forms(s, cat);
        // From the bar's left edge, or just after something already inside it.
        let starts: Vec<f64> = std::iter::once(l + PAD)
            .chain(
                board
                    .taken(Row::Inside(i))
                    .0
                    .iter()
                    .map(|&(_, end)| end + PAD)
                    .filter(|&e| e > l && e < r),
            )
            .collect();
        let inside = forms.iter().any(|text| {
            let w = text_width(text, CHAR_W);
            starts.iter().any(|&left| {
                left + w + PAD <= r
                    && board.place(Label {
                        text: text.clone(),
                        names: Names::Segment(i, j),
                        row: Row::Inside(i),
                        left,
                        right: left + w,
                        leader: None,
                    })
            })
        });
        if inside {
            continue;
        }
        let mid = (l + r) / 2.0;
        // Starting at the middle, ending there, or slid right past what the row holds,
        // not far: the leader line joins them.
        let after: Vec<f64> = board
            .taken(Row::Above(i))
            .0
            .iter()
            .map(|&(_, end)| end + PAD)
            .filter(|&e| e > mid && e < mid + SLIDE)
            .collect();
        let above = forms.iter().any(|text| {
            let w = text_width(text, CHAR_W);
            [(mid - 2.0, mid - 2.0 + w), (mid + 2.0 - w, mid + 2.0)]
                .into_iter()
                .chain(after.iter().map(|&e| (e, e + w)))
                .any(|(left, right)| {
                    board.place(Label {
                        text: text.clone(),
                        names: Names::Segment(i, j),
                        row: Row::Above(i),
                        left,
                        right,
                        leader: Some(mid),
                    })
                })
        });
        if !above {
            board.out.listed.push(full(s));
        }
    }

    for (i, j, s) in waiting {
        if !pin_label(&mut board, Row::Inside(i), (i, j, s)) {
            board.out.listed.push(full(s));
        }
    }

    // The marks' labels under the lanes, towards the middle of the axis.
    for (k, m) in bars.marks.iter().enumerate() {
        let w = text_width(&m.label, CHAR_W);
        let at = px(m.start);
        let sides = if m.label_ends_here() {
            [(at - PAD - w, at - PAD), (at + PAD, at + PAD + w)]
        } else {
            [(at + PAD, at + PAD + w), (at - PAD - w, at - PAD)]
        };
        for (left, right) in sides {
            let label = Label {
                text: m.label.clone(),
                names: Names::Mark(k),
                row: Row::Below,
                left,
                right,
                leader: None,
            };
            if board.place(label) {
                break;
            }
        }
    }

    // The axis' addresses where they fit: the ends first.
    let last = bars.ticks.len().saturating_sub(1);
    let order = [0, last].into_iter().chain(1..last);
    for (k, &(at, ip)) in order
        .into_iter()
        .filter_map(|k| Some((k, bars.ticks.get(k)?)))
    {
        let text = ip.to_string();
        let w = text_width(&text, CHAR_W);
        let at = px(at);
        let (left, right) = if k == 0 {
            (at, at + w)
        } else if k == last {
            (at - w, at)
        } else {
            (at - w / 2.0, at + w / 2.0)
        };
        board.place(Label {
            text,
            names: Names::Tick(k),
            row: Row::Ticks,
            left,
            right,
            leader: None,
        });
    }
    board.out
}

/// A route's label in its forms: `route 10.20.128.0/24 via 10.20.128.101`, the route via
/// its node, the route alone; a pod block's: `pod block 10.20.128.0/24`, `pod block`.
fn route_forms(s: &Segment, cat: Option<&Catalog>) -> Vec<String> {
    let mut forms = vec![s.label.clone()];
    let (net, via) = (raw(&s.words, 0), raw(&s.words, 1));
    match via {
        Some(via) => {
            forms.push(t!("route via {0}", via).render(cat));
            forms.push(t!("route {0}", net.unwrap_or_default()).render(cat));
        }
        None => forms.push(t!("pod block").render(cat)),
    }
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(role: SegmentRole, words: Text, cidr: &str) -> Segment {
        let range: ipnet::Ipv4Net = cidr.parse().unwrap_or_default();
        Segment {
            role,
            label: words.en(),
            words,
            range,
            first: range.network(),
            last: range.broadcast(),
            size: 1,
            start: 0.0,
            width: 0.1,
            gateway: None,
        }
    }

    #[test]
    fn each_short_name_still_says_what_it_is() {
        let cases = [
            (
                SegmentRole::ControlPlane,
                t!("control-plane pool {0}", 2),
                "10.0.0.0/24",
                "cp 2",
            ),
            (
                SegmentRole::Agent,
                t!("agent pool {0}", 1),
                "10.0.1.0/24",
                "agent 1",
            ),
            (
                SegmentRole::NatRouter,
                t!("NAT router"),
                "10.0.2.0/24",
                "NAT",
            ),
            (
                SegmentRole::PodBlocks,
                t!("{0} pod blocks in use", 5),
                "10.42.0.0/21",
                "5 blocks",
            ),
            (
                SegmentRole::PodBlocks,
                t!("{0} pod block in use", 1),
                "10.42.0.0/24",
                "1 pod block in use",
            ),
            (
                SegmentRole::Node,
                t!("node {0}", "10.0.1.101"),
                "10.0.1.101/32",
                "10.0.1.101",
            ),
            (
                SegmentRole::LoadBalancer,
                t!("ingress load balancer"),
                "10.0.0.254/32",
                "ingress",
            ),
        ];
        for (role, words, cidr, short) in cases {
            let label = words.en();
            assert_eq!(
                short_name(&segment(role, words, cidr), None),
                short,
                "{label}"
            );
        }
    }

    #[test]
    fn a_wide_character_takes_two_columns() {
        assert_eq!(text_width("cp 0", CHAR_W), 4.0 * CHAR_W);
        assert_eq!(text_width("控制平面 0", CHAR_W), 10.0 * CHAR_W);
        assert_eq!(text_width("（", CHAR_W), 2.0 * CHAR_W);
    }
}
