//! The `jixiao` command: parse the command line, run, exit with the status. See [`app`].

mod app;
mod cli;

fn main() -> std::process::ExitCode {
    app::main()
}
