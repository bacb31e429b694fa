//! The authenticators of `user import --format otpauth` (SPEC §8): one entry per line,
//! either an `otpauth://totp/…` URI (the Google Authenticator key URI format, which
//! every authenticator app exports) or an `otpauth-migration://offline?data=…` line of
//! an authenticator app's export, which holds several entries and may be one of
//! several batches (one per QR code). Blank lines and lines starting with `#` are
//! skipped. Each entry is read into a `core::transfer::Authenticator` with the account
//! it belongs to; every problem is named by its line (and entry, in an export).
//!
//! The export's payload is a small protocol buffer (`MigrationPayload` of Google
//! Authenticator, also written by Aegis, 2FAS and others), read by the short decoder
//! below: varints and length-delimited fields, other wire types skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;

use super::MAX_LINE;
use crate::core::totp::{Algorithm, Params};
use crate::core::transfer::{self, Authenticator};
use crate::core::validate;
use crate::error::{Error, Result};

/// One authenticator read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: u64,
    /// Its place among the entries of an export line (from 1); `None` for a URI.
    pub position: Option<usize>,
    /// The account the authenticator is for: an email, in lower case.
    pub email: String,
    pub issuer: Option<String>,
    pub authenticator: Authenticator,
}

/// A line (or one entry of an export line) that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub position: Option<usize>,
    pub message: String,
}

impl Problem {
    /// `line 3` or `line 3, entry 2`, as messages name it.
    pub fn place(&self) -> String {
        place(self.line, self.position)
    }
}

/// `line 3` or `line 3, entry 2`.
pub fn place(line: u64, position: Option<usize>) -> String {
    match position {
        Some(position) => format!("line {line}, entry {position}"),
        None => format!("line {line}"),
    }
}

/// What a file holds: its entries and its problems, each in line order.
#[derive(Debug, Default)]
pub struct Read {
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
}

/// The batches of exports seen: (batch id, size) → the indexes seen and the first line.
type Batches = BTreeMap<(u64, u64), (BTreeSet<u64>, u64)>;

/// The most QR codes one export may say it has: an app puts about ten accounts in each.
const MAX_BATCH: u64 = 1000;

/// How many missing parts of an export are named.
const MISSING_LISTED: usize = 10;

/// Reads every line of `input` (named `file` in messages). An input that cannot be read
/// (or is not UTF-8) is an error; a bad line is a problem, and the reading goes on.
pub fn read(input: &mut dyn BufRead, file: &str) -> Result<Read> {
    let mut read = Read::default();
    let mut batches = Batches::new();
    let mut text = String::new();
    let mut line = 0;
    loop {
        text.clear();
        let unreadable = |e: std::io::Error| {
            Error::environment(format!("cannot read {file} after line {line}")).caused_by(e)
        };
        let n = std::io::Read::take(&mut *input, MAX_LINE + 1)
            .read_line(&mut text)
            .map_err(unreadable)?;
        if n == 0 {
            break;
        }
        line += 1;
        if n as u64 > MAX_LINE {
            return Err(Error::usage(format!(
                "{file}: line {line} is longer than {MAX_LINE} bytes; nothing was imported"
            ))
            .with_hint("an export's line for ten accounts is under 2 kB: check that this is the file meant"));
        }
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("otpauth-migration:") {
            export_line(trimmed, line, &mut read, &mut batches);
        } else if lower.starts_with("otpauth:") {
            match uri(trimmed) {
                Ok(entry) => read.entries.push(Entry { line, ..entry }),
                Err(message) => read.problems.push(Problem {
                    line,
                    position: None,
                    message,
                }),
            }
        } else {
            read.problems.push(Problem {
                line,
                position: None,
                message: "is neither an otpauth://totp/ URI nor an otpauth-migration:// line"
                    .to_owned(),
            });
        }
    }
    for ((_, size), (seen, first)) in &batches {
        let absent = *size - seen.len() as u64;
        let mut missing: Vec<String> = (0..*size)
            .filter(|index| !seen.contains(index))
            .take(MISSING_LISTED)
            .map(|index| (index + 1).to_string())
            .collect();
        if absent > MISSING_LISTED as u64 {
            missing.push(format!("{} more", absent - MISSING_LISTED as u64));
        }
        if !missing.is_empty() {
            read.problems.push(Problem {
                line: *first,
                position: None,
                message: format!(
                    "is part of an export of {size} QR codes, and part {} of it is not in the file: add a line for each QR code",
                    missing.join(", ")
                ),
            });
        }
    }
    read.problems.sort_by_key(|p| (p.line, p.position));
    Ok(read)
}

