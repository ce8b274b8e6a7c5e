//! Prometheus' text exposition format (version 0.0.4), for node_exporter's textfile
//! collector: families of gauges, each with `# HELP` and `# TYPE`, label values escaped, the
//! whole written atomically through [`Destination`] (the collector must never read half a
//! file). Written here: the format is a few lines of text, and the client crates bring a
//! registry and a process model a one-shot command does not need.

use super::Destination;
use crate::error::Failure;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// One family: a gauge's name, help and samples (labels, value), in the order added.
pub struct Family {
    name: &'static str,
    help: &'static str,
    samples: Vec<(Vec<(&'static str, String)>, f64)>,
}

impl Family {
    pub fn gauge(name: &'static str, help: &'static str) -> Family {
        debug_assert!(name.starts_with("odoo_access_"), "one prefix: {name}");
        Family {
            name,
            help,
            samples: Vec::new(),
        }
    }

    pub fn sample(&mut self, labels: &[(&'static str, &str)], value: f64) {
        let labels = labels.iter().map(|(k, v)| (*k, v.to_string())).collect();
        self.samples.push((labels, value));
    }
}

/// Escapes a label value as the format asks: backslash, double quote, line feed.
fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The families as text: every family with its HELP and TYPE, even one without samples.
pub fn render(families: &[Family]) -> String {
    let mut text = String::new();
    for family in families {
        let help = family.help.replace('\\', "\\\\").replace('\n', "\\n");
        let _ = writeln!(text, "# HELP {} {help}", family.name);
        let _ = writeln!(text, "# TYPE {} gauge", family.name);
        for (labels, value) in &family.samples {
            text.push_str(family.name);
            if !labels.is_empty() {
                let inner: Vec<String> = labels
                    .iter()
                    .map(|(k, v)| format!("{k}=\"{}\"", escape_label(v)))
                    .collect();
                let _ = write!(text, "{{{}}}", inner.join(","));
            }
            let _ = writeln!(text, " {value}");
        }
    }
    text
}

/// Writes the families to `path` (atomically) or stdout.
pub fn write(path: Option<&Path>, families: &[Family]) -> Result<(), Failure> {
    let mut out = Destination::open(path)?;
    out.write_all(render(families).as_bytes())
        .and_then(|()| out.commit())
        .map_err(Failure::io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped_and_every_family_is_declared() {
        let mut found = Family::gauge("odoo_access_x", "what x is");
        found.sample(&[("database", "a\"b\\c\nd")], 2.0);
        let empty = Family::gauge("odoo_access_y", "nothing yet");
        let text = render(&[found, empty]);
        assert_eq!(
            text,
            "# HELP odoo_access_x what x is\n# TYPE odoo_access_x gauge\nodoo_access_x{database=\"a\\\"b\\\\c\\nd\"} 2\n# HELP odoo_access_y nothing yet\n# TYPE odoo_access_y gauge\n"
        );
    }
}
