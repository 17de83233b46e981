//! Terraform's numbers: binary floating point with a 512-bit mantissa, as cty holds them in a
//! Go `big.Float` (`cty.ParseNumberVal`: base 10, 512 bits, rounded to nearest even), with
//! Go's rounding, its shortest text and cty's equality. So `0.1 + 0.2 == 0.3` is true and
//! `1 / 3` has the 155 digits Terraform prints, while `2 / 3 == 0.6666666666666666` is false.
//!
//! Every result is rounded once, to nearest even, at the larger precision of its operands, as
//! `big.Float` rounds a result whose precision is unset. A number carries its precision: 512
//! bits when parsed, 64 when cty makes it from an integer (`length`, `parseint`), 53 when from
//! a float64 (`pow`, `log`). Magnitudes past 2^±4,096 (about 10^±1,233) are refused rather
//! than computed, so no text, comparison or copy of a number costs more than microseconds.

use std::cell::OnceCell;
use std::cmp::Ordering;

use num_bigint::BigUint;
use num_traits::{ToPrimitive, Zero};

/// The precision of a number Terraform reads from text (`cty.ParseNumberVal`).
pub const PARSED: u32 = 512;
/// Of a whole number cty makes from a Go integer (`cty.NumberIntVal`: `SetInt64`).
const INTEGER: u32 = 64;
/// Of a float64 (`cty.NumberFloatVal`: `SetFloat64`).
const FLOAT: u32 = 53;
/// The largest binary exponent a finite number may have, either way (about 10^±1,233), and
/// the most bits its mantissa may have: past them a number is refused rather than computed,
/// so that no text, comparison or copy of one costs more than a few microseconds.
const LIMIT: i64 = 1 << 12;
/// The most digits a number's text may have to be read here.
const MAX_DIGITS: usize = 10_000;

/// A number as Terraform holds it.
#[derive(Clone, Debug)]
pub struct Num {
    neg: bool,
    form: Form,
    prec: u32,
    /// Its text once written: equality compares texts, and a list compared element by
    /// element writes each number once.
    text: OnceCell<String>,
}

#[derive(Clone, Debug)]
enum Form {
    Zero,
    /// `mant × 2^exp`, `mant` odd.
    Finite {
        mant: BigUint,
        exp: i64,
    },
    Inf,
}

/// Why an operation has no number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trouble {
    /// Past 2^±4,096: Terraform computes it, khcidr refuses it.
    Large,
    /// Terraform's own error (opposing infinities, zero by infinity): its words.
    Undefined(&'static str),
}

/// A decimal: `0.digits × 10^exp`, without trailing zeros (Go's `big.decimal`).
struct Decimal {
    digits: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// The exact decimal of `mant × 2^exp`.
    fn of(mant: &BigUint, exp: i64) -> Decimal {
        let (n, shift) = if exp >= 0 {
            (mant << exp as usize, 0)
        } else {
            (
                mant * BigUint::from(5u32).pow((-exp) as u32),
                (-exp) as usize,
            )
        };
        let mut digits = if n.is_zero() {
            Vec::new()
        } else {
            n.to_string().into_bytes()
        };
        let exp = digits.len() as i64 - shift as i64;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Decimal { digits, exp }
    }

    fn at(&self, i: usize) -> u8 {
        self.digits.get(i).copied().unwrap_or(b'0')
    }

    fn trim(&mut self) {
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.exp = 0;
        }
    }

    fn round_down(&mut self, n: usize) {
        if n < self.digits.len() {
            self.digits.truncate(n);
            self.trim();
        }
    }

    fn round_up(&mut self, n: usize) {
        if n >= self.digits.len() {
            return;
        }
        let mut n = n;
        while n > 0 && self.digits[n - 1] >= b'9' {
            n -= 1;
        }
        if n == 0 {
            self.digits.truncate(1);
            self.digits[0] = b'1';
            self.exp += 1;
            return;
        }
        self.digits[n - 1] += 1;
        self.digits.truncate(n);
    }

    /// To `n` digits, half to even (Go's `decimal.round`).
    fn round(&mut self, n: i64) {
        if n < 0 || n as usize >= self.digits.len() {
            return;
        }
        let n = n as usize;
        let up = if self.digits[n] == b'5' && n + 1 == self.digits.len() {
            n > 0 && (self.digits[n - 1] - b'0') % 2 == 1
        } else {
            self.digits[n] >= b'5'
        };
        if up {
            self.round_up(n)
        } else {
            self.round_down(n)
        }
    }
}

fn bits(mant: &BigUint) -> i64 {
    mant.bits() as i64
}

impl Num {
    fn zero(neg: bool, prec: u32) -> Num {
        Num {
            neg,
            form: Form::Zero,
            prec,
            text: OnceCell::new(),
        }
    }

    fn inf(neg: bool, prec: u32) -> Num {
        Num {
            neg,
            form: Form::Inf,
            prec,
            text: OnceCell::new(),
        }
    }

