//! `--version` (with the bundled catalog's size and hash), `completions` and `man`.

use crate::common::{csv_file, evrev, repo};
use evrev::catalog::{Source, fingerprint};

#[test]
fn version_names_the_bundled_catalog_size_and_hash() {
    let trials = csv_file(repo("studies/trials.csv")).len();
    let outcomes = csv_file(repo("studies/outcomes.csv")).len();
    // The hash of the files on disk, computed by the library's other path (a folder, not the embedded texts).
    let hash = fingerprint(&Source::Dir(repo("studies"))).unwrap().short();
    let expected = format!(
        "evrev {} (bundled catalog: {trials} trials, {outcomes} outcome rows, sha256 {hash})\n",
        env!("CARGO_PKG_VERSION")
    );
    evrev().arg("--version").run().code(0).stdout_is(&expected);
    evrev().arg("-V").run().code(0).stdout_is(&expected);
}

#[test]
fn the_hash_changes_with_any_catalog_byte() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["trials.csv", "outcomes.csv", "conditions.csv"] {
        std::fs::copy(repo(&format!("studies/{f}")), dir.path().join(f)).unwrap();
    }
    let before = fingerprint(&Source::Dir(dir.path().into())).unwrap();
    let mut text = std::fs::read(dir.path().join("outcomes.csv")).unwrap();
    text.push(b'\n');
    std::fs::write(dir.path().join("outcomes.csv"), text).unwrap();
    assert_ne!(before, fingerprint(&Source::Dir(dir.path().into())).unwrap());
}

#[test]
fn completions_for_each_shell() {
    let cases = [
        ("bash", "complete -F _evrev"),
        ("zsh", "#compdef evrev"),
        ("fish", "complete -c evrev"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[evrev]"),
    ];
    for (shell, marker) in cases {
        let script = evrev().args(["completions", shell]).run().ok();
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        // Every subcommand is completed.
        for sub in ["trials", "summary", "pool", "sof", "audit", "diff", "check", "man"] {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
    }
    evrev().args(["completions", "tcsh"]).run().code(2).stderr_has("possible values");
}

#[test]
fn man_page_is_roff_with_every_subcommand_and_the_exit_codes() {
    let page = evrev().arg("man").run().ok();
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "roff preamble: {}", &page[..page.len().min(80)]);
    assert!(page.contains(".TH evrev 1"));
    for sub in ["TRIALS", "SUMMARY", "POOL", "SOF", "AUDIT", "DIFF", "CHECK"] {
        assert!(page.contains(&format!(".SH \"EVREV {sub}\"")), "no section for {sub}");
    }
    assert!(page.contains("Exit codes"));
    assert!(
        !page.contains("evrev\\-trials(1)") && !page.contains("evrev-trials(1)"),
        "points to pages that do not exist"
    );
    assert!(page.contains("suicidal ideation"), "NAME names every condition family");
    // Options of a subcommand are in its section.
    let pool = &page[page.find(".SH \"EVREV POOL\"").unwrap()..];
    assert!(pool.contains("\\-\\-method"));
}

#[test]
fn the_readme_shows_the_version_line_the_binary_prints() {
    let version = evrev().arg("--version").run().ok();
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let shown = readme.lines().find_map(|l| l.strip_prefix("evrev --version    # ")).expect("README's --version line");
    assert_eq!(shown, version.trim_end(), "README.md's --version line (the catalog changed: update its hash)");
}
