//! Secrets: the key file and encryption at rest, password hashing (argon2id), keyed
//! hashes of codes and tokens, constant-time comparison and OS randomness.

use std::fmt;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::core::password::{self, Scheme};
use crate::error::{Error, Result};

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// A value that must never be printed by accident: `Debug` shows `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }
    /// The value itself, where the SPEC requires showing it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The store's encryption key, read from the key file.
#[derive(Clone)]
pub struct Key([u8; KEY_LEN]);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}

/// Fills a buffer from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::environment("the operating system's random source failed").caused_by(e)
    })?;
    Ok(bytes)
}

/// How many nonces one read of the random source gives (`fresh_nonce`).
const NONCES_PER_READ: usize = 256;

thread_local! {
    /// Random bytes read ahead for nonces, and how many of them are used.
    static NONCES: std::cell::RefCell<(Vec<u8>, usize)> = const { std::cell::RefCell::new((Vec::new(), 0)) };
}

/// A fresh random nonce, from the operating system's random source read 256 nonces at a
/// time: an import seals 100,000 secrets, and one system call each was a tenth of its
/// time. A nonce is no secret; it must only never repeat, and each is used once.
fn fresh_nonce() -> Result<[u8; NONCE_LEN]> {
    NONCES.with(|cell| {
        let mut state = cell.borrow_mut();
        let (buffer, used) = &mut *state;
        if *used + NONCE_LEN > buffer.len() {
            buffer.resize(NONCE_LEN * NONCES_PER_READ, 0);
            getrandom::fill(buffer).map_err(|e| {
                Error::environment("the operating system's random source failed").caused_by(e)
            })?;
            *used = 0;
        }
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&buffer[*used..*used + NONCE_LEN]);
        *used += NONCE_LEN;
        Ok(nonce)
    })
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// The error for a key file that cannot be created.
fn key_file_error(path: &Path, e: std::io::Error) -> Error {
    Error::environment(format!("cannot create the key file {}", path.display())).caused_by(e)
}

/// Longest key file read: a key is 65 bytes; anything far longer is not a key.
const KEY_FILE_MAX: u64 = 4096;

