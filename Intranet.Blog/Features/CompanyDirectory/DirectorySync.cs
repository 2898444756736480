using System.Data.Common;
using System.DirectoryServices.Protocols;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.CompanyDirectory;

public enum SyncStatus { Applied, Unchanged, Invalid, Stale, Refused, Failed }

/// Status, and the plan it was decided on (none when the directory could not be read; then Error says why).
public sealed record SyncOutcome(SyncStatus Status, DirectoryPlan? Plan, string? Error = null);

/// Brings people, departments and reporting lines in line with the directory, all or nothing: the plan is worked out
/// inside the write transaction against exactly what is written, and any problem leaves everything as it was.
/// People who left are deactivated, never deleted (their posts stay); people the sync deactivated come back when
/// they reappear. Roles change only where groups are mapped to roles. Every applied sync is audited.
public sealed class DirectorySync(
    LdapDirectory directory, Database db, DirectoryStore store, DepartmentStore departments, PeopleAdminStore users,
    Enrolment enrolment, AdminService admin, AuditStore audit, BellQueue bells, DirectoryPhotos photos, LocalPasswordPolicy local, IOptions<LdapOptions> options, TimeProvider clock,
    ILogger<DirectorySync> logger)
{
    /// What a sync would change now, without changing anything.
    public async Task<SyncOutcome> PreviewAsync(CancellationToken ct)
    {
        var (snapshot, error) = await ReadAsync(ct);
        if (snapshot is null)
        {
            return new SyncOutcome(SyncStatus.Failed, null, error);
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (plan, _) = DirectoryPlanner.Plan(snapshot, await store.RowsAsync(connection, transaction), await departments.AllAsync(connection, transaction), options.Value.MapsRoles(), local.BreakGlassAdmins, linkByEmail: true);
        return new SyncOutcome(plan.Problems.Count > 0 ? SyncStatus.Invalid : plan.IsEmpty ? SyncStatus.Unchanged : SyncStatus.Applied, plan);
    }

    /// Applies what the directory holds. expectedFingerprint (from the preview an admin saw) refuses a plan that has
    /// changed since; a scheduled run (actorId null) refuses one that would deactivate too many at once.
    public async Task<SyncOutcome> ApplyAsync(long? actorId, string? expectedFingerprint, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var (snapshot, error) = await ReadAsync(ct);
        if (snapshot is null)
        {
            await store.RecordAsync(actorId, Record(started, "failed", message: error!), ct);
            return new SyncOutcome(SyncStatus.Failed, null, error);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        var rows = await store.RowsAsync(scope.Connection, scope.Transaction);
        var known = await departments.AllAsync(scope.Connection, scope.Transaction);
        var (plan, matches) = DirectoryPlanner.Plan(snapshot, rows, known, options.Value.MapsRoles(), local.BreakGlassAdmins, linkByEmail: actorId is not null);
        if (plan.Problems.Count > 0)
        {
            await store.RecordAsync(scope.Connection, scope.Transaction, actorId, Record(started, "failed", message: $"{plan.Problems.Count} problem(s) in the directory"));
            await scope.CommitAsync(ct);
            return new SyncOutcome(SyncStatus.Invalid, plan);
        }

        if (expectedFingerprint is not null && expectedFingerprint != plan.Fingerprint())
        {
            return new SyncOutcome(SyncStatus.Stale, plan);
        }

        if (actorId is null && plan.Leaving.Count > Math.Max(3, options.Value.MaxLeavingShare * plan.Linked))
        {
            await store.RecordAsync(scope.Connection, scope.Transaction, null, Record(started, "refused", deactivated: plan.Leaving.Count));
            await audit.InsertAsync(scope.Connection, scope.Transaction, null, AuditActions.DirectorySyncRefused, "directory",
                AuditActions.Details(new { deactivated = plan.Leaving.Count, linked = plan.Linked }));
            await scope.CommitAsync(ct);
            logger.LogWarning("The scheduled directory sync was not applied: it would deactivate {Leaving} of {Linked} people.", plan.Leaving.Count, plan.Linked);
            return new SyncOutcome(SyncStatus.Refused, plan);
        }

        if (plan.IsEmpty)
        {
            await store.RecordAsync(scope.Connection, scope.Transaction, actorId, Record(started, "unchanged", message: Waiting(plan)));
            await scope.CommitAsync(ct);
            await photos.TakeAsync(snapshot.People, ct);
            return new SyncOutcome(SyncStatus.Unchanged, plan);
        }

        var told = await WriteAsync(scope, actorId, plan, matches, known);
        await store.RecordAsync(scope.Connection, scope.Transaction, actorId,
            Record(started, "applied", plan.New.Count, plan.Changed.Count, plan.Leaving.Count, plan.Returning.Count, Waiting(plan)));
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.DirectorySynced, "directory", AuditActions.Details(new
        {
            scheduled = actorId is null,
            created = plan.New.Count,
            updated = plan.Changed.Count,
            deactivated = plan.Leaving.Count,
            reactivated = plan.Returning.Count,
            deactivatedIds = plan.Leaving.Select(p => p.PersonId),
        }));
        await store.PruneAsync(scope.Connection, scope.Transaction);
        await scope.CommitAsync(ct);
        bells.Enqueue(told);
        // Photos after the people exist, each through the upload checks in a transaction of its own.
        await photos.TakeAsync(snapshot.People, ct);
        logger.LogInformation("Directory sync applied: {Created} new, {Updated} changed, {Deactivated} deactivated, {Reactivated} back.",
            plan.New.Count, plan.Changed.Count, plan.Leaving.Count, plan.Returning.Count);
        return new SyncOutcome(SyncStatus.Applied, plan);
    }

    private async Task<(DirectorySnapshot? Snapshot, string? Error)> ReadAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return (null, "The directory is not configured (Intranet:Ldap:Host).");
        }

        try
        {
            return (await directory.ReadAsync(ct), null);
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException or TimeoutException)
        {
            logger.LogError("The directory could not be read: {Message}", e.Message);
            return (null, e.Message);
        }
    }

    private async Task<IReadOnlyList<long>> WriteAsync(WriteScope scope, long? actorId, DirectoryPlan plan,
        IReadOnlyList<(DirectoryTarget Target, DirectoryRow? Row)> matches, IReadOnlyList<Department> known)
    {
        var (connection, transaction) = (scope.Connection, scope.Transaction);
        var departmentIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var department in known)
        {
            departmentIds.TryAdd(department.Name, department.Id);
        }

        foreach (var name in plan.NewDepartments)
        {
            departmentIds[name] = await departments.InsertAsync(connection, transaction, name);
        }

        // Units form a tree in the directory, and departments outside it never hold a unit, so no move makes a cycle.
        foreach (var (department, parent) in plan.DepartmentMoves)
        {
            await departments.SetParentAsync(connection, transaction, departmentIds[department], parent is null ? null : departmentIds[parent]);
        }

        // Everyone exists before any manager is set: a manager may come later in the directory than their staff.
        var ids = new Dictionary<string, long>();
        foreach (var (target, row) in matches)
        {
            if (row is null)
            {
                ids[target.Entry.Id] = await enrolment.AddAsync(connection, transaction,
                    new PersonFields(target.Email, target.Name, target.Title, null, null, target.Role ?? Roles.Staff), passwordHash: null);
                await store.LinkAsync(connection, transaction, ids[target.Entry.Id], target.Entry.Id);
            }
            else
            {
                ids[target.Entry.Id] = row.Id;
            }
        }

        var changed = plan.Changed.Select(p => p.PersonId).ToHashSet();
        var moves = new List<(long, long?, long?)>();
        foreach (var (target, row) in matches.Where(m => m.Row is null || changed.Contains(m.Row.Id)))
        {
            var id = ids[target.Entry.Id];
            var departmentId = target.Department.Length > 0 ? departmentIds[target.Department] : (long?)null;
            var managerId = target.ManagerDirectoryId is { } manager ? ids[manager] : (long?)null;
            await users.UpdateAsync(connection, transaction, id,
                new PersonFields(target.Email, target.Name, target.Title, departmentId, managerId, target.Role ?? row?.Role ?? Roles.Staff));
            moves.Add((id, row?.DepartmentId, departmentId));
            // Each role the directory's groups change is in the audit log by person, as an admin's change would be.
            if (row is not null && target.Role is { } role && role != row.Role)
            {
                await audit.InsertAsync(connection, transaction, actorId, AuditActions.PersonUpdated, AuditActions.Person(id),
                    AuditActions.Details(new { changes = new Dictionary<string, object?[]> { ["role"] = [row.Role, role] } }));
            }
            if (row is not null && row.DirectoryId != target.Entry.Id)
            {
                await store.LinkAsync(connection, transaction, id, target.Entry.Id);
            }

            if (row is not null && !string.Equals(row.Email, target.Email, StringComparison.OrdinalIgnoreCase))
            {
                await admin.AddressChangedAsync(scope, id);
            }
        }

        await enrolment.MovedAsync(connection, transaction, moves);
        await users.RecomputeLevelsAsync(connection, transaction);

        var now = clock.GetUtcNow();
        var told = new List<long>();
        foreach (var person in plan.Leaving)
        {
            told.AddRange(await admin.DeactivateAsync(scope, person.PersonId!.Value));
            await store.SetLeftAsync(connection, transaction, person.PersonId.Value, now);
        }

        foreach (var person in plan.Returning)
        {
            await users.SetActiveAsync(connection, transaction, person.PersonId!.Value, active: true);
            await store.SetLeftAsync(connection, transaction, person.PersonId.Value, null);
        }

        return told;
    }

    /// Accounts the schedule left for an admin to link (it never takes over an account by its address).
    private static string Waiting(DirectoryPlan plan) =>
        plan.WaitingLinks.Count == 0 ? "" : $"{plan.WaitingLinks.Count} existing account(s) wait for an admin to link them: " + string.Join(", ", plan.WaitingLinks.Take(20).Select(p => p.Email));

    private DirectorySyncRecord Record(DateTimeOffset started, string outcome, int created = 0, int updated = 0, int deactivated = 0, int reactivated = 0, string message = "") =>
        new()
        {
            StartedAt = started, FinishedAt = clock.GetUtcNow(), Outcome = outcome,
            Created = created, Updated = updated, Deactivated = deactivated, Reactivated = reactivated, Message = message,
        };
}
