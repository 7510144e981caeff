//! The `evrev` binary: parse, run, print the error once, map it to an exit code.

use evrev::error::{self, Error};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

// Loading a large catalog makes millions of small allocations; mimalloc makes them and their release
// markedly cheaper than the system allocator (see scripts/BENCH_RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = evrev::cli::Cli::parse_args();
    let stdout = std::io::stdout();
    // On a terminal, data bytes (CSV, JSON) cannot act as escape sequences; to a file or pipe, as is.
    let mut out: Box<dyn Write> = if stdout.is_terminal() {
        Box::new(evrev::report::TerminalSafe::new(std::io::BufWriter::new(stdout.lock())))
    } else {
        Box::new(std::io::BufWriter::new(stdout.lock()))
    };
    // The environment that changes rendering, read here and nowhere else.
    let columns = std::env::var("COLUMNS").ok();
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    let terminal = evrev::report::Style::for_terminal(columns.as_deref(), locale.as_deref());
    let result =
        evrev::commands::run(cli, terminal, &mut out).and_then(|()| out.flush().map_err(|e| Error::Io(e).into()));
    let Err(e) = result else { return ExitCode::SUCCESS };
    if error::is_broken_pipe(&e) {
        return ExitCode::SUCCESS;
    }
    drop(out);
    // The whole chain on one line; a closed or full standard error must not panic either (eprintln! would).
    let _ = writeln!(std::io::stderr(), "evrev: {}", evrev::report::sanitize_message(&format!("{e:#}")));
    // The exit code is the typed error's underneath the context.
    ExitCode::from(error::exit_code(&e))
}
