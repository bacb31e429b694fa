
use builtin;
use str;

set edit:completion:arg-completer[mfactl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mfactl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mfactl'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand tenant 'Manage tenants (super apps, reseller platforms) and their 2FA settings'
            cand company 'Manage companies of a tenant and their MFA enforcement'
            cand user 'Manage users, their passwords and their second factors'
            cand role 'Manage roles and role-based 2FA enforcement'
            cand group 'Manage groups; roles granted to a group reach its members'
            cand mail 'Set and check how mfactl sends email (codes and notifications)'
            cand policy 'Keep the 2FA policy of many tenants in one reviewed file: export, plan, apply'
            cand store 'Show the store in use: its path, key file, schema version and counts'
            cand login 'Sign in as a user, with every policy rule applied'
            cand audit 'Show the audit log, oldest first; filter with --since, --actor and --target'
            cand report 'Show 2FA coverage per company: who must use 2FA, who enrolled, who is missing it'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;tenant'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Create a tenant, with the settings of set-auth (2FA off unless --enable)'
            cand list 'List tenants and their 2FA settings'
            cand show 'Show a tenant''s settings and what it holds'
            cand delete 'Delete a tenant with its companies, users, roles and groups'
            cand set-auth 'Change a tenant''s authentication settings and print the result'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;tenant;create'= {
            cand --primary 'The method members pass by default'
            cand --secondary 'The method members may switch to, or none'
            cand --grace-period 'How long members may skip enrolment: 0, or a number with m, h or d (90m, 12h, 14d)'
            cand --members-may-deactivate 'Whether members may turn their own 2FA off'
            cand --remember-device-days 'How many days a remembered device skips the second factor; 0 disables it'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --enable 'Turn 2FA on for every member of the tenant'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;tenant;list'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;tenant;show'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;tenant;delete'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;tenant;set-auth'= {
            cand --primary 'The method members pass by default'
            cand --secondary 'The method members may switch to, or none'
            cand --grace-period 'How long members may skip enrolment: 0, or a number with m, h or d (90m, 12h, 14d)'
            cand --members-may-deactivate 'Whether members may turn their own 2FA off'
            cand --remember-device-days 'How many days a remembered device skips the second factor; 0 disables it'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --enable 'Turn 2FA on for every member of the tenant'
            cand --disable 'Turn tenant-wide 2FA off (asks for confirmation)'
            cand --dry-run 'Only list the local users who would have to enrol; change nothing'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;tenant;help'= {
            cand create 'Create a tenant, with the settings of set-auth (2FA off unless --enable)'
            cand list 'List tenants and their 2FA settings'
            cand show 'Show a tenant''s settings and what it holds'
            cand delete 'Delete a tenant with its companies, users, roles and groups'
            cand set-auth 'Change a tenant''s authentication settings and print the result'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;tenant;help;create'= {
        }
        &'mfactl;tenant;help;list'= {
        }
        &'mfactl;tenant;help;show'= {
        }
        &'mfactl;tenant;help;delete'= {
        }
        &'mfactl;tenant;help;set-auth'= {
        }
        &'mfactl;tenant;help;help'= {
        }
        &'mfactl;company'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Create a company in a tenant'
            cand list 'List companies'
            cand show 'Show a company'
            cand delete 'Delete a company and its users'
            cand enforce-mfa 'Enforce MFA for the company''s local users, or lift it with --off'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;company;create'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --enforce-mfa 'Enforce MFA for the company''s local users from the start'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;company;list'= {
            cand --tenant 'Only this tenant [default: every tenant]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;company;show'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;company;delete'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;company;enforce-mfa'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --off 'Lift enforcement (asks for confirmation)'
            cand --dry-run 'Only list the local users who would have to enrol; change nothing'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;company;help'= {
            cand create 'Create a company in a tenant'
            cand list 'List companies'
            cand show 'Show a company'
            cand delete 'Delete a company and its users'
            cand enforce-mfa 'Enforce MFA for the company''s local users, or lift it with --off'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;company;help;create'= {
        }
        &'mfactl;company;help;list'= {
        }
        &'mfactl;company;help;show'= {
        }
        &'mfactl;company;help;delete'= {
        }
        &'mfactl;company;help;enforce-mfa'= {
        }
        &'mfactl;company;help;help'= {
        }
        &'mfactl;user'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a user (local with a password here, or --sso)'
            cand list 'List users and their 2FA status'
            cand show 'Show a user: enrolment, every source that requires 2FA, lock, devices'
            cand import 'Add many users from a CSV file, or authenticators from otpauth lines: all or none'
            cand export 'Write users as the import''s CSV, with --with-secrets their passwords and authenticators'
            cand set-password 'Change a user''s password (revokes their remembered devices)'
            cand activate-2fa 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on'
            cand deactivate-2fa 'Turn your own 2FA off, proving it is you with a code or a recovery code'
            cand reset-mfa 'Support reset for a lost phone: remove the authenticator, recovery codes and devices'
            cand access-pass 'Issue a temporary access pass: one sign-in that must enrol a new authenticator'
            cand unlock 'Clear a user''s lock and failed-attempt count'
            cand devices 'List a user''s remembered devices, or revoke them'
            cand recovery-codes 'Show how many recovery codes are left, or make ten new ones with --regenerate'
            cand delete 'Delete a user with their factors, recovery codes, devices, roles and groups'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;user;add'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --company 'The company the user belongs to'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --sso 'The user signs in through SSO elsewhere and has no password here'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --generate-password 'Generate a random password and print it once'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;list'= {
            cand --tenant 'Only this tenant [default: every tenant]'
            cand --mfa 'Only users enrolled, missing 2FA, or locked'
            cand --company 'Only users of this company'
            cand --role 'Only users holding this role, directly or through a group'
            cand --match 'Only users whose email contains TEXT (case does not matter), e.g. a name or a domain'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;show'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;import'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --format 'What the file holds: users as CSV, or authenticators as otpauth lines'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --create-missing 'Create the tenants, companies and roles the CSV names that do not exist yet'
            cand --dry-run 'Check every row and report what would be added, without writing anything'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;export'= {
            cand --tenant 'Only this tenant [default: every tenant]'
            cand --company 'Only the users of this company'
            cand --out 'Write to this new file instead of standard output'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --with-secrets 'Also write password hashes and authenticator secrets (never to a terminal)'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;set-password'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --password-stdin 'Read the new password from the first line of standard input'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;activate-2fa'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --code 'The 6-digit code of the app, to finish a pending enrolment'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --qr 'Draw the QR code even off a terminal or on a narrow one'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;deactivate-2fa'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --code 'Proof: a code of the app, a recovery code, or the code sent by email'
            cand --method 'How to prove it is you: email sends a code to the user''s address'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;reset-mfa'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --reason 'Why, for the audit log (e.g. "lost phone, ticket 4521")'
            cand --code 'The code the caller read back (with --verify-email)'
            cand --valid 'How long the access pass may be used: up to 24h [default: 1h]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --verify-email 'First send a code to the user''s email; reset only when the caller reads it back'
            cand --access-pass 'Also issue a temporary access pass (see `user access-pass`), to read to the user'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;access-pass'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --reason 'Why, for the audit log (e.g. "lost phone, ticket 4521, identity checked")'
            cand --valid 'How long the pass may be used: a number with m or h, up to 24h [default: 1h]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;unlock'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;devices'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --revoke 'Revoke the remembered device with this id'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --revoke-all 'Revoke every remembered device of the user'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;recovery-codes'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --regenerate 'Replace all recovery codes with ten new ones, shown once'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;delete'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;user;help'= {
            cand add 'Add a user (local with a password here, or --sso)'
            cand list 'List users and their 2FA status'
            cand show 'Show a user: enrolment, every source that requires 2FA, lock, devices'
            cand import 'Add many users from a CSV file, or authenticators from otpauth lines: all or none'
            cand export 'Write users as the import''s CSV, with --with-secrets their passwords and authenticators'
            cand set-password 'Change a user''s password (revokes their remembered devices)'
            cand activate-2fa 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on'
            cand deactivate-2fa 'Turn your own 2FA off, proving it is you with a code or a recovery code'
            cand reset-mfa 'Support reset for a lost phone: remove the authenticator, recovery codes and devices'
            cand access-pass 'Issue a temporary access pass: one sign-in that must enrol a new authenticator'
            cand unlock 'Clear a user''s lock and failed-attempt count'
            cand devices 'List a user''s remembered devices, or revoke them'
            cand recovery-codes 'Show how many recovery codes are left, or make ten new ones with --regenerate'
            cand delete 'Delete a user with their factors, recovery codes, devices, roles and groups'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;user;help;add'= {
        }
        &'mfactl;user;help;list'= {
        }
        &'mfactl;user;help;show'= {
        }
        &'mfactl;user;help;import'= {
        }
        &'mfactl;user;help;export'= {
        }
        &'mfactl;user;help;set-password'= {
        }
        &'mfactl;user;help;activate-2fa'= {
        }
        &'mfactl;user;help;deactivate-2fa'= {
        }
        &'mfactl;user;help;reset-mfa'= {
        }
        &'mfactl;user;help;access-pass'= {
        }
        &'mfactl;user;help;unlock'= {
        }
        &'mfactl;user;help;devices'= {
        }
        &'mfactl;user;help;recovery-codes'= {
        }
        &'mfactl;user;help;delete'= {
        }
        &'mfactl;user;help;help'= {
        }
        &'mfactl;role'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Create a role in a tenant'
            cand list 'List roles, whether they require 2FA, and how many users hold them'
            cand show 'Show a role: whether it requires 2FA, and who holds it, directly or through a group'
            cand delete 'Delete a role (its holders lose it)'
            cand require-2fa 'Require 2FA of everyone holding the role, or stop with --off'
            cand assign 'Give a role to a user directly'
            cand unassign 'Take a directly held role from a user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;role;create'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;role;list'= {
            cand --tenant 'Only this tenant [default: every tenant]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;role;show'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;role;delete'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;role;require-2fa'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --off 'Stop requiring 2FA for the role (asks for confirmation; --yes for scripts)'
            cand --dry-run 'Only list the local users who would have to enrol; change nothing'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;role;assign'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;role;unassign'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;role;help'= {
            cand create 'Create a role in a tenant'
            cand list 'List roles, whether they require 2FA, and how many users hold them'
            cand show 'Show a role: whether it requires 2FA, and who holds it, directly or through a group'
            cand delete 'Delete a role (its holders lose it)'
            cand require-2fa 'Require 2FA of everyone holding the role, or stop with --off'
            cand assign 'Give a role to a user directly'
            cand unassign 'Take a directly held role from a user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;role;help;create'= {
        }
        &'mfactl;role;help;list'= {
        }
        &'mfactl;role;help;show'= {
        }
        &'mfactl;role;help;delete'= {
        }
        &'mfactl;role;help;require-2fa'= {
        }
        &'mfactl;role;help;assign'= {
        }
        &'mfactl;role;help;unassign'= {
        }
        &'mfactl;role;help;help'= {
        }
        &'mfactl;group'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Create a group in a tenant'
            cand list 'List groups, how many members they have and the roles granted to them'
            cand show 'Show a group: the roles granted to it and its members'
            cand delete 'Delete a group: its members lose the roles granted through it'
            cand add-member 'Add a user to a group'
            cand remove-member 'Remove a user from a group: they lose the roles granted through it'
            cand grant-role 'Grant a role to a group: every member holds it'
            cand revoke-role 'Take a role from a group: its members stop holding it through the group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;group;create'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;list'= {
            cand --tenant 'Only this tenant [default: every tenant]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;show'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;delete'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;add-member'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;remove-member'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;grant-role'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;revoke-role'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;group;help'= {
            cand create 'Create a group in a tenant'
            cand list 'List groups, how many members they have and the roles granted to them'
            cand show 'Show a group: the roles granted to it and its members'
            cand delete 'Delete a group: its members lose the roles granted through it'
            cand add-member 'Add a user to a group'
            cand remove-member 'Remove a user from a group: they lose the roles granted through it'
            cand grant-role 'Grant a role to a group: every member holds it'
            cand revoke-role 'Take a role from a group: its members stop holding it through the group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;group;help;create'= {
        }
        &'mfactl;group;help;list'= {
        }
        &'mfactl;group;help;show'= {
        }
        &'mfactl;group;help;delete'= {
        }
        &'mfactl;group;help;add-member'= {
        }
        &'mfactl;group;help;remove-member'= {
        }
        &'mfactl;group;help;grant-role'= {
        }
        &'mfactl;group;help;revoke-role'= {
        }
        &'mfactl;group;help;help'= {
        }
        &'mfactl;mail'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand set 'Set the mail server every admin of this store sends through'
            cand show 'Show the mail server (never its password), or where the outbox is'
            cand test 'Send a test message, to check delivery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;mail;set'= {
            cand --smtp-url 'smtp://[USER@]HOST:PORT (STARTTLS) or smtps://[USER@]HOST:PORT (TLS)'
            cand --from 'The sender of every message: an address, or "Name <address>"'
            cand --ca-file 'A PEM file of the CA that signed the server''s certificate (instead of the system roots)'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --password-stdin 'Read the password of the URL''s user from the first line of standard input'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;mail;show'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;mail;test'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;mail;help'= {
            cand set 'Set the mail server every admin of this store sends through'
            cand show 'Show the mail server (never its password), or where the outbox is'
            cand test 'Send a test message, to check delivery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;mail;help;set'= {
        }
        &'mfactl;mail;help;show'= {
        }
        &'mfactl;mail;help;test'= {
        }
        &'mfactl;mail;help;help'= {
        }
        &'mfactl;policy'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand export 'Write the 2FA policy of every tenant (or one) as a file to review and apply'
            cand plan 'Show what `policy apply` would change, and who would have to enrol'
            cand apply 'Change the store to match the file: all of it or nothing'
            cand schema 'Print the JSON Schema of the policy file, for editors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;policy;export'= {
            cand --out 'Write to this new file instead of standard output (an existing file is refused)'
            cand --tenant 'Export this tenant only [default: every tenant]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;policy;plan'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --prune 'Also remove what the tenants'' sections do not name: companies (never one that has users), roles and groups of each kind listed, and holders, members and grants not named under a role or group that lists them'
            cand --exit-code 'Exit 9 when there are changes, 0 when there are none (for CI)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;policy;apply'= {
            cand --plan-id 'Apply only if the plan is still the one `policy plan` printed with this id (exit 8, nothing changed, when the store or the file moved since)'
            cand --reason 'Why, recorded in every audit entry of the apply'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --prune 'Also remove what the file does not name (as `policy plan --prune`)'
            cand -y 'Do not ask for confirmation (for scripts)'
            cand --yes 'Do not ask for confirmation (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;policy;schema'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;policy;help'= {
            cand export 'Write the 2FA policy of every tenant (or one) as a file to review and apply'
            cand plan 'Show what `policy apply` would change, and who would have to enrol'
            cand apply 'Change the store to match the file: all of it or nothing'
            cand schema 'Print the JSON Schema of the policy file, for editors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;policy;help;export'= {
        }
        &'mfactl;policy;help;plan'= {
        }
        &'mfactl;policy;help;apply'= {
        }
        &'mfactl;policy;help;schema'= {
        }
        &'mfactl;policy;help;help'= {
        }
        &'mfactl;store'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand info 'Show which store and key file are in use, the schema version and what it holds'
            cand copy 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back'
            cand check 'Check the whole store: database, schema, key file, secrets, audit log'
            cand rekey 'Replace the store''s encryption key, re-encrypting every secret under a new one'
            cand backup 'Write a consistent, checked copy of the live store to a new SQLite file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;store;info'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;store;copy'= {
            cand --to 'Where to copy the store: an SQLite file path, or a postgres:// URL'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;store;check'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;store;rekey'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --yes 'Rekey without asking (for scripts)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;store;backup'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;store;help'= {
            cand info 'Show which store and key file are in use, the schema version and what it holds'
            cand copy 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back'
            cand check 'Check the whole store: database, schema, key file, secrets, audit log'
            cand rekey 'Replace the store''s encryption key, re-encrypting every secret under a new one'
            cand backup 'Write a consistent, checked copy of the live store to a new SQLite file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;store;help;info'= {
        }
        &'mfactl;store;help;copy'= {
        }
        &'mfactl;store;help;check'= {
        }
        &'mfactl;store;help;rekey'= {
        }
        &'mfactl;store;help;backup'= {
        }
        &'mfactl;store;help;help'= {
        }
        &'mfactl;login'= {
            cand --tenant 'Tenant to act in [default: the only tenant of the store]'
            cand --method 'The second factor to use'
            cand --code 'The code: 6 digits from the app (8 for an app imported with 8) or the email, a recovery code, or an access pass'
            cand --device-token 'A token from an earlier --remember [default: the one saved on this machine]'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --skip 'Skip enrolment while the tenant''s grace period lasts'
            cand --remember 'Remember this device after a second factor: later sign-ins skip it'
            cand --qr 'Draw an enrolment''s QR code even off a terminal or on a narrow one'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;audit'= {
            cand --since 'Only entries since this long ago (90m, 12h, 14d) or since an RFC 3339 date'
            cand --target 'Only entries whose target contains this text (an email, a tenant, a company)'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand verify 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;audit;verify'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;audit;help'= {
            cand verify 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;audit;help;verify'= {
        }
        &'mfactl;audit;help;help'= {
        }
        &'mfactl;report'= {
            cand --tenant 'Only this tenant [default: every tenant]'
            cand --company 'Only this company'
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --csv 'Print comma-separated values with a header row and a TOTAL line (not with --json)'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;completions'= {
            cand --store 'The store: an SQLite file, or a postgres:// URL'
            cand --actor 'Who is acting, recorded in the audit log [default: the OS user]'
            cand --json 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
            cand --no-input 'Never prompt; a missing answer exits 4 naming the flag'
            cand -q 'Print no success messages (results, JSON and errors are still printed)'
            cand --quiet 'Print no success messages (results, JSON and errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mfactl;help'= {
            cand tenant 'Manage tenants (super apps, reseller platforms) and their 2FA settings'
            cand company 'Manage companies of a tenant and their MFA enforcement'
            cand user 'Manage users, their passwords and their second factors'
            cand role 'Manage roles and role-based 2FA enforcement'
            cand group 'Manage groups; roles granted to a group reach its members'
            cand mail 'Set and check how mfactl sends email (codes and notifications)'
            cand policy 'Keep the 2FA policy of many tenants in one reviewed file: export, plan, apply'
            cand store 'Show the store in use: its path, key file, schema version and counts'
            cand login 'Sign in as a user, with every policy rule applied'
            cand audit 'Show the audit log, oldest first; filter with --since, --actor and --target'
            cand report 'Show 2FA coverage per company: who must use 2FA, who enrolled, who is missing it'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;help;tenant'= {
            cand create 'Create a tenant, with the settings of set-auth (2FA off unless --enable)'
            cand list 'List tenants and their 2FA settings'
            cand show 'Show a tenant''s settings and what it holds'
            cand delete 'Delete a tenant with its companies, users, roles and groups'
            cand set-auth 'Change a tenant''s authentication settings and print the result'
        }
        &'mfactl;help;tenant;create'= {
        }
        &'mfactl;help;tenant;list'= {
        }
        &'mfactl;help;tenant;show'= {
        }
        &'mfactl;help;tenant;delete'= {
        }
        &'mfactl;help;tenant;set-auth'= {
        }
        &'mfactl;help;company'= {
            cand create 'Create a company in a tenant'
            cand list 'List companies'
            cand show 'Show a company'
            cand delete 'Delete a company and its users'
            cand enforce-mfa 'Enforce MFA for the company''s local users, or lift it with --off'
        }
        &'mfactl;help;company;create'= {
        }
        &'mfactl;help;company;list'= {
        }
        &'mfactl;help;company;show'= {
        }
        &'mfactl;help;company;delete'= {
        }
        &'mfactl;help;company;enforce-mfa'= {
        }
        &'mfactl;help;user'= {
            cand add 'Add a user (local with a password here, or --sso)'
            cand list 'List users and their 2FA status'
            cand show 'Show a user: enrolment, every source that requires 2FA, lock, devices'
            cand import 'Add many users from a CSV file, or authenticators from otpauth lines: all or none'
            cand export 'Write users as the import''s CSV, with --with-secrets their passwords and authenticators'
            cand set-password 'Change a user''s password (revokes their remembered devices)'
            cand activate-2fa 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on'
            cand deactivate-2fa 'Turn your own 2FA off, proving it is you with a code or a recovery code'
            cand reset-mfa 'Support reset for a lost phone: remove the authenticator, recovery codes and devices'
            cand access-pass 'Issue a temporary access pass: one sign-in that must enrol a new authenticator'
            cand unlock 'Clear a user''s lock and failed-attempt count'
            cand devices 'List a user''s remembered devices, or revoke them'
            cand recovery-codes 'Show how many recovery codes are left, or make ten new ones with --regenerate'
            cand delete 'Delete a user with their factors, recovery codes, devices, roles and groups'
        }
        &'mfactl;help;user;add'= {
        }
        &'mfactl;help;user;list'= {
        }
        &'mfactl;help;user;show'= {
        }
        &'mfactl;help;user;import'= {
        }
        &'mfactl;help;user;export'= {
        }
        &'mfactl;help;user;set-password'= {
        }
        &'mfactl;help;user;activate-2fa'= {
        }
        &'mfactl;help;user;deactivate-2fa'= {
        }
        &'mfactl;help;user;reset-mfa'= {
        }
        &'mfactl;help;user;access-pass'= {
        }
        &'mfactl;help;user;unlock'= {
        }
        &'mfactl;help;user;devices'= {
        }
        &'mfactl;help;user;recovery-codes'= {
        }
        &'mfactl;help;user;delete'= {
        }
        &'mfactl;help;role'= {
            cand create 'Create a role in a tenant'
            cand list 'List roles, whether they require 2FA, and how many users hold them'
            cand show 'Show a role: whether it requires 2FA, and who holds it, directly or through a group'
            cand delete 'Delete a role (its holders lose it)'
            cand require-2fa 'Require 2FA of everyone holding the role, or stop with --off'
            cand assign 'Give a role to a user directly'
            cand unassign 'Take a directly held role from a user'
        }
        &'mfactl;help;role;create'= {
        }
        &'mfactl;help;role;list'= {
        }
        &'mfactl;help;role;show'= {
        }
        &'mfactl;help;role;delete'= {
        }
        &'mfactl;help;role;require-2fa'= {
        }
        &'mfactl;help;role;assign'= {
        }
        &'mfactl;help;role;unassign'= {
        }
        &'mfactl;help;group'= {
            cand create 'Create a group in a tenant'
            cand list 'List groups, how many members they have and the roles granted to them'
            cand show 'Show a group: the roles granted to it and its members'
            cand delete 'Delete a group: its members lose the roles granted through it'
            cand add-member 'Add a user to a group'
            cand remove-member 'Remove a user from a group: they lose the roles granted through it'
            cand grant-role 'Grant a role to a group: every member holds it'
            cand revoke-role 'Take a role from a group: its members stop holding it through the group'
        }
        &'mfactl;help;group;create'= {
        }
        &'mfactl;help;group;list'= {
        }
        &'mfactl;help;group;show'= {
        }
        &'mfactl;help;group;delete'= {
        }
        &'mfactl;help;group;add-member'= {
        }
        &'mfactl;help;group;remove-member'= {
        }
        &'mfactl;help;group;grant-role'= {
        }
        &'mfactl;help;group;revoke-role'= {
        }
        &'mfactl;help;mail'= {
            cand set 'Set the mail server every admin of this store sends through'
            cand show 'Show the mail server (never its password), or where the outbox is'
            cand test 'Send a test message, to check delivery'
        }
        &'mfactl;help;mail;set'= {
        }
        &'mfactl;help;mail;show'= {
        }
        &'mfactl;help;mail;test'= {
        }
        &'mfactl;help;policy'= {
            cand export 'Write the 2FA policy of every tenant (or one) as a file to review and apply'
            cand plan 'Show what `policy apply` would change, and who would have to enrol'
            cand apply 'Change the store to match the file: all of it or nothing'
            cand schema 'Print the JSON Schema of the policy file, for editors'
        }
        &'mfactl;help;policy;export'= {
        }
        &'mfactl;help;policy;plan'= {
        }
        &'mfactl;help;policy;apply'= {
        }
        &'mfactl;help;policy;schema'= {
        }
        &'mfactl;help;store'= {
            cand info 'Show which store and key file are in use, the schema version and what it holds'
            cand copy 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back'
            cand check 'Check the whole store: database, schema, key file, secrets, audit log'
            cand rekey 'Replace the store''s encryption key, re-encrypting every secret under a new one'
            cand backup 'Write a consistent, checked copy of the live store to a new SQLite file'
        }
        &'mfactl;help;store;info'= {
        }
        &'mfactl;help;store;copy'= {
        }
        &'mfactl;help;store;check'= {
        }
        &'mfactl;help;store;rekey'= {
        }
        &'mfactl;help;store;backup'= {
        }
        &'mfactl;help;login'= {
        }
        &'mfactl;help;audit'= {
            cand verify 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was'
        }
        &'mfactl;help;audit;verify'= {
        }
        &'mfactl;help;report'= {
        }
        &'mfactl;help;completions'= {
        }
        &'mfactl;help;help'= {
        }
    ]
    $completions[$command]
}