impl Key {
    /// Reads the key file, or `None` when there is none. The file must be a regular file
    /// of this user that only they can read or write, as `ssh` requires of private keys:
    /// a FIFO, a device, another user's file or a group- or world-readable one is
    /// refused, without blocking on it.
    pub fn load(path: &Path) -> Result<Option<Key>> {
        use std::io::Read;
        let shown = path.display();
        let file = match OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(path)
        {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(
                    Error::environment(format!("cannot read the key file {shown}"))
                        .caused_by(e)
                        .with_hint("check its permissions, or set MFACTL_KEY_FILE"),
                );
            }
        };
        let meta = file.metadata().map_err(|e| {
            Error::environment(format!("cannot read the key file {shown}")).caused_by(e)
        })?;
        if !meta.is_file() {
            return Err(Error::environment(format!(
                "the key file {shown} is not a regular file"
            ))
            .with_hint("point MFACTL_KEY_FILE at the store's key file: a regular file with mode 0600"));
        }
        if let Some(owner) = crate::paths::foreign_owner(&meta) {
            return Err(Error::environment(format!(
                "the key file {shown} belongs to uid {owner}, not to this user (uid {})",
                crate::paths::current_uid()
            ))
            .with_hint(
                "use a key file of your own (a copy, mode 0600), or run mfactl as its owner",
            ));
        }
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(Error::environment(format!(
                "the key file {shown} can be read or written by others (mode {mode:04o}); it must be readable by its owner only"
            ))
            .with_hint(format!(
                "restrict it with `chmod 600 {}`",
                crate::output::quoted(&path.to_string_lossy())
            )));
        }
        let mut bytes = Vec::new();
        file.take(KEY_FILE_MAX + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Error::environment(format!("cannot read the key file {shown}")).caused_by(e)
            })?;
        Self::parse(path, &bytes).map(Some)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Key> {
        let text = std::str::from_utf8(bytes).unwrap_or("").trim();
        let decoded = data_encoding::HEXLOWER_PERMISSIVE
            .decode(text.as_bytes())
            .ok();
        match decoded.and_then(|d| <[u8; KEY_LEN]>::try_from(d).ok()) {
            Some(key) => Ok(Key(key)),
            None => Err(Error::environment(format!(
                "the key file {} is not an mfactl key (64 hex digits)",
                path.display()
            ))
            .with_hint("restore the key file of this store, or point MFACTL_KEY_FILE at it")),
        }
    }

    /// Creates a key file (mode 0600) with a fresh random key: written to a temporary
    /// file and linked into place, so processes racing to create it all end up with the
    /// same key (the loser reads the winner's).
    pub fn create(path: &Path) -> Result<Key> {
        let key = Key(random_bytes()?);
        match key.write_new(path) {
            Ok(()) => Ok(key),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Self::load(path)?.ok_or_else(|| key_file_error(path, e))
            }
            Err(e) => Err(key_file_error(path, e)),
        }
    }

    /// Writes this key to a new key file (mode 0600), as `create` does; refuses to
    /// replace a file already there. `store copy` gives an SQLite copy its own key file.
    pub fn save_as(&self, path: &Path) -> Result<()> {
        self.write_new(path).map_err(|e| key_file_error(path, e))
    }

    /// A new random key, in memory only (`store rekey` writes it with `save_synced`).
    pub fn generate() -> Result<Key> {
        Ok(Key(random_bytes()?))
    }

    /// Writes this key to a new key file (mode 0600) as `save_as` does, and makes it
    /// durable before returning: the file and its folder are synced, so a crash after
    /// this leaves the file whole and in place.
    pub fn save_synced(&self, path: &Path) -> std::io::Result<()> {
        self.write_new(path)?;
        sync_parent(path)
    }

    /// This key's bytes sealed under `self` (a key ring keeps earlier keys so), bound to
    /// `context`.
    pub fn seal_key(&self, other: &Key, context: &str) -> Result<Vec<u8>> {
        self.encrypt(&other.0, context)
    }

    /// A key sealed by `seal_key` under `self` with the same `context`.
    pub fn unseal_key(&self, sealed: &[u8], context: &str) -> Result<Key> {
        let bytes = self.decrypt(sealed, context)?;
        <[u8; KEY_LEN]>::try_from(bytes.as_slice())
            .map(Key)
            .map_err(|_| Error::integrity("a key sealed in the store is not a key"))
    }

    /// A keyed hash the store kept under an earlier key, wrapped under this one
    /// (`store rekey`): what the store keeps of a code or token from then on
    /// (`keyring::KeyRing::hash`).
    pub fn rewrap(&self, hash: &str) -> String {
        self.keyed_hash("rekey-wrap", hash)
    }

    /// Writes the key to a temporary file and links it into place: never a partial key
    /// file, never one replaced.
    fn write_new(&self, path: &Path) -> std::io::Result<()> {
        let suffix = hex(&random_bytes::<8>().map_err(std::io::Error::other)?);
        let mut temp_name = path.as_os_str().to_owned();
        temp_name.push(format!(".{suffix}.tmp"));
        let temp = std::path::PathBuf::from(temp_name);
        let written = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)?;
            file.write_all(format!("{}\n", hex(&self.0)).as_bytes())?;
            file.sync_all()?;
            std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o600))?;
            std::fs::hard_link(&temp, path)
        })();
        let _ = std::fs::remove_file(&temp);
        written
    }

    /// What the store records to recognise its key (schema 2 on): a keyed hash that
    /// cannot be computed, nor a schema-1 id derived from it, without the key.
    pub fn check(&self) -> String {
        self.keyed_hash("key-check-v2", "mfactl")
    }

    /// The id schema-1 stores recorded (`meta.key_id`), to recognise and upgrade them.
    pub fn legacy_id(&self) -> String {
        self.keyed_hash("key-id", "mfactl")[..16].to_owned()
    }

    /// A short public id of the key: names this store's folder of saved device tokens.
    pub fn id(&self) -> String {
        self.check()[..16].to_owned()
    }

    /// The key of the audit chain's HMACs in the store with this id: a log moved to
    /// another store of the same key file does not verify there.
    pub fn chain_key(&self, store_id: &str) -> crate::core::audit::ChainKey {
        crate::core::audit::ChainKey::new(self.derive("audit-chain-v2", store_id))
    }

    /// Encrypts with XChaCha20-Poly1305 and a fresh random nonce: `nonce || ciphertext`.
    /// `context` binds the ciphertext to its use (e.g. `totp:42`).
    pub fn encrypt(&self, plaintext: &[u8], context: &str) -> Result<Vec<u8>> {
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let nonce = fresh_nonce()?;
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Error::environment("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn decrypt(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>> {
        let broken = || {
            Error::environment("a secret in the store cannot be decrypted with this key file")
                .with_hint("the key file does not belong to this store: restore the right one (MFACTL_KEY_FILE)")
        };
        if sealed.len() < NONCE_LEN {
            return Err(broken());
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| broken())?;
        XChaCha20Poly1305::new((&self.0).into())
            .decrypt(
                &nonce,
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| broken())
    }

    /// HMAC-SHA-256 of a code or token under this key, hex: what the store keeps of
    /// recovery codes, email codes and device tokens.
    pub fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        hex(&self.derive(purpose, value))
    }

    /// What the store keeps of a recovery code of a user: a keyed hash bound to the user,
    /// so that a row moved to another user (with the database alone) matches nothing.
    pub fn recovery_hash(&self, user_id: i64, code: &str) -> String {
        self.bind_recovery_hash(user_id, &self.keyed_hash("recovery", code))
    }

    /// Binds a recovery code hash of schema 1 (not bound to its user) to the user.
    pub fn bind_recovery_hash(&self, user_id: i64, unbound: &str) -> String {
        self.keyed_hash("recovery-v2", &format!("{user_id}\u{0}{unbound}"))
    }

    /// What the store keeps of a device token of a user: a keyed hash bound to the user.
    pub fn device_hash(&self, user_id: i64, token: &str) -> String {
        self.keyed_hash("device-v2", &format!("{user_id}\u{0}{token}"))
    }

    /// What the store keeps of a temporary access pass of a user (the pass
    /// `core::pass::normalize`d): a keyed hash bound to the user, to when the pass was
    /// issued and expires, and to the user's credential epoch then, so that a row edited
    /// (a longer life) or put back after its use (the epoch moved on) in the database
    /// alone matches nothing.
    pub fn pass_hash(&self, user_id: i64, epoch: i64, valid: (i64, i64), pass: &str) -> String {
        self.keyed_hash(
            "access-pass",
            &format!(
                "{user_id}\u{0}{epoch}\u{0}{}\u{0}{}\u{0}{pass}",
                valid.0, valid.1
            ),
        )
    }

    /// HMAC-SHA-256 under this key of `purpose`, a zero byte, and `value`.
    fn derive(&self, purpose: &str, value: &str) -> [u8; KEY_LEN] {
        let mut out = [0u8; KEY_LEN];
        // HMAC accepts keys of any length, so this never fails for a 32-byte key.
        if let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.0) {
            mac.update(purpose.as_bytes());
            mac.update(&[0]);
            mac.update(value.as_bytes());
            out.copy_from_slice(&mac.finalize().into_bytes());
        }
        out
    }
}

