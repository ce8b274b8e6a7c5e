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
    let duration = humantime::parse_duration(trimmed)
        .map_err(|e| format!("'{trimmed}' is not a duration ({e}): use e.g. 30s, 12h, 90d, 2w"))?;
    if duration > LONGEST {
        return Err(format!(
            "'{trimmed}' is more than 1000 years: a date that far from now is beyond what the server's clock holds — give a shorter duration"
        ));
    }
    Ok(duration)
}

/// The longest duration accepted, 1000 of humantime's years (365.25 days): now plus or minus
/// it is a date every PostgreSQL timestamp and chrono hold (4713 BC to 294276 AD), so nothing
/// computed from it overflows.
const LONGEST: Duration = Duration::from_secs(1000 * 31_557_600);

/// A timeout PostgreSQL sets (`statement_timeout`, `lock_timeout`): [`parse`], and at most
/// what the server's setting holds, 2^31 − 1 milliseconds (24 days 20 h 31 min).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let duration = parse(text)?;
    if duration > Duration::from_millis(i32::MAX as u64) {
        return Err(format!(
            "'{}' is longer than PostgreSQL's longest timeout, 2147483647 ms (about 24d 20h): give a shorter one, or 0 for none where the flag allows it",
            text.trim()
        ));
    }
    Ok(duration)
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

/// A duration of the command line as a span of the server's clock (saturating; [`parse`]
/// keeps every duration of the command line well inside it).
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
    fn durations_stay_within_the_servers_clock() {
        assert!(parse("1000y").is_ok());
        assert!(parse("100000000d").unwrap_err().contains("1000 years"));
        assert_eq!(
            parse_timeout("24d").unwrap(),
            Duration::from_secs(24 * 86_400)
        );
        assert!(parse_timeout("25d").unwrap_err().contains("2147483647 ms"));
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