    /// `mant × 2^exp` rounded to `prec` bits, nearest even; `sticky` if nonzero bits below
    /// `mant` were dropped (then `mant` has at least `prec + 2` bits). Refused past the limit.
    fn rounded(
        neg: bool,
        mant: BigUint,
        exp: i64,
        prec: u32,
        sticky: bool,
    ) -> Result<Num, Trouble> {
        let n = Num::unlimited(neg, mant, exp, prec, sticky);
        match &n.form {
            Form::Finite { mant, exp } if (exp + bits(mant)).abs() > LIMIT => Err(Trouble::Large),
            _ => Ok(n),
        }
    }

    /// [`Num::rounded`] without the limit: for the powers of five a parsed number is scaled
    /// by, which may pass it before the number does (5^1,201 for `1e-1200`).
    fn unlimited(neg: bool, mut mant: BigUint, mut exp: i64, prec: u32, sticky: bool) -> Num {
        if mant.is_zero() {
            return Num::zero(false, prec);
        }
        let n = bits(&mant);
        if n > prec as i64 {
            let s = (n - prec as i64) as u64;
            let half = mant.bit(s - 1);
            let below = sticky || mant.trailing_zeros().is_some_and(|tz| tz < s - 1);
            mant >>= s as usize;
            exp += s as i64;
            if half && (below || mant.bit(0)) {
                mant += 1u32;
            }
        }
        let tz = mant.trailing_zeros().unwrap_or(0);
        mant >>= tz as usize;
        exp += tz as i64;
        Num {
            neg,
            form: Form::Finite { mant, exp },
            prec,
            text: OnceCell::new(),
        }
    }

    /// A whole number, as cty makes one from a Go integer.
    pub fn from_i64(i: i64) -> Num {
        let n = Num::rounded(i < 0, BigUint::from(i.unsigned_abs()), 0, INTEGER, false);
        n.unwrap_or_else(|_| Num::zero(false, INTEGER))
    }

    /// A whole number of any size, as cty makes one from a Go `big.Int` (`parseint`): at
    /// least 64 bits, or as many as it has.
    pub fn whole(neg: bool, m: BigUint) -> Result<Num, Trouble> {
        let prec = (m.bits() as u32).max(INTEGER);
        if m.bits() >= LIMIT as u64 {
            return Err(Trouble::Large);
        }
        Num::rounded(neg, m, 0, prec, false)
    }

    /// A whole number, as cty makes one from a Go unsigned integer (`SetUint64`: 64 bits).
    pub fn from_u64(u: u64) -> Num {
        let n = Num::rounded(false, BigUint::from(u), 0, INTEGER, false);
        n.unwrap_or_else(|_| Num::zero(false, INTEGER))
    }

    /// A float64, as cty makes one (`pow`, `log`); an infinity stays one. `None` for NaN.
    pub fn from_f64(f: f64) -> Option<Num> {
        if f.is_nan() {
            return None;
        }
        if f.is_infinite() {
            return Some(Num::inf(f < 0.0, FLOAT));
        }
        if f == 0.0 {
            return Some(Num::zero(f.is_sign_negative(), FLOAT));
        }
        let b = f.to_bits();
        let raw = ((b >> 52) & 0x7ff) as i64;
        let frac = b & ((1 << 52) - 1);
        let (mant, exp) = if raw == 0 {
            (frac, -1074)
        } else {
            (frac | (1 << 52), raw - 1075)
        };
        Num::rounded(f < 0.0, BigUint::from(mant), exp, FLOAT, false).ok()
    }

    /// Text read as Terraform reads a number (`big.ParseFloat(s, 10, 512, ToNearestEven)`):
    /// `[+-]digits[.digits][(e|p)[+-]digits]`, or `Inf`. `Ok(None)` when it is not a number.
    pub fn parse(s: &str) -> Result<Option<Num>, Trouble> {
        let (neg, rest) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        if rest == "Inf" || rest == "inf" {
            return Ok(Some(Num::inf(neg, PARSED)));
        }
        let bytes = rest.as_bytes();
        let mut i = 0;
        let mut digits = String::new();
        let (mut any, mut fraction, mut point) = (false, 0i64, false);
        while i < bytes.len() {
            match bytes[i] {
                c @ b'0'..=b'9' => {
                    any = true;
                    if !(digits.is_empty() && c == b'0') {
                        digits.push(c as char);
                    }
                    if point {
                        fraction += 1;
                    }
                }
                b'.' if !point => point = true,
                _ => break,
            }
            i += 1;
        }
        if !any {
            return Ok(None);
        }
        let (mut exp2, mut exp5) = (-fraction, -fraction);
        if i < bytes.len() {
            let binary = match bytes[i] {
                b'e' | b'E' => false,
                b'p' | b'P' => true,
                _ => return Ok(None),
            };
            let text = &rest[i + 1..];
            let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
            if unsigned.is_empty() || !unsigned.bytes().all(|c| c.is_ascii_digit()) {
                return Ok(None);
            }
            // An exponent past 64 bits is an error to Go's ParseFloat: not a number.
            let Ok(e) = text.parse::<i64>() else {
                return Ok(None);
            };
            let (Some(e2), Some(e5)) = (exp2.checked_add(e), exp5.checked_add(e)) else {
                return Ok(None);
            };
            exp2 = e2;
            if !binary {
                exp5 = e5;
            }
        }
        if digits.is_empty() {
            return Ok(Some(Num::zero(neg, PARSED)));
        }
        // Go's binary exponent is 32 bits: past it, ParseFloat fails (not a number).
        let top = exp2.saturating_add(digits.len() as i64 * 4);
        if top.abs() > i64::from(i32::MAX) {
            return Ok(None);
        }
        if digits.len() > MAX_DIGITS || exp5.abs() > 4 * LIMIT || exp2.abs() > 8 * LIMIT {
            return Err(Trouble::Large);
        }
        let mant: BigUint = digits.parse().map_err(|_| Trouble::Large)?;
        if exp5 == 0 {
            return Num::rounded(neg, mant, exp2, PARSED, false).map(Some);
        }
        // Go applies 5^exp5 computed at 64 more bits, then rounds once.
        let p = pow5(exp5.unsigned_abs());
        let (pm, pe) = match &p.form {
            Form::Finite { mant, exp } => (mant.clone(), *exp),
            _ => return Err(Trouble::Large),
        };
        if exp5 < 0 {
            quotient(neg, &mant, exp2, &pm, pe, PARSED).map(Some)
        } else {
            Num::rounded(neg, mant * pm, exp2 + pe, PARSED, false).map(Some)
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self.form, Form::Zero)
    }

