using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Links;

/// What a link is for. A link of one purpose never serves another.
public static class LinkPurposes
{
    public const string FirstAdmin = "first-admin";

    /// An invitation or a password reset: the person chooses their own password.
    public const string SetPassword = "set-password";
}

/// Where a set-password link leads (Account's page). It lives here so that Admin, which issues the links, and
/// Account, which serves the page, both know it without using each other.
public static class SetPasswordLink
{
    /// The token goes in the query string: request paths reach the error log, query strings do not.
    public static string Path(string token) => "/account/set-password?token=" + Uri.EscapeDataString(token);
}

/// A usable link: what it is for, for whom (null when the person does not exist yet), and until when.
public sealed record OneTimeLink(long Id, string Purpose, long? PersonId, DateTimeOffset ExpiresAt);

/// One-time, expiring links for the first admin, invitations and password resets, and (to come) links sent by mail.
/// Issue one for a purpose, a person and an end; the token in it is shown once and kept only as its SHA-256 hash.
///
/// How a feature uses it (the first admin's set-up page, Account/FirstAdminController, is the example):
/// - GET page?token=…: FindAsync shows the page with a button; it does not use the link up, because mail scanners
///   and link previews fetch links before the person clicks.
/// - POST with the token in a hidden field: RedeemAsync inside the same write transaction as the action, so the link
///   is used up exactly when the action commits, and a second POST finds it used.
/// The token travels in the query string and in form fields, never in the path: paths reach the logs (errors).
public sealed class OneTimeLinks(Database db, TimeProvider clock)
{
    private const int TokenBytes = 32;

    private const string InsertSql = """
        INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at)
        VALUES (@hash, @purpose, @personId, @now, @validUntil)
        """;

    /// Issues a link inside the caller's write (an invitation commits with the person it invites); returns the token.
    public async Task<string> IssueAsync(DbConnection connection, DbTransaction transaction, string purpose, long? personId, DateTimeOffset validUntil)
    {
        var token = SecretTokens.New(TokenBytes);
        await connection.ExecuteAsync(InsertSql, new { hash = SecretTokens.Hash(token), purpose, personId, now = clock.GetUtcNow(), validUntil }, transaction);
        return token;
    }

    public async Task<string> IssueAsync(string purpose, long? personId, DateTimeOffset validUntil, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var token = await IssueAsync(scope.Connection, scope.Transaction, purpose, personId, validUntil);
        await scope.CommitAsync(ct);
        return token;
    }

    private const string RevokeSql = """
        UPDATE one_time_links
           SET used_at = @now
         WHERE purpose = @purpose AND user_id = @personId AND used_at IS NULL
        """;

    /// Ends a person's unused links of one purpose, inside the caller's write: a new invitation or reset replaces the
    /// earlier ones, and a password chosen through one link leaves no other usable.
    public Task RevokeAsync(DbConnection connection, DbTransaction transaction, string purpose, long personId) =>
        connection.ExecuteAsync(RevokeSql, new { purpose, personId, now = clock.GetUtcNow() }, transaction);

    private const string FindSql = """
        SELECT id, purpose, user_id AS person_id, expires_at
          FROM one_time_links
         WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
        """;

    /// The link behind a token if it can still be used, for the page a GET shows; null otherwise. Changes nothing.
    public async Task<OneTimeLink?> FindAsync(string? token, string purpose, CancellationToken ct)
    {
        if (!SecretTokens.IsWellFormed(token, TokenBytes))
        {
            return null;
        }

        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OneTimeLink>(new CommandDefinition(FindSql, new { hash = SecretTokens.Hash(token!), purpose, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    private const string RedeemSql = """
        UPDATE one_time_links
           SET used_at = @now
         WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
        RETURNING id, purpose, user_id AS person_id, expires_at
        """;

    /// Uses the link up inside the caller's write transaction. Null when it is unknown, of another purpose, expired or
    /// used: the caller then rolls back and says so.
    public async Task<OneTimeLink?> RedeemAsync(DbConnection connection, DbTransaction transaction, string? token, string purpose)
    {
        if (!SecretTokens.IsWellFormed(token, TokenBytes))
        {
            return null;
        }

        return await connection.QuerySingleOrDefaultAsync<OneTimeLink>(RedeemSql, new { hash = SecretTokens.Hash(token!), purpose, now = clock.GetUtcNow() }, transaction);
    }
}
