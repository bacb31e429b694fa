//! The JSON Schema of the policy file (`policy schema`, and `policy.schema.json` in
//! the repository for editors), built from what the reader knows: its keys, the
//! settings' values and ranges, the shapes of names and emails. A test checks the
//! checked-in file against this, and every example and export against the schema.

use serde_json::{Value, json};

use crate::core::settings::REMEMBER_DEVICE_DAYS_MAX;
use crate::core::validate::NAME_MAX;
use crate::formats::policy::read::{COMPANY_KEYS, GROUP_KEYS, ROLE_KEYS, TENANT_KEYS, VERSION};

/// A tenant, company, role or group name (`core::validate::name`).
fn name_pattern() -> String {
    format!("^[A-Za-z0-9][A-Za-z0-9._-]{{0,{}}}$", NAME_MAX - 1)
}

/// The schema, as JSON.
pub fn schema() -> Value {
    let name = json!({ "type": "string", "pattern": name_pattern() });
    let email = json!({
        "type": "string",
        "pattern": "^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$",
        "description": "The email of a user of the tenant (a policy never adds users)"
    });
    let emails = json!({ "type": "array", "items": email, "uniqueItems": true });
    let method = json!({ "enum": ["totp", "email"] });
    let object = |properties: Value, keys: &[&str], description: &str| -> Value {
        // Every key the reader knows, and no other (a test checks it).
        let _ = keys;
        json!({
            "type": "object",
            "description": description,
            "properties": properties,
            "additionalProperties": false
        })
    };
    let named = |item: Value, what: &str| -> Value {
        json!({
            "type": "object",
            "description": format!("{what}, by name (names are the same whatever their case); an empty table counts for --prune"),
            "propertyNames": name,
            "additionalProperties": item
        })
    };
    let company = object(
        json!({ "enforce_mfa": { "type": "boolean", "description": "MFA enforced for the company's local users" } }),
        COMPANY_KEYS,
        "A company; left out: its setting is left as it is (created with false)",
    );
    let role = object(
        json!({
            "require_2fa": { "type": "boolean", "description": "Everyone holding the role must pass 2FA" },
            "members": { "description": "Who holds the role directly (left out: left as it is)", "allOf": [emails] }
        }),
        ROLE_KEYS,
        "A role",
    );
    let group = object(
        json!({
            "roles": { "type": "array", "items": name, "uniqueItems": true, "description": "Roles granted to the group: in this file or in the store" },
            "members": { "description": "The group's members (left out: left as it is)", "allOf": [emails] }
        }),
        GROUP_KEYS,
        "A group; its roles reach its members",
    );
    let tenant = object(
        json!({
            "twofa": { "type": "boolean", "description": "2FA activated for the tenant" },
            "primary": method,
            "secondary": { "enum": ["totp", "email", "none"] },
            "grace_period": {
                "type": "string",
                "pattern": "^(0|[0-9]*[1-9][0-9]*[mhd])$",
                "description": "0, or a whole number with m, h or d (90m, 12h, 14d), at most 3650d"
            },
            "members_may_deactivate": { "type": "boolean" },
            "remember_device_days": { "type": "integer", "minimum": 0, "maximum": REMEMBER_DEVICE_DAYS_MAX },
            "companies": named(company, "Companies"),
            "roles": named(role, "Roles"),
            "groups": named(group, "Groups")
        }),
        TENANT_KEYS,
        "A tenant, created when the store does not have it; settings left out are left as they are",
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mfactl policy file",
        "description": format!("The 2FA policy of tenants, as `mfactl policy export` writes it and `mfactl policy plan` and `apply` read it (TOML), format version {VERSION}"),
        "type": "object",
        "required": ["version"],
        "properties": {
            "version": { "const": VERSION },
            "tenants": named(tenant, "Tenants")
        },
        "additionalProperties": false
    })
}

/// The schema as the checked-in file holds it: pretty JSON and a newline.
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::schema;
    use crate::formats::policy::read::{COMPANY_KEYS, GROUP_KEYS, ROLE_KEYS, TENANT_KEYS};

    fn keys(value: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        keys.sort();
        keys
    }

    /// The schema knows exactly the keys the reader knows.
    #[test]
    fn the_schema_has_the_readers_keys() {
        let schema = schema();
        let tenant = &schema["properties"]["tenants"]["additionalProperties"];
        assert_eq!(keys(tenant), sorted(TENANT_KEYS));
        let of = |kind: &str| tenant["properties"][kind]["additionalProperties"].clone();
        assert_eq!(keys(&of("companies")), sorted(COMPANY_KEYS));
        assert_eq!(keys(&of("roles")), sorted(ROLE_KEYS));
        assert_eq!(keys(&of("groups")), sorted(GROUP_KEYS));
    }
}
