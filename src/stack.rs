//! Deep recursion over playbook trees (checking an expression, evaluating a
//! node) continues on a fresh stack segment instead of overflowing, so a
//! deeply nested condition is never a crash, on any thread.

/// When less than this much stack is left, recursion continues on a new
/// segment of [`STACK_SEGMENT`] bytes.
const RED_ZONE: usize = 128 * 1024;
/// The size of each extra stack segment.
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Runs `f`, first moving to a new stack segment when little is left.
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, f)
}
