#!/usr/bin/env python3
"""Gives the store of benches/ops.sh what a store of years holds, behind mfactl's back
but as mfactl would have written it, so that `store check` and `store rekey` have real
work: a TOTP secret sealed with the store's key for every third user (enrolled), ten
recovery code hashes for each of them, and AUDIT entries more in the audit log, each
chained to the one before with the store's chain key (the head MAC'd too), so that
`audit verify` passes on the result.

    benches/fill-secrets.py STORE KEY_FILE AUDIT_ENTRIES

The sealing follows src/secrets.rs (XChaCha20-Poly1305, `nonce || ciphertext`, the
context `totp:ID` as associated data) and the chain src/core/audit.rs. One nonce prefix
serves every secret (HChaCha20 is computed once, in Python), which is fine for a bench
fixture and never for real secrets.
"""

import hashlib
import hmac
import os
import sqlite3
import struct
import sys

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

MASK = 0xFFFFFFFF


def rotl(value, shift):
    return ((value << shift) & MASK) | (value >> (32 - shift))


def hchacha20(key, nonce16):
    """The subkey of XChaCha20 (draft-irtf-cfrg-xchacha, section 2.2)."""
    state = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    state += list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))

    def quarter(a, b, c, d):
        state[a] = (state[a] + state[b]) & MASK
        state[d] = rotl(state[d] ^ state[a], 16)
        state[c] = (state[c] + state[d]) & MASK
        state[b] = rotl(state[b] ^ state[c], 12)
        state[a] = (state[a] + state[b]) & MASK
        state[d] = rotl(state[d] ^ state[a], 8)
        state[c] = (state[c] + state[d]) & MASK
        state[b] = rotl(state[b] ^ state[c], 7)

    for _ in range(10):
        quarter(0, 4, 8, 12)
        quarter(1, 5, 9, 13)
        quarter(2, 6, 10, 14)
        quarter(3, 7, 11, 15)
        quarter(0, 5, 10, 15)
        quarter(1, 6, 11, 12)
        quarter(2, 7, 8, 13)
        quarter(3, 4, 9, 14)
    return struct.pack("<4I", *state[0:4]) + struct.pack("<4I", *state[12:16])


def derive(key, purpose, value):
    """`Key::derive`: HMAC-SHA-256 of purpose, a zero byte, value."""
    return hmac.new(key, purpose.encode() + b"\0" + value.encode(), hashlib.sha256).digest()


def fields(tag, prev_hash, seq, at, actor, action, target, reason, details):
    """`core::audit::Fields::feed`: each field length-prefixed."""
    out = bytearray()

    def field(data):
        out.extend(struct.pack(">Q", len(data)))
        out.extend(data)

    field(tag)
    field(prev_hash.encode())
    field(struct.pack(">q", seq))
    field(struct.pack(">q", at))
    field(actor.encode())
    field(action.encode())
    field(target.encode())
    if reason is None:
        field(b"0")
    else:
        field(b"1")
        field(reason.encode())
    field(details.encode())
    return bytes(out)


def head_mac(chain_key, seq, hash_hex, keyed_from):
    out = bytearray()
    for part in (b"mfactl-audit-head-v2", struct.pack(">q", seq), hash_hex.encode(),
                 struct.pack(">q", keyed_from)):
        out.extend(struct.pack(">Q", len(part)))
        out.extend(part)
    return hmac.new(chain_key, bytes(out), hashlib.sha256).hexdigest()


def main():
    store, key_file, audit_entries = sys.argv[1], sys.argv[2], int(sys.argv[3])
    key = bytes.fromhex(open(key_file).read().strip())
    db = sqlite3.connect(store)
    db.execute("BEGIN IMMEDIATE")

    # Secrets: every third user enrolled, with ten recovery code hashes.
    prefix = os.urandom(16)
    cipher = ChaCha20Poly1305(hchacha20(key, prefix))
    ids = [row[0] for row in db.execute("SELECT id FROM users WHERE id % 3 = 0")]
    rows = []
    for user_id in ids:
        tail = os.urandom(8)
        sealed = cipher.encrypt(b"\0\0\0\0" + tail, os.urandom(20), f"totp:{user_id}".encode())
        rows.append((prefix + tail + sealed, user_id))
    db.executemany(
        "UPDATE users SET totp_secret = ?, totp_enrolled_at = created_at WHERE id = ?", rows)
    db.execute(
        "INSERT INTO recovery_codes (user_id, code_hash) "
        "SELECT u.id, lower(hex(randomblob(32))) FROM users u, "
        "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) "
        "SELECT i FROM n) WHERE u.id % 3 = 0")

    # The audit log carried on with the store's chain key, from its recorded head.
    store_id = db.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()[0]
    head = db.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()[0]
    _, seq, prev, keyed_from, _ = head.split(":")
    seq, keyed_from = int(seq), int(keyed_from)
    chain_key = derive(key, "audit-chain-v2", store_id)
    entries = []
    at = int(db.execute("SELECT max(at) FROM audit_log").fetchone()[0])
    for _ in range(audit_entries):
        seq += 1
        target = f"user:acme/user{seq}@example.com"
        details = '{"failed_attempts":5}'
        reason = f"ticket {seq}"
        digest = hmac.new(chain_key, fields(b"mfactl-audit-v2", prev, seq, at, "support",
                                            "user.unlock", target, reason, details),
                          hashlib.sha256).hexdigest()
        entries.append((seq, at, "support", "user.unlock", target, reason, details, prev, digest))
        prev = digest
        if len(entries) == 10000:
            db.executemany("INSERT INTO audit_log (seq, at, actor, action, target, reason, "
                           "details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", entries)
            entries = []
    db.executemany("INSERT INTO audit_log (seq, at, actor, action, target, reason, details, "
                   "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", entries)
    mac = head_mac(chain_key, seq, prev, keyed_from)
    db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'",
               (f"v2:{seq}:{prev}:{keyed_from}:{mac}",))
    db.commit()
    print(f"{len(ids)} secrets sealed, {len(ids) * 10} recovery codes, "
          f"{audit_entries} audit entries added (the log ends at {seq})")


main()
