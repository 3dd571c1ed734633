//! `playbook check DEAL...`: evaluate deals, print their next actions.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};

use super::output::{Output, Status};
use super::playbook_choice;
use super::Cli;
use crate::ast::Priority;
use codespan_reporting::term::termcolor::WriteColor;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{self, Summary};
use crate::deal::DealFormat;
use crate::render::{self, Labels};

/// Arguments of `check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Deal files, folders (searched for deal files), or `-` for standard input.
    #[arg(required = true, value_name = "DEAL")]
    pub deals: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Exit with status 1 when any action has this priority or a more urgent one.
    #[arg(long, value_enum, value_name = "PRIORITY")]
    pub fail_on: Option<PriorityArg>,

    /// Only deals in this stage (repeatable).
    #[arg(long, value_name = "STAGE")]
    pub stage: Vec<String>,

    /// Only actions of this priority or a more urgent one.
    #[arg(long, value_enum)]
    pub priority: Option<PriorityArg>,

    /// Only actions with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Worker threads (default: all cores; 1 runs everything in turn).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// The format of standard input (`-`).
    #[arg(long, value_enum, default_value_t = InputFormat::Yaml)]
    pub input_format: InputFormat,

    /// Only deals of this owner (repeatable: any of them).
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Leave out deals with no action (the summary still counts them).
    #[arg(long)]
    pub only_actions: bool,

    /// One section per owner, each rep's list (text and markdown; html always groups).
    #[arg(long, value_enum, value_name = "FIELD")]
    pub group_by: Option<GroupBy>,

    /// Read CSV exports through this mapping: a preset (`salesforce`, `hubspot`) or a mapping file.
    #[arg(long, value_name = "NAME|PATH")]
    pub map: Option<String>,
}

/// `check --group-by`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum GroupBy {
    /// The deal's owner.
    Owner,
}

/// `check --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// For people: each deal, its stage and numbered actions.
    Text,
    /// One JSON document: deals, actions and a summary.
    Json,
    /// One JSON line per deal, written as each is ready.
    Ndjson,
    /// A Markdown section per deal with a table of actions.
    Markdown,
    /// The JSON document as YAML.
    Yaml,
    /// One row per action (deal, name, owner, stage, priority, rule, ...), after a header row.
    Csv,
    /// One self-contained page for a pipeline review: charts, then each owner's deals.
    Html,
}

impl From<CheckFormat> for render::Format {
    fn from(format: CheckFormat) -> render::Format {
        match format {
            CheckFormat::Text => render::Format::Text,
            CheckFormat::Json => render::Format::Json,
            CheckFormat::Ndjson => render::Format::Ndjson,
            CheckFormat::Markdown => render::Format::Markdown,
            CheckFormat::Yaml => render::Format::Yaml,
            CheckFormat::Csv => render::Format::Csv,
            CheckFormat::Html => render::Format::Html,
        }
    }
}

/// A priority on the command line.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PriorityArg {
    /// critical
    Critical,
    /// high
    High,
    /// medium
    Medium,
    /// low
    Low,
}

impl From<PriorityArg> for Priority {
    fn from(p: PriorityArg) -> Priority {
        match p {
            PriorityArg::Critical => Priority::Critical,
            PriorityArg::High => Priority::High,
            PriorityArg::Medium => Priority::Medium,
            PriorityArg::Low => Priority::Low,
        }
    }
}

/// `--input-format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum InputFormat {
    /// YAML (JSON is valid YAML too).
    Yaml,
    /// A JSON object or array.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// A CRM export's deals CSV, read through `--map`.
    Csv,
}

impl From<InputFormat> for DealFormat {
    fn from(f: InputFormat) -> DealFormat {
        match f {
            // CSV on standard input is read by `--map`, never as deals.
            InputFormat::Yaml | InputFormat::Csv => DealFormat::Yaml,
            InputFormat::Json => DealFormat::Json,
            InputFormat::Ndjson => DealFormat::Ndjson,
        }
    }
}

