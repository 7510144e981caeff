//! `evrev completions SHELL`, `evrev man` and the `--version` text: what installs evrev into a shell and a man path.

use crate::catalog;
use crate::cli::Cli;
use crate::error::{Error, Result};
use clap::CommandFactory;
use std::io::Write;

/// Write the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut command = Cli::command();
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut command, "evrev", &mut buffer);
    out.write_all(&buffer).map_err(Error::Io)
}

/// Write the manual page (section 1, roff): the main page, then one section per subcommand with its
/// description and options as subsections.
pub fn man(out: &mut dyn Write) -> Result<()> {
    let command = Cli::command();
    let mut page = Vec::new();
    let main = clap_mangen::Man::new(command.clone());
    // Not `render`: its SUBCOMMANDS section points to evrev-trials(1) and the like, pages that do not
    // exist; here every subcommand has its section in this one page.
    main.render_title(&mut page)
        .and_then(|()| main.render_name_section(&mut page))
        .and_then(|()| main.render_synopsis_section(&mut page))
        .and_then(|()| main.render_description_section(&mut page))
        .and_then(|()| main.render_options_section(&mut page))
        .map_err(Error::Io)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        page.extend_from_slice(format!(".SH \"EVREV {}\"\n", sub.get_name().to_uppercase()).as_bytes());
        let mut section = Vec::new();
        let man = clap_mangen::Man::new(sub.clone());
        man.render_description_section(&mut section).map_err(Error::Io)?;
        man.render_options_section(&mut section).map_err(Error::Io)?;
        // The subcommand's own headings become subsections of its section.
        let section = String::from_utf8_lossy(&section).replace("\n.SH ", "\n.SS ");
        let section = section.strip_prefix(".SH ").map_or(section.clone(), |s| format!(".SS {s}"));
        page.extend_from_slice(section.as_bytes());
    }
    main.render_extra_section(&mut page).and_then(|()| main.render_version_section(&mut page)).map_err(Error::Io)?;
    out.write_all(&page).map_err(Error::Io)
}

/// `evrev 0.1.0 (bundled catalog: 23 trials, 57 outcome rows, sha256 1a2b3c4d5e6f)`: the numbers and
/// the hash computed at build time (build.rs), so that the version reads no catalog.
pub fn version_text() -> String {
    let (trials, outcomes) = catalog::BUNDLED_ROWS;
    let hash = catalog::Fingerprint::bundled().short();
    format!("{} (bundled catalog: {trials} trials, {outcomes} outcome rows, sha256 {hash})", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_build_time_numbers_are_the_loaded_catalog_s() {
        let c = crate::catalog::embedded().expect("the bundled catalog loads");
        assert_eq!(crate::catalog::BUNDLED_ROWS, (c.trials.len(), c.outcomes.len()));
    }
}
