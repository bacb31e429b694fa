//! `mfactl store rekey`: a new key for the store (SPEC §6, issue 20), in one write
//! transaction: every sealed secret re-encrypted, every keyed hash wrapped under the new
//! key, the old key kept in the store's key ring (sealed under the new one), the mail
//! settings' MAC made again, and the audit log carried on under the new key by the
//! `store.rekey` entry; then the key file switched (`keyring`).
//!
//! Crash safety: the new key is written and synced as `KEY.new` inside the transaction,
//! before it commits, and the store records which key it is under. A kill at any moment
//! leaves either a store under the old key (`KEY` opens it; `KEY.new` is stale and the
//! next rekey removes it) or a store under the new key, whose switch the next command
//! finishes (`app::recorded_key`).

use serde::Serialize;
use serde_json::json;

use crate::app::real_key_path;
use crate::commands::audit::check_chain;
use crate::commands::email::{settings_mac_with, stored_url};
use crate::commands::factor::secret_context;
use crate::core::audit::NewEntry;
use crate::core::codes::constant_time_eq;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::keyring::{self, KeyRing};
use crate::output::{self, Report, counted};
use crate::prompt;
use crate::secrets::Key;
use crate::store::Tx;
use crate::store::ops::{HashTable, OPS_BATCH, RowKey};

/// What `store rekey` reports.
#[derive(Debug, Serialize)]
struct RekeyView {
    store: String,
    key_file: String,
    /// Where the old key is kept (`KEY.old`), until the admin removes it.
    old_key_file: Option<String>,
    key_id: String,
    old_key_id: String,
    secrets: Resealed,
    /// Keyed hashes wrapped under the new key, by table (they all keep working).
    hashes_wrapped: serde_json::Map<String, serde_json::Value>,
    /// The entries written under the old key, which keep their MACs.
    audit_entries_under_old_key: i64,
    /// The `store.rekey` entry, the first under the new key.
    rekey_entry: i64,
    /// How many earlier keys the store's key ring holds now.
    earlier_keys: usize,
}

/// Secrets re-encrypted, by kind.
#[derive(Debug, Default, Serialize)]
struct Resealed {
    totp_secrets: u64,
    pending_enrolments: u64,
    smtp_password: u64,
}

/// What the transaction did.
struct Rekeyed {
    secrets: Resealed,
    hashes: Vec<(HashTable, u64)>,
    until: i64,
    entry: i64,
    earlier_keys: usize,
}

pub fn rekey(ctx: &Ctx, yes: bool) -> Result<Report> {
    let location = ctx.store.location();
    let key_path = real_key_path(&ctx.key_path);
    let new_path = keyring::new_key_path(&key_path);
    let old_path = keyring::old_key_path(&key_path);
    if std::fs::symlink_metadata(&old_path).is_ok() {
        return Err(Error::conflict(format!(
            "{} is still there from an earlier rekey, and a rekey keeps the key it replaces under that name",
            old_path.display()
        ))
        .with_hint(format!(
            "move it somewhere safe while a backup made before that rekey may need it (or remove it: `rm {}`), then run `mfactl store rekey` again; nothing was changed",
            output::quoted(&old_path.to_string_lossy())
        )));
    }
    let shared = ctx.store.path().is_none();
    let mut question = format!(
        "Replace the key of the store {location}? Every secret is re-encrypted under a new key, {} is replaced by it and the old key kept as {}",
        key_path.display(),
        old_path.display()
    );
    if shared {
        question.push_str(", and every admin of this store will need the new key file");
    }
    question.push('.');
    prompt::confirm(ctx.interactive, yes, &question)?;

    let new = Key::generate()?;
    let bar = super::spinner(
        ctx.quiet,
        ctx.json,
        ctx.stderr.terminal,
        "{spinner} store rekey: {msg}",
    );
    let done = ctx.store.write(|tx| {
        // The store records the key in KEY (`Store::expect_key` checked it under the
        // write lock), so a KEY.new is left from a rekey that never committed.
        remove_stale(&new_path, &new)?;
        bar.set_message("verifying the audit log");
        let (chain, _) = check_chain(tx, &ctx.chain)?;
        chain.map_err(|broken| {
            Error::integrity(format!(
                "the audit log does not verify ({broken}); a rekey would carry it on under a new key, so nothing was changed"
            ))
            .with_hint("run `mfactl store check`, and restore the store from a backup")
        })?;
        new.save_synced(&new_path).map_err(|e| {
            Error::environment(format!(
                "cannot write the new key file {}; nothing was changed",
                new_path.display()
            ))
            .caused_by(e)
            .with_hint("check that its folder is yours and writable")
        })?;
        rewrite(ctx, tx, &new, &bar)
    });
    bar.finish_and_clear();
    let done = match done {
        Ok(done) => done,
        Err(e) => return Err(undo(ctx, &new, &new_path, e)),
    };
    ctx.store.expect_key(&new.check());
    let kept = keyring::finish_switch(&key_path, &new)?;
    report(ctx, &new, &key_path, kept, done, shared)
}

