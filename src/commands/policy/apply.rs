//! `mfactl policy apply FILE`: the plan computed from a snapshot to ask about (a plan
//! that weakens protection needs `--yes` or a "yes" on a terminal), then computed again
//! inside one write transaction and carried out there, all of it or nothing. The id of
//! the plan made inside the transaction must be the one reviewed (`--plan-id`) and the
//! one confirmed at the terminal, or nothing is changed (exit 8): two applies racing
//! never mix, the second sees the first's changes or is refused.

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;

use crate::cli::policy::PolicyApplyArgs;
use crate::commands::Why;
use crate::commands::policy::plan::{Counts, Plan, compute_for};
use crate::commands::policy::{PolicyFile, execute, render};
use crate::core::validate;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Report, plural};
use crate::prompt;

/// What `policy apply --json` prints.
#[derive(Serialize)]
struct ApplyView<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
    file: &'a str,
    sha256: &'a str,
    prune: bool,
    counts: Counts,
    /// Whether the changes were made (false when there were none).
    applied: bool,
}

/// The conflict (exit 8) of a plan that is not the one reviewed or confirmed.
fn moved(wanted: &str, found: &Plan, why: &str) -> Error {
    Error::conflict(format!(
        "the plan is now {}, not {wanted}: {why}; nothing was changed",
        found.id
    ))
    .with_hint(
        "review the plan again with `mfactl policy plan FILE`, then apply with its new --plan-id",
    )
}

/// The refusal (exit 4) of a weakening plan without --yes and without a terminal.
fn needs_yes(plan: &Plan) -> Error {
    let weak = plan.counts().weakens;
    Error::input_required(
        "--yes",
        format!(
            "the plan weakens protection ({weak} of its {}); nothing was changed",
            plural(plan.changes.len(), "change")
        ),
    )
}

/// A progress bar on stderr for an apply that runs longer than a second on a terminal.
struct Progress {
    bar: indicatif::ProgressBar,
    started: Instant,
    shown: bool,
    terminal: bool,
}

impl Progress {
    fn new(ctx: &Ctx, len: usize) -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_length(len as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} changes ({eta} left)")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
            terminal: ctx.stderr.terminal && !ctx.quiet && !ctx.json,
        }
    }

    fn done(&mut self, count: usize) {
        if self.terminal && !self.shown && self.started.elapsed() >= Duration::from_secs(1) {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.shown = true;
        }
        self.bar.set_position(count as u64);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

pub fn run(ctx: &Ctx, args: &PolicyApplyArgs, file: &PolicyFile) -> Result<Report> {
    let reason = args.reason.as_deref().map(validate::reason).transpose()?;
    let colour = ctx.stderr.terminal && crate::env::color_allowed();
    let first = ctx
        .store
        .read(|tx| compute_for(tx, file, args.prune, ctx.now()))?;
    if let Some(wanted) = &args.plan_id
        && *wanted != first.id
    {
        return Err(moved(
            wanted,
            &first,
            "the store or the file changed since it was reviewed",
        ));
    }
    if let Some(refusal) = first.refusal() {
        return Err(refusal);
    }
    let weakens = first.counts().weakens > 0;
    let confirmed = if weakens && !args.yes.yes && !first.changes.is_empty() {
        if !ctx.interactive {
            return Err(needs_yes(&first));
        }
        output::tell(&render::plan(&first, colour));
        prompt::confirm(
            true,
            false,
            &format!(
                "Apply the {} above ({} protection)?",
                plural(first.changes.len(), "change"),
                match first.counts().weakens {
                    1 => "1 weakens".to_owned(),
                    n => format!("{n} weaken"),
                }
            ),
        )?;
        Some(first.id.clone())
    } else {
        None
    };
    let applied = if first.changes.is_empty() {
        // Nothing to do: no write, no audit entry.
        first
    } else {
        let details = json!({ "file": file.shown, "sha256": file.sha256, "plan_id": first.id });
        let why = Why {
            reason: reason.as_deref(),
            policy: Some(&details),
        };
        let mut progress = Progress::new(ctx, first.changes.len());
        // The plan is made again in the transaction: this one has served.
        drop(first);
        ctx.store.write(|tx| {
            let plan = compute_for(tx, file, args.prune, ctx.now())?;
            if let Some(wanted) = &args.plan_id
                && *wanted != plan.id
            {
                return Err(moved(
                    wanted,
                    &plan,
                    "the store changed since it was reviewed",
                ));
            }
            if let Some(wanted) = &confirmed
                && *wanted != plan.id
            {
                return Err(moved(
                    wanted,
                    &plan,
                    "the store changed while you were asked",
                ));
            }
            if let Some(refusal) = plan.refusal() {
                return Err(refusal);
            }
            if plan.counts().weakens > 0 && !args.yes.yes && confirmed.is_none() {
                return Err(needs_yes(&plan));
            }
            execute::execute(ctx, tx, &plan.changes, why, &mut |n| progress.done(n))?;
            Ok(plan)
        })?
    };
    report(ctx, args, file, &applied)
}

/// What apply says. The whole plan is drawn only for whom reads it: as JSON with
/// `--json`, as lines without `-q` (a plan of 200,000 changes is a lot of text).
fn report(ctx: &Ctx, args: &PolicyApplyArgs, file: &PolicyFile, applied: &Plan) -> Result<Report> {
    let counts = applied.counts();
    if !ctx.json && ctx.quiet {
        return Report::done(&counts, String::new());
    }
    let view = ApplyView {
        plan: applied,
        file: &file.shown,
        sha256: &file.sha256,
        prune: args.prune,
        counts,
        applied: !applied.changes.is_empty(),
    };
    let text = if applied.changes.is_empty() {
        format!(
            "No changes: the store already matches {}. Nothing was written. (plan {})",
            file.shown, applied.id
        )
    } else {
        format!(
            "{}\nApplied plan {}: {} made; {} would have to enrol.",
            render::plan(applied, ctx.stdout.terminal && crate::env::color_allowed())
                .rsplit_once('\n')
                .map_or(String::new(), |(lines, _)| lines.trim_end().to_owned()),
            applied.id,
            plural(applied.changes.len(), "change"),
            plural(applied.must_enrol, "user")
        )
    };
    if ctx.json {
        Report::done(&view, String::new())
    } else {
        Report::done(&counts, text)
    }
}