/// Syncs the folder holding `path`, so that a file created, linked or renamed there
/// survives a crash.
pub fn sync_parent(path: &Path) -> std::io::Result<()> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::File::open(parent)?.sync_all()
}

/// Saves a remembered-device token in a file only its owner can read (0600), in a
/// folder only they can enter (0700): written to a new file and renamed into place, so a
/// link planted in the folder is replaced, never followed.
pub fn save_token(path: &Path, token: &Secret) -> Result<()> {
    let cannot = |e: std::io::Error| {
        Error::environment(format!(
            "cannot save the device token in {}",
            path.display()
        ))
        .caused_by(e)
    };
    let Some(dir) = path.parent() else {
        return Err(Error::environment("the device token path has no folder"));
    };
    crate::paths::private_dir(dir).map_err(|why| {
        Error::environment(format!(
            "the folder of saved device tokens is not this user's private folder: {why}"
        ))
        .with_hint("make it yours with mode 0700, or remove it; nothing was remembered")
    })?;
    let mut temp_name = path.as_os_str().to_owned();
    temp_name.push(format!(".{}.tmp", random_hex::<8>()?));
    let temp = std::path::PathBuf::from(temp_name);
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&temp)?;
        file.write_all(token.expose().as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written.map_err(cannot)
}

/// Removes a device token saved on this machine, if there is one (a deleted user's).
pub fn forget_token(path: &Path) {
    // Best effort: the token matches no device of the store any more either way.
    let _ = std::fs::remove_file(path);
}

