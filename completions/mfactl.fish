# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mfactl_global_optspecs
    string join \n store= json actor= no-input q/quiet h/help V/version
end

function __fish_mfactl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mfactl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mfactl_using_subcommand
    set -l cmd (__fish_mfactl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mfactl -n "__fish_mfactl_needs_command" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_needs_command" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_needs_command" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_needs_command" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_needs_command" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_needs_command" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "tenant" -d 'Manage tenants (super apps, reseller platforms) and their 2FA settings'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "company" -d 'Manage companies of a tenant and their MFA enforcement'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "user" -d 'Manage users, their passwords and their second factors'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "role" -d 'Manage roles and role-based 2FA enforcement'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "group" -d 'Manage groups; roles granted to a group reach its members'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "mail" -d 'Set and check how mfactl sends email (codes and notifications)'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "policy" -d 'Keep the 2FA policy of many tenants in one reviewed file: export, plan, apply'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "store" -d 'Show the store in use: its path, key file, schema version and counts'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "login" -d 'Sign in as a user, with every policy rule applied'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "audit" -d 'Show the audit log, oldest first; filter with --since, --actor and --target'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "report" -d 'Show 2FA coverage per company: who must use 2FA, who enrolled, who is missing it'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -f -a "create" -d 'Create a tenant, with the settings of set-auth (2FA off unless --enable)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -f -a "list" -d 'List tenants and their 2FA settings'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -f -a "show" -d 'Show a tenant\'s settings and what it holds'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -f -a "delete" -d 'Delete a tenant with its companies, users, roles and groups'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -f -a "set-auth" -d 'Change a tenant\'s authentication settings and print the result'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and not __fish_seen_subcommand_from create list show delete set-auth help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l primary -d 'The method members pass by default' -r -f -a "totp\t''
email\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l secondary -d 'The method members may switch to, or none' -r -f -a "totp\t''
email\t''
none\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l grace-period -d 'How long members may skip enrolment: 0, or a number with m, h or d (90m, 12h, 14d)' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l members-may-deactivate -d 'Whether members may turn their own 2FA off' -r -f -a "true\t''
false\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l remember-device-days -d 'How many days a remembered device skips the second factor; 0 disables it' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l enable -d 'Turn 2FA on for every member of the tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l primary -d 'The method members pass by default' -r -f -a "totp\t''
email\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l secondary -d 'The method members may switch to, or none' -r -f -a "totp\t''
email\t''
none\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l grace-period -d 'How long members may skip enrolment: 0, or a number with m, h or d (90m, 12h, 14d)' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l members-may-deactivate -d 'Whether members may turn their own 2FA off' -r -f -a "true\t''
false\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l remember-device-days -d 'How many days a remembered device skips the second factor; 0 disables it' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l enable -d 'Turn 2FA on for every member of the tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l disable -d 'Turn tenant-wide 2FA off (asks for confirmation)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l dry-run -d 'Only list the local users who would have to enrol; change nothing'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from set-auth" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a tenant, with the settings of set-auth (2FA off unless --enable)'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tenants and their 2FA settings'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a tenant\'s settings and what it holds'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a tenant with its companies, users, roles and groups'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "set-auth" -d 'Change a tenant\'s authentication settings and print the result'
complete -c mfactl -n "__fish_mfactl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -f -a "create" -d 'Create a company in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -f -a "list" -d 'List companies'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -f -a "show" -d 'Show a company'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -f -a "delete" -d 'Delete a company and its users'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -f -a "enforce-mfa" -d 'Enforce MFA for the company\'s local users, or lift it with --off'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and not __fish_seen_subcommand_from create list show delete enforce-mfa help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -l enforce-mfa -d 'Enforce MFA for the company\'s local users from the start'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from list" -l tenant -d 'Only this tenant [default: every tenant]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from list" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from show" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -l off -d 'Lift enforcement (asks for confirmation)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -l dry-run -d 'Only list the local users who would have to enrol; change nothing'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from enforce-mfa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a company in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "list" -d 'List companies'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a company'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a company and its users'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "enforce-mfa" -d 'Enforce MFA for the company\'s local users, or lift it with --off'
complete -c mfactl -n "__fish_mfactl_using_subcommand company; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "add" -d 'Add a user (local with a password here, or --sso)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "list" -d 'List users and their 2FA status'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "show" -d 'Show a user: enrolment, every source that requires 2FA, lock, devices'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "import" -d 'Add many users from a CSV file, or authenticators from otpauth lines: all or none'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "export" -d 'Write users as the import\'s CSV, with --with-secrets their passwords and authenticators'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "set-password" -d 'Change a user\'s password (revokes their remembered devices)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "activate-2fa" -d 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "deactivate-2fa" -d 'Turn your own 2FA off, proving it is you with a code or a recovery code'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "reset-mfa" -d 'Support reset for a lost phone: remove the authenticator, recovery codes and devices'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "access-pass" -d 'Issue a temporary access pass: one sign-in that must enrol a new authenticator'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "unlock" -d 'Clear a user\'s lock and failed-attempt count'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "devices" -d 'List a user\'s remembered devices, or revoke them'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "recovery-codes" -d 'Show how many recovery codes are left, or make ten new ones with --regenerate'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "delete" -d 'Delete a user with their factors, recovery codes, devices, roles and groups'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show import export set-password activate-2fa deactivate-2fa reset-mfa access-pass unlock devices recovery-codes delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l company -d 'The company the user belongs to' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l sso -d 'The user signs in through SSO elsewhere and has no password here'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l generate-password -d 'Generate a random password and print it once'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l tenant -d 'Only this tenant [default: every tenant]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l mfa -d 'Only users enrolled, missing 2FA, or locked' -r -f -a "enrolled\t''
missing\t''
locked\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l company -d 'Only users of this company' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l role -d 'Only users holding this role, directly or through a group' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l match -d 'Only users whose email contains TEXT (case does not matter), e.g. a name or a domain' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l format -d 'What the file holds: users as CSV, or authenticators as otpauth lines' -r -f -a "csv\t''
otpauth\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l create-missing -d 'Create the tenants, companies and roles the CSV names that do not exist yet'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l dry-run -d 'Check every row and report what would be added, without writing anything'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l tenant -d 'Only this tenant [default: every tenant]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l company -d 'Only the users of this company' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l out -d 'Write to this new file instead of standard output' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l with-secrets -d 'Also write password hashes and authenticator secrets (never to a terminal)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l password-stdin -d 'Read the new password from the first line of standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set-password" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -l code -d 'The 6-digit code of the app, to finish a pending enrolment' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -l qr -d 'Draw the QR code even off a terminal or on a narrow one'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from activate-2fa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -l code -d 'Proof: a code of the app, a recovery code, or the code sent by email' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -l method -d 'How to prove it is you: email sends a code to the user\'s address' -r -f -a "totp\t''
recovery\t''
email\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from deactivate-2fa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l reason -d 'Why, for the audit log (e.g. "lost phone, ticket 4521")' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l code -d 'The code the caller read back (with --verify-email)' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l valid -d 'How long the access pass may be used: up to 24h [default: 1h]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l verify-email -d 'First send a code to the user\'s email; reset only when the caller reads it back'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l access-pass -d 'Also issue a temporary access pass (see `user access-pass`), to read to the user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -l reason -d 'Why, for the audit log (e.g. "lost phone, ticket 4521, identity checked")' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -l valid -d 'How long the pass may be used: a number with m or h, up to 24h [default: 1h]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from access-pass" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -l revoke -d 'Revoke the remembered device with this id' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -l revoke-all -d 'Revoke every remembered device of the user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from devices" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -l regenerate -d 'Replace all recovery codes with ten new ones, shown once'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from recovery-codes" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a user (local with a password here, or --sso)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List users and their 2FA status'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a user: enrolment, every source that requires 2FA, lock, devices'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add many users from a CSV file, or authenticators from otpauth lines: all or none'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write users as the import\'s CSV, with --with-secrets their passwords and authenticators'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "set-password" -d 'Change a user\'s password (revokes their remembered devices)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "activate-2fa" -d 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "deactivate-2fa" -d 'Turn your own 2FA off, proving it is you with a code or a recovery code'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "reset-mfa" -d 'Support reset for a lost phone: remove the authenticator, recovery codes and devices'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "access-pass" -d 'Issue a temporary access pass: one sign-in that must enrol a new authenticator'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "unlock" -d 'Clear a user\'s lock and failed-attempt count'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "devices" -d 'List a user\'s remembered devices, or revoke them'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "recovery-codes" -d 'Show how many recovery codes are left, or make ten new ones with --regenerate'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a user with their factors, recovery codes, devices, roles and groups'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "create" -d 'Create a role in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "list" -d 'List roles, whether they require 2FA, and how many users hold them'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "show" -d 'Show a role: whether it requires 2FA, and who holds it, directly or through a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "delete" -d 'Delete a role (its holders lose it)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "require-2fa" -d 'Require 2FA of everyone holding the role, or stop with --off'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "assign" -d 'Give a role to a user directly'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "unassign" -d 'Take a directly held role from a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and not __fish_seen_subcommand_from create list show delete require-2fa assign unassign help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from create" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from list" -l tenant -d 'Only this tenant [default: every tenant]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from list" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from show" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -l off -d 'Stop requiring 2FA for the role (asks for confirmation; --yes for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -l dry-run -d 'Only list the local users who would have to enrol; change nothing'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from require-2fa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from assign" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from assign" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from assign" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from assign" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from assign" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from assign" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from assign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from unassign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a role in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "list" -d 'List roles, whether they require 2FA, and how many users hold them'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a role: whether it requires 2FA, and who holds it, directly or through a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a role (its holders lose it)'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "require-2fa" -d 'Require 2FA of everyone holding the role, or stop with --off'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "assign" -d 'Give a role to a user directly'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "unassign" -d 'Take a directly held role from a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand role; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "create" -d 'Create a group in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "list" -d 'List groups, how many members they have and the roles granted to them'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "show" -d 'Show a group: the roles granted to it and its members'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "delete" -d 'Delete a group: its members lose the roles granted through it'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "add-member" -d 'Add a user to a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "remove-member" -d 'Remove a user from a group: they lose the roles granted through it'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "grant-role" -d 'Grant a role to a group: every member holds it'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "revoke-role" -d 'Take a role from a group: its members stop holding it through the group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from create list show delete add-member remove-member grant-role revoke-role help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from create" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from create" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from create" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l tenant -d 'Only this tenant [default: every tenant]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from show" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from grant-role" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from grant-role" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from grant-role" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from grant-role" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from grant-role" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from grant-role" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from grant-role" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from revoke-role" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a group in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "list" -d 'List groups, how many members they have and the roles granted to them'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a group: the roles granted to it and its members'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a group: its members lose the roles granted through it'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "add-member" -d 'Add a user to a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "remove-member" -d 'Remove a user from a group: they lose the roles granted through it'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "grant-role" -d 'Grant a role to a group: every member holds it'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "revoke-role" -d 'Take a role from a group: its members stop holding it through the group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -f -a "set" -d 'Set the mail server every admin of this store sends through'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -f -a "show" -d 'Show the mail server (never its password), or where the outbox is'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -f -a "test" -d 'Send a test message, to check delivery'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from set show test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l smtp-url -d 'smtp://[USER@]HOST:PORT (STARTTLS) or smtps://[USER@]HOST:PORT (TLS)' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l from -d 'The sender of every message: an address, or "Name <address>"' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l ca-file -d 'A PEM file of the CA that signed the server\'s certificate (instead of the system roots)' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l password-stdin -d 'Read the password of the URL\'s user from the first line of standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from show" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from show" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set the mail server every admin of this store sends through'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the mail server (never its password), or where the outbox is'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a test message, to check delivery'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -f -a "export" -d 'Write the 2FA policy of every tenant (or one) as a file to review and apply'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -f -a "plan" -d 'Show what `policy apply` would change, and who would have to enrol'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -f -a "apply" -d 'Change the store to match the file: all of it or nothing'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -f -a "schema" -d 'Print the JSON Schema of the policy file, for editors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from export plan apply schema help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -l out -d 'Write to this new file instead of standard output (an existing file is refused)' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -l tenant -d 'Export this tenant only [default: every tenant]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -l prune -d 'Also remove what the tenants\' sections do not name: companies (never one that has users), roles and groups of each kind listed, and holders, members and grants not named under a role or group that lists them'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -l exit-code -d 'Exit 9 when there are changes, 0 when there are none (for CI)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -l plan-id -d 'Apply only if the plan is still the one `policy plan` printed with this id (exit 8, nothing changed, when the store or the file moved since)' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -l reason -d 'Why, recorded in every audit entry of the apply' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -l prune -d 'Also remove what the file does not name (as `policy plan --prune`)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -s y -l yes -d 'Do not ask for confirmation (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from schema" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from schema" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from schema" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from schema" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from schema" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the 2FA policy of every tenant (or one) as a file to review and apply'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Show what `policy apply` would change, and who would have to enrol'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Change the store to match the file: all of it or nothing'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Print the JSON Schema of the policy file, for editors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -f -a "info" -d 'Show which store and key file are in use, the schema version and what it holds'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -f -a "copy" -d 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -f -a "check" -d 'Check the whole store: database, schema, key file, secrets, audit log'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -f -a "rekey" -d 'Replace the store\'s encryption key, re-encrypting every secret under a new one'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -f -a "backup" -d 'Write a consistent, checked copy of the live store to a new SQLite file'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and not __fish_seen_subcommand_from info copy check rekey backup help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from info" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from info" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from info" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from info" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from copy" -l to -d 'Where to copy the store: an SQLite file path, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from copy" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from copy" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from copy" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from copy" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from check" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from check" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from check" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l yes -d 'Rekey without asking (for scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from rekey" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from rekey" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from rekey" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from backup" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from backup" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from backup" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from backup" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from backup" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "info" -d 'Show which store and key file are in use, the schema version and what it holds'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the whole store: database, schema, key file, secrets, audit log'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "rekey" -d 'Replace the store\'s encryption key, re-encrypting every secret under a new one'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "backup" -d 'Write a consistent, checked copy of the live store to a new SQLite file'
complete -c mfactl -n "__fish_mfactl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l tenant -d 'Tenant to act in [default: the only tenant of the store]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l method -d 'The second factor to use' -r -f -a "totp\t''
email\t''
recovery\t''
pass\t''"
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l code -d 'The code: 6 digits from the app (8 for an app imported with 8) or the email, a recovery code, or an access pass' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l device-token -d 'A token from an earlier --remember [default: the one saved on this machine]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l skip -d 'Skip enrolment while the tenant\'s grace period lasts'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l remember -d 'Remember this device after a second factor: later sign-ins skip it'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l qr -d 'Draw an enrolment\'s QR code even off a terminal or on a narrow one'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l since -d 'Only entries since this long ago (90m, 12h, 14d) or since an RFC 3339 date' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l target -d 'Only entries whose target contains this text (an email, a tenant, a company)' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -l tenant -d 'Only this tenant [default: every tenant]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -l company -d 'Only this company' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -l csv -d 'Print comma-separated values with a header row and a TOTAL line (not with --json)'
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand completions" -l store -d 'The store: an SQLite file, or a postgres:// URL' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand completions" -l actor -d 'Who is acting, recorded in the audit log [default: the OS user]' -r -f
complete -c mfactl -n "__fish_mfactl_using_subcommand completions" -l json -d 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)'
complete -c mfactl -n "__fish_mfactl_using_subcommand completions" -l no-input -d 'Never prompt; a missing answer exits 4 naming the flag'
complete -c mfactl -n "__fish_mfactl_using_subcommand completions" -s q -l quiet -d 'Print no success messages (results, JSON and errors are still printed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "tenant" -d 'Manage tenants (super apps, reseller platforms) and their 2FA settings'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "company" -d 'Manage companies of a tenant and their MFA enforcement'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "user" -d 'Manage users, their passwords and their second factors'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "role" -d 'Manage roles and role-based 2FA enforcement'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "group" -d 'Manage groups; roles granted to a group reach its members'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "mail" -d 'Set and check how mfactl sends email (codes and notifications)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "policy" -d 'Keep the 2FA policy of many tenants in one reviewed file: export, plan, apply'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "store" -d 'Show the store in use: its path, key file, schema version and counts'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "login" -d 'Sign in as a user, with every policy rule applied'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "audit" -d 'Show the audit log, oldest first; filter with --since, --actor and --target'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "report" -d 'Show 2FA coverage per company: who must use 2FA, who enrolled, who is missing it'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from tenant company user role group mail policy store login audit report completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "create" -d 'Create a tenant, with the settings of set-auth (2FA off unless --enable)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "list" -d 'List tenants and their 2FA settings'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "show" -d 'Show a tenant\'s settings and what it holds'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "delete" -d 'Delete a tenant with its companies, users, roles and groups'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "set-auth" -d 'Change a tenant\'s authentication settings and print the result'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from company" -f -a "create" -d 'Create a company in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from company" -f -a "list" -d 'List companies'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from company" -f -a "show" -d 'Show a company'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from company" -f -a "delete" -d 'Delete a company and its users'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from company" -f -a "enforce-mfa" -d 'Enforce MFA for the company\'s local users, or lift it with --off'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Add a user (local with a password here, or --sso)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List users and their 2FA status'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'Show a user: enrolment, every source that requires 2FA, lock, devices'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "import" -d 'Add many users from a CSV file, or authenticators from otpauth lines: all or none'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "export" -d 'Write users as the import\'s CSV, with --with-secrets their passwords and authenticators'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "set-password" -d 'Change a user\'s password (revokes their remembered devices)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "activate-2fa" -d 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "deactivate-2fa" -d 'Turn your own 2FA off, proving it is you with a code or a recovery code'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "reset-mfa" -d 'Support reset for a lost phone: remove the authenticator, recovery codes and devices'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "access-pass" -d 'Issue a temporary access pass: one sign-in that must enrol a new authenticator'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "unlock" -d 'Clear a user\'s lock and failed-attempt count'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "devices" -d 'List a user\'s remembered devices, or revoke them'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "recovery-codes" -d 'Show how many recovery codes are left, or make ten new ones with --regenerate'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "delete" -d 'Delete a user with their factors, recovery codes, devices, roles and groups'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "create" -d 'Create a role in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "list" -d 'List roles, whether they require 2FA, and how many users hold them'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "show" -d 'Show a role: whether it requires 2FA, and who holds it, directly or through a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "delete" -d 'Delete a role (its holders lose it)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "require-2fa" -d 'Require 2FA of everyone holding the role, or stop with --off'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "assign" -d 'Give a role to a user directly'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from role" -f -a "unassign" -d 'Take a directly held role from a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "create" -d 'Create a group in a tenant'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "list" -d 'List groups, how many members they have and the roles granted to them'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "show" -d 'Show a group: the roles granted to it and its members'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "delete" -d 'Delete a group: its members lose the roles granted through it'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "add-member" -d 'Add a user to a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "remove-member" -d 'Remove a user from a group: they lose the roles granted through it'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "grant-role" -d 'Grant a role to a group: every member holds it'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "revoke-role" -d 'Take a role from a group: its members stop holding it through the group'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "set" -d 'Set the mail server every admin of this store sends through'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "show" -d 'Show the mail server (never its password), or where the outbox is'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "test" -d 'Send a test message, to check delivery'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "export" -d 'Write the 2FA policy of every tenant (or one) as a file to review and apply'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "plan" -d 'Show what `policy apply` would change, and who would have to enrol'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "apply" -d 'Change the store to match the file: all of it or nothing'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "schema" -d 'Print the JSON Schema of the policy file, for editors'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "info" -d 'Show which store and key file are in use, the schema version and what it holds'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "copy" -d 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "check" -d 'Check the whole store: database, schema, key file, secrets, audit log'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "rekey" -d 'Replace the store\'s encryption key, re-encrypting every secret under a new one'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "backup" -d 'Write a consistent, checked copy of the live store to a new SQLite file'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was'
