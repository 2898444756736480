using System.Data.Common;
using System.Text.Json;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Shared;

/// The actions the audit log records. Adding one: a constant here, its details written with Details(new { … }) (ids,
/// counts and the values an admin typed, never sentences), and its sentence in Features/Admin/AuditSentences.cs with
/// the English text in both resource files; AuditSentencesTests fails for an action without a sentence in both languages.
public static class AuditActions
{
    public const string PersonCreated = "person.created";
    public const string FirstAdminCreated = "person.first_admin";
    public const string PersonUpdated = "person.updated";
    public const string PersonDeactivated = "person.deactivated";
    public const string PersonReactivated = "person.reactivated";
    public const string PasswordSet = "person.password_set";
    public const string DepartmentCreated = "department.created";
    public const string DepartmentRenamed = "department.renamed";
    public const string OrgImported = "org.imported";
    public const string ProfileUpdated = "person.profile_updated";
    public const string InvitationIssued = "person.invited";
    public const string InvitationsIssued = "person.invited_all"; // "person." so the audit filter's kind People finds it
    public const string PasswordResetIssued = "person.password_reset";
    public const string PasswordResetMailed = "person.password_reset_mailed";
    public const string PasswordChosen = "person.password_chosen";
    public const string PasswordChanged = "person.password_changed";
    public const string AnnouncementPublished = "announcement.published";
    public const string AnnouncementReminded = "announcement.reminded";
    public const string AnnouncementChanged = "announcement.material_change";
    public const string EvidenceExported = "announcement.evidence_exported";
    public const string ReportFiled = "report.filed";
    public const string ReportsDismissed = "report.dismissed";
    public const string ContentHidden = "moderation.hidden";
    public const string ContentRestored = "moderation.restored";
    public const string ModerationAnswered = "moderation.answered";
    public const string GuidelinesPublished = "guidelines.published";
    /// Anonymous questions to leadership: the moderator is named, the asker never (the details hold the question's number).
    public const string QuestionReleased = "moderation.question_released";
    public const string QuestionDeclined = "moderation.question_declined";

    // Departments, their influencers, pins and guides. Details are structured (JSON of ids and counts), never sentences.
    public const string DepartmentParentSet = "department.parent_set";
    public const string DepartmentHeadSet = "department.head_set";
    public const string DepartmentDescribed = "department.description_updated";
    public const string InfluencerAppointed = "influencer.appointed";
    public const string InfluencerRemoved = "influencer.removed";
    public const string PinAdded = "pin.added";
    public const string PinRemoved = "pin.removed";
    public const string PinsReordered = "pin.reordered";
    public const string PinExpired = "pin.expired";
    public const string GuideReviewed = "guide.reviewed";
    public const string GuideHandedOver = "guide.handed_over";

    // The company directory and sign-in: each sync that changed people, one refused as too sweeping, and the sign-in
    // methods when the configuration changes them (recorded at start).
    public const string DirectorySynced = "directory.synced";
    public const string DirectorySyncRefused = "directory.sync_refused";
    public const string SignInMethodsChanged = "signin.methods_changed";
    public const string PersonCreatedAtSignIn = "person.created_at_signin";
    public const string PersonLinkedAtSignIn = "person.linked_at_signin";

    public static string Person(long id) => $"user:{id}";

    public static string Department(long id) => $"department:{id}";

    public static string Post(long id) => $"post:{id}";

    public static string Comment(long id) => $"comment:{id}";

    public static string Guidelines(long version) => $"guidelines:{version}";

    /// Structured details: ids, counts and typed values as JSON, so the audit page can word them in the reader's language.
    public static string Details(object values) => JsonSerializer.Serialize(values, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
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
public sealed class AuditStore(Database db, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO audit_log (actor_id, action, target, details, created_at)
        VALUES (@actorId, @action, @target, @details, @now)
        """;

    /// actorId is null for what the app does by itself (a pin that ends, a migration).
    public Task InsertAsync(DbConnection connection, DbTransaction transaction, long? actorId, string action, string target, string details) =>
        connection.ExecuteAsync(InsertSql, new { actorId, action, target, details, now = clock.GetUtcNow() }, transaction);

    /// The kinds an admin filters by: the part of an action before its dot.
    public static readonly string[] Kinds = ["person", "department", "influencer", "pin", "guide", "org", "announcement", "report", "moderation", "guidelines", "directory", "signin"];

    // Every filter is optional ("@x IS NULL OR"): the log is small and read by admins only, and one statement serves
    // every combination. A person matches as the one who acted or the one acted on.
    private const string LatestSql = """
        SELECT a.id, a.actor_id, u.display_name AS actor_name, a.action, a.target, a.details, a.created_at
          FROM audit_log a
          LEFT JOIN users u ON u.id = a.actor_id
         WHERE (@kind IS NULL OR a.action LIKE @kind || '.%')
           AND (@personId IS NULL OR a.actor_id = @personId OR a.target = 'user:' || @personId)
           AND a.created_at >= @since AND a.created_at < @until
         ORDER BY a.id DESC
         LIMIT @take
        """;

    /// The latest entries that match; kind is one of Kinds (anything else matches nothing), since and until in UTC.
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int take, string? kind = null, long? personId = null,
        DateTimeOffset? since = null, DateTimeOffset? until = null, CancellationToken ct = default)
    {
        var args = new
        {
            take, kind, personId, since = since ?? DateTimeOffset.FromUnixTimeMilliseconds(0), until = until ?? DateTimeOffset.MaxValue,
        };
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(LatestSql, args, cancellationToken: ct))).AsList();
    }

    private const string ActorsSql = """
        SELECT DISTINCT u.id, u.display_name
          FROM audit_log a
          JOIN users u ON u.id = a.actor_id
         ORDER BY u.display_name
        """;

    /// The people who appear in the log as actors, for the filter's list.
    public async Task<IReadOnlyList<(long Id, string Name)>> ActorsAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(long, string)>(new CommandDefinition(ActorsSql, cancellationToken: ct))).AsList();
    }
}
