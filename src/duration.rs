//! Durations on the command line and in config files: a number with a unit (`90d`, `2w`, `12h`,
//! `30s`). A bare number is refused, because `--stale 90` could mean seconds or days.

use std::time::Duration;

/// Parses `90d`, `2w`, `12h`, `1y`, `500ms` (humantime's grammar) and refuses a bare number.
/// [`parse`], where a bare `0` means none (`rotate --overlap 0`): zero needs no unit.
pub fn parse_or_zero(text: &str) -> Result<Duration, String> {
    match text.trim() {
        "0" => Ok(Duration::ZERO),
        _ => parse(text),
    }
}

pub fn parse(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty duration: give a number with a unit, e.g. 30s, 12h, 90d".into());
    }
    if trimmed.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!(
            "'{trimmed}' has no unit: write e.g. {trimmed}s, {trimmed}h or {trimmed}d"
        ));
    }
    humantime::parse_duration(trimmed)
        .map_err(|e| format!("'{trimmed}' is not a duration ({e}): use e.g. 30s, 12h, 90d, 2w"))
}

/// Renders a duration the way PostgreSQL accepts it for `statement_timeout`/`lock_timeout`.
/// Zero means no timeout, as it does in PostgreSQL; anything shorter than a millisecond
/// that is not zero is one millisecond.
pub fn as_postgres_ms(duration: Duration) -> String {
    if duration.is_zero() {
        return "0".into();
    }
    format!("{}ms", duration.as_millis().max(1))
}

/// A duration of the command line as a span of the server's clock (saturating: `999999d`
/// means "forever", not an error).
pub fn span(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_required() {
        assert_eq!(parse("90d").unwrap(), Duration::from_secs(90 * 86_400));
        assert_eq!(parse("2w").unwrap(), Duration::from_secs(14 * 86_400));
        assert_eq!(parse("12h").unwrap(), Duration::from_secs(12 * 3_600));
        assert!(parse("90").unwrap_err().contains("no unit"));
        assert!(parse("ninety days").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn postgres_form_is_whole_milliseconds() {
        assert_eq!(as_postgres_ms(Duration::from_secs(30)), "30000ms");
        assert_eq!(as_postgres_ms(Duration::from_micros(10)), "1ms");
        assert_eq!(
            as_postgres_ms(Duration::ZERO),
            "0",
            "no timeout, as in PostgreSQL"
        );
    }
}
