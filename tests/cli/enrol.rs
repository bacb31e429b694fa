//! Enrolment under attack (the adversarial review of issue 8): a pending secret is shown
//! to one run only, so someone who knows the password and starts an enrolment first
//! never gets the user to enrol a secret they have seen.

use crate::support::{Env, PASSWORD, T0, expect, login, oathtool};

/// The adversary's F2: mallory knows alice's password and runs `login` first; alice's
/// own sign-in is shown a different secret, and mallory's stops working.
#[test]
fn a_secret_shown_to_another_sign_in_is_never_given_to_the_user() {
    let env = Env::with_acme();
    env.ok(&["tenant", "set-auth", "acme", "--enable"]);
    let mallory = login(&env, T0, "alice@example.com", &[]);
    expect(&mallory, 4);
    let stolen = mallory.json()["secret"].as_str().unwrap().to_owned();
    let alice = login(&env, T0 + 5, "alice@example.com", &[]);
    expect(&alice, 4);
    let own = alice.json()["secret"].as_str().unwrap().to_owned();
    assert_ne!(stolen, own, "alice must not be shown mallory's secret");
    // Mallory's secret finishes nothing (a wrong code, counted); alice's does.
    expect(
        &login(
            &env,
            T0 + 10,
            "alice@example.com",
            &["--code", &oathtool(&stolen, T0 + 10)],
        ),
        3,
    );
    let done = login(
        &env,
        T0 + 10,
        "alice@example.com",
        &["--code", &oathtool(&own, T0 + 10)],
    );
    expect(&done, 0);
    // Afterwards mallory's secret gives nothing either.
    let later = T0 + 60;
    expect(
        &login(
            &env,
            later,
            "alice@example.com",
            &["--code", &oathtool(&stolen, later)],
        ),
        3,
    );
}

/// The adversary's F11: with the database alone, a recovery code or a device of one user
/// moved to another user matches nothing there.
#[test]
fn recovery_codes_and_devices_moved_to_another_user_match_nothing() {
    let env = Env::with_acme();
    let run = env.run_with(
        &["user", "add", "mallory@example.com", "--password-stdin"],
        PASSWORD,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    env.enrol("alice@example.com", T0);
    let (secret, codes) = env.enrol("mallory@example.com", T0);
    let token = login(
        &env,
        T0 + 60,
        "mallory@example.com",
        &["--code", &oathtool(&secret, T0 + 60), "--remember"],
    )
    .json()["device_token"]
        .as_str()
        .unwrap()
        .to_owned();
    env.execute(
        "UPDATE recovery_codes SET user_id = (SELECT id FROM users WHERE email = 'alice@example.com') \
           WHERE user_id = (SELECT id FROM users WHERE email = 'mallory@example.com'); \
         UPDATE devices SET user_id = (SELECT id FROM users WHERE email = 'alice@example.com'), \
           credential_epoch = (SELECT credential_epoch FROM users WHERE email = 'alice@example.com');",
    );
    expect(
        &login(
            &env,
            T0 + 90,
            "alice@example.com",
            &["--method", "recovery", "--code", &codes[0]],
        ),
        3,
    );
    let run = login(
        &env,
        T0 + 90,
        "alice@example.com",
        &["--device-token", &token],
    );
    expect(&run, 4);
}
