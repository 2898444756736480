using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Shared;

public static class AuditActions
{
    public const string PersonCreated = "person.created";
    public const string PersonUpdated = "person.updated";
    public const string PersonDeactivated = "person.deactivated";
    public const string PersonReactivated = "person.reactivated";
    public const string PasswordSet = "person.password_set";
    public const string DepartmentCreated = "department.created";
    public const string DepartmentRenamed = "department.renamed";
    public const string OrgImported = "org.imported";
    public const string ProfileUpdated = "person.profile_updated";
    public const string AnnouncementPublished = "announcement.published";
    public const string AnnouncementReminded = "announcement.reminded";
    public const string AnnouncementChanged = "announcement.material_change";
    public const string EvidenceExported = "announcement.evidence_exported";
    public const string ReportFiled = "report.filed";
    public const string ReportsDismissed = "report.dismissed";
    public const string ContentHidden = "moderation.hidden";
    public const string ContentRestored = "moderation.restored";
    public const string ModerationAnswered = "moderation.answered";

    public static string Person(long id) => $"user:{id}";

    public static string Department(long id) => $"department:{id}";

    public static string Post(long id) => $"post:{id}";

    public static string Comment(long id) => $"comment:{id}";
}

public sealed record AuditEntry
{
    public long Id { get; init; }
    public long? ActorId { get; init; }
    public string? ActorName { get; init; }
    public string Action { get; init; } = "";
    public string Target { get; init; } = "";
    public string Details { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// Owns audit_log: who changed people, departments and roles. Rows are written inside the change's own transaction.
public sealed class AuditStore(SqliteConnectionFactory db, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO audit_log (actor_id, action, target, details, created_at)
        VALUES (@actorId, @action, @target, @details, @now)
        """;

    public Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, long actorId, string action, string target, string details) =>
        connection.ExecuteAsync(InsertSql, new { actorId, action, target, details, now = clock.GetUtcNow() }, transaction);

    private const string LatestSql = """
        SELECT a.id, a.actor_id, u.display_name AS actor_name, a.action, a.target, a.details, a.created_at
          FROM audit_log a
          LEFT JOIN users u ON u.id = a.actor_id
         ORDER BY a.id DESC
         LIMIT @take
        """;

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int take, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(LatestSql, new { take }, cancellationToken: ct))).AsList();
    }
}