/// Removes a `KEY.new` left by a rekey that never committed (the store records another
/// key); refuses anything there that is not such a key file of this user's.
fn remove_stale(new_path: &std::path::Path, new: &Key) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(new_path) else {
        return Ok(());
    };
    if !meta.is_file() {
        return Err(Error::environment(format!(
            "{} is there and is not a key file mfactl left (it is not a regular file)",
            new_path.display()
        ))
        .with_hint(format!(
            "see what it is, remove it (`rm {}`) and run `mfactl store rekey` again; nothing was changed",
            output::quoted(&new_path.to_string_lossy())
        )));
    }
    let stale = Key::load(new_path).map_err(|e| {
        Error::environment(format!(
            "{} is there and is not a key file mfactl left: {}",
            new_path.display(),
            e.message
        ))
        .with_hint(format!(
            "remove it (`rm {}`) and run `mfactl store rekey` again; nothing was changed",
            output::quoted(&new_path.to_string_lossy())
        ))
    })?;
    if stale.is_some_and(|stale| stale.check() != new.check()) {
        std::fs::remove_file(new_path).map_err(|e| {
            Error::environment(format!(
                "cannot remove {}, left by a rekey that did not finish",
                new_path.display()
            ))
            .caused_by(e)
        })?;
    }
    Ok(())
}

