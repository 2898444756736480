using Dapper;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Account;

/// The sign-in methods come from configuration, so a change to them is noticed at start: when they differ from the
/// ones the audit log last recorded, a new entry records them (by the app, since no person made the change here).
public sealed class SignInMethods(
    Database db, AuditStore audit, IOptions<SignInOptions> signIn, IOptions<LdapOptions> ldap, IOptions<OidcOptions> oidc, ILogger<SignInMethods> logger)
{
    /// The methods in use, in a fixed order: "local" or "break-glass", then "ldap" and "oidc" when configured.
    public IReadOnlyList<string> Current()
    {
        var methods = new List<string> { signIn.Value.LocalPasswords ? "local" : "break-glass" };
        if (ldap.Value.SignIn)
        {
            methods.Add("ldap");
        }

        if (oidc.Value.Enabled)
        {
            methods.Add("oidc");
        }

        return methods;
    }

    private const string LastSql = """
        SELECT details FROM audit_log WHERE action = @action ORDER BY id DESC LIMIT 1
        """;

    private const string UsableBreakGlassSql = """
        SELECT count(*) FROM users WHERE email = @email AND role = 'Admin' AND is_active = 1 AND password_hash IS NOT NULL
        """;

    /// Local passwords only, never recorded before, is how every installation starts: nothing to record. A named
    /// break-glass admin who could not sign in (no such active admin, no password) is warned about at every start.
    public async Task RecordIfChangedAsync(CancellationToken ct = default)
    {
        if (!signIn.Value.LocalPasswords)
        {
            await using var connection = await db.OpenAsync(ct);
            foreach (var email in signIn.Value.BreakGlassAdmins)
            {
                if (await connection.ExecuteScalarAsync<long>(UsableBreakGlassSql, new { email = email.Trim() }) == 0)
                {
                    logger.LogWarning("Intranet:SignIn:BreakGlassAdmins names {Email}, who is no active admin with a local password here: that way in does not work.", email);
                }
            }
        }

        var details = AuditActions.Details(new { methods = Current() });
        await using var scope = await db.BeginWriteAsync(ct);
        var last = await scope.Connection.ExecuteScalarAsync<string?>(LastSql, new { action = AuditActions.SignInMethodsChanged }, scope.Transaction)
            ?? AuditActions.Details(new { methods = new[] { "local" } });
        if (last != details)
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, null, AuditActions.SignInMethodsChanged, "signin", details);
            await scope.CommitAsync(ct);
        }
    }
}