    pub fn is_inf(&self) -> bool {
        matches!(self.form, Form::Inf)
    }

    /// Below zero (not -0).
    pub fn is_negative(&self) -> bool {
        self.neg && !self.is_zero()
    }

    /// Whether Go writes a minus before it: below zero, or -0.
    pub fn sign_bit(&self) -> bool {
        self.neg
    }

    /// Whether it is a whole number (an infinity is not).
    pub fn is_int(&self) -> bool {
        match &self.form {
            Form::Zero => true,
            Form::Finite { exp, .. } => *exp >= 0,
            Form::Inf => false,
        }
    }

    /// The whole part, toward zero, and its sign; `None` for an infinity.
    pub fn trunc(&self) -> Option<(bool, BigUint)> {
        match &self.form {
            Form::Zero => Some((false, BigUint::zero())),
            Form::Finite { mant, exp } if *exp >= 0 => Some((self.neg, mant << *exp as usize)),
            Form::Finite { mant, exp } => {
                let m = mant >> (-*exp) as usize;
                Some((self.neg && !m.is_zero(), m))
            }
            Form::Inf => None,
        }
    }

    /// The number as an i64 if it is whole and in range.
    pub fn as_i64(&self) -> Option<i64> {
        if !self.is_int() {
            return None;
        }
        let (neg, m) = self.trunc()?;
        let m = m.to_u64()?;
        if neg {
            0i64.checked_sub_unsigned(m)
        } else {
            i64::try_from(m).ok()
        }
    }

    /// The nearest float64 (Go's `Float64`), rounded once, to nearest even, subnormals too;
    /// `None` for a finite number past the largest float64, which Terraform refuses to
    /// convert ("value must be between ...").
    pub fn to_f64(&self) -> Option<f64> {
        let sign = if self.neg { -1.0 } else { 1.0 };
        let (mant, exp) = match &self.form {
            Form::Zero => return Some(0.0 * sign),
            Form::Inf => return Some(f64::INFINITY * sign),
            Form::Finite { mant, exp } => (mant, *exp),
        };
        let top = exp + bits(mant);
        if top < -1074 {
            // Below half the least float64: zero.
            return Some(0.0 * sign);
        }
        // Below 2^-1022 fewer bits remain above 2^-1074, the float64's last place there.
        let prec = if top <= -1022 { top + 1074 } else { 53 };
        let (mant, exp) = match Num::unlimited(false, mant.clone(), exp, prec as u32, false).form {
            Form::Finite { mant, exp } => (mant, exp),
            _ => (BigUint::zero(), 0),
        };
        if mant.is_zero() {
            return Some(0.0 * sign);
        }
        if exp + bits(&mant) > 1024 {
            return None;
        }
        let m = mant.to_f64()?;
        // In two steps, so that neither power of two leaves the float64's range.
        let (a, b) = (exp / 2, exp - exp / 2);
        Some(sign * m * 2f64.powi(a as i32) * 2f64.powi(b as i32))
    }

    /// The same magnitude with this sign and precision.
    fn with(&self, neg: bool, prec: u32) -> Num {
        Num {
            neg,
            form: self.form.clone(),
            prec,
            text: OnceCell::new(),
        }
    }

    pub fn neg(&self) -> Num {
        self.with(!self.neg, self.prec)
    }

    pub fn abs(&self) -> Num {
        self.with(false, self.prec)
    }