/// The token saved by an earlier `--remember`, if there is one: a regular file of this
/// user's, readable by them only (anything else is ignored).
pub fn load_token(path: &Path) -> Option<Secret> {
    use std::io::Read;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    let open_to_others = meta.permissions().mode() & 0o077 != 0;
    if !meta.is_file() || open_to_others || crate::paths::foreign_owner(&meta).is_some() {
        return None;
    }
    let mut text = String::new();
    file.take(KEY_FILE_MAX).read_to_string(&mut text).ok()?;
    let token = text.trim();
    (!token.is_empty()).then(|| Secret::new(token.to_owned()))
}

/// Random bytes as lower-case hex: device tokens and ids.
pub fn random_hex<const N: usize>() -> Result<String> {
    Ok(hex(&random_bytes::<N>()?))
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String> {
    use argon2::password_hash::PasswordHasher;
    let salt: [u8; 16] = random_bytes()?;
    argon2::Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::environment("cannot hash the password").caused_by(e))
}

/// Checks a password against its stored hash: mfactl's argon2id, or a hash of another
/// scheme an import brought (SPEC §8), each run by its RustCrypto or `bcrypt` crate.
/// Right or wrong, a check runs the scheme's whole computation and compares the results
/// in constant time, so its time says nothing of the password (the timing rule of
/// argon2id, for every scheme). A hash that `core::password` does not accept (a store
/// written by something else, parameters past its bounds) is an error, never run.
pub fn verify_password(password: &str, hash: &str) -> Result<bool> {
    use password_hash::PasswordVerifier;
    use password_hash::phc::PasswordHash;
    let foreign = |why: String| {
        Error::environment(format!(
            "a stored password hash is not one mfactl can check: it {why}"
        ))
        .with_hint("set the password again with `mfactl user set-password EMAIL`")
    };
    let scheme = password::parse(hash).map_err(foreign)?;
    let phc = || PasswordHash::new(hash).map_err(|e| foreign(e.to_string()));
    let checked = match scheme {
        // bcrypt's own format (`$2b$COST$…`), not PHC; compared in constant time.
        Scheme::Bcrypt => {
            return ::bcrypt::verify(password, hash)
                .map_err(|e| foreign(format!("cannot be read as bcrypt ({e})")));
        }
        Scheme::Argon2id | Scheme::Argon2i => {
            argon2::Argon2::default().verify_password(password.as_bytes(), &phc()?)
        }
        Scheme::Scrypt => ::scrypt::Scrypt::default().verify_password(password.as_bytes(), &phc()?),
        Scheme::Pbkdf2Sha256 | Scheme::Pbkdf2Sha512 => {
            ::pbkdf2::Pbkdf2::default().verify_password(password.as_bytes(), &phc()?)
        }
    };
    match checked {
        Ok(()) => Ok(true),
        Err(password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(foreign(format!("cannot be checked ({e})"))),
    }
}

/// Whether a stored hash is of another scheme than argon2id, to be replaced by an
/// argon2id hash of the password at the sign-in that proves it (SPEC §8).
pub fn needs_rehash(hash: &str) -> bool {
    password::parse(hash).is_ok_and(Scheme::needs_rehash)
}

/// A random password for `--generate-password`: 20 characters from an unambiguous alphabet.
pub fn generate_password() -> Result<Secret> {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes: [u8; 40] = random_bytes()?;
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let password: String = bytes
        .iter()
        .filter(|&&b| usize::from(b) < limit)
        .take(20)
        .map(|&b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect();
    if password.len() < 20 {
        return generate_password();
    }
    Ok(Secret::new(password))
}

#[cfg(test)]
mod tests {
    use super::{
        Key, NONCE_LEN, NONCES_PER_READ, generate_password, hash_password, needs_rehash,
        verify_password,
    };

    #[test]
    fn encryption_round_trips_and_binds_context() -> Result<(), crate::error::Error> {
        let key = Key([7; 32]);
        let sealed = key.encrypt(b"JBSWY3DPEHPK3PXP", "totp:1")?;
        assert_eq!(key.decrypt(&sealed, "totp:1")?, b"JBSWY3DPEHPK3PXP");
        assert!(key.decrypt(&sealed, "totp:2").is_err());
        assert!(Key([8; 32]).decrypt(&sealed, "totp:1").is_err());
        assert_ne!(
            key.encrypt(b"x", "c")?,
            key.encrypt(b"x", "c")?,
            "nonces must be fresh"
        );
        Ok(())
    }

    /// Hashes of other schemes (made by htpasswd, passlib's scrypt vector, RFC 6070-style
    /// PBKDF2 of the pbkdf2 crate's tests) check right and wrong passwords; one past
    /// the bounds is an error, never run; argon2id alone needs no rehash.
    /// Nonces read ahead never repeat, across the reads of the random source.
    #[test]
    fn every_encryption_has_a_nonce_of_its_own() -> Result<(), crate::error::Error> {
        let key = Key([7; 32]);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..=(NONCES_PER_READ * 3) {
            let sealed = key.encrypt(b"JBSWY3DPEHPK3PXP", "totp:1")?;
            assert!(
                seen.insert(sealed[..NONCE_LEN].to_vec()),
                "a nonce repeated"
            );
            assert_eq!(key.decrypt(&sealed, "totp:1")?, b"JBSWY3DPEHPK3PXP");
        }
        Ok(())
    }

    #[test]
    fn imported_schemes_verify_and_are_marked_for_rehash() -> Result<(), crate::error::Error> {
        let cases = [
            (
                "$2y$10$aDCAGwtMcqpvpDpCIUGKL.lVAYEYocvByMGHz61hm/.7ljg0lQXF6",
                "correct horse",
            ),
            (
                "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
                "password",
            ),
            (
                "$pbkdf2-sha256$i=4096,l=40$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+HGNVGMfaxH6Q",
                "passwordPASSWORDpassword",
            ),
        ];
        for (hash, password) in cases {
            assert!(verify_password(password, hash)?, "{hash}");
            assert!(!verify_password("not it", hash)?, "{hash}");
            assert!(needs_rehash(hash));
        }
        assert!(verify_password("x", &cases[0].0.replacen("$10$", "$31$", 1)).is_err());
        assert!(!needs_rehash(&hash_password("correct horse")?));
        Ok(())
    }

    #[test]
    fn passwords_hash_and_verify() -> Result<(), crate::error::Error> {
        let hash = hash_password("correct horse")?;
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash)?);
        assert!(!verify_password("wrong horse", &hash)?);
        // Parameters no mfactl would write are refused, not run.
        let greedy = hash.replacen("m=19456", "m=4294967295", 1);
        assert!(verify_password("correct horse", &greedy).is_err());
        let slow = hash.replacen("t=2", "t=1000", 1);
        assert!(verify_password("correct horse", &slow).is_err());
        assert_eq!(generate_password()?.expose().len(), 20);
        Ok(())
    }
}
