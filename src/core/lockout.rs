//! Lockout (SPEC §4): 5 consecutive failed attempts lock a user for 15 minutes.

/// Consecutive failures that lock the user.
pub const MAX_FAILURES: i64 = 5;
/// How long a lock lasts.
pub const LOCK_SECONDS: i64 = 15 * 60;

/// When the lock ends, if the user is locked at `now`.
pub fn locked_until(locked_until: Option<i64>, now: i64) -> Option<i64> {
    locked_until.filter(|&until| until > now)
}

/// The failure count and lock after one more failure. The count goes back to 0 only
/// after a complete sign-in (or `user unlock`), never when a lock ends (SPEC §4): after
/// a lock, each further failure locks again at once.
pub fn after_failure(failed: i64, _locked_until: Option<i64>, now: i64) -> (i64, Option<i64>) {
    let failed = failed.saturating_add(1);
    if failed >= MAX_FAILURES {
        (failed, Some(now.saturating_add(LOCK_SECONDS)))
    } else {
        (failed, None)
    }
}

#[cfg(test)]
mod tests {
    use super::{LOCK_SECONDS, after_failure, locked_until};

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let mut state = (0, None);
        for _ in 0..4 {
            state = after_failure(state.0, state.1, 100);
            assert_eq!(state.1, None);
        }
        state = after_failure(state.0, state.1, 100);
        assert_eq!(state, (5, Some(100 + LOCK_SECONDS)));
        assert_eq!(
            locked_until(state.1, 100 + LOCK_SECONDS - 1),
            Some(100 + LOCK_SECONDS)
        );
        assert_eq!(locked_until(state.1, 100 + LOCK_SECONDS), None);
        // After the lock ends the count is still 5: the next failure locks again at once.
        let later = 100 + LOCK_SECONDS;
        assert_eq!(
            after_failure(state.0, state.1, later),
            (6, Some(later + LOCK_SECONDS))
        );
        // Values from a tampered store do not overflow.
        assert_eq!(after_failure(i64::MAX, None, i64::MAX).0, i64::MAX);
    }
}