    /// Exact order; infinities at the ends.
    pub fn cmp(&self, other: &Num) -> Ordering {
        let sign = |n: &Num| match (&n.form, n.neg) {
            (Form::Zero, _) => 0,
            (_, true) => -1,
            _ => 1,
        };
        let (a, b) = (sign(self), sign(other));
        if a != b || a == 0 {
            return a.cmp(&b);
        }
        let magnitude = match (&self.form, &other.form) {
            (Form::Inf, Form::Inf) => Ordering::Equal,
            (Form::Inf, _) => Ordering::Greater,
            (_, Form::Inf) => Ordering::Less,
            (Form::Finite { mant: m, exp: e }, Form::Finite { mant: n, exp: f }) => {
                let (ta, tb) = (e + bits(m), f + bits(n));
                if ta != tb {
                    ta.cmp(&tb)
                } else {
                    let low = (*e).min(*f);
                    (m << (e - low) as usize).cmp(&(n << (f - low) as usize))
                }
            }
            _ => Ordering::Equal,
        };
        if a < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }

    /// cty's equality: whole numbers by value, others by their shortest text, so 0.1 + 0.2
    /// equals 0.3 (`cty.rawNumberEqual`).
    pub fn same(&self, other: &Num) -> bool {
        let sign = |n: &Num| {
            if n.is_zero() {
                0
            } else if n.neg {
                -1
            } else {
                1
            }
        };
        if sign(self) != sign(other) {
            return false;
        }
        match (self.is_int(), other.is_int()) {
            (true, true) => self.cmp(other) == Ordering::Equal,
            (false, false) if self.apart(other) => false,
            (false, false) if self.prec == other.prec && self.cmp(other).is_eq() => true,
            (false, false) => self.text() == other.text(),
            _ => false,
        }
    }

    /// Whether two finite numbers are further apart than a unit in the last place of either,
    /// so that their shortest texts differ: decided without writing them.
    fn apart(&self, other: &Num) -> bool {
        let (Form::Finite { mant: m, exp: e }, Form::Finite { mant: n, exp: f }) =
            (&self.form, &other.form)
        else {
            return false;
        };
        let (ta, tb) = (e + bits(m), f + bits(n));
        if (ta - tb).abs() > 1 {
            return true;
        }
        // Tops a bit apart at most, mantissas of at most their precision: the exponents are
        // close, and the difference is exact and cheap.
        let low = (*e).min(*f);
        let (a, b) = (m << (e - low) as usize, n << (f - low) as usize);
        let diff = if a > b { a - b } else { b - a };
        let ulp = (ta - self.prec as i64).max(tb - other.prec as i64);
        !diff.is_zero() && bits(&diff) + low - 1 > ulp
    }

    fn prec(&self, other: &Num) -> u32 {
        self.prec.max(other.prec)
    }

    pub fn add(&self, other: &Num) -> Result<Num, Trouble> {
        self.add_at(
            other,
            self.prec(other),
            "can't compute sum of opposing infinities",
        )
    }

    pub fn sub(&self, other: &Num) -> Result<Num, Trouble> {
        self.add_at(
            &other.neg(),
            self.prec(other),
            "can't subtract infinity from itself",
        )
    }

    fn add_at(&self, other: &Num, prec: u32, opposing: &'static str) -> Result<Num, Trouble> {
        match (&self.form, &other.form) {
            (Form::Inf, Form::Inf) if self.neg != other.neg => Err(Trouble::Undefined(opposing)),
            (Form::Inf, _) => Ok(Num::inf(self.neg, prec)),
            (_, Form::Inf) => Ok(Num::inf(other.neg, prec)),
            (Form::Zero, Form::Zero) => Ok(Num::zero(self.neg && other.neg, prec)),
            (Form::Zero, _) => other.round_to(prec),
            (_, Form::Zero) => self.round_to(prec),
            (Form::Finite { mant: m, exp: e }, Form::Finite { mant: n, exp: f }) => {
                let low = (*e).min(*f);
                let a = m << (e - low) as usize;
                let b = n << (f - low) as usize;
                if self.neg == other.neg {
                    Num::rounded(self.neg, a + b, low, prec, false)
                } else {
                    match a.cmp(&b) {
                        Ordering::Equal => Ok(Num::zero(false, prec)),
                        Ordering::Greater => Num::rounded(self.neg, a - b, low, prec, false),
                        Ordering::Less => Num::rounded(other.neg, b - a, low, prec, false),
                    }
                }
            }
        }
    }

    fn round_to(&self, prec: u32) -> Result<Num, Trouble> {
        match &self.form {
            Form::Finite { mant, exp } => Num::rounded(self.neg, mant.clone(), *exp, prec, false),
            _ => Ok(self.with(self.neg, prec)),
        }
    }

    /// `*` as cty's `Multiply`: the product at 512 bits, then kept at the larger of the
    /// operands' precisions and the bits the product needs (`MinPrec`).
    pub fn mul(&self, other: &Num) -> Result<Num, Trouble> {
        let product = self.mul_at(other, PARSED, "can't multiply zero by infinity")?;
        let needs = match &product.form {
            Form::Finite { mant, .. } => mant.bits() as u32,
            _ => 0,
        };
        Ok(product.with(product.neg, self.prec(other).max(needs)))
    }