/// The value of a query parameter, percent-decoded (a `+` stays a `+`: base64 and
/// base32 use it, and apps do not encode spaces as `+` in these URIs).
fn parameter<'q>(query: &'q str, name: &str) -> Option<std::borrow::Cow<'q, str>> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        key.eq_ignore_ascii_case(name)
            .then(|| percent_encoding::percent_decode_str(value).decode_utf8_lossy())
    })
}

/// The account of a label (`Issuer:account`, or `account`) as an email, and the issuer
/// the label names.
fn account(label: &str) -> Result<(String, Option<String>), String> {
    let (issuer, account) = match label.rsplit_once(':') {
        Some((issuer, account)) => (Some(issuer.trim().to_owned()), account),
        None => (None, label),
    };
    let account = account.trim();
    if account.is_empty() {
        return Err("names no account: the account must be the email of a user".to_owned());
    }
    let email = validate::email(account).map_err(|_| {
        format!("is for the account {account:?}, which is not an email address: the account must be the email of a user")
    })?;
    Ok((email, issuer.filter(|i| !i.is_empty())))
}

/// Reads an `otpauth://totp/LABEL?secret=…` URI.
fn uri(text: &str) -> Result<Entry, String> {
    let rest = text
        .split_once("://")
        .map(|(_, rest)| rest)
        .ok_or("is not an otpauth:// URI")?;
    let (kind, rest) = rest.split_once('/').unwrap_or((rest, ""));
    if kind.eq_ignore_ascii_case("hotp") {
        return Err(
            "is an HOTP (counter-based) authenticator; mfactl checks time-based (TOTP) codes only"
                .to_owned(),
        );
    }
    if !kind.eq_ignore_ascii_case("totp") {
        return Err(format!("is an otpauth URI of type {kind:?}, not totp"));
    }
    let (label, query) = rest.split_once('?').unwrap_or((rest, ""));
    let label = percent_encoding::percent_decode_str(label).decode_utf8_lossy();
    let (email, label_issuer) = account(&label)?;
    let secret = parameter(query, "secret").ok_or("has no secret= parameter")?;
    let secret =
        transfer::secret_from_base32(&secret).map_err(|why| format!("has a secret that {why}"))?;
    let algorithm = match parameter(query, "algorithm") {
        None => Algorithm::Sha1,
        Some(name) => Algorithm::from_name(&name).ok_or_else(|| {
            format!("has algorithm={name}; mfactl checks SHA1, SHA256 and SHA512")
        })?,
    };
    let number = |name: &str, default: u32| -> Result<u32, String> {
        parameter(query, name).map_or(Ok(default), |value| {
            value
                .parse()
                .map_err(|_| format!("has {name}={value}, which is not a number"))
        })
    };
    let digits = number("digits", 6)?;
    let digits = u8::try_from(digits)
        .map_err(|_| format!("has digits={digits}; an authenticator has 6 or 8"))?;
    let params = Params::new(algorithm, digits, number("period", 30)?)
        .map_err(|why| format!("has {why}"))?;
    Ok(Entry {
        line: 0,
        position: None,
        email,
        issuer: parameter(query, "issuer")
            .map(std::borrow::Cow::into_owned)
            .filter(|i| !i.is_empty())
            .or(label_issuer),
        authenticator: Authenticator { secret, params },
    })
}

