//! The whole-number quantities of the API and their bounds, each declared
//! once as a [`Bounds`] and checked through it by every caller: Rust callers
//! with integers ([`Bounds::check`]), dynamically typed callers with the
//! `f64` a JS number is ([`Bounds::check_number`]), the URI parser with the
//! digits it read. The same bounds give the messages and the published
//! limits.

use crate::error::{Error, Result};

/// The inclusive range of one quantity, with the words its errors use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// The option it is given as (`digits`, `counter`, `margin`, …).
    pub name: &'static str,
    pub min: u64,
    pub max: u64,
    /// What a valid value is, as a message says it.
    pub expected: &'static str,
    /// Which family of options it belongs to: its errors' `code`.
    pub family: Family,
}

/// The family of an option, which decides its errors' `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `ERR_TOTP_INVALID_OPTION`.
    Otp,
    /// `ERR_QR_INVALID_OPTION`.
    Qr,
}

/// The largest integer a JS number holds exactly, 2^53 − 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

impl Bounds {
    /// `value` if it is within the bounds.
    pub fn check(&self, value: u64) -> Result<u64> {
        if (self.min..=self.max).contains(&value) {
            Ok(value)
        } else {
            Err(self.error(value))
        }
    }

    /// `value` as a whole number within the bounds: fractions, NaN and
    /// infinities are refused rather than truncated, so `digits: 6.5` cannot
    /// silently become 6.
    pub fn check_number(&self, value: f64) -> Result<u64> {
        // Both ends are at most 2^53, so they and every whole number between
        // them are exact as f64, and the cast of a checked value is exact.
        if value.fract() == 0.0 && (self.min as f64..=self.max as f64).contains(&value) {
            Ok(value as u64)
        } else {
            Err(self.error(js_number(value)))
        }
    }

    /// [`Bounds::check_number`] for a quantity whose bounds fit in a `u32`.
    pub fn check_small_number(&self, value: f64) -> Result<u32> {
        let checked = self.check_number(value)?;
        u32::try_from(checked).map_err(|_| self.error(checked))
    }

    fn error(&self, got: impl std::fmt::Display) -> Error {
        match self.family {
            Family::Otp => Error::option(self.name, self.expected, got),
            Family::Qr => Error::qr_option(self.name, self.expected, got),
        }
    }
}

/// A number as JavaScript prints it, for messages: `8`, not `8.0`; `NaN`.
pub fn js_number(number: f64) -> String {
    if number.is_nan() {
        "NaN".to_owned()
    } else if number.is_infinite() {
        if number > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_owned()
    } else if number == 0.0 {
        // -0 too, as String(-0) is "0".
        "0".to_owned()
    } else if number.fract() == 0.0 && number.abs() < 1e21 {
        format!("{number:.0}")
    } else {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: Bounds = Bounds {
        name: "digits",
        min: 1,
        max: 10,
        expected: "an integer from 1 to 10",
        family: Family::Otp,
    };

    #[test]
    fn whole_numbers_inside_the_bounds_pass_and_everything_else_names_the_option() {
        assert_eq!(TEST.check_number(6.0).unwrap(), 6);
        assert_eq!(TEST.check(10).unwrap(), 10);
        for bad in [0.0, 11.0, 6.5, -1.0, f64::NAN, f64::INFINITY] {
            let error = TEST.check_number(bad).unwrap_err();
            assert_eq!(error.code(), "ERR_TOTP_INVALID_OPTION");
            assert!(error
                .to_string()
                .starts_with("option \"digits\" must be an integer from 1 to 10"));
        }
        assert_eq!(
            TEST.check_number(6.5).unwrap_err().to_string(),
            "option \"digits\" must be an integer from 1 to 10 (got 6.5)"
        );
        assert_eq!(
            TEST.check_number(-0.0).unwrap_err().to_string(),
            "option \"digits\" must be an integer from 1 to 10 (got 0)"
        );
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        assert_eq!(js_number(8.0), "8");
        assert_eq!(js_number(0.5), "0.5");
        assert_eq!(js_number(f64::NAN), "NaN");
        assert_eq!(js_number(-f64::INFINITY), "-Infinity");
        assert_eq!(js_number(9_007_199_254_740_993.0), "9007199254740992");
    }
}