    fn mul_at(&self, other: &Num, prec: u32, undefined: &'static str) -> Result<Num, Trouble> {
        let neg = self.neg != other.neg;
        match (&self.form, &other.form) {
            (Form::Zero, Form::Inf) | (Form::Inf, Form::Zero) => Err(Trouble::Undefined(undefined)),
            (Form::Inf, _) | (_, Form::Inf) => Ok(Num::inf(neg, prec)),
            (Form::Zero, _) | (_, Form::Zero) => Ok(Num::zero(neg, prec)),
            (Form::Finite { mant: m, exp: e }, Form::Finite { mant: n, exp: f }) => {
                Num::rounded(neg, m * n, e + f, prec, false)
            }
        }
    }

    /// `/`: a nonzero number over zero is an infinity, as in Terraform.
    pub fn div(&self, other: &Num) -> Result<Num, Trouble> {
        let prec = self.prec(other);
        let neg = self.neg != other.neg;
        let undefined = "can't divide zero by zero or infinity by infinity";
        match (&self.form, &other.form) {
            (Form::Zero, Form::Zero) | (Form::Inf, Form::Inf) => Err(Trouble::Undefined(undefined)),
            (Form::Inf, _) | (_, Form::Zero) => Ok(Num::inf(neg, prec)),
            (Form::Zero, _) | (_, Form::Inf) => Ok(Num::zero(neg, prec)),
            (Form::Finite { mant: m, exp: e }, Form::Finite { mant: n, exp: f }) => {
                quotient(neg, m, *e, n, *f, prec)
            }
        }
    }

    /// `%` as cty computes it: `a - b × trunc(a / b)` at `a`'s precision; `a % 0` is `a`.
    /// cty's shortcut for infinities compares with its own infinity values, which no
    /// arithmetic gives, so an infinity takes the general way and fails there as in
    /// Terraform.
    pub fn rem(&self, other: &Num) -> Result<Num, Trouble> {
        let undefined = "can't use modulo with zero and infinity";
        if other.is_zero() {
            return Ok(self.clone());
        }
        if self.is_inf() {
            // The quotient is infinite and has no whole part: Terraform's Go panics there.
            return Err(Trouble::Undefined("panic in function implementation"));
        }
        if other.is_inf() {
            // The quotient's whole part is 0, and 0 times the infinity is Go's NaN.
            return Err(Trouble::Undefined(undefined));
        }
        let ratio = self.div(other)?;
        let (neg, whole) = ratio.trunc().ok_or(Trouble::Large)?;
        let whole = Num::rounded(neg, whole, 0, self.prec, false)?;
        let product = other.mul_at(&whole, self.prec, undefined)?;
        self.add_at(&product.neg(), self.prec, undefined)
    }

    /// cty's `floor` and `ceil`: the whole number below or above, at the same precision.
    pub fn floor(&self, up: bool) -> Result<Num, Trouble> {
        let Some((neg, whole)) = self.trunc() else {
            return Ok(self.clone());
        };
        let mut whole = Num::rounded(neg, whole, 0, self.prec, false)?;
        if !self.is_int() && self.neg != up {
            let one = Num::from_i64(if up { 1 } else { -1 });
            whole = whole.add_at(&one, self.prec, "")?;
        }
        Ok(whole)
    }

    /// The exact decimal and whether its last bit is even, for text.
    fn decimal(&self) -> Decimal {
        match &self.form {
            Form::Finite { mant, exp } => Decimal::of(mant, *exp),
            _ => Decimal {
                digits: Vec::new(),
                exp: 0,
            },
        }
    }

    /// The fewest digits that read back as this number at its precision (Go's
    /// `roundShortest`).
    fn shortest(&self) -> Decimal {
        let mut d = self.decimal();
        let Form::Finite { mant, exp } = &self.form else {
            return d;
        };
        if d.digits.is_empty() {
            return d;
        }
        // The mantissa at prec + 1 bits: its last bit is half a unit in the last place.
        let s = bits(mant) - (self.prec as i64 + 1);
        let (m, e) = if s < 0 {
            (mant << (-s) as usize, exp + s)
        } else {
            (mant >> s as usize, exp + s)
        };
        let lower = Decimal::of(&(&m - 1u32), e);
        let upper = Decimal::of(&(&m + 1u32), e);
        let inclusive = !m.bit(1);
        for i in 0..d.digits.len() {
            let (l, c, u) = (lower.at(i), d.digits[i], upper.at(i));
            let down = l != c || inclusive && i + 1 == lower.digits.len();
            let up = c != u && (inclusive || c + 1 < u || i + 1 < upper.digits.len());
            match (down, up) {
                (true, true) => {
                    d.round(i as i64 + 1);
                    return d;
                }
                (true, false) => {
                    d.round_down(i + 1);
                    return d;
                }
                (false, true) => {
                    d.round_up(i + 1);
                    return d;
                }
                _ => {}
            }
        }
        d
    }

