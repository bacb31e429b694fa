//! One change of a plan, as data: what it does (`Action`), what it changes from and to,
//! whether it weakens protection and how many users it makes enrol; and the plan's id,
//! a hash of every change. The human and the JSON renderings both read these values
//! (ENGINEERING.md §4, item 11): nothing here prints.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::core::settings::Method;

/// What a change does; the executor carries each out through the single commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    CreateTenant,
    SetTwofa(bool),
    SetPrimary(Method),
    SetSecondary(Option<Method>),
    SetGracePeriod(i64),
    SetMembersMayDeactivate(bool),
    SetRememberDeviceDays(u32),
    CreateCompany {
        enforce_mfa: bool,
    },
    EnforceMfa(bool),
    DeleteCompany,
    CreateRole {
        require_2fa: bool,
    },
    Require2fa(bool),
    DeleteRole,
    /// Gives the role to the user of this email directly.
    AssignRole(String),
    UnassignRole(String),
    CreateGroup,
    DeleteGroup,
    /// Grants the role of this name to the group.
    GrantRole(String),
    RevokeRole(String),
    /// Adds the user of this email to the group.
    AddMember(String),
    RemoveMember(String),
}

/// `+` add, `~` change, `-` remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = "+")]
    Add,
    #[serde(rename = "~")]
    Change,
    #[serde(rename = "-")]
    Remove,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Change => "~",
            Op::Remove => "-",
        }
    }
}

/// What kind of object a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Tenant,
    Company,
    Role,
    Group,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Tenant => "tenant",
            Kind::Company => "company",
            Kind::Role => "role",
            Kind::Group => "group",
        }
    }
}

impl Action {
    pub fn op(&self) -> Op {
        match self {
            Action::CreateTenant
            | Action::CreateCompany { .. }
            | Action::CreateRole { .. }
            | Action::CreateGroup
            | Action::AssignRole(_)
            | Action::GrantRole(_)
            | Action::AddMember(_) => Op::Add,
            Action::DeleteCompany
            | Action::DeleteRole
            | Action::DeleteGroup
            | Action::UnassignRole(_)
            | Action::RevokeRole(_)
            | Action::RemoveMember(_) => Op::Remove,
            _ => Op::Change,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Action::CreateTenant
            | Action::SetTwofa(_)
            | Action::SetPrimary(_)
            | Action::SetSecondary(_)
            | Action::SetGracePeriod(_)
            | Action::SetMembersMayDeactivate(_)
            | Action::SetRememberDeviceDays(_) => Kind::Tenant,
            Action::CreateCompany { .. } | Action::EnforceMfa(_) | Action::DeleteCompany => {
                Kind::Company
            }
            Action::CreateRole { .. }
            | Action::Require2fa(_)
            | Action::DeleteRole
            | Action::AssignRole(_)
            | Action::UnassignRole(_) => Kind::Role,
            _ => Kind::Group,
        }
    }

    /// The field of the file the change is about; `None` for a whole object.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            Action::SetTwofa(_) => "twofa",
            Action::SetPrimary(_) => "primary",
            Action::SetSecondary(_) => "secondary",
            Action::SetGracePeriod(_) => "grace_period",
            Action::SetMembersMayDeactivate(_) => "members_may_deactivate",
            Action::SetRememberDeviceDays(_) => "remember_device_days",
            Action::EnforceMfa(_) => "enforce_mfa",
            Action::Require2fa(_) => "require_2fa",
            Action::AssignRole(_)
            | Action::UnassignRole(_)
            | Action::AddMember(_)
            | Action::RemoveMember(_) => "members",
            Action::GrantRole(_) | Action::RevokeRole(_) => "roles",
            _ => return None,
        })
    }
}

/// One line of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub tenant: String,
    /// The object's name: the tenant's, company's, role's or group's.
    pub name: String,
    pub action: Action,
    /// The value before (`null` for an addition) and after (`null` for a removal).
    pub before: Value,
    pub after: Value,
    /// Whether it weakens protection (SPEC §7).
    pub weakens: bool,
    /// How many users would have to enrol because of it (`enrol::EnrolCount`).
    pub must_enrol: u64,
    /// Why `apply` refuses it (a company that still has users), if it does.
    pub refused: Option<String>,
}

impl Change {
    pub fn new(tenant: &str, name: &str, action: Action, before: Value, after: Value) -> Self {
        Change {
            tenant: tenant.to_owned(),
            name: name.to_owned(),
            action,
            before,
            after,
            weakens: false,
            must_enrol: 0,
            refused: None,
        }
    }

    #[must_use]
    pub fn weakening(mut self, weakens: bool) -> Self {
        self.weakens = weakens;
        self
    }
}

/// The JSON of a change (SPEC §7): `op`, `kind`, `tenant`, `name`, `field`, `before`,
/// `after`, `weakens`, `must_enrol`, and `refused` when `apply` would refuse it.
#[derive(Serialize)]
struct ChangeView<'a> {
    op: Op,
    kind: Kind,
    tenant: &'a str,
    name: &'a str,
    field: Option<&'static str>,
    before: &'a Value,
    after: &'a Value,
    weakens: bool,
    must_enrol: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: Option<&'a str>,
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ChangeView {
            op: self.action.op(),
            kind: self.action.kind(),
            tenant: &self.tenant,
            name: &self.name,
            field: self.action.field(),
            before: &self.before,
            after: &self.after,
            weakens: self.weakens,
            must_enrol: self.must_enrol,
            refused: self.refused.as_deref(),
        }
        .serialize(serializer)
    }
}

/// How many hex digits of the SHA-256 a plan id keeps (96 bits: no two plans a person
/// could be handed share one).
const PLAN_ID_HEX: usize = 24;

/// The id of a plan: a hash of every change with its values, whether it weakens
/// protection, how many it makes enrol and whether it is refused, in order, so that two
/// plans share an id only when they would do the same thing to the same store.
pub fn plan_id(changes: &[Change]) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(b"mfactl-plan-v1");
    for change in changes {
        // serde_json writes an object's fields in a fixed order: a stable encoding.
        let encoded = serde_json::to_vec(change).unwrap_or_default();
        field(&encoded);
    }
    let digest = hasher.finalize();
    let mut id = data_encoding::HEXLOWER.encode(&digest);
    id.truncate(PLAN_ID_HEX);
    id
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Action, Change, plan_id};

    #[test]
    fn a_change_serialises_with_the_spec_fields() {
        let change = Change::new(
            "acme",
            "admin",
            Action::AssignRole("bob@example.com".into()),
            json!(null),
            json!("bob@example.com"),
        );
        let value = serde_json::to_value(&change).unwrap();
        assert_eq!(
            value,
            json!({"op": "+", "kind": "role", "tenant": "acme", "name": "admin", "field": "members",
                   "before": null, "after": "bob@example.com", "weakens": false, "must_enrol": 0})
        );
    }

    #[test]
    fn the_plan_id_follows_every_value_of_every_change() {
        let base = vec![Change::new(
            "acme",
            "sales",
            Action::EnforceMfa(true),
            json!(false),
            json!(true),
        )];
        let id = plan_id(&base);
        assert_eq!(id, plan_id(&base.clone()), "stable");
        assert_eq!(id.len(), 24);
        let mut counted = base.clone();
        counted[0].must_enrol = 3;
        let mut weakened = base.clone();
        weakened[0].weakens = true;
        let mut other = base.clone();
        other[0].tenant = "globex".into();
        for changed in [counted, weakened, other, Vec::new()] {
            assert_ne!(plan_id(&changed), id);
        }
    }
}
