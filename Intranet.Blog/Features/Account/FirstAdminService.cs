using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.People;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Account;

public sealed record FirstAdminInput
{
    public string? Token { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Password { get; init; }
}

public sealed record FirstAdminView(FirstAdminInput Input, bool LinkUsable);

public static class FirstAdminLink
{
    /// The token goes in the query string: request paths reach the error log, query strings do not.
    public static string Path(string token) => "/account/first-admin?token=" + Uri.EscapeDataString(token);
}

/// Creates the first admin through the one-time link the first start printed, while nobody exists yet.
public sealed class FirstAdminService(Database db, OneTimeLinks links, PeopleStore people, PeopleAdminStore admin, Enrolment enrolment, AuditStore audit, IStringLocalizer<SharedResource> t)
{
    /// For the GET page: the link is unused and unexpired, and nobody has been created since.
    public async Task<bool> IsUsableAsync(string? token, CancellationToken ct) =>
        await links.FindAsync(token, LinkPurposes.FirstAdmin, ct) is not null && await people.CountAsync(ct) == 0;

    /// The new admin's id, or the errors; a used, expired or unknown link is an error under "Token" and changes nothing.
    public async Task<(FieldErrors Errors, long? Id)> CreateAsync(FirstAdminInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var name = errors.Text("Name", input.Name, PersonLimits.DisplayName);
        var email = errors.Text("E-mail address", input.Email, PersonLimits.Email);
        if (email.Length > 0 && !errors.All.ContainsKey("E-mail address") && !PersonLimits.LooksLikeEmail(email))
        {
            errors.Add("E-mail address", t["{0} does not look like an e-mail address.", email]);
        }

        var password = errors.Password("Password", input.Password);

        if (errors.Any)
        {
            return (errors, null);
        }

        // Hashing is deliberately slow; it happens before the write lock is taken.
        var hash = Passwords.Hash(password);
        await using var scope = await db.BeginWriteAsync(ct);
        if (await people.CountAsync(scope.Connection, scope.Transaction) > 0
            || await links.RedeemAsync(scope.Connection, scope.Transaction, input.Token, LinkPurposes.FirstAdmin) is null)
        {
            errors.Add("Token", t["This link has been used or has expired. Restart the app to get a new one."]);
            return (errors, null);
        }

        var id = await enrolment.AddAsync(scope.Connection, scope.Transaction, new PersonFields(email, name, "", null, null, Roles.Admin), hash);
        await admin.RecomputeLevelsAsync(scope.Connection, scope.Transaction);
        await audit.InsertAsync(scope.Connection, scope.Transaction, id, AuditActions.FirstAdminCreated, AuditActions.Person(id), AuditActions.Details(new { email, name }));
        await scope.CommitAsync(ct);
        return (errors, id);
    }
}