    /// Terraform's text of it, written once.
    fn text(&self) -> &str {
        self.text.get_or_init(|| {
            if self.is_inf() {
                format!("{}Inf", if self.neg { "-" } else { "+" })
            } else {
                format!("{}{}", self.sign(), self.fixed(None))
            }
        })
    }

    /// What it weighs in an evaluation's budget: a unit, and one per 64 bits of mantissa.
    pub fn weight(&self) -> usize {
        match &self.form {
            Form::Finite { mant, .. } => 1 + (mant.bits() / 64) as usize,
            _ => 1,
        }
    }

    fn sign(&self) -> &'static str {
        if self.neg {
            "-"
        } else {
            ""
        }
    }

    /// Go's `%f` of the magnitude: `digits` after the point, or the fewest that read back.
    pub fn fixed(&self, digits: Option<usize>) -> String {
        if self.is_inf() {
            return "Inf".into();
        }
        let (d, prec) = match digits {
            Some(p) => {
                let mut d = self.decimal();
                d.round(d.exp.saturating_add(p as i64));
                (d, p)
            }
            None => {
                let d = self.shortest();
                let p = (d.digits.len() as i64 - d.exp).max(0) as usize;
                (d, p)
            }
        };
        fixed_text(&d, prec)
    }

    /// Go's `%e` of the magnitude with `digits` after the point.
    pub fn scientific(&self, digits: usize, upper: bool) -> String {
        if self.is_inf() {
            return "Inf".into();
        }
        let mut d = self.decimal();
        d.round(1 + digits as i64);
        scientific_text(&d, digits, if upper { 'E' } else { 'e' })
    }

    /// Go's `%g` with the fewest digits, as Terraform's `format("%v")` writes a number.
    pub fn general(&self) -> String {
        self.g(None)
    }

    /// What cty files a number under in a set (`big.Float.String`: `%.10g`): two numbers
    /// are one element of a set when they are equal and their keys are (so 0 and -0 are
    /// two).
    pub fn set_key(&self) -> String {
        self.g(Some(10))
    }

    /// Go's `Text('g', prec)`: the fewest digits that read back, or `prec` significant ones.
    fn g(&self, prec: Option<usize>) -> String {
        if self.is_inf() {
            return format!("{}Inf", if self.neg { "-" } else { "+" });
        }
        let (d, prec, shortest) = match prec {
            None => {
                let d = self.shortest();
                let p = d.digits.len();
                (d, p, true)
            }
            Some(p) => {
                let p = p.max(1);
                let mut d = self.decimal();
                d.round(p as i64);
                (d, p, false)
            }
        };
        let mut eprec = prec;
        if eprec > d.digits.len() && d.digits.len() as i64 >= d.exp {
            eprec = d.digits.len();
        }
        if shortest {
            eprec = 6;
        }
        let exp = d.exp - 1;
        let body = if exp < -4 || exp >= eprec as i64 {
            scientific_text(&d, prec.min(d.digits.len()).saturating_sub(1), 'e')
        } else {
            let p = if prec as i64 > d.exp {
                d.digits.len()
            } else {
                prec
            };
            fixed_text(&d, (p as i64 - d.exp).max(0) as usize)
        };
        format!("{}{body}", self.sign())
    }
}

/// Go's `fmtF`.
fn fixed_text(d: &Decimal, prec: usize) -> String {
    let mut out = String::new();
    if d.exp > 0 {
        let m = (d.exp as usize).min(d.digits.len());
        out.extend(d.digits[..m].iter().map(|&c| c as char));
        out.extend(std::iter::repeat_n('0', d.exp as usize - m));
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec as i64 {
            let at = d.exp + i;
            out.push(if at < 0 {
                '0'
            } else {
                d.at(at as usize) as char
            });
        }
    }
    out
}

/// Go's `fmtE`.
fn scientific_text(d: &Decimal, prec: usize, e: char) -> String {
    let mut out = String::new();
    out.push(d.digits.first().map_or('0', |&c| c as char));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(d.at(i) as char);
        }
    }
    let exp = if d.digits.is_empty() { 0 } else { d.exp - 1 };
    let sign = if exp < 0 { '-' } else { '+' };
    out.push(e);
    out.push(sign);
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
    out
}

/// `(m × 2^e) / (n × 2^f)` rounded once to `prec` bits.
fn quotient(
    neg: bool,
    m: &BigUint,
    e: i64,
    n: &BigUint,
    f: i64,
    prec: u32,
) -> Result<Num, Trouble> {
    let shift = (prec as i64 + 2 + bits(n) - bits(m)).max(0);
    let (q, r) = num_integer::Integer::div_rem(&(m << shift as usize), n);
    Num::rounded(neg, q, e - f - shift, prec, !r.is_zero())
}