/// Runs `check`.
pub(crate) fn run(cli: &Cli, args: &CheckArgs, output: &mut Output) -> std::io::Result<Status> {
    let playbook = match playbook_choice::playbook(cli, output)? {
        Ok(playbook) => playbook,
        Err(status) => return Ok(status),
    };
    for stage in &args.stage {
        if let Err(not_found) = playbook.find_stage(stage) {
            output.error(&format!("`--stage {stage}`: {not_found}"))?;
            return Ok(Status::Usage);
        }
    }
    // A misspelt tag would match nothing and let `--fail-on` pass.
    for tag in &args.tag {
        if let Err(not_found) = playbook.find_tag(tag) {
            output.error(&format!("`--tag {tag}`: {not_found}"))?;
            return Ok(Status::Usage);
        }
    }
    let groupable = matches!(
        args.format,
        CheckFormat::Text | CheckFormat::Markdown | CheckFormat::Html
    );
    if args.group_by.is_some() && !groupable {
        output.error("`--group-by owner` works with `--format text`, `markdown` and `html`")?;
        return Ok(Status::Usage);
    }
    if args.input_format == InputFormat::Csv && args.map.is_none() {
        output.error(&format!(
            "`--input-format csv`: {}",
            crate::words::crm::CrmWords::NeedsMap.render(crate::Lang::En)
        ))?;
        return Ok(Status::Usage);
    }
    let today = super::today(cli);
    let (inputs, export, mut status) = match &args.map {
        None => (
            batch::expand(&args.deals, args.input_format.into()),
            None,
            Status::Ok,
        ),
        Some(map) => match super::crm_inputs::inputs(
            map,
            &args.deals,
            args.input_format == InputFormat::Csv,
            args.input_format.into(),
            &playbook.deal_context(),
            output,
        )? {
            Ok(mapped) => (mapped.inputs, Some(mapped.export), mapped.status),
            Err(status) => return Ok(status),
        },
    };
    let total_bytes: u64 = inputs.iter().map(batch::Input::size).sum();
    let options = batch::Options {
        jobs: args
            .jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        stages: args.stage.clone(),
        max_priority: args.priority.map(Priority::from),
        tags: args.tag.clone(),
        owners: args.owner.clone(),
        evidence: matches!(
            args.format,
            CheckFormat::Json | CheckFormat::Ndjson | CheckFormat::Yaml
        ),
    };
    let format = render::Format::from(args.format);
    let renderer = render::BatchRenderer {
        format,
        playbook: &playbook,
        labels: Labels::new(cli.lang.into()),
        color_stdout: output.stdout.supports_color(),
        color_stderr: output.stderr.supports_color(),
    };
    let progress = Progress::new(total_bytes, cli.quiet);
    let mut summary = Summary::default();
    let fail_on = args.fail_on.map(Priority::from);
    let mut failed_on = false;
    stop_between_deals_on_interrupt();
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, &mut output.stdout);
    let writing = lock_output();
    let mut document = render::DocumentStream::new(format);
    stdout.write_all(document.head(&playbook, today, &renderer.labels).as_bytes())?;
    drop(writing);
    // Each rep's deals, when grouped: held until the end of the run (the
    // output's size in memory), owners in name order, deals without one last.
    let mut review: Vec<render::ReviewDeal> = Vec::new();
    let mut groups: std::collections::BTreeMap<(bool, String), Vec<Vec<u8>>> =
        std::collections::BTreeMap::new();
    let mut deliver = |delivery: batch::Delivery| -> std::io::Result<()> {
        let _writing = lock_output();
        summary.add(&delivery.stats);
        failed_on |= fail_on.is_some_and(|p| delivery.stats.reaches(p));
        if !delivery.stderr.is_empty() {
            stdout.flush()?;
            progress.suspend(|| std::io::stderr().write_all(&delivery.stderr))?;
        }
        let no_action = delivery.stats.actions.iter().all(|n| *n == 0) && !delivery.stats.error;
        let shown = !(delivery.stdout.is_empty() || args.only_actions && no_action);
        if shown && args.format == CheckFormat::Html {
            review.push(render::ReviewDeal {
                owner: delivery.owner.clone(),
                stage: delivery.stage.clone(),
                html: delivery.stdout,
            });
        } else if shown && args.group_by.is_some() {
            let key = (
                delivery.owner.is_none(),
                delivery.owner.clone().unwrap_or_default(),
            );
            groups.entry(key).or_default().push(delivery.stdout);
        } else if shown {
            stdout.write_all(document.separator().as_bytes())?;
            stdout.write_all(&delivery.stdout)?;
            if args.format == CheckFormat::Ndjson && delivery.end_of_block {
                // Lines go out as soon as they are ready: a block's deals
                // are ready together.
                stdout.flush()?;
            }
        }
        progress.update(delivery.deals_done, delivery.bytes_done);
        Ok(())
    };
    batch::run(&playbook, today, inputs, &options, &renderer, &mut deliver)?;
    progress.finish();
    let _writing = lock_output();
    for ((no_owner, owner), deals) in std::mem::take(&mut groups) {
        let heading = crate::words::crm::CrmWords::OwnerHeading {
            owner: (!no_owner).then_some(owner.as_str()),
            deals: deals.len(),
        }
        .render(cli.lang.into());
        if document.written() > 0 {
            stdout.write_all(b"\n")?;
        }
        match args.format {
            CheckFormat::Markdown => write!(stdout, "## {heading}\n\n")?,
            _ => write!(stdout, "━━ {heading} ━━\n\n")?,
        }
        for (i, deal) in deals.into_iter().enumerate() {
            let separator = document.separator();
            if i > 0 {
                stdout.write_all(separator.as_bytes())?;
            }
            if args.format == CheckFormat::Markdown && deal.starts_with(b"## ") {
                // One level under the owner's heading.
                stdout.write_all(b"#")?;
            }
            stdout.write_all(&deal)?;
        }
    }
    summary.finish(&playbook);
    if let Some(export) = &export {
        summary.closed = export.closed();
    }
    if args.format == CheckFormat::Html {
        let page = render::review_page(
            &playbook,
            today,
            &summary,
            std::mem::take(&mut review),
            &renderer.labels,
            cli.lang.into(),
        );
        stdout.write_all(&page)?;
    }
    stdout.write_all(document.tail(Some(&summary)).as_bytes())?;
    if args.format == CheckFormat::Text && summary.deals > 1 && !cli.quiet {
        if document.written() > 0 {
            stdout.write_all(b"\n")?;
        }
        stdout.flush()?;
        drop(stdout);
        render::text_summary(&mut output.stdout, &summary, &renderer.labels)?;
    } else {
        stdout.flush()?;
        drop(stdout);
    }
    output.stdout.flush()?;
    if let Some(export) = &export {
        super::crm_inputs::report(export, output, cli.quiet)?;
    }

    if summary.with_errors > 0 {
        status = Status::Usage;
    }
    if status == Status::Usage {
        return Ok(status);
    }
    if failed_on {
        return Ok(Status::Findings);
    }
    Ok(Status::Ok)
}

