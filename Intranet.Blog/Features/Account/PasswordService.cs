using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Account;

public sealed record SetPasswordInput
{
    public string? Token { get; init; }
    public string? Password { get; init; }
}

/// Name: whose link it is, shown so that a person who got someone else's sheet notices; null when the link cannot be used.
public sealed record SetPasswordView(string? Token, string? Name);

public sealed record ChangePasswordInput
{
    public string? CurrentPassword { get; init; }
    public string? NewPassword { get; init; }
}

public sealed record ChangePasswordView(bool Changed);

/// A person's own password: chosen through an invitation or reset link (Features/Links, purpose SetPassword), or
/// changed on their account page with the current one. Every new password ends the person's other sessions (a new
/// security stamp, and their open live connections close); the passwords themselves are never shown or logged.
public sealed class PasswordService(
    Database db, OneTimeLinks links, PeopleAdminStore users, AccountStore accounts, AuditStore audit, EventStore events,
    LocalPasswordPolicy local, IStringLocalizer<SharedResource> t)
{
    /// For the GET page: whose usable link this is. Changes nothing (mail scanners open links before people do).
    public async Task<string?> LinkOwnerAsync(string? token, CancellationToken ct) =>
        await links.FindAsync(token, LinkPurposes.SetPassword, ct) is { PersonId: { } id } && await users.GetAsync(id, ct) is { Card.IsActive: true } person
            ? person.Card.DisplayName
            : null;

    /// Uses the link up together with setting the password; returns the person's e-mail address to sign them in with.
    /// A used, expired or unknown link (or a deactivated person) is an error under "Token" and changes nothing.
    public async Task<(FieldErrors Errors, string? Email)> SetAsync(SetPasswordInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var password = errors.Password("Password", input.Password);
        if (errors.Any)
        {
            return (errors, null);
        }

        // Hashing is deliberately slow; it happens before the write lock is taken.
        var hash = Passwords.Hash(password);
        await using var scope = await db.BeginWriteAsync(ct);
        var link = await links.RedeemAsync(scope.Connection, scope.Transaction, input.Token, LinkPurposes.SetPassword);
        var person = link?.PersonId is { } id ? await users.GetAsync(scope.Connection, scope.Transaction, id) : null;
        if (person is null || !person.Card.IsActive)
        {
            errors.Add("Token", t["This link has been used or has expired. Ask an administrator for a new one."]);
            return (errors, null);
        }

        // A link issued before local passwords were switched off (or before the directory took over) is not used up.
        if (!local.AllowedFor(person.Email, person.Role, person.DirectoryId))
        {
            errors.Add("Token", t["Passwords kept here are switched off for you: sign in with your company account."]);
            return (errors, null);
        }

        await SaveAsync(scope, person.Card.Id, hash, AuditActions.PasswordChosen);
        await scope.CommitAsync(ct);
        return (errors, person.Email);
    }

    /// The person's own change: the current password is required.
    public async Task<FieldErrors> ChangeAsync(long id, ChangePasswordInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        if (string.IsNullOrEmpty(input.CurrentPassword))
        {
            errors.Add("Current password", t["Please enter your current password."]);
        }

        var password = errors.Password("New password", input.NewPassword);
        var account = await accounts.FindForSignInAsync(id, ct);
        if (account is not null && !local.AllowedFor(account.Email, account.Role, account.DirectoryId))
        {
            errors.Add("", t["Passwords kept here are switched off for you: sign in with your company account."]);
            return errors;
        }

        if (!errors.Any && (account?.PasswordHash is not { } current || input.CurrentPassword!.Length > Passwords.MaxLength
            || !Passwords.Verify(current, input.CurrentPassword).Ok))
        {
            errors.Add("Current password", t["The current password is wrong."]);
        }

        if (errors.Any)
        {
            return errors;
        }

        var hash = Passwords.Hash(password);
        await using var scope = await db.BeginWriteAsync(ct);
        await SaveAsync(scope, id, hash, AuditActions.PasswordChanged);
        await scope.CommitAsync(ct);
        return errors;
    }

    private async Task SaveAsync(WriteScope scope, long id, string hash, string action)
    {
        await users.SetPasswordAsync(scope.Connection, scope.Transaction, id, hash);
        await links.RevokeAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, id);
        await audit.InsertAsync(scope.Connection, scope.Transaction, id, action, AuditActions.Person(id), "");
        await events.AppendAsync(scope, EventKinds.SessionsEnded, id, postId: null, actorId: null, userId: id);
    }
}
