//! What one reading may spend: steps, the size and depth of any value, and time.

use std::cell::Cell;

use super::value::Value;

use super::Fault;

/// Work units (expressions evaluated, elements copied or built, bytes of text) one reading may
/// spend.
pub const MAX_STEPS: u64 = 4_000_000;
/// The largest single value, in work units: about a MiB of text or a million elements.
pub const MAX_VALUE: usize = 1 << 20;
/// How deep lists and objects may nest inside one value.
pub const MAX_DEPTH: usize = 64;
/// How long one reading may evaluate, where a clock is at hand.
pub const MAX_MILLIS: f64 = 1000.0;

/// The limit an evaluation reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Steps,
    Size,
    Depth,
    Time,
}

impl Limit {
    /// What was reached, in words.
    pub fn describe(self) -> khcidr_core::Text {
        use khcidr_core::t;
        match self {
            Limit::Steps => t!("evaluation stopped after {0} steps", thousands(MAX_STEPS)),
            Limit::Size => t!(
                "evaluation stopped: a value larger than {0} units (bytes of text or elements)",
                thousands(MAX_VALUE as u64)
            ),
            Limit::Depth => {
                t!(
                    "evaluation stopped: a value nested more than {0} levels deep",
                    MAX_DEPTH
                )
            }
            Limit::Time => t!("evaluation stopped after {0} ms", MAX_MILLIS as u64),
        }
    }
}

pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What one reading may spend. Once a limit is reached every later evaluation stops too.
pub struct Budget {
    steps: Cell<u64>,
    spent: Cell<Option<Limit>>,
    clock: Option<fn() -> f64>,
    started: f64,
}

impl Budget {
    pub fn new(clock: Option<fn() -> f64>) -> Self {
        Budget {
            steps: Cell::new(0),
            spent: Cell::new(None),
            clock,
            started: clock.map_or(0.0, |now| now()),
        }
    }

    pub(super) fn stop(&self, limit: Limit) -> Fault {
        if self.spent.get().is_none() {
            self.spent.set(Some(limit));
        }
        Fault::Spent(self.spent.get().unwrap_or(limit))
    }

    /// Spends `units`; an error once any limit is reached.
    pub fn charge(&self, units: usize) -> Result<(), Fault> {
        if let Some(limit) = self.spent.get() {
            return Err(Fault::Spent(limit));
        }
        let before = self.steps.get();
        let after = before.saturating_add(units as u64);
        self.steps.set(after);
        if after > MAX_STEPS {
            return Err(self.stop(Limit::Steps));
        }
        // The clock is read about every 4096 units.
        if before >> 12 != after >> 12 {
            if let Some(now) = self.clock {
                if now() - self.started > MAX_MILLIS {
                    return Err(self.stop(Limit::Time));
                }
            }
        }
        Ok(())
    }

    /// Charges for a value copied or built, and refuses one too large or too deep.
    pub fn admit(&self, value: &Value) -> Result<(), Fault> {
        let (weight, depth) = measure(value, 0);
        if depth > MAX_DEPTH {
            return Err(self.stop(Limit::Depth));
        }
        if weight > MAX_VALUE {
            return Err(self.stop(Limit::Size));
        }
        self.charge(weight)
    }

    /// Refuses to build a value of `units`.
    pub fn room(&self, units: usize) -> Result<(), Fault> {
        if units > MAX_VALUE {
            return Err(self.stop(Limit::Size));
        }
        Ok(())
    }
}

/// A value's size in work units and its depth; stops counting past the limits.
pub(crate) fn measure(value: &Value, depth: usize) -> (usize, usize) {
    if depth > MAX_DEPTH {
        return (1, depth);
    }
    match value {
        Value::String(s) => (s.len() + 1, depth),
        Value::Array(items) => items.iter().fold((1, depth), |(w, d), v| {
            let (vw, vd) = measure(v, depth + 1);
            (w.saturating_add(vw), d.max(vd))
        }),
        Value::Object(map) => map.iter().fold((1, depth), |(w, d), (k, v)| {
            let (vw, vd) = measure(v, depth + 1);
            (w.saturating_add(vw).saturating_add(k.len()), d.max(vd))
        }),
        // A number by its mantissa's words: a list of large numbers weighs what it holds.
        Value::Number(n) => (n.weight(), depth),
        _ => (1, depth),
    }
}
