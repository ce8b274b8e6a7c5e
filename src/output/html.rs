//! `report --format html`: one self-contained page for an auditor. Nothing is fetched (no
//! external style, script, font or image), nothing runs (there is no script, and the page's
//! Content-Security-Policy allows only its own style, by hash), it reads with scripts off and
//! prints. Every value that comes from a database, a log or a file is escaped: a login
//! `<img src=x onerror=…>` is shown as text.
//!
//! Charts are SVG drawn here from counts (a bar per database, a bar per week): a charting
//! crate would bring a script or a raster image, and these are a few rectangles.

use super::page::{compact, Group, Page};
use super::{iso8601, report_skipped_on_stderr, Destination};
use crate::audit::{baseline::Change, checks, Reported, Severity};
use crate::error::Failure;
use chrono::{DateTime, Duration, Utc};
use html_escape::encode_safe as esc;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

const STYLE: &str = "
body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#1a1a1a;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.n{text-align:right}
.critical{color:#a40000;font-weight:bold}.warning{color:#8a5a00;font-weight:bold}.info{color:#1f4e99}
.waived{color:#666}.new{font-weight:bold}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}
svg text{font:11px system-ui,sans-serif}
.chart{overflow-x:auto}
section{content-visibility:auto;contain-intrinsic-size:auto 40em}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}.chart{overflow:visible}}
";

/// Writes the page to `path` (stdout for `None` or `-`).
pub fn write(path: Option<&Path>, page: &Page) -> Result<(), Failure> {
    let mut out = Destination::open(path)?;
    out.write_all(render(page).as_bytes())
        .map_err(Failure::io)?;
    out.commit().map_err(Failure::io)?;
    report_skipped_on_stderr(page.skipped);
    Ok(())
}

/// The page's text. `write!` into a String cannot fail: its results are ignored below.
fn render(page: &Page) -> String {
    let style_hash = openssl::base64::encode_block(&openssl::sha::sha256(STYLE.as_bytes()));
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{style_hash}'; img-src 'none'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Odoo access audit, {}</title>\n<style>{STYLE}</style></head><body>\n",
        esc(&iso8601(&page.generated_at))
    );
    head(&mut html, page);
    chart(&mut html, page);
    timeline(&mut html, page);
    sections(&mut html, page);
    if !page.resolved.is_empty() {
        let _ = writeln!(
            html,
            "<h2 id=\"resolved\">Resolved since the baseline ({})</h2>",
            page.resolved.len()
        );
        resolved(&mut html, page.resolved);
    }
    if !page.skipped.is_empty() {
        html +=
            "<h2 id=\"skipped\">Not audited</h2>\n<table><tr><th>database</th><th>why</th></tr>\n";
        for skip in page.skipped {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&skip.database),
                esc(&skip.reason)
            );
        }
        html += "</table>\n";
    }
    html += "</body></html>\n";
    html
}

/// When, where and by whom; the summary by severity.
fn head(html: &mut String, page: &Page) {
    let s = page.summary;
    let databases = page.audited.iter().filter(|d| !d.is_empty()).count();
    let who = format!(
        "{} on {}",
        whoami::username(),
        whoami::fallible::hostname().unwrap_or_else(|_| "an unnamed host".into())
    );
    let _ = write!(
        html,
        "<h1>Odoo access audit</h1>\n<dl>\
         <dt>Generated</dt><dd>{}</dd>\
         <dt>Cluster</dt><dd>{}</dd>\
         <dt>PostgreSQL role</dt><dd>{}</dd>\
         <dt>Run by</dt><dd>{} (odoo-access {})</dd>\
         <dt>Databases</dt><dd>{databases} audited, {} not</dd></dl>\n",
        esc(&iso8601(&page.generated_at)),
        esc(&page.server),
        esc(&page.role),
        esc(&who),
        env!("CARGO_PKG_VERSION"),
        s.skipped,
    );
    let _ = write!(
        html,
        "<h2 id=\"summary\">Summary</h2>\n<table><tr><th>critical</th><th>warning</th><th>info</th><th>waived</th>{}</tr>\n\
         <tr><td class=\"n critical\">{}</td><td class=\"n warning\">{}</td><td class=\"n info\">{}</td><td class=\"n waived\">{}</td>{}</tr></table>\n\
         <p>Waived findings are listed, marked, and do not count. Exit code as for monitoring: fail on {}{}.</p>\n",
        match s.new {
            Some(_) => "<th>new</th><th>resolved</th>",
            None => "",
        },
        s.critical,
        s.warning,
        s.info,
        s.waived,
        match (s.new, s.resolved) {
            (Some(new), Some(resolved)) =>
                format!("<td class=\"n new\">{new}</td><td class=\"n\">{resolved}</td>"),
            _ => String::new(),
        },
        s.fail_on,
        s.fail_on_new
            .map_or(String::new(), |f| format!(", new findings only from {f}")),
    );
}

