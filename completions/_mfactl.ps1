
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mfactl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mfactl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'mfactl' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('tenant', 'tenant', [CompletionResultType]::ParameterValue, 'Manage tenants (super apps, reseller platforms) and their 2FA settings')
            [CompletionResult]::new('company', 'company', [CompletionResultType]::ParameterValue, 'Manage companies of a tenant and their MFA enforcement')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users, their passwords and their second factors')
            [CompletionResult]::new('role', 'role', [CompletionResultType]::ParameterValue, 'Manage roles and role-based 2FA enforcement')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Manage groups; roles granted to a group reach its members')
            [CompletionResult]::new('mail', 'mail', [CompletionResultType]::ParameterValue, 'Set and check how mfactl sends email (codes and notifications)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Keep the 2FA policy of many tenants in one reviewed file: export, plan, apply')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show the store in use: its path, key file, schema version and counts')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in as a user, with every policy rule applied')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log, oldest first; filter with --since, --actor and --target')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Show 2FA coverage per company: who must use 2FA, who enrolled, who is missing it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;tenant' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a tenant, with the settings of set-auth (2FA off unless --enable)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tenants and their 2FA settings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a tenant''s settings and what it holds')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a tenant with its companies, users, roles and groups')
            [CompletionResult]::new('set-auth', 'set-auth', [CompletionResultType]::ParameterValue, 'Change a tenant''s authentication settings and print the result')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;tenant;create' {
            [CompletionResult]::new('--primary', '--primary', [CompletionResultType]::ParameterName, 'The method members pass by default')
            [CompletionResult]::new('--secondary', '--secondary', [CompletionResultType]::ParameterName, 'The method members may switch to, or none')
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'How long members may skip enrolment: 0, or a number with m, h or d (90m, 12h, 14d)')
            [CompletionResult]::new('--members-may-deactivate', '--members-may-deactivate', [CompletionResultType]::ParameterName, 'Whether members may turn their own 2FA off')
            [CompletionResult]::new('--remember-device-days', '--remember-device-days', [CompletionResultType]::ParameterName, 'How many days a remembered device skips the second factor; 0 disables it')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--enable', '--enable', [CompletionResultType]::ParameterName, 'Turn 2FA on for every member of the tenant')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;tenant;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;tenant;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;tenant;delete' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;tenant;set-auth' {
            [CompletionResult]::new('--primary', '--primary', [CompletionResultType]::ParameterName, 'The method members pass by default')
            [CompletionResult]::new('--secondary', '--secondary', [CompletionResultType]::ParameterName, 'The method members may switch to, or none')
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'How long members may skip enrolment: 0, or a number with m, h or d (90m, 12h, 14d)')
            [CompletionResult]::new('--members-may-deactivate', '--members-may-deactivate', [CompletionResultType]::ParameterName, 'Whether members may turn their own 2FA off')
            [CompletionResult]::new('--remember-device-days', '--remember-device-days', [CompletionResultType]::ParameterName, 'How many days a remembered device skips the second factor; 0 disables it')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--enable', '--enable', [CompletionResultType]::ParameterName, 'Turn 2FA on for every member of the tenant')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Turn tenant-wide 2FA off (asks for confirmation)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list the local users who would have to enrol; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;tenant;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a tenant, with the settings of set-auth (2FA off unless --enable)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tenants and their 2FA settings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a tenant''s settings and what it holds')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a tenant with its companies, users, roles and groups')
            [CompletionResult]::new('set-auth', 'set-auth', [CompletionResultType]::ParameterValue, 'Change a tenant''s authentication settings and print the result')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;tenant;help;create' {
            break
        }
        'mfactl;tenant;help;list' {
            break
        }
        'mfactl;tenant;help;show' {
            break
        }
        'mfactl;tenant;help;delete' {
            break
        }
        'mfactl;tenant;help;set-auth' {
            break
        }
        'mfactl;tenant;help;help' {
            break
        }
        'mfactl;company' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a company in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List companies')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a company')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a company and its users')
            [CompletionResult]::new('enforce-mfa', 'enforce-mfa', [CompletionResultType]::ParameterValue, 'Enforce MFA for the company''s local users, or lift it with --off')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;company;create' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--enforce-mfa', '--enforce-mfa', [CompletionResultType]::ParameterName, 'Enforce MFA for the company''s local users from the start')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;company;list' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only this tenant [default: every tenant]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;company;show' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;company;delete' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;company;enforce-mfa' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--off', '--off', [CompletionResultType]::ParameterName, 'Lift enforcement (asks for confirmation)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list the local users who would have to enrol; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;company;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a company in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List companies')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a company')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a company and its users')
            [CompletionResult]::new('enforce-mfa', 'enforce-mfa', [CompletionResultType]::ParameterValue, 'Enforce MFA for the company''s local users, or lift it with --off')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;company;help;create' {
            break
        }
        'mfactl;company;help;list' {
            break
        }
        'mfactl;company;help;show' {
            break
        }
        'mfactl;company;help;delete' {
            break
        }
        'mfactl;company;help;enforce-mfa' {
            break
        }
        'mfactl;company;help;help' {
            break
        }
        'mfactl;user' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user (local with a password here, or --sso)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users and their 2FA status')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a user: enrolment, every source that requires 2FA, lock, devices')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add many users from a CSV file, or authenticators from otpauth lines: all or none')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write users as the import''s CSV, with --with-secrets their passwords and authenticators')
            [CompletionResult]::new('set-password', 'set-password', [CompletionResultType]::ParameterValue, 'Change a user''s password (revokes their remembered devices)')
            [CompletionResult]::new('activate-2fa', 'activate-2fa', [CompletionResultType]::ParameterValue, 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on')
            [CompletionResult]::new('deactivate-2fa', 'deactivate-2fa', [CompletionResultType]::ParameterValue, 'Turn your own 2FA off, proving it is you with a code or a recovery code')
            [CompletionResult]::new('reset-mfa', 'reset-mfa', [CompletionResultType]::ParameterValue, 'Support reset for a lost phone: remove the authenticator, recovery codes and devices')
            [CompletionResult]::new('access-pass', 'access-pass', [CompletionResultType]::ParameterValue, 'Issue a temporary access pass: one sign-in that must enrol a new authenticator')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Clear a user''s lock and failed-attempt count')
            [CompletionResult]::new('devices', 'devices', [CompletionResultType]::ParameterValue, 'List a user''s remembered devices, or revoke them')
            [CompletionResult]::new('recovery-codes', 'recovery-codes', [CompletionResultType]::ParameterValue, 'Show how many recovery codes are left, or make ten new ones with --regenerate')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user with their factors, recovery codes, devices, roles and groups')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;user;add' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'The company the user belongs to')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--sso', '--sso', [CompletionResultType]::ParameterName, 'The user signs in through SSO elsewhere and has no password here')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--generate-password', '--generate-password', [CompletionResultType]::ParameterName, 'Generate a random password and print it once')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;list' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only this tenant [default: every tenant]')
            [CompletionResult]::new('--mfa', '--mfa', [CompletionResultType]::ParameterName, 'Only users enrolled, missing 2FA, or locked')
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Only users of this company')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Only users holding this role, directly or through a group')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only users whose email contains TEXT (case does not matter), e.g. a name or a domain')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;show' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;import' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What the file holds: users as CSV, or authenticators as otpauth lines')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--create-missing', '--create-missing', [CompletionResultType]::ParameterName, 'Create the tenants, companies and roles the CSV names that do not exist yet')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check every row and report what would be added, without writing anything')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;export' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only this tenant [default: every tenant]')
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Only the users of this company')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this new file instead of standard output')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--with-secrets', '--with-secrets', [CompletionResultType]::ParameterName, 'Also write password hashes and authenticator secrets (never to a terminal)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;set-password' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the new password from the first line of standard input')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;activate-2fa' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The 6-digit code of the app, to finish a pending enrolment')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Draw the QR code even off a terminal or on a narrow one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;deactivate-2fa' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'Proof: a code of the app, a recovery code, or the code sent by email')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'How to prove it is you: email sends a code to the user''s address')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;reset-mfa' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the audit log (e.g. "lost phone, ticket 4521")')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The code the caller read back (with --verify-email)')
            [CompletionResult]::new('--valid', '--valid', [CompletionResultType]::ParameterName, 'How long the access pass may be used: up to 24h [default: 1h]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--verify-email', '--verify-email', [CompletionResultType]::ParameterName, 'First send a code to the user''s email; reset only when the caller reads it back')
            [CompletionResult]::new('--access-pass', '--access-pass', [CompletionResultType]::ParameterName, 'Also issue a temporary access pass (see `user access-pass`), to read to the user')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;access-pass' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the audit log (e.g. "lost phone, ticket 4521, identity checked")')
            [CompletionResult]::new('--valid', '--valid', [CompletionResultType]::ParameterName, 'How long the pass may be used: a number with m or h, up to 24h [default: 1h]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;unlock' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;devices' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Revoke the remembered device with this id')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--revoke-all', '--revoke-all', [CompletionResultType]::ParameterName, 'Revoke every remembered device of the user')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;recovery-codes' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--regenerate', '--regenerate', [CompletionResultType]::ParameterName, 'Replace all recovery codes with ten new ones, shown once')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;delete' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;user;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user (local with a password here, or --sso)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users and their 2FA status')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a user: enrolment, every source that requires 2FA, lock, devices')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add many users from a CSV file, or authenticators from otpauth lines: all or none')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write users as the import''s CSV, with --with-secrets their passwords and authenticators')
            [CompletionResult]::new('set-password', 'set-password', [CompletionResultType]::ParameterValue, 'Change a user''s password (revokes their remembered devices)')
            [CompletionResult]::new('activate-2fa', 'activate-2fa', [CompletionResultType]::ParameterValue, 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on')
            [CompletionResult]::new('deactivate-2fa', 'deactivate-2fa', [CompletionResultType]::ParameterValue, 'Turn your own 2FA off, proving it is you with a code or a recovery code')
            [CompletionResult]::new('reset-mfa', 'reset-mfa', [CompletionResultType]::ParameterValue, 'Support reset for a lost phone: remove the authenticator, recovery codes and devices')
            [CompletionResult]::new('access-pass', 'access-pass', [CompletionResultType]::ParameterValue, 'Issue a temporary access pass: one sign-in that must enrol a new authenticator')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Clear a user''s lock and failed-attempt count')
            [CompletionResult]::new('devices', 'devices', [CompletionResultType]::ParameterValue, 'List a user''s remembered devices, or revoke them')
            [CompletionResult]::new('recovery-codes', 'recovery-codes', [CompletionResultType]::ParameterValue, 'Show how many recovery codes are left, or make ten new ones with --regenerate')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user with their factors, recovery codes, devices, roles and groups')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;user;help;add' {
            break
        }
        'mfactl;user;help;list' {
            break
        }
        'mfactl;user;help;show' {
            break
        }
        'mfactl;user;help;import' {
            break
        }
        'mfactl;user;help;export' {
            break
        }
        'mfactl;user;help;set-password' {
            break
        }
        'mfactl;user;help;activate-2fa' {
            break
        }
        'mfactl;user;help;deactivate-2fa' {
            break
        }
        'mfactl;user;help;reset-mfa' {
            break
        }
        'mfactl;user;help;access-pass' {
            break
        }
        'mfactl;user;help;unlock' {
            break
        }
        'mfactl;user;help;devices' {
            break
        }
        'mfactl;user;help;recovery-codes' {
            break
        }
        'mfactl;user;help;delete' {
            break
        }
        'mfactl;user;help;help' {
            break
        }
        'mfactl;role' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a role in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List roles, whether they require 2FA, and how many users hold them')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a role: whether it requires 2FA, and who holds it, directly or through a group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a role (its holders lose it)')
            [CompletionResult]::new('require-2fa', 'require-2fa', [CompletionResultType]::ParameterValue, 'Require 2FA of everyone holding the role, or stop with --off')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Give a role to a user directly')
            [CompletionResult]::new('unassign', 'unassign', [CompletionResultType]::ParameterValue, 'Take a directly held role from a user')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;role;create' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;role;list' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only this tenant [default: every tenant]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;role;show' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;role;delete' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;role;require-2fa' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--off', '--off', [CompletionResultType]::ParameterName, 'Stop requiring 2FA for the role (asks for confirmation; --yes for scripts)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list the local users who would have to enrol; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;role;assign' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;role;unassign' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;role;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a role in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List roles, whether they require 2FA, and how many users hold them')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a role: whether it requires 2FA, and who holds it, directly or through a group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a role (its holders lose it)')
            [CompletionResult]::new('require-2fa', 'require-2fa', [CompletionResultType]::ParameterValue, 'Require 2FA of everyone holding the role, or stop with --off')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Give a role to a user directly')
            [CompletionResult]::new('unassign', 'unassign', [CompletionResultType]::ParameterValue, 'Take a directly held role from a user')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;role;help;create' {
            break
        }
        'mfactl;role;help;list' {
            break
        }
        'mfactl;role;help;show' {
            break
        }
        'mfactl;role;help;delete' {
            break
        }
        'mfactl;role;help;require-2fa' {
            break
        }
        'mfactl;role;help;assign' {
            break
        }
        'mfactl;role;help;unassign' {
            break
        }
        'mfactl;role;help;help' {
            break
        }
        'mfactl;group' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List groups, how many members they have and the roles granted to them')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a group: the roles granted to it and its members')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group: its members lose the roles granted through it')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add a user to a group')
            [CompletionResult]::new('remove-member', 'remove-member', [CompletionResultType]::ParameterValue, 'Remove a user from a group: they lose the roles granted through it')
            [CompletionResult]::new('grant-role', 'grant-role', [CompletionResultType]::ParameterValue, 'Grant a role to a group: every member holds it')
            [CompletionResult]::new('revoke-role', 'revoke-role', [CompletionResultType]::ParameterValue, 'Take a role from a group: its members stop holding it through the group')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;group;create' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;list' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only this tenant [default: every tenant]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;show' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;delete' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;add-member' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;remove-member' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;grant-role' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;revoke-role' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;group;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List groups, how many members they have and the roles granted to them')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a group: the roles granted to it and its members')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group: its members lose the roles granted through it')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add a user to a group')
            [CompletionResult]::new('remove-member', 'remove-member', [CompletionResultType]::ParameterValue, 'Remove a user from a group: they lose the roles granted through it')
            [CompletionResult]::new('grant-role', 'grant-role', [CompletionResultType]::ParameterValue, 'Grant a role to a group: every member holds it')
            [CompletionResult]::new('revoke-role', 'revoke-role', [CompletionResultType]::ParameterValue, 'Take a role from a group: its members stop holding it through the group')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;group;help;create' {
            break
        }
        'mfactl;group;help;list' {
            break
        }
        'mfactl;group;help;show' {
            break
        }
        'mfactl;group;help;delete' {
            break
        }
        'mfactl;group;help;add-member' {
            break
        }
        'mfactl;group;help;remove-member' {
            break
        }
        'mfactl;group;help;grant-role' {
            break
        }
        'mfactl;group;help;revoke-role' {
            break
        }
        'mfactl;group;help;help' {
            break
        }
        'mfactl;mail' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the mail server every admin of this store sends through')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the mail server (never its password), or where the outbox is')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test message, to check delivery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;mail;set' {
            [CompletionResult]::new('--smtp-url', '--smtp-url', [CompletionResultType]::ParameterName, 'smtp://[USER@]HOST:PORT (STARTTLS) or smtps://[USER@]HOST:PORT (TLS)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The sender of every message: an address, or "Name <address>"')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of the CA that signed the server''s certificate (instead of the system roots)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password of the URL''s user from the first line of standard input')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;mail;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;mail;test' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;mail;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the mail server every admin of this store sends through')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the mail server (never its password), or where the outbox is')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test message, to check delivery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;mail;help;set' {
            break
        }
        'mfactl;mail;help;show' {
            break
        }
        'mfactl;mail;help;test' {
            break
        }
        'mfactl;mail;help;help' {
            break
        }
        'mfactl;policy' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the 2FA policy of every tenant (or one) as a file to review and apply')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `policy apply` would change, and who would have to enrol')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Change the store to match the file: all of it or nothing')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the policy file, for editors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;policy;export' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this new file instead of standard output (an existing file is refused)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Export this tenant only [default: every tenant]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;policy;plan' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also remove what the tenants'' sections do not name: companies (never one that has users), roles and groups of each kind listed, and holders, members and grants not named under a role or group that lists them')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit 9 when there are changes, 0 when there are none (for CI)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;policy;apply' {
            [CompletionResult]::new('--plan-id', '--plan-id', [CompletionResultType]::ParameterName, 'Apply only if the plan is still the one `policy plan` printed with this id (exit 8, nothing changed, when the store or the file moved since)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, recorded in every audit entry of the apply')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also remove what the file does not name (as `policy plan --prune`)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;policy;schema' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;policy;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the 2FA policy of every tenant (or one) as a file to review and apply')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `policy apply` would change, and who would have to enrol')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Change the store to match the file: all of it or nothing')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the policy file, for editors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;policy;help;export' {
            break
        }
        'mfactl;policy;help;plan' {
            break
        }
        'mfactl;policy;help;apply' {
            break
        }
        'mfactl;policy;help;schema' {
            break
        }
        'mfactl;policy;help;help' {
            break
        }
        'mfactl;store' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show which store and key file are in use, the schema version and what it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the whole store: database, schema, key file, secrets, audit log')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the store''s encryption key, re-encrypting every secret under a new one')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a consistent, checked copy of the live store to a new SQLite file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;store;info' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;store;copy' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to copy the store: an SQLite file path, or a postgres:// URL')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;store;check' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;store;rekey' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Rekey without asking (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;store;backup' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;store;help' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show which store and key file are in use, the schema version and what it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the whole store: database, schema, key file, secrets, audit log')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the store''s encryption key, re-encrypting every secret under a new one')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a consistent, checked copy of the live store to a new SQLite file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;store;help;info' {
            break
        }
        'mfactl;store;help;copy' {
            break
        }
        'mfactl;store;help;check' {
            break
        }
        'mfactl;store;help;rekey' {
            break
        }
        'mfactl;store;help;backup' {
            break
        }
        'mfactl;store;help;help' {
            break
        }
        'mfactl;login' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to act in [default: the only tenant of the store]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The second factor to use')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The code: 6 digits from the app (8 for an app imported with 8) or the email, a recovery code, or an access pass')
            [CompletionResult]::new('--device-token', '--device-token', [CompletionResultType]::ParameterName, 'A token from an earlier --remember [default: the one saved on this machine]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Skip enrolment while the tenant''s grace period lasts')
            [CompletionResult]::new('--remember', '--remember', [CompletionResultType]::ParameterName, 'Remember this device after a second factor: later sign-ins skip it')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Draw an enrolment''s QR code even off a terminal or on a narrow one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;audit' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries since this long ago (90m, 12h, 14d) or since an RFC 3339 date')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Only entries whose target contains this text (an email, a tenant, a company)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;audit;verify' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;audit;help;verify' {
            break
        }
        'mfactl;audit;help;help' {
            break
        }
        'mfactl;report' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only this tenant [default: every tenant]')
            [CompletionResult]::new('--company', '--company', [CompletionResultType]::ParameterName, 'Only this company')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print comma-separated values with a header row and a TOTAL line (not with --json)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store: an SQLite file, or a postgres:// URL')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is acting, recorded in the audit log [default: the OS user]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON value on stdout (errors as {"error": {...}} on stderr)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing answer exits 4 naming the flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no success messages (results, JSON and errors are still printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mfactl;help' {
            [CompletionResult]::new('tenant', 'tenant', [CompletionResultType]::ParameterValue, 'Manage tenants (super apps, reseller platforms) and their 2FA settings')
            [CompletionResult]::new('company', 'company', [CompletionResultType]::ParameterValue, 'Manage companies of a tenant and their MFA enforcement')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users, their passwords and their second factors')
            [CompletionResult]::new('role', 'role', [CompletionResultType]::ParameterValue, 'Manage roles and role-based 2FA enforcement')
            [CompletionResult]::new('group', 'group', [CompletionResultType]::ParameterValue, 'Manage groups; roles granted to a group reach its members')
            [CompletionResult]::new('mail', 'mail', [CompletionResultType]::ParameterValue, 'Set and check how mfactl sends email (codes and notifications)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Keep the 2FA policy of many tenants in one reviewed file: export, plan, apply')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show the store in use: its path, key file, schema version and counts')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in as a user, with every policy rule applied')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log, oldest first; filter with --since, --actor and --target')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Show 2FA coverage per company: who must use 2FA, who enrolled, who is missing it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mfactl;help;tenant' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a tenant, with the settings of set-auth (2FA off unless --enable)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tenants and their 2FA settings')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a tenant''s settings and what it holds')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a tenant with its companies, users, roles and groups')
            [CompletionResult]::new('set-auth', 'set-auth', [CompletionResultType]::ParameterValue, 'Change a tenant''s authentication settings and print the result')
            break
        }
        'mfactl;help;tenant;create' {
            break
        }
        'mfactl;help;tenant;list' {
            break
        }
        'mfactl;help;tenant;show' {
            break
        }
        'mfactl;help;tenant;delete' {
            break
        }
        'mfactl;help;tenant;set-auth' {
            break
        }
        'mfactl;help;company' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a company in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List companies')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a company')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a company and its users')
            [CompletionResult]::new('enforce-mfa', 'enforce-mfa', [CompletionResultType]::ParameterValue, 'Enforce MFA for the company''s local users, or lift it with --off')
            break
        }
        'mfactl;help;company;create' {
            break
        }
        'mfactl;help;company;list' {
            break
        }
        'mfactl;help;company;show' {
            break
        }
        'mfactl;help;company;delete' {
            break
        }
        'mfactl;help;company;enforce-mfa' {
            break
        }
        'mfactl;help;user' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user (local with a password here, or --sso)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users and their 2FA status')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a user: enrolment, every source that requires 2FA, lock, devices')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add many users from a CSV file, or authenticators from otpauth lines: all or none')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write users as the import''s CSV, with --with-secrets their passwords and authenticators')
            [CompletionResult]::new('set-password', 'set-password', [CompletionResultType]::ParameterValue, 'Change a user''s password (revokes their remembered devices)')
            [CompletionResult]::new('activate-2fa', 'activate-2fa', [CompletionResultType]::ParameterValue, 'Enrol an authenticator app: QR code and key, then verify a code to turn 2FA on')
            [CompletionResult]::new('deactivate-2fa', 'deactivate-2fa', [CompletionResultType]::ParameterValue, 'Turn your own 2FA off, proving it is you with a code or a recovery code')
            [CompletionResult]::new('reset-mfa', 'reset-mfa', [CompletionResultType]::ParameterValue, 'Support reset for a lost phone: remove the authenticator, recovery codes and devices')
            [CompletionResult]::new('access-pass', 'access-pass', [CompletionResultType]::ParameterValue, 'Issue a temporary access pass: one sign-in that must enrol a new authenticator')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Clear a user''s lock and failed-attempt count')
            [CompletionResult]::new('devices', 'devices', [CompletionResultType]::ParameterValue, 'List a user''s remembered devices, or revoke them')
            [CompletionResult]::new('recovery-codes', 'recovery-codes', [CompletionResultType]::ParameterValue, 'Show how many recovery codes are left, or make ten new ones with --regenerate')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user with their factors, recovery codes, devices, roles and groups')
            break
        }
        'mfactl;help;user;add' {
            break
        }
        'mfactl;help;user;list' {
            break
        }
        'mfactl;help;user;show' {
            break
        }
        'mfactl;help;user;import' {
            break
        }
        'mfactl;help;user;export' {
            break
        }
        'mfactl;help;user;set-password' {
            break
        }
        'mfactl;help;user;activate-2fa' {
            break
        }
        'mfactl;help;user;deactivate-2fa' {
            break
        }
        'mfactl;help;user;reset-mfa' {
            break
        }
        'mfactl;help;user;access-pass' {
            break
        }
        'mfactl;help;user;unlock' {
            break
        }
        'mfactl;help;user;devices' {
            break
        }
        'mfactl;help;user;recovery-codes' {
            break
        }
        'mfactl;help;user;delete' {
            break
        }
        'mfactl;help;role' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a role in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List roles, whether they require 2FA, and how many users hold them')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a role: whether it requires 2FA, and who holds it, directly or through a group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a role (its holders lose it)')
            [CompletionResult]::new('require-2fa', 'require-2fa', [CompletionResultType]::ParameterValue, 'Require 2FA of everyone holding the role, or stop with --off')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Give a role to a user directly')
            [CompletionResult]::new('unassign', 'unassign', [CompletionResultType]::ParameterValue, 'Take a directly held role from a user')
            break
        }
        'mfactl;help;role;create' {
            break
        }
        'mfactl;help;role;list' {
            break
        }
        'mfactl;help;role;show' {
            break
        }
        'mfactl;help;role;delete' {
            break
        }
        'mfactl;help;role;require-2fa' {
            break
        }
        'mfactl;help;role;assign' {
            break
        }
        'mfactl;help;role;unassign' {
            break
        }
        'mfactl;help;group' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group in a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List groups, how many members they have and the roles granted to them')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a group: the roles granted to it and its members')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group: its members lose the roles granted through it')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add a user to a group')
            [CompletionResult]::new('remove-member', 'remove-member', [CompletionResultType]::ParameterValue, 'Remove a user from a group: they lose the roles granted through it')
            [CompletionResult]::new('grant-role', 'grant-role', [CompletionResultType]::ParameterValue, 'Grant a role to a group: every member holds it')
            [CompletionResult]::new('revoke-role', 'revoke-role', [CompletionResultType]::ParameterValue, 'Take a role from a group: its members stop holding it through the group')
            break
        }
        'mfactl;help;group;create' {
            break
        }
        'mfactl;help;group;list' {
            break
        }
        'mfactl;help;group;show' {
            break
        }
        'mfactl;help;group;delete' {
            break
        }
        'mfactl;help;group;add-member' {
            break
        }
        'mfactl;help;group;remove-member' {
            break
        }
        'mfactl;help;group;grant-role' {
            break
        }
        'mfactl;help;group;revoke-role' {
            break
        }
        'mfactl;help;mail' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the mail server every admin of this store sends through')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the mail server (never its password), or where the outbox is')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test message, to check delivery')
            break
        }
        'mfactl;help;mail;set' {
            break
        }
        'mfactl;help;mail;show' {
            break
        }
        'mfactl;help;mail;test' {
            break
        }
        'mfactl;help;policy' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the 2FA policy of every tenant (or one) as a file to review and apply')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `policy apply` would change, and who would have to enrol')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Change the store to match the file: all of it or nothing')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the policy file, for editors')
            break
        }
        'mfactl;help;policy;export' {
            break
        }
        'mfactl;help;policy;plan' {
            break
        }
        'mfactl;help;policy;apply' {
            break
        }
        'mfactl;help;policy;schema' {
            break
        }
        'mfactl;help;store' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Show which store and key file are in use, the schema version and what it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store to another store, e.g. an SQLite file to PostgreSQL or back')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the whole store: database, schema, key file, secrets, audit log')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the store''s encryption key, re-encrypting every secret under a new one')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write a consistent, checked copy of the live store to a new SQLite file')
            break
        }
        'mfactl;help;store;info' {
            break
        }
        'mfactl;help;store;copy' {
            break
        }
        'mfactl;help;store;check' {
            break
        }
        'mfactl;help;store;rekey' {
            break
        }
        'mfactl;help;store;backup' {
            break
        }
        'mfactl;help;login' {
            break
        }
        'mfactl;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that no entry was changed, removed or reordered; exit 1 naming the first that was')
            break
        }
        'mfactl;help;audit;verify' {
            break
        }
        'mfactl;help;report' {
            break
        }
        'mfactl;help;completions' {
            break
        }
        'mfactl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
