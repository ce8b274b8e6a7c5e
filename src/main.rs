//! Parse, run, and turn the outcome into an exit code — nothing else.

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use odoo_access::cli::{Cli, Command};
use odoo_access::console::Console;
use odoo_access::error::{one_line, Exit};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let exit = match err.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Exit::Ok,
                _ => Exit::Usage,
            };
            let _ = err.print();
            return code(exit);
        }
    };
    if let Command::Completions { shell } = cli.command {
        let mut command = Cli::command();
        clap_complete::generate(shell, &mut command, "odoo-access", &mut std::io::stdout());
        return code(Exit::Ok);
    }
    let console = Console::new(cli.output.verbose, cli.output.quiet);
    let invocation = match odoo_access::resolve::resolve(cli) {
        Ok(invocation) => invocation,
        Err(failure) => {
            console.error(&one_line(&failure.message));
            return code(failure.exit);
        }
    };
    // One thread: the work is waiting on servers, and a fleet's connections are driven
    // together on it without handing each answer over to another thread (fewer wake-ups:
    // about half the system CPU in benches/fleet.sh). The audit log writes on a thread of its
    // own.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            console.error(&format!("cannot start the async runtime: {err}"));
            return code(Exit::Unreachable);
        }
    };
    let outcome = match runtime.block_on(odoo_access::interrupt::run_until_interrupted(
        odoo_access::commands::run(invocation, &console),
    )) {
        Ok(outcome) => outcome,
        Err(signal) => {
            console.error("interrupted: the queries in flight were cancelled on the server; a revoke that had not committed changed nothing");
            // Work off the runtime (report --weak-passwords' tries) is not waited for.
            runtime.shutdown_background();
            return code(signal);
        }
    };
    match outcome {
        Ok(exit) => code(exit),
        Err(failure) => {
            // Exit 0 through an error: the reader closed the pipe early (`| head`, Failure::io).
            if failure.exit != Exit::Ok {
                console.error(&one_line(&failure.message));
            }
            code(failure.exit)
        }
    }
}

fn code(exit: Exit) -> ExitCode {
    ExitCode::from(exit.code() as u8)
}