/// Counting findings per database and severity: waived ones do not count.
fn counts<'a>(page: &'a Page<'a>) -> Vec<(&'a str, [usize; 3])> {
    let mut per: Vec<(&str, [usize; 3])> = page
        .audited
        .iter()
        .filter(|d| !d.is_empty())
        .map(|d| (d.as_str(), [0; 3]))
        .collect();
    for reported in page.findings.iter().filter(|r| r.counts()) {
        if let Some((_, c)) = per.iter_mut().find(|(d, _)| *d == reported.database) {
            c[reported.finding.severity as usize] += 1;
        }
    }
    // Worst first: most critical, then most warnings.
    per.sort_by(|a, b| (b.1[0], b.1[1]).cmp(&(a.1[0], a.1[1])).then(a.0.cmp(b.0)));
    per
}

/// Findings per severity per database, worst first: one horizontal stacked bar each, so 300
/// databases stay 300 readable lines.
fn chart(html: &mut String, page: &Page) {
    let per = counts(page);
    if per.len() < 2 {
        return;
    }
    let most = per
        .iter()
        .map(|(_, c)| c[0] + c[1])
        .max()
        .unwrap_or(0)
        .max(1);
    let (label, bars, row) = (220.0, 480.0, 16.0);
    let height = row * per.len() as f64 + 24.0;
    let _ = write!(
        html,
        "<h2 id=\"chart\">Findings per database</h2>\n<p>Critical (red) and warning (amber) findings that count, worst first.</p>\n\
         <div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" role=\"img\" aria-label=\"critical and warning findings per database\">\n",
        w = label + bars + 60.0
    );
    for (i, (database, c)) in per.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let critical = bars * c[0] as f64 / most as f64;
        let warning = bars * c[1] as f64 / most as f64;
        let _ = writeln!(
            html,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label}\" y=\"{y}\" width=\"{critical:.1}\" height=\"{}\" fill=\"#c0392b\"><title>{} critical</title></rect>\
             <rect x=\"{}\" y=\"{y}\" width=\"{warning:.1}\" height=\"{}\" fill=\"#e6a23c\"><title>{} warning</title></rect>\
             <text x=\"{}\" y=\"{}\">{} / {}</text>",
            label - 6.0,
            y + 11.0,
            esc(database),
            row - 4.0,
            c[0],
            label + critical,
            row - 4.0,
            c[1],
            label + critical + warning + 4.0,
            y + 11.0,
            c[0],
            c[1],
        );
    }
    html.push_str("</svg></div>\n");
}

/// The keys that end in the next 90 days, by week.
fn timeline(html: &mut String, page: &Page) {
    let weeks = (crate::audit::TIMELINE_DAYS / 7 + 1) as usize;
    let counts = week_counts(page.ending, page.generated_at, weeks);
    let total: usize = counts.iter().sum();
    let _ = writeln!(
        html,
        "<h2 id=\"timeline\">Keys ending in the next {} days</h2>",
        crate::audit::TIMELINE_DAYS
    );
    if total == 0 {
        html.push_str("<p>No API key ends in that time.</p>\n");
        return;
    }
    let most = counts.iter().copied().max().unwrap_or(1).max(1);
    // Room above the tallest bar for its count, below the bars for the weeks' names.
    let (column, tall, top) = (40.0, 120.0, 20.0);
    let _ = write!(
        html,
        "<p>{total} key(s); each bar is a week from {}.</p>\n<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"keys ending per week\">\n",
        page.generated_at.date_naive(),
        column * weeks as f64 + 20.0,
        top + tall + 30.0
    );
    for (week, n) in counts.iter().enumerate() {
        let h = tall * *n as f64 / most as f64;
        let x = 10.0 + column * week as f64;
        let middle = x + (column - 8.0) / 2.0;
        let _ = writeln!(
            html,
            "<rect x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{h:.1}\" fill=\"#1f4e99\"><title>week {}: {n} key(s)</title></rect>\
             <text x=\"{middle}\" y=\"{}\" text-anchor=\"middle\">{n}</text><text x=\"{middle}\" y=\"{}\" text-anchor=\"middle\">w{}</text>",
            top + tall - h,
            column - 8.0,
            week + 1,
            top + tall - h - 4.0,
            top + tall + 18.0,
            week + 1,
        );
    }
    html.push_str("</svg></div>\n");
}

