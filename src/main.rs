//! The `playbook` command: parse arguments, run, exit with the status.

fn main() -> std::process::ExitCode {
    playbook::cli::main()
}