/// Held while output is written. An interrupt (Ctrl-C, or `SIGTERM`)
/// takes it before ending the process, so the output stops between two
/// deals, never in the middle of one: every NDJSON line is whole.
static WRITING: Mutex<()> = Mutex::new(());

fn lock_output() -> MutexGuard<'static, ()> {
    WRITING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// On `SIGINT` or `SIGTERM`, wait until no deal is being written, then
/// exit with 128 + the signal number (130 for Ctrl-C). Deals still in the
/// output buffer are dropped whole. If the handler cannot be installed the
/// signal keeps its default action.
fn stop_between_deals_on_interrupt() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _writing = lock_output();
            std::process::exit(128 + signal);
        }
    });
}

/// The progress bar: on a terminal only, after a run has taken a second.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    total: u64,
    shown: std::cell::Cell<bool>,
}

impl Progress {
    fn new(total: u64, quiet: bool) -> Progress {
        let wanted = !quiet && std::io::stderr().is_terminal();
        let bar = wanted.then(|| {
            let bar = if total > 0 {
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
            } else {
                ProgressBar::hidden()
            };
            let template = if total > 0 {
                "{msg} [{bar:30}] {percent}% ETA {eta}"
            } else {
                "{spinner} {msg}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            total,
            shown: std::cell::Cell::new(false),
        }
    }

    fn update(&self, deals: u64, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        let elapsed = self.started.elapsed();
        if !self.shown.get() {
            if elapsed < Duration::from_secs(1) {
                return;
            }
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown.set(true);
        }
        if deals.is_multiple_of(256) || bytes >= self.total {
            let rate = deals as f64 / elapsed.as_secs_f64().max(0.001);
            bar.set_message(format!("{deals} deals, {rate:.0} deals/s"));
            if self.total > 0 {
                bar.set_position(bytes);
            } else {
                bar.tick();
            }
        }
    }

    fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) if self.shown.get() => bar.suspend(f),
            _ => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