/// How many of `ends` fall in each of `weeks` weeks from `now`.
fn week_counts(ends: &[DateTime<Utc>], now: DateTime<Utc>, weeks: usize) -> Vec<usize> {
    let mut counts = vec![0; weeks];
    for end in ends {
        let week = (*end - now).num_seconds().max(0) / Duration::weeks(1).num_seconds();
        if let Some(slot) = counts.get_mut(week as usize) {
            *slot += 1;
        }
    }
    counts
}

/// One section per database (and one for the server, the cluster and the run): a row per check, its
/// objects listed, the why and the fix once — a row per finding would make a fleet's page
/// too long to open (300 databases: 18,000 rows).
fn sections(html: &mut String, page: &Page) {
    let mut database: Option<&str> = None;
    for group in page.groups() {
        if database != Some(group.database) {
            if database.is_some() {
                html.push_str("</table></section>\n");
            }
            database = Some(group.database);
            let title = match group.database {
                "" => "The server, the cluster and the run".to_string(),
                name => format!("Database {name}"),
            };
            let _ = writeln!(html, "<section><h2>{}</h2>", esc(&title));
            html.push_str(HEADER);
        }
        group_row(html, &group);
    }
    if database.is_some() {
        html.push_str("</table></section>\n");
    }
}

const HEADER: &str = "<table><tr><th>severity</th><th>finding</th><th>objects</th><th>why</th><th>fix</th><th>waiver</th></tr>\n";

fn group_row(html: &mut String, group: &Group) {
    let id = group.items[0].finding.id;
    let check = checks::describe(id);
    let counted: Vec<&&Reported> = group.items.iter().filter(|r| r.counts()).collect();
    let class = match (counted.is_empty(), group.severity) {
        (true, _) => "waived",
        (false, Severity::Critical) => "critical",
        (false, Severity::Warning) => "warning",
        (false, Severity::Info) => "info",
    };
    let objects: Vec<String> = counted
        .iter()
        .map(|r| match r.change {
            Some(Change::New) => format!("{} <span class=\"new\">new</span>", esc(&compact(r))),
            _ => esc(&compact(r)).into_owned(),
        })
        .collect();
    let waivers: Vec<String> = group
        .items
        .iter()
        .filter_map(|r| {
            r.waived.as_ref().map(|t| {
                format!(
                    "{}: until {} — {} ({})",
                    esc(&compact(r)),
                    t.expires,
                    esc(&t.reason),
                    esc(&t.owner)
                )
            })
        })
        .collect();
    // One finding's own detail says more than the check's why.
    let why = match group.items.as_slice() {
        [one] => one.finding.detail.as_str(),
        _ => check.why,
    };
    let _ = writeln!(
        html,
        "<tr><td class=\"{class}\">{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        group.severity.as_str(),
        id.as_str(),
        group.items.len(),
        objects.join(", "),
        esc(why),
        esc(check.fix),
        waivers.join("<br>"),
    );
}

/// The baseline's findings gone since, a row each (they are few, and each is news).
fn resolved(html: &mut String, rows: &[Reported]) {
    html.push_str("<table><tr><th>database</th><th>severity</th><th>finding</th><th>object</th><th>was</th></tr>\n");
    for r in rows {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}<br><small>{}</small></td><td>{}</td></tr>",
            esc(&r.database),
            r.finding.severity.as_str(),
            r.finding.id.as_str(),
            esc(&r.finding.object),
            esc(&r.finding.object_id),
            esc(&r.finding.detail),
        );
    }
    html.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn keys_fall_in_the_week_they_end() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap();
        let ends = [
            now + Duration::days(1),
            now + Duration::days(6),
            now + Duration::days(8),
            now + Duration::days(200),
        ];
        assert_eq!(week_counts(&ends, now, 3), [2, 1, 0]);
    }
}
