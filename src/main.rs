//! The `evrev` binary: parse, run, print the error once, map it to an exit code.

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
    let columns = std::env::var("COLUMNS").ok();
    let result = evrev::commands::run(cli, columns.as_deref(), &mut out)
        .and_then(|()| out.flush().map_err(evrev::error::Error::Io));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            drop(out);
            // A closed or full standard error must not panic either (eprintln! would).
            let _ = writeln!(std::io::stderr(), "evrev: {}", evrev::report::sanitize_message(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