/// Reads an `otpauth-migration://offline?data=…` line into entries and problems.
fn export_line(text: &str, line: u64, read: &mut Read, batches: &mut Batches) {
    let problem = |message: String| Problem {
        line,
        position: None,
        message,
    };
    let query = text.split_once('?').map_or("", |(_, query)| query);
    let Some(data) = parameter(query, "data") else {
        read.problems
            .push(problem("has no data= parameter".to_owned()));
        return;
    };
    // Spaces where a `+` was (a URL decoded once too often) are put back.
    let data: String = data
        .chars()
        .filter(|c| *c != '=' && *c != '\n' && *c != '\r')
        .map(|c| if c == ' ' { '+' } else { c })
        .collect();
    let Ok(payload) = data_encoding::BASE64_NOPAD.decode(data.as_bytes()) else {
        read.problems.push(problem(
            "has data= that is not base64: copy the whole line the QR code holds".to_owned(),
        ));
        return;
    };
    match migration::decode(&payload) {
        Err(why) => read.problems.push(problem(format!(
            "is not an authenticator export ({why}): copy the whole line the QR code holds"
        ))),
        Ok(export) => {
            let size = export.batch_size.max(1);
            if size > MAX_BATCH || export.batch_index >= size {
                read.problems.push(problem(format!(
                    "says it is part {} of an export of {size} QR codes, which no app makes: copy the whole line the QR code holds",
                    export.batch_index.saturating_add(1)
                )));
                return;
            }
            let (seen, _) = batches
                .entry((export.batch_id, size))
                .or_insert_with(|| (BTreeSet::new(), line));
            seen.insert(export.batch_index);
            if export.entries.is_empty() {
                read.problems.push(problem(
                    "is an export with no authenticator in it".to_owned(),
                ));
            }
            for (at, parameters) in export.entries.iter().enumerate() {
                let position = Some(at + 1);
                match entry(parameters) {
                    Ok((email, issuer, authenticator)) => read.entries.push(Entry {
                        line,
                        position,
                        email,
                        issuer,
                        authenticator,
                    }),
                    Err(message) => read.problems.push(Problem {
                        line,
                        position,
                        message,
                    }),
                }
            }
        }
    }
}

/// One entry of an export, checked.
fn entry(
    parameters: &migration::Parameters,
) -> Result<(String, Option<String>, Authenticator), String> {
    if parameters.kind == migration::HOTP {
        return Err(
            "is an HOTP (counter-based) authenticator; mfactl checks time-based (TOTP) codes only"
                .to_owned(),
        );
    }
    let (email, label_issuer) = account(&parameters.name)?;
    transfer::check_secret_length(&parameters.secret)
        .map_err(|why| format!("has a secret that {why}"))?;
    let algorithm = match parameters.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        4 => return Err("uses MD5; mfactl checks SHA1, SHA256 and SHA512".to_owned()),
        other => return Err(format!("has an unknown algorithm ({other})")),
    };
    let digits = match parameters.digits {
        0 | 1 => 6,
        2 => 8,
        other => return Err(format!("has an unknown number of digits ({other})")),
    };
    let params = Params::new(algorithm, digits, 30).map_err(|why| format!("has {why}"))?;
    let issuer = Some(parameters.issuer.clone())
        .filter(|i| !i.is_empty())
        .or(label_issuer);
    Ok((
        email,
        issuer,
        Authenticator {
            secret: parameters.secret.clone(),
            params,
        },
    ))
}

/// The `MigrationPayload` protocol buffer of an authenticator export:
/// `{ repeated OtpParameters otp_parameters = 1; int32 version = 2; int32 batch_size = 3;
/// int32 batch_index = 4; int32 batch_id = 5; }` and `OtpParameters { bytes secret = 1;
/// string name = 2; string issuer = 3; Algorithm algorithm = 4; DigitCount digits = 5;
/// OtpType type = 6; int64 counter = 7; }`.
mod migration {
    /// `OtpType.HOTP`.
    pub const HOTP: u64 = 1;

    /// One authenticator of an export, as encoded.
    #[derive(Debug, Default, Clone, PartialEq, Eq)]
    pub struct Parameters {
        pub secret: Vec<u8>,
        pub name: String,
        pub issuer: String,
        pub algorithm: u64,
        pub digits: u64,
        pub kind: u64,
    }

    /// An export's payload.
    #[derive(Debug, Default, Clone, PartialEq, Eq)]
    pub struct Export {
        pub entries: Vec<Parameters>,
        pub batch_size: u64,
        pub batch_index: u64,
        pub batch_id: u64,
    }

    /// A field's value: a varint, or length-delimited bytes.
    enum Value<'a> {
        Varint(u64),
        Bytes(&'a [u8]),
    }

