using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Guidelines;

public sealed record GuidelineVersion
{
    public long Id { get; init; }
    public string BodyMd { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public string PublishedByName { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
}

/// A version as admins see it: how many people accepted it, never who.
public sealed record GuidelineVersionCount
{
    public long Id { get; init; }
    public string PublishedByName { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
    public int Accepted { get; init; }
}

/// Owns guideline_versions and guideline_acceptances.
public sealed class GuidelineStore(Database db, TimeProvider clock)
{
    private const string VersionSql = """
        SELECT g.id, g.body_md, g.body_html, u.display_name AS published_by_name, g.published_at
          FROM guideline_versions g
          JOIN users u ON u.id = g.published_by
         WHERE g.id = @id
        """;

    public async Task<GuidelineVersion?> VersionAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<GuidelineVersion>(new CommandDefinition(VersionSql, new { id }, cancellationToken: ct));
    }

    private const string CurrentIdSql = "SELECT MAX(id) FROM guideline_versions";

    /// The current version's id; null while no guidelines are published (then there is no gate).
    public async Task<long?> CurrentIdAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(CurrentIdSql, cancellationToken: ct));
    }

    private const string PendingSql = """
        SELECT EXISTS (SELECT 1 FROM guideline_versions g
                        WHERE g.id = (SELECT MAX(id) FROM guideline_versions)
                          AND NOT EXISTS (SELECT 1 FROM guideline_acceptances a WHERE a.version_id = g.id AND a.user_id = @userId))
        """;

    /// True when guidelines are published and this person has not accepted the current version.
    /// Asked twice on every page (the gate and the banner): kept until the next write.
    public Task<bool> PendingAsync(long userId, CancellationToken ct = default) =>
        _pending.GetAsync(userId, async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(PendingSql, new { userId }, cancellationToken: c));
        }, ct);

    private readonly VersionedCache<long, bool> _pending = new(db);

    private const string LastAcceptedSql = "SELECT MAX(version_id) FROM guideline_acceptances WHERE user_id = @userId";

    public async Task<long?> LastAcceptedAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(LastAcceptedSql, new { userId }, cancellationToken: ct));
    }

    private const string InsertVersionSql = """
        INSERT INTO guideline_versions (body_md, body_html, published_by, published_at)
        VALUES (@bodyMd, @bodyHtml, @publishedBy, @now)
        RETURNING id
        """;

    public Task<long> InsertVersionAsync(DbConnection connection, DbTransaction transaction, string bodyMd, string bodyHtml, long publishedBy) =>
        connection.ExecuteScalarAsync<long>(InsertVersionSql, new { bodyMd, bodyHtml, publishedBy, now = clock.GetUtcNow() }, transaction);

    private const string AcceptSql = """
        INSERT INTO guideline_acceptances (version_id, user_id, accepted_at)
        VALUES (@versionId, @userId, @now)
        ON CONFLICT (version_id, user_id) DO NOTHING
        """;

    /// Only the current version can be accepted: false (and nothing written) for a page opened before a newer
    /// version was published. Accepting twice changes nothing.
    public async Task<bool> AcceptAsync(long userId, long versionId, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (await scope.Connection.ExecuteScalarAsync<long?>(new CommandDefinition(CurrentIdSql, null, scope.Transaction, cancellationToken: ct)) != versionId)
        {
            return false;
        }

        await AcceptAsync(scope.Connection, scope.Transaction, userId, versionId);
        await scope.CommitAsync(ct);
        return true;
    }

    public Task AcceptAsync(DbConnection connection, DbTransaction transaction, long userId, long versionId) =>
        connection.ExecuteAsync(AcceptSql, new { userId, versionId, now = clock.GetUtcNow() }, transaction);

    private const string CountsSql = """
        SELECT g.id, u.display_name AS published_by_name, g.published_at,
               (SELECT COUNT(*) FROM guideline_acceptances a WHERE a.version_id = g.id) AS accepted
          FROM guideline_versions g
          JOIN users u ON u.id = g.published_by
         ORDER BY g.id DESC
        """;

    private const string ActivePeopleSql = "SELECT COUNT(*) FROM users WHERE is_active = 1";

    public async Task<(IReadOnlyList<GuidelineVersionCount> Versions, int ActivePeople)> CountsAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var versions = (await connection.QueryAsync<GuidelineVersionCount>(new CommandDefinition(CountsSql, cancellationToken: ct))).AsList();
        return (versions, await connection.ExecuteScalarAsync<int>(new CommandDefinition(ActivePeopleSql, cancellationToken: ct)));
    }
}
