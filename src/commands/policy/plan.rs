//! `mfactl policy plan FILE`: the plan, computed from the file and the store tenant by
//! tenant (`compute`, which `apply` runs again inside its transaction), rehearsed in a
//! transaction that is rolled back (the same code as `apply` with the commit left out),
//! and drawn as `render.rs` draws it, or printed as JSON.

use std::collections::HashSet;

use serde::Serialize;

use crate::cli::policy::PolicyPlanArgs;
use crate::commands::Why;
use crate::commands::policy::{PolicyFile, execute, problems_error, render};
use crate::core::plan::enrol::EnrolCount;
use crate::core::plan::{Change, Op, Policy, Problem, members_named, plan_id, plan_tenant};
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::output::Report;
use crate::store::Tx;

/// A plan: every change in the order it is made, who would have to enrol, and its id.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    #[serde(rename = "plan_id")]
    pub id: String,
    pub changes: Vec<Change>,
    /// How many users would have to enrol after the whole plan who did not before.
    pub must_enrol: u64,
}

/// How many changes of each op, and of the marked ones.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub add: usize,
    pub change: usize,
    pub remove: usize,
    pub weakens: usize,
    pub refused: usize,
}

impl Plan {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for change in &self.changes {
            match change.action.op() {
                Op::Add => counts.add += 1,
                Op::Change => counts.change += 1,
                Op::Remove => counts.remove += 1,
            }
            counts.weakens += usize::from(change.weakens);
            counts.refused += usize::from(change.refused.is_some());
        }
        counts
    }

    /// The policy refusal (exit 6) of a plan with refused changes, naming each.
    pub fn refusal(&self) -> Option<Error> {
        let refused: Vec<String> = self
            .changes
            .iter()
            .filter_map(|c| {
                c.refused.as_ref().map(|why| {
                    format!(
                        "{} {}/{}: {why}",
                        c.action.kind().as_str(),
                        c.tenant,
                        c.name
                    )
                })
            })
            .collect();
        if refused.is_empty() {
            return None;
        }
        Some(
            Error::policy(format!(
                "the plan removes what a policy may not remove; nothing was changed:\n{}",
                refused.join("\n")
            ))
            .with_hint(
                "name the company in the file to keep it, or move its users out first (`mfactl user list --company SLUG --tenant TENANT` lists them)",
            ),
        )
    }
}

/// Computes the plan of `policy` against the store as `tx` sees it: tenant by tenant,
/// the tenant's state read, the emails the file names checked, the changes planned, and
/// the users who could have to enrol streamed through the count. The problems of the
/// file that the store reveals come back as `Err` inside `Ok`.
pub fn compute(
    tx: &Tx<'_>,
    policy: &Policy,
    prune: bool,
    now: i64,
) -> Result<std::result::Result<Plan, Vec<Problem>>> {
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    let mut must_enrol = 0;
    for section in &policy.tenants {
        let tenant = tx.tenant_by_name(&section.name)?;
        let state = tenant.as_ref().map(|t| tx.tenant_state(t)).transpose()?;
        let mut known: HashSet<String> = HashSet::new();
        if let Some(state) = &state {
            for role in &state.roles {
                known.extend(role.members.iter().cloned());
            }
            for group in &state.groups {
                known.extend(group.members.iter().cloned());
            }
        }
        let unknown: Vec<String> = members_named(section)
            .map(|m| m.value.clone())
            .filter(|email| !known.contains(email))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if let Some(tenant) = &tenant
            && !unknown.is_empty()
        {
            known.extend(tx.existing_emails(tenant.id, &unknown)?);
        }
        let mut planned = plan_tenant(
            section,
            state.as_ref(),
            &|email| known.contains(email),
            prune,
            &mut problems,
        );
        if !problems.is_empty() {
            continue;
        }
        let mut count = EnrolCount::new(state.as_ref(), &planned, now);
        if let Some(tenant) = &tenant
            && count.needs_users()
        {
            tx.each_enrol_candidate(tenant.id, &mut |candidate| {
                count.user(&candidate);
                Ok(true)
            })?;
        }
        let (counts, total) = count.finish();
        for (change, n) in planned.iter_mut().zip(counts) {
            change.must_enrol = n;
        }
        must_enrol += total;
        changes.extend(planned);
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.at.line, p.at.column));
        return Ok(Err(problems));
    }
    Ok(Ok(Plan {
        id: plan_id(&changes),
        changes,
        must_enrol,
    }))
}

/// `compute`, with the file's problems as the usage error that names them.
pub fn compute_for(tx: &Tx<'_>, file: &PolicyFile, prune: bool, now: i64) -> Result<Plan> {
    compute(tx, &file.policy, prune, now)?
        .map_err(|problems| problems_error(&file.shown, &problems))
}

/// What `policy plan --json` prints: the plan, and what it was made from.
#[derive(Serialize)]
struct PlanView<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
    file: &'a str,
    sha256: &'a str,
    prune: bool,
    counts: Counts,
    /// Whether the changes were rehearsed (not on a store opened read-only).
    rehearsed: bool,
}

pub fn run(ctx: &Ctx, args: &PolicyPlanArgs, file: &PolicyFile) -> Result<Report> {
    let rehearsed = !ctx.store.is_read_only();
    let plan = if rehearsed {
        // The changes are made and rolled back: a refusal only the write path finds
        // shows here, as it would in `apply`. Nothing is written, not even an entry.
        ctx.store.rehearse(|tx| {
            let plan = compute_for(tx, file, args.prune, ctx.now())?;
            if plan.refusal().is_none() {
                execute::execute(ctx, tx, &plan.changes, Why::default(), &mut |_| {})?;
            }
            Ok(plan)
        })?
    } else {
        ctx.store
            .read(|tx| compute_for(tx, file, args.prune, ctx.now()))?
    };
    let counts = plan.counts();
    let view = PlanView {
        plan: &plan,
        file: &file.shown,
        sha256: &file.sha256,
        prune: args.prune,
        counts,
        rehearsed,
    };
    if ctx.json {
        let mut report = Report::data(&view, String::new())?;
        if args.exit_code && !plan.changes.is_empty() {
            report.code = 9;
        }
        return Ok(report);
    }
    let colour = ctx.stdout.terminal && crate::env::color_allowed();
    let mut text = render::plan(&plan, colour);
    if !rehearsed {
        text.push_str("\nnote: the store is read-only here, so the changes were not rehearsed");
    }
    if !plan.changes.is_empty() && file.shown != "-" {
        text.push_str(&format!(
            "\nApply it with `mfactl policy apply {} --plan-id {}{}`{}.",
            crate::output::quoted(&file.shown),
            plan.id,
            if args.prune { " --prune" } else { "" },
            if counts.weakens > 0 {
                format!(
                    " (add --yes in scripts: {} protection)",
                    if counts.weakens == 1 {
                        "1 change weakens".to_owned()
                    } else {
                        format!("{} changes weaken", counts.weakens)
                    }
                )
            } else {
                String::new()
            }
        ));
    }
    let mut report = Report::data(&counts, text)?;
    if args.exit_code && !plan.changes.is_empty() {
        report.code = 9;
    }
    Ok(report)
}
