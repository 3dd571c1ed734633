//! The `playbook` command: parse arguments, run, exit with the status.

// Parsing deals allocates many small strings, on several threads at once:
// mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    playbook::cli::main()
}
