using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Mail;

public sealed record MailSettingsInput
{
    public string? Digest { get; init; }
    public bool MustRead { get; init; }
    public bool Mentions { get; init; }
}

/// Enabled: whether this server sends mail at all (the page says so when it does not).
public sealed record MailSettingsView(MailPreferences Preferences, bool Enabled, bool Saved);

/// Unsubscribe page: who and what the link names (null: the link is not valid), and whether it was acted on.
public sealed record UnsubscribeView(string? Token, string? Name, string? Kind, bool Done);

/// A person's mail choices, from the settings page or one unsubscribe link.
public sealed class MailSettings(Database db, MailStore store, UnsubscribeLinks links, IOptions<MailOptions> options)
{
    public async Task<MailSettingsView> ViewAsync(long userId, bool saved, CancellationToken ct) =>
        new(await store.PreferencesAsync(userId, ct), options.Value.Enabled, saved);

    /// False for a rhythm that is none of the three (the form offers only those).
    public async Task<bool> SaveAsync(long userId, MailSettingsInput input, CancellationToken ct)
    {
        if (!DigestEvery.IsKnown(input.Digest))
        {
            return false;
        }

        await using var scope = await db.BeginWriteAsync(ct);
        await store.SavePreferencesAsync(scope.Connection, scope.Transaction, userId, new MailPreferences { Digest = input.Digest!, MustRead = input.MustRead, Mentions = input.Mentions });
        await scope.CommitAsync(ct);
        return true;
    }

    private static readonly UnsubscribeView NotValid = new(null, null, null, false);

    /// What the link names, for the page its GET shows; changes nothing.
    public async Task<UnsubscribeView> LinkAsync(string? token, CancellationToken ct)
    {
        if (links.Read(token) is not { } link)
        {
            return NotValid;
        }

        await using var connection = await db.OpenAsync(ct);
        var person = (await store.RecipientsAsync(connection, null, [link.UserId])).GetValueOrDefault(link.UserId);
        return person is null ? NotValid : new UnsubscribeView(token, person.DisplayName, link.Kind, false);
    }

    /// Switches off the one kind the link names; the same link used again changes nothing more.
    public async Task<UnsubscribeView> UnsubscribeAsync(string? token, CancellationToken ct)
    {
        if (links.Read(token) is not { } link)
        {
            return NotValid;
        }

        await using var scope = await db.BeginWriteAsync(ct);
        if ((await store.RecipientsAsync(scope.Connection, scope.Transaction, [link.UserId])).GetValueOrDefault(link.UserId) is not { } person)
        {
            return NotValid;
        }

        var p = await store.PreferencesAsync(scope.Connection, scope.Transaction, link.UserId);
        p = link.Kind switch
        {
            MailKinds.Digest => p with { Digest = DigestEvery.Off },
            MailKinds.MustRead => p with { MustRead = false },
            _ => p with { Mentions = false },
        };
        await store.SavePreferencesAsync(scope.Connection, scope.Transaction, link.UserId, p);
        await scope.CommitAsync(ct);
        return new UnsubscribeView(token, person.DisplayName, link.Kind, true);
    }
}