    /// The fields of a message, in order.
    struct Fields<'a> {
        bytes: &'a [u8],
    }

    impl<'a> Fields<'a> {
        fn varint(&mut self) -> Result<u64, String> {
            let mut value: u64 = 0;
            for shift in (0..64).step_by(7) {
                let (&byte, rest) = self.bytes.split_first().ok_or("a number is cut short")?;
                self.bytes = rest;
                value |= u64::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    return Ok(value);
                }
            }
            Err("a number is too long".to_owned())
        }

        fn take(&mut self, len: u64) -> Result<&'a [u8], String> {
            let len = usize::try_from(len).map_err(|_| "a field is too long")?;
            if len > self.bytes.len() {
                return Err("a field is cut short".to_owned());
            }
            let (taken, rest) = self.bytes.split_at(len);
            self.bytes = rest;
            Ok(taken)
        }

        /// The next field and its value; `None` at the end. Fixed-width fields (wire
        /// types 1 and 5) are skipped; groups (3, 4) are refused.
        fn next_field(&mut self) -> Result<Option<(u64, Value<'a>)>, String> {
            loop {
                if self.bytes.is_empty() {
                    return Ok(None);
                }
                let key = self.varint()?;
                let (number, wire) = (key >> 3, key & 7);
                match wire {
                    0 => return Ok(Some((number, Value::Varint(self.varint()?)))),
                    2 => {
                        let len = self.varint()?;
                        return Ok(Some((number, Value::Bytes(self.take(len)?))));
                    }
                    1 => drop(self.take(8)?),
                    5 => drop(self.take(4)?),
                    _ => return Err(format!("a field has the wire type {wire}")),
                }
            }
        }
    }

    fn text(bytes: &[u8]) -> Result<String, String> {
        String::from_utf8(bytes.to_vec()).map_err(|_| "a name is not UTF-8".to_owned())
    }

    fn parameters(bytes: &[u8]) -> Result<Parameters, String> {
        let mut read = Parameters::default();
        let mut fields = Fields { bytes };
        while let Some((number, value)) = fields.next_field()? {
            match (number, value) {
                (1, Value::Bytes(secret)) => read.secret = secret.to_vec(),
                (2, Value::Bytes(name)) => read.name = text(name)?,
                (3, Value::Bytes(issuer)) => read.issuer = text(issuer)?,
                (4, Value::Varint(algorithm)) => read.algorithm = algorithm,
                (5, Value::Varint(digits)) => read.digits = digits,
                (6, Value::Varint(kind)) => read.kind = kind,
                _ => {}
            }
        }
        Ok(read)
    }

    /// Decodes a payload; what is wrong with it otherwise.
    pub fn decode(bytes: &[u8]) -> Result<Export, String> {
        let mut export = Export::default();
        let mut fields = Fields { bytes };
        while let Some((number, value)) = fields.next_field()? {
            match (number, value) {
                (1, Value::Bytes(entry)) => export.entries.push(parameters(entry)?),
                (3, Value::Varint(size)) => export.batch_size = size,
                (4, Value::Varint(index)) => export.batch_index = index,
                (5, Value::Varint(id)) => export.batch_id = id,
                _ => {}
            }
        }
        Ok(export)
    }
}

#[cfg(test)]
mod tests {
    use super::{migration, read};
    use crate::core::totp::Algorithm;

