//! The documents that comments point to exist, with the sections they name: a reference that
//! leads nowhere is a broken promise to the next reader.

use std::path::Path;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "sql" || e == "sh")
        {
            out.push(path);
        }
    }
}

fn headings(document: &str) -> Vec<String> {
    std::fs::read_to_string(document)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")))
        .map(|h| h.trim_matches('`').to_string())
        .collect()
}

#[test]
fn comments_point_to_sections_that_exist() {
    let mut paths = Vec::new();
    for dir in ["src", "sql", "tests", "benches"] {
        files(Path::new(dir), &mut paths);
    }
    let reference = regex::Regex::new(
        r#"(docs/[A-Z-]+\.md|README)[,:]?(?:\s|//!|///|//|--)*((?:"[^"]+"(?:,\s*)?)+)"#,
    )
    .unwrap();
    let quoted = regex::Regex::new(r#""([^"]+)""#).unwrap();
    let mut checked = 0;
    for path in paths {
        // This test names the documents to check them.
        if path.ends_with("tests/docs.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for outside in ["FACTS.md", "REAL-ODOO.md", "CONTRACT.md"] {
            assert!(
                !text.contains(outside),
                "{} cites {outside}, which is not in the repository",
                path.display()
            );
        }
        for found in reference.captures_iter(&text) {
            let document = match &found[1] {
                "README" => "README.md",
                other => other,
            };
            assert!(
                Path::new(document).exists(),
                "{} cites {document}, which does not exist",
                path.display()
            );
            let sections = headings(document);
            // A section name may wrap onto the next comment line.
            let sections_named = quoted.captures_iter(&found[2]).map(|q| {
                q[1].split_whitespace()
                    .filter(|w| !["//!", "///", "//", "--"].contains(w))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            for section in sections_named {
                assert!(
                    sections.contains(&section),
                    "{} cites {} \"{section}\", which has no such section",
                    path.display(),
                    &found[1]
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "only {checked} references found");
}

#[test]
fn the_safety_document_names_every_query_and_no_other() {
    let readme = std::fs::read_to_string("docs/SAFETY.md").unwrap();
    let start = readme.find("\n## What runs").expect("a section What runs");
    let end = readme[start + 1..]
        .find("\n## ")
        .map_or(readme.len(), |e| start + 1 + e);
    let section = &readme[start..end];
    let named: std::collections::BTreeSet<String> = regex::Regex::new(r"`([a-z0-9_]+\.sql)`")
        .unwrap()
        .captures_iter(section)
        .map(|c| c[1].to_string())
        .collect();
    let files: std::collections::BTreeSet<String> = std::fs::read_dir("sql")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect();
    let unnamed: Vec<&String> = files.difference(&named).collect();
    let missing: Vec<&String> = named.difference(&files).collect();
    assert!(
        unnamed.is_empty(),
        "docs/SAFETY.md's What runs leaves out {unnamed:?}"
    );
    assert!(
        missing.is_empty(),
        "docs/SAFETY.md's What runs names {missing:?}, which sql/ lacks"
    );
}

/// README stays what gets a newcomer to a first answer, and every link of README and docs/
/// leads to a file of the repository.
#[test]
fn every_link_of_the_documents_leads_somewhere() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.lines().count() <= 250,
        "README.md is {} lines: the reference belongs in docs/",
        readme.lines().count()
    );
    let link = regex::Regex::new(r"\]\(([^)#\s]+)(#[^)]*)?\)").unwrap();
    let mut documents = vec![std::path::PathBuf::from("README.md")];
    files_named(Path::new("docs"), "md", &mut documents);
    let mut checked = 0;
    for document in &documents {
        let text = std::fs::read_to_string(document).unwrap();
        for found in link.captures_iter(&text) {
            let target = &found[1];
            if target.starts_with("http://") || target.starts_with("https://") {
                continue;
            }
            let resolved = document.parent().unwrap().join(target);
            assert!(
                resolved.exists(),
                "{} links to {target}, which does not exist",
                document.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} links found");
}

fn files_named(dir: &Path, extension: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}
