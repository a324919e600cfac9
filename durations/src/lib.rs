//! One rule for every duration typed on the command line of the workspace: the
//! downloaders', the race's and the domain probes' `--timeout`, the flag server's `--delay`,
//! the spinners' `--seconds`. A bare number is seconds, as the book writes them (`3.1`);
//! anything else goes through `humantime`, which reads units (`100ms`, `0.5s`, `2m`,
//! `1s 500ms`).

use std::time::Duration;

/// The longest duration any option takes: an hour.
pub const MAX_DURATION: Duration = Duration::from_secs(3600);

/// Parses a duration: seconds as a bare number, or a number with a unit.
///
/// ```
/// use std::time::Duration;
/// use durations::parse_duration;
///
/// assert_eq!(parse_duration("3.1"), Ok(Duration::from_millis(3100)));
/// assert_eq!(parse_duration("100ms"), Ok(Duration::from_millis(100)));
/// assert_eq!(parse_duration("0.5s"), Ok(Duration::from_millis(500)));
/// assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
/// assert!(parse_duration("-1").unwrap_err().contains("negative"));
/// assert!(parse_duration("soon").unwrap_err().contains("like 3.1"));
/// ```
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        if seconds < 0.0 {
            return Err(format!("{text:?}: a duration cannot be negative"));
        }
        // NaN and infinity parse as f64 but are no duration: they fall through to the error.
        if let Ok(duration) = Duration::try_from_secs_f64(seconds) {
            return Ok(duration);
        }
    }
    humantime::parse_duration(text).map_err(|_| {
        format!("{text:?} is not a duration: expected a number of seconds, like 3.1, or a unit: 100ms, 0.5s, 2m")
    })
}

/// Parses a request timeout: a duration more than 0, at most [`MAX_DURATION`].
///
/// ```
/// use std::time::Duration;
/// use durations::parse_timeout;
///
/// assert_eq!(parse_timeout("3s"), Ok(Duration::from_secs(3)));
/// assert!(parse_timeout("0").unwrap_err().contains("more than 0"));
/// assert!(parse_timeout("-1").unwrap_err().contains("more than 0"));
/// assert!(parse_timeout("2h").unwrap_err().contains("at most 3600"));
/// ```
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let out_of_range = || "a timeout must be more than 0 and at most 3600 seconds".to_string();
    // `-1` is a number, only outside the range: say the range, not "negative".
    if text.trim().starts_with('-') {
        return Err(out_of_range());
    }
    let timeout = parse_duration(text)?;
    if timeout.is_zero() || timeout > MAX_DURATION {
        return Err(out_of_range());
    }
    Ok(timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_are_no_duration_are_refused() {
        for text in ["NaN", "inf", "1e30", ""] {
            let err = parse_duration(text).expect_err(text);
            assert!(err.contains("is not a duration"), "{text}: {err}");
        }
        assert!(parse_duration("-inf").unwrap_err().contains("negative"));
    }

    #[test]
    fn spaces_around_and_zero_are_fine() {
        assert_eq!(parse_duration(" 0.5 "), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("0ms"), Ok(Duration::ZERO));
    }

    #[test]
    fn a_timeout_may_be_an_hour_and_no_more() {
        assert_eq!(parse_timeout("3600"), Ok(MAX_DURATION));
        assert_eq!(parse_timeout("1h"), Ok(MAX_DURATION));
        assert!(parse_timeout("3600.001").is_err());
        assert!(parse_timeout("-0").unwrap_err().contains("more than 0"));
        assert_eq!(parse_timeout("1ms"), Ok(Duration::from_millis(1)));
    }
}