    fn decode(data: &str) -> migration::Export {
        let data = percent_encoding::percent_decode_str(data).decode_utf8_lossy();
        let bytes = data_encoding::BASE64_NOPAD
            .decode(data.trim_end_matches('=').as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        migration::decode(&bytes).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Real export payloads, published with open-source decoders of the format: three
    /// entries in one batch with a batch id (the `qr-otpauth` and
    /// `google-authenticator-converter` examples), and one of 128 bits with its batch
    /// fields (GNOME Authenticator's test vector).
    #[test]
    fn real_export_payloads_decode() {
        let three = decode(
            "CjMKCkhlbGxvId6tvu8SGFRlc3QxOnRlc3QxQGV4YW1wbGUxLmNvbRoFVGVzdDEgASgBMAIKMwoKSGVsbG8h3q2%2B8BIYVGVzdDI6dGVzdDJAZXhhbXBsZTIuY29tGgVUZXN0MiABKAEwAgozCgpIZWxsbyHerb7xEhhUZXN0Mzp0ZXN0M0BleGFtcGxlMy5jb20aBVRlc3QzIAEoATACEAEYASAAKI3orYEE",
        );
        let names: Vec<&str> = three.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Test1:test1@example1.com",
                "Test2:test2@example2.com",
                "Test3:test3@example3.com"
            ]
        );
        assert_eq!(three.entries[1].secret, b"Hello!\xde\xad\xbe\xf0");
        assert_eq!(
            (three.batch_size, three.batch_index, three.batch_id),
            (1, 0, 1_076_589_581)
        );
        let discord = decode(
            "CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D",
        );
        let entry = &discord.entries[0];
        assert_eq!(
            (entry.name.as_str(), entry.issuer.as_str()),
            ("johndoe@example.com", "Discord")
        );
        assert_eq!(
            crate::core::transfer::secret_to_base32(&entry.secret),
            "JRZCL47CMXVOQMNPZR2F7J4RGI"
        );
        assert_eq!((entry.algorithm, entry.digits, entry.kind), (1, 1, 2));
    }

    #[test]
    fn an_export_line_reads_into_entries_and_short_secrets_are_named() {
        let file = "# two real exports\n\
            otpauth-migration://offline?data=CjYKEExyJfPiZeroMa/MdF%2BnkTISE2pvaG5kb2VAZXhhbXBsZS5jb20aB0Rpc2NvcmQgASgBMAIQARgBIAA%3D\n\
            \n\
            otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC\n";
        let got = read(&mut file.as_bytes(), "f").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got.entries.len(), 1);
        assert_eq!(got.entries[0].email, "johndoe@example.com");
        assert_eq!(got.entries[0].issuer.as_deref(), Some("Discord"));
        assert_eq!((got.entries[0].line, got.entries[0].position), (2, Some(1)));
        assert_eq!(got.problems.len(), 1);
        assert_eq!(got.problems[0].place(), "line 4, entry 1");
        assert!(
            got.problems[0].message.contains("80 bits"),
            "{:?}",
            got.problems
        );
    }

    #[test]
    fn uris_hotp_and_junk() {
        let file = "otpauth://totp/Acme:Ana%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA512&digits=8&period=60&issuer=Acme\n\
            otpauth://hotp/Acme:bo@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=3\n\
            otpauth://totp/Acme:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n\
            https://example.com\n\
            otpauth://totp/cy@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=7\n";
        let got = read(&mut file.as_bytes(), "f").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got.entries.len(), 1);
        let entry = &got.entries[0];
        assert_eq!(entry.email, "ana@example.com");
        assert_eq!(entry.authenticator.params.algorithm, Algorithm::Sha512);
        assert_eq!(
            (
                entry.authenticator.params.digits,
                entry.authenticator.params.period
            ),
            (8, 60)
        );
        let lines: Vec<u64> = got.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert!(got.problems[0].message.contains("HOTP"));
        assert!(got.problems[1].message.contains("not an email"));
        assert!(got.problems[3].message.contains("7 digits"));
    }

    /// A batch of an export of two QR codes without the other is named.
    #[test]
    fn a_missing_batch_is_named() {
        // Batch 1 of 2 (index 0), id 7, one entry of 128 bits for a@example.com.
        let mut entry = vec![0x0a, 16];
        entry.extend_from_slice(&[7u8; 16]);
        entry.extend_from_slice(&[0x12, 13]);
        entry.extend_from_slice(b"a@example.com");
        entry.extend_from_slice(&[0x30, 2]);
        let mut payload = vec![0x0a, u8::try_from(entry.len()).unwrap_or(0)];
        payload.extend_from_slice(&entry);
        payload.extend_from_slice(&[0x18, 2, 0x20, 0, 0x28, 7]);
        let line = format!(
            "otpauth-migration://offline?data={}\n",
            data_encoding::BASE64.encode(&payload)
        );
        let got = read(&mut line.as_bytes(), "f").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got.entries.len(), 1);
        assert_eq!(got.problems.len(), 1);
        assert!(
            got.problems[0]
                .message
                .contains("part 2 of it is not in the file"),
            "{:?}",
            got.problems
        );
    }
}