/// 5^n as Go's `Float.pow5` computes it for `Parse`: exact to 5^27, then by squaring with
/// the product at 576 bits and the square at 640.
fn pow5(n: u64) -> Num {
    const EXACT: u64 = 27;
    let five = |k: u64| BigUint::from(5u32).pow(k as u32);
    let z_prec = PARSED + 64;
    let mut z = Num::unlimited(false, five(n.min(EXACT)), 0, z_prec, false);
    let mut f = Num::unlimited(false, BigUint::from(5u32), 0, z_prec + 64, false);
    let product = |a: &Num, b: &Num, prec: u32| match (&a.form, &b.form) {
        (Form::Finite { mant: m, exp: e }, Form::Finite { mant: n, exp: f }) => {
            Num::unlimited(false, m * n, e + f, prec, false)
        }
        _ => a.clone(),
    };
    let mut n = n.saturating_sub(EXACT);
    while n > 0 {
        if n & 1 == 1 {
            z = product(&z, &f, z_prec);
        }
        f = product(&f, &f, z_prec + 64);
        n >>= 1;
    }
    z
}

/// Terraform's text of a number (`Text('f', -1)`): the fewest digits that read back, never
/// an exponent; `+Inf` and `-Inf`.
impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl From<i64> for Num {
    fn from(i: i64) -> Num {
        Num::from_i64(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap().unwrap()
    }

    /// Go's answers (tests/fixtures/go-numbers, written by Go's math/big and go-cty's own
    /// operations): every line.
    #[test]
    fn every_operation_gives_gos_answer() {
        let cases = include_str!("../../tests/fixtures/go-numbers/cases.tsv");
        let input = |spec: &str| -> Num {
            let (kind, value) = spec.split_once(':').unwrap();
            match kind {
                "p" => n(value),
                "f" => {
                    Num::from_f64(f64::from_bits(u64::from_str_radix(value, 16).unwrap())).unwrap()
                }
                _ => Num::from_i64(value.parse().unwrap()),
            }
        };
        let mut checked = 0;
        for line in cases.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let (op, a, b, want) = (f[0], input(f[1]), f[2], f[3]);
            let got = match op {
                "add" => a.add(&input(b)).unwrap().to_string(),
                "sub" => a.sub(&input(b)).unwrap().to_string(),
                "mul" => a.mul(&input(b)).unwrap().to_string(),
                "div" => a.div(&input(b)).unwrap().to_string(),
                "mod" => a.rem(&input(b)).unwrap().to_string(),
                "eq" => a.same(&input(b)).to_string(),
                "cmp" => (a.cmp(&input(b)) as i8).to_string(),
                "f64" => format!("{:x}", a.to_f64().unwrap().to_bits()),
                _ => {
                    let (p, up) = b.split_once(',').unwrap();
                    let p: usize = p.parse().unwrap();
                    let sign = if a.sign_bit() { "-" } else { "" };
                    [
                        a.to_string(),
                        a.general(),
                        a.set_key(),
                        format!("{sign}{}", a.fixed(Some(p))),
                        format!("{sign}{}", a.scientific(p, false)),
                        a.floor(up == "true").unwrap().to_string(),
                    ]
                    .join(" ")
                }
            };
            assert_eq!(got, want, "{line}");
            checked += 1;
        }
        assert_eq!(checked, 2246);
    }

    #[test]
    fn terraforms_arithmetic_on_decimals() {
        // Terraform 1.11.4: the terraform-eval cases c03328, c03224, c03336, c03338, c03348.
        assert!(n("0.1").add(&n("0.2")).unwrap().same(&n("0.3")));
        assert!(n("0.1").mul(&n("3")).unwrap().same(&n("0.3")));
        assert!(n("4.35").mul(&n("100")).unwrap().same(&n("435")));
        assert!(n("0.7").add(&n("0.1")).unwrap().same(&n("0.8")));
        assert!(!n("2").div(&n("3")).unwrap().same(&n("0.6666666666666666")));
        assert_eq!(n("0.1").add(&n("0.2")).unwrap().to_string(), "0.3");
        // c03872: `1 / 3`.
        assert_eq!(
            n("1").div(&n("3")).unwrap().to_string(),
            format!("0.{}5", "3".repeat(154))
        );
        // c03868, c03926, c03870.
        assert_eq!(
            n("100000000000000000000").to_string(),
            "100000000000000000000"
        );
        assert_eq!(
            n("9007199254740993.0")
                .sub(&n("9007199254740992"))
                .unwrap()
                .to_string(),
            "1"
        );
        assert_eq!(
            n("-9223372036854775808").sub(&n("1")).unwrap().to_string(),
            "-9223372036854775809"
        );
        // c03924: `-1 / 0`.
        assert_eq!(n("-1").div(&n("0")).unwrap().to_string(), "-Inf");
    }

    #[test]
    fn go_formats() {
        assert_eq!(n("1000000").general(), "1e+06");
        assert_eq!(n("123456").general(), "123456");
        assert_eq!(n("0.0001").general(), "0.0001");
        assert_eq!(n("0.00001").general(), "1e-05");
        assert_eq!(n("-2.5").general(), "-2.5");
        // Go's big.Float String(), %.10g (values from Go 1.19's math/big).
        assert_eq!(n("1.0000000005").set_key(), "1");
        assert_eq!(
            Num::from_f64(1.0000000005).unwrap().set_key(),
            "1.000000001"
        );
        assert_eq!(n("1.00000000050000001").set_key(), "1.000000001");
        assert_eq!(n("0.00001234567891234").set_key(), "1.234567891e-05");
        assert_eq!(n("123456789012").set_key(), "1.23456789e+11");
        assert_eq!(n("0").neg().set_key(), "-0");
        assert_eq!(n("0.5").set_key(), "0.5");
        assert_eq!(n("0.1").fixed(Some(20)), "0.10000000000000000000");
        assert_eq!(n("2.5").fixed(Some(0)), "2");
        assert_eq!(n("3.5").fixed(Some(0)), "4");
        assert_eq!(n("0.05").fixed(Some(0)), "0");
        assert_eq!(n("1234.5678").scientific(2, false), "1.23e+03");
        assert_eq!(n("0").scientific(1, true), "0.0E+00");
        assert_eq!(Num::from_f64(0.1).unwrap().to_string(), "0.1");
        // Subnormal float64s at 53 bits, as Go's SetFloat64 makes them (Go 1.19's %g).
        for (f, go) in [
            (5e-324, "4.940656458412465e-324"),
            (2.5e-320, "2.4999721679567075e-320"),
            (-1.5e-310, "-1.5000000000000201e-310"),
        ] {
            assert_eq!(Num::from_f64(f).unwrap().general(), go);
        }
        assert_eq!(Num::from_f64(0.1).unwrap().to_f64(), Some(0.1));
        assert_eq!(n("1e400").to_f64(), None);
        assert_eq!(n("inf").to_f64(), Some(f64::INFINITY));
        // Go's Float64, rounded once into the subnormals (values from Go 1.19's math/big).
        assert_eq!(n("2.4703282292062328e-324").to_f64(), Some(5e-324));
        assert_eq!(n("2.4703282292062327e-324").to_f64(), Some(0.0));
        assert_eq!(
            n("2.2250738585072011e-308").to_f64(),
            Some(f64::from_bits(0x000f_ffff_ffff_ffff))
        );
        assert_eq!(n("7.4109846876186981e-324").to_f64(), Some(5e-324));
    }

    #[test]
    fn reads_as_go_reads() {
        for bad in [
            "", ".", "-", "1e", "1e+", " 1", "1 ", "0x10", "1_000", "1.2.3", "NaN",
        ] {
            assert!(Num::parse(bad).unwrap().is_none(), "{bad}");
        }
        assert_eq!(n(".5").to_string(), "0.5");
        assert_eq!(n("5.").to_string(), "5");
        assert_eq!(n("+7").to_string(), "7");
        assert_eq!(n("1p4").to_string(), "16");
        assert_eq!(n("-inf").to_string(), "-Inf");
        assert_eq!(n("1E3").to_string(), "1000");
        assert_eq!(n("1e-300").mul(&n("1e300")).unwrap().to_string(), "1");
        assert!(matches!(Num::parse("1e100000"), Err(Trouble::Large)));
        // Go's exponents: 64 bits written, 32 bits binary; past them, not a number.
        assert!(matches!(Num::parse("1e99999999999999999999"), Ok(None)));
        assert!(matches!(Num::parse("0e99999999999999999999"), Ok(None)));
        assert!(matches!(Num::parse("1e3000000000"), Ok(None)));
    }

    #[test]
    fn modulo_and_rounding_as_cty() {
        assert_eq!(n("7").rem(&n("3")).unwrap().to_string(), "1");
        assert_eq!(n("-7").rem(&n("3")).unwrap().to_string(), "-1");
        assert_eq!(n("7.5").rem(&n("2")).unwrap().to_string(), "1.5");
        assert_eq!(n("7").rem(&n("0")).unwrap().to_string(), "7");
        // Terraform 1.11.4: `5 % (1/0)`, `(1/0) % 5` and `(1/0) % 0`.
        let inf = n("1").div(&n("0")).unwrap();
        assert!(
            matches!(n("5").rem(&inf), Err(Trouble::Undefined(w)) if w.contains("modulo with zero and infinity"))
        );
        assert!(matches!(inf.rem(&n("5")), Err(Trouble::Undefined(w)) if w.contains("panic")));
        assert_eq!(inf.rem(&n("0")).unwrap().to_string(), "+Inf");
        assert_eq!(n("2.5").floor(false).unwrap().to_string(), "2");
        assert_eq!(n("-2.5").floor(false).unwrap().to_string(), "-3");
        assert_eq!(n("-2.5").floor(true).unwrap().to_string(), "-2");
        assert_eq!(n("2.1").floor(true).unwrap().to_string(), "3");
        assert!(!n("30").div(&n("0.3")).unwrap().is_int());
        assert_eq!(n("12").as_i64(), Some(12));
        assert_eq!(n("-12").as_i64(), Some(-12));
        assert_eq!(n("1.5").as_i64(), None);
        assert_eq!(n("9223372036854775808").as_i64(), None);
        assert_eq!(n("-9223372036854775808").as_i64(), Some(i64::MIN));
    }
}