/// After the transaction failed: the new key file goes, unless the store recorded the
/// new key after all (a commit whose answer was lost), and is kept when that cannot be
/// told, for the next command to decide.
fn undo(ctx: &Ctx, new: &Key, new_path: &std::path::Path, e: Error) -> Error {
    let recorded = ctx
        .store
        .read(|tx: &Tx<'_>| tx.key_record())
        .map(|record| record.check);
    match recorded {
        // The commit went through though its answer was lost: finish the switch.
        Ok(Some(check)) if check == new.check() => {
            let key_path = real_key_path(&ctx.key_path);
            let switched = keyring::finish_switch(&key_path, new).is_ok();
            e.with_hint(format!(
                "the store did switch to the new key (key id {}){}: run `mfactl store check`",
                new.id(),
                if switched {
                    format!(", now in {}", key_path.display())
                } else {
                    format!(", kept in {}", new_path.display())
                }
            ))
        }
        Ok(Some(check)) if check == ctx.key.check() => {
            if Key::load(new_path)
                .ok()
                .flatten()
                .is_some_and(|found| found.check() == new.check())
            {
                let _ = std::fs::remove_file(new_path);
            }
            e
        }
        _ => e.with_hint(format!(
            "the store may or may not have switched to the new key, kept in {}: run `mfactl store check`, which opens the store with whichever key it is under",
            new_path.display()
        )),
    }
}

/// Everything a rekey rewrites, in the write transaction `tx`.
fn rewrite(ctx: &Ctx, tx: &Tx<'_>, new: &Key, bar: &indicatif::ProgressBar) -> Result<Rekeyed> {
    let mut secrets = Resealed::default();
    bar.set_message("re-encrypting the secrets");
    let mut after = 0;
    loop {
        let mut batch = tx.sealed_users(after, OPS_BATCH)?;
        for user in &mut batch {
            let context = secret_context(user.id);
            for (sealed, count) in [
                (&mut user.totp, &mut secrets.totp_secrets),
                (&mut user.pending, &mut secrets.pending_enrolments),
            ] {
                if let Some(old) = sealed.as_ref() {
                    let plain = ctx.key.decrypt(old, &context).map_err(|_| {
                        Error::integrity(format!(
                            "a secret of {} (tenant {}, user id {}) does not decrypt with the store's key; nothing was changed",
                            user.email, user.tenant, user.id
                        ))
                        .with_hint("run `mfactl store check`, and restore the store from a backup")
                    })?;
                    *sealed = Some(new.encrypt(&plain, &context)?);
                    *count += 1;
                }
            }
        }
        tx.reseal_users(&batch)?;
        match batch.last() {
            Some(last) if batch.len() == OPS_BATCH as usize => after = last.id,
            _ => break,
        }
    }
    bar.set_message("wrapping the keyed hashes");
    let mut hashes = Vec::new();
    for table in HashTable::ALL {
        let mut count = 0_u64;
        let mut after: Option<RowKey> = None;
        loop {
            let mut batch = tx.hashed_rows(table, after.as_ref(), OPS_BATCH)?;
            for row in &mut batch {
                row.hash = new.rewrap(&row.hash);
            }
            tx.set_hashes(table, &batch)?;
            count += batch.len() as u64;
            match batch.last() {
                Some(last) if batch.len() == OPS_BATCH as usize => after = Some(last.key.clone()),
                _ => break,
            }
        }
        hashes.push((table, count));
    }
    secrets.smtp_password = reseal_mail_server(ctx, tx, new)?;
    let until = tx.audit_head()?.map_or(0, |head| head.end().0);
    let ring: KeyRing = ctx.ring.clone().with(&ctx.key, until);
    let earlier_keys = ring.past().len();
    let details = json!({
        "old_key_id": ctx.key.id(),
        "new_key_id": new.id(),
        "secrets_reencrypted": secrets.totp_secrets + secrets.pending_enrolments + secrets.smtp_password,
        "hashes_wrapped": hashes.iter().map(|(table, count)| (table.columns().0.to_owned(), json!(count))).collect::<serde_json::Map<_, _>>(),
        "entries_under_old_key": until,
    });
    let entry = tx.append_audit_rekeyed(
        ctx.now(),
        &ctx.actor,
        &NewEntry::new("store.rekey", "store", details),
        ctx.chain.current(),
        &new.chain_key(&ctx.store_id),
    )?;
    tx.set_rekeyed(&new.check(), &ring.seal(new, &ctx.store_id)?)?;
    Ok(Rekeyed {
        secrets,
        hashes,
        until,
        entry,
        earlier_keys,
    })
}

/// The mail server's password sealed again and its settings' MAC made again under the
/// new key, after checking them under the old one; 1 when there was a password.
fn reseal_mail_server(ctx: &Ctx, tx: &Tx<'_>, new: &Key) -> Result<u64> {
    let Some(mut row) = tx.mail_server()? else {
        return Ok(0);
    };
    let mac = settings_mac_with(&ctx.key, &ctx.store_id, &row);
    if !constant_time_eq(mac.as_bytes(), row.mac.as_bytes()) {
        return Err(Error::integrity(
            "the mail server settings were changed without the key file (or saved by an older mfactl): a rekey would vouch for them under the new key, so nothing was changed",
        )
        .with_hint("check them with `mfactl mail show`, set them again with `mfactl mail set`, then rekey"));
    }
    let context = stored_url(&row).password_context();
    let mut resealed = 0;
    if let Some(sealed) = &row.sealed_password {
        let plain = ctx.key.decrypt(sealed, &context)?;
        row.sealed_password = Some(new.encrypt(&plain, &context)?);
        resealed = 1;
    }
    row.mac = settings_mac_with(new, &ctx.store_id, &row);
    tx.set_mail_server(&row)?;
    Ok(resealed)
}

fn report(
    ctx: &Ctx,
    new: &Key,
    key_path: &std::path::Path,
    kept: Option<std::path::PathBuf>,
    done: Rekeyed,
    shared: bool,
) -> Result<Report> {
    let location = ctx.store.location();
    let mut hashes_wrapped = serde_json::Map::new();
    for (table, count) in &done.hashes {
        hashes_wrapped.insert(table.columns().0.to_owned(), (*count).into());
    }
    let hashes = done
        .hashes
        .iter()
        .map(|(table, count)| counted(*count, table.noun()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut text = format!(
        "Rekeyed the store {location}: it is now under key id {} (it was under {}).\n\
         - secrets re-encrypted: {}, {}, {}\n\
         - keyed hashes wrapped under the new key (each still works): {hashes}\n\
         - audit log: entries 1 to {} keep their MACs under the old key, and entry {} (store.rekey) carries the log on under the new one; `mfactl audit verify` checks them all\n",
        new.id(),
        ctx.key.id(),
        counted(done.secrets.totp_secrets, "TOTP secret"),
        counted(done.secrets.pending_enrolments, "pending enrolment"),
        counted(done.secrets.smtp_password, "SMTP password"),
        done.until,
        done.entry,
    );
    text.push_str(&format!(
        "The key file {} holds the new key.",
        key_path.display()
    ));
    if let Some(old) = &kept {
        text.push_str(&format!(
            " The old key is in {}: it opens nothing in the store any more. Keep it (0600, apart from the store) only while you may restore a backup made before now, which opens only with it; then remove it.",
            old.display()
        ));
    }
    if shared {
        text.push_str(&format!(
            "\nEvery admin of this store needs the new key file: copy {} (mode 0600) to each admin's MFACTL_KEY_FILE. A command run with the old key is refused, naming it (key id {}).",
            key_path.display(),
            ctx.key.id()
        ));
    }
    let view = RekeyView {
        store: location,
        key_file: key_path.display().to_string(),
        old_key_file: kept.map(|old| old.display().to_string()),
        key_id: new.id(),
        old_key_id: ctx.key.id(),
        secrets: done.secrets,
        hashes_wrapped,
        audit_entries_under_old_key: done.until,
        rekey_entry: done.entry,
        earlier_keys: done.earlier_keys,
    };
    Report::done(&view, text)
}
