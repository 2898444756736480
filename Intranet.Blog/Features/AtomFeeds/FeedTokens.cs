using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.AtomFeeds;

/// Owns feed_tokens: one personal feed token per person, in the address of every feed they subscribe to. It reads
/// what that person may see and nothing else: it signs nobody in and never serves another route. The settings page
/// shows it again (kept encrypted with the app's keys) and renews it; renewing ends the old one, and deactivating the person
/// deletes it (Admin).
public sealed class FeedTokens(Database db, IDataProtectionProvider protection, TimeProvider clock)
{
    private const int TokenBytes = 24;
    private readonly IDataProtector _protector = protection.CreateProtector("Intranet.Blog.AtomFeeds.Token.v1");

    private const string GetSql = "SELECT token_protected FROM feed_tokens WHERE user_id = @userId";

    private const string SaveSql = """
        INSERT INTO feed_tokens (user_id, token_hash, token_protected, created_at) VALUES (@userId, @hash, @protectedToken, @now)
            ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, token_protected = excluded.token_protected, created_at = excluded.created_at
        """;

    /// The person's token, or null before they made one (a page's GET writes nothing, so making one is a POST).
    public async Task<string?> TokenAsync(long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<string?>(new CommandDefinition(GetSql, new { userId }, cancellationToken: ct)) is not { } stored)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // The keys that protected it are gone (a restore without them): the page offers a new one.
            return null;
        }
    }

    /// A new token (the first, or one replacing the old, which stops working at once).
    public async Task<string> RenewAsync(long userId, CancellationToken ct)
    {
        var token = SecretTokens.New(TokenBytes);
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(SaveSql, new { userId, hash = SecretTokens.Hash(token), protectedToken = _protector.Protect(token), now = clock.GetUtcNow() }, scope.Transaction);
        await scope.CommitAsync(ct);
        return token;
    }

    /// Inside the write that deactivates the person: their feed addresses end for good.
    public Task RevokeAsync(DbConnection connection, DbTransaction transaction, long userId) =>
        connection.ExecuteAsync("DELETE FROM feed_tokens WHERE user_id = @userId", new { userId }, transaction);

    private const string FindSql = """
        SELECT t.user_id FROM feed_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = @hash AND u.is_active = 1
        """;

    /// Whose token this is, if it is current and its person active.
    public async Task<long?> PersonAsync(string? token, CancellationToken ct)
    {
        if (!SecretTokens.IsWellFormed(token, TokenBytes))
        {
            return null;
        }

        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(FindSql, new { hash = SecretTokens.Hash(token) }, cancellationToken: ct));
    }
}
