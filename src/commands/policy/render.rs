//! A plan drawn for a person, as `terraform plan` draws one: one aligned line per
//! change (`+` add, `~` change with before → after, `-` remove), the changes that weaken
//! protection marked, how many would have to enrol because of each, and a last line
//! with the counts and the plan id. In colour on a terminal unless `NO_COLOR` says no.
//! It draws `Plan`'s values and decides nothing.

use serde_json::Value;

use crate::commands::policy::plan::Plan;
use crate::core::plan::{Change, Kind, Op};
use crate::output::{BOLD_RED, GREEN, RED, YELLOW, paint, plural, printable};

/// A JSON value of a change as a person reads it: text bare, objects as `key = value`.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(shown).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| format!("{k} = {}", shown(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The cells of a change: op, kind, object, field, value, notes.
fn cells(change: &Change) -> [String; 6] {
    let op = change.action.op();
    let kind = change.action.kind();
    let object = if kind == Kind::Tenant {
        change.tenant.clone()
    } else {
        format!("{}/{}", change.tenant, change.name)
    };
    let field = change.action.field().unwrap_or("").to_owned();
    let value = match (op, change.action.field()) {
        (Op::Change, _) => format!("{} → {}", shown(&change.before), shown(&change.after)),
        (Op::Add, Some(_)) => format!("+ {}", shown(&change.after)),
        (Op::Remove, Some(_)) => format!("- {}", shown(&change.before)),
        (Op::Add, None) => shown(&change.after),
        (Op::Remove, None) => String::new(),
    };
    let mut notes = Vec::new();
    if change.must_enrol > 0 {
        notes.push(format!("{} must enrol", change.must_enrol));
    }
    if change.weakens {
        notes.push("weakens protection".to_owned());
    }
    if let Some(why) = &change.refused {
        notes.push(format!("refused: {why}"));
    }
    [
        op.symbol().to_owned(),
        kind.as_str().to_owned(),
        object,
        field,
        value,
        notes.join("; "),
    ]
}

/// The plan's lines and its last line.
pub fn plan(plan: &Plan, colour: bool) -> String {
    let rows: Vec<[String; 6]> = plan.changes.iter().map(cells).collect();
    let mut widths = [0usize; 6];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(printable(cell).chars().count());
        }
    }
    let mut out = String::new();
    for (row, change) in rows.iter().zip(&plan.changes) {
        let tint = match change.action.op() {
            Op::Add => GREEN,
            Op::Change => YELLOW,
            Op::Remove => RED,
        };
        let mut line = String::from("  ");
        for (i, (cell, width)) in row.iter().zip(widths).enumerate().take(5) {
            let pad = width.saturating_sub(printable(cell).chars().count());
            let drawn = if i == 0 {
                paint(cell, tint, colour)
            } else {
                printable(cell).into_owned()
            };
            line.push_str(&drawn);
            line.push_str(&" ".repeat(pad + 2));
        }
        let marked = change.weakens || change.refused.is_some();
        line.push_str(&paint(&row[5], BOLD_RED, colour && marked));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let counts = plan.counts();
    let last = if plan.changes.is_empty() {
        format!("No changes: the store matches the file. Plan {}.", plan.id)
    } else {
        let mut last = format!(
            "Plan {}: {} to add, {} to change, {} to remove",
            plan.id, counts.add, counts.change, counts.remove
        );
        if counts.weakens > 0 {
            last.push_str(&if counts.weakens == 1 {
                "; 1 change weakens protection".to_owned()
            } else {
                format!("; {} changes weaken protection", counts.weakens)
            });
        }
        if counts.refused > 0 {
            last.push_str(&format!("; {} refused", counts.refused));
        }
        last.push_str(&format!(
            "; {} would have to enrol.",
            plural(plan.must_enrol, "user")
        ));
        last
    };
    if !plan.changes.is_empty() {
        out.push('\n');
    }
    out.push_str(&last);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::plan;
    use crate::commands::policy::plan::Plan;
    use crate::core::plan::{Action, Change};

    #[test]
    fn a_plan_is_aligned_and_ends_with_its_counts() {
        let mut weak = Change::new(
            "acme",
            "sales",
            Action::EnforceMfa(false),
            json!(true),
            json!(false),
        );
        weak.weakens = true;
        let mut enrol = Change::new(
            "acme",
            "admin",
            Action::AssignRole("bob@example.com".into()),
            json!(null),
            json!("bob@example.com"),
        );
        enrol.must_enrol = 1;
        let drawn = plan(
            &Plan {
                id: "abc".into(),
                changes: vec![weak, enrol],
                must_enrol: 1,
            },
            false,
        );
        assert_eq!(
            drawn,
            "  ~  company  acme/sales  enforce_mfa  true → false       weakens protection\n\
             \x20 +  role     acme/admin  members      + bob@example.com  1 must enrol\n\
             \n\
             Plan abc: 1 to add, 1 to change, 0 to remove; 1 change weakens protection; 1 user would have to enrol."
        );
        let coloured = plan(
            &Plan {
                id: "abc".into(),
                changes: Vec::new(),
                must_enrol: 0,
            },
            true,
        );
        assert_eq!(
            coloured,
            "No changes: the store matches the file. Plan abc."
        );
    }
}
