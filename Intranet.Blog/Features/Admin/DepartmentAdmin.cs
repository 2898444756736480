using System.Globalization;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Admin;

/// One department as an admin edits it: its name, its place in the tree and its head.
public sealed record DepartmentAdminView(DepartmentDetail Department, IReadOnlyList<Department> Departments, string? HeadEmail, PersonCard? Head, bool Saved)
{
    /// A department cannot go under itself or anything below it; those are left out of the parent choice.
    public IEnumerable<Department> ParentChoices
    {
        get
        {
            var below = new HashSet<long> { Department.Id };
            foreach (var d in Departments)
            {
                if (d.ParentId is { } p && below.Contains(p))
                {
                    below.Add(d.Id);
                }
            }

            return Departments.Where(d => !below.Contains(d.Id));
        }
    }
}

/// Departments as admins change them: create, rename, move in the tree, name the head. Each change is checked inside
/// its write, commits with its audit row, and a new head reaches open department pages live.
public sealed class DepartmentAdmin(
    Database db, DepartmentStore departments, PeopleStore people, AuditStore audit, EventStore events,
    IStringLocalizer<SharedResource> t)
{
    public const string ParentField = "Part of";
    public const string HeadField = "Head of department (e-mail address)";

    public async Task<DepartmentAdminView?> EditorAsync(long id, bool saved, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await departments.GetAsync(connection, id, ct) is not { } department)
        {
            return null;
        }

        var named = department.NamedHeadId is { } n ? await people.EmailAsync(connection, n, ct) : null;
        var head = department.HeadId is { } h ? await people.CardAsync(h, ct) : null;
        return new DepartmentAdminView(department, await departments.ListAsync(ct), named, head, saved);
    }

    public async Task<WriteResult> CreateAsync(long actorId, string? name, string? parentId, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var clean = errors.Text("Name", name, PersonLimits.DepartmentName);
        var parent = ParentId(errors, parentId);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        if (await departments.FindIdByNameAsync(scope.Connection, scope.Transaction, clean) is not null)
        {
            errors.Add("Name", t["There is already a department called {0}.", clean]);
        }

        if (parent is { } p && await departments.FindNameAsync(scope.Connection, scope.Transaction, p) is null)
        {
            errors.Add(ParentField, t["Unknown department."]);
        }

        if (errors.Any)
        {
            return Invalid(errors);
        }

        var id = await departments.InsertAsync(scope.Connection, scope.Transaction, clean, parent);
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.DepartmentCreated, AuditActions.Department(id), AuditActions.Details(new { name = clean }));
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, id);
    }

    public async Task<WriteResult> RenameAsync(long actorId, long id, string? name, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var clean = errors.Text("Name", name, PersonLimits.DepartmentName);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        var old = await departments.FindNameAsync(scope.Connection, scope.Transaction, id);
        if (old is null)
        {
            return WriteResult.NotFound;
        }

        if (await departments.FindIdByNameAsync(scope.Connection, scope.Transaction, clean) is { } other && other != id)
        {
            errors.Add("Name", t["There is already a department called {0}.", clean]);
            return Invalid(errors);
        }

        if (old != clean)
        {
            await departments.RenameAsync(scope.Connection, scope.Transaction, id, clean);
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.DepartmentRenamed, AuditActions.Department(id), AuditActions.Details(new { from = old, to = clean }));
            await scope.CommitAsync(ct);
        }

        return new WriteResult(WriteStatus.Ok, id);
    }

    /// Moves the department under another one (or to the top); a department under itself or under one of its own
    /// sub-departments is refused with a message that names the cycle.
    public async Task<WriteResult> SetParentAsync(long actorId, long id, string? parentId, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var parent = ParentId(errors, parentId);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        if (await departments.GetAsync(scope.Connection, id, ct, scope.Transaction) is not { } department)
        {
            return WriteResult.NotFound;
        }

        if (parent is { } p)
        {
            if (await departments.FindNameAsync(scope.Connection, scope.Transaction, p) is not { } parentName)
            {
                errors.Add(ParentField, t["Unknown department."]);
            }
            else if (await departments.WouldCycleAsync(scope.Connection, scope.Transaction, id, p))
            {
                errors.Add(ParentField, p == id
                    ? t["A department cannot be part of itself."]
                    : t["{0} is part of {1} already; {1} under {0} would make a cycle.", parentName, department.Name]);
            }
        }

        if (errors.Any)
        {
            return Invalid(errors);
        }

        if (department.ParentId != parent)
        {
            await departments.SetParentAsync(scope.Connection, scope.Transaction, id, parent);
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.DepartmentParentSet, AuditActions.Department(id),
                AuditActions.Details(new { parentId = parent, previousParentId = department.ParentId }));
            await scope.CommitAsync(ct);
        }

        return new WriteResult(WriteStatus.Ok, id);
    }

    /// Names the head by e-mail address; an empty address goes back to the default (the highest-level person).
    public async Task<WriteResult> SetHeadAsync(long actorId, long id, string? email, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var address = errors.Text(HeadField, email, PersonLimits.Email, required: false);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        if (await departments.GetAsync(scope.Connection, id, ct, scope.Transaction) is not { } department)
        {
            return WriteResult.NotFound;
        }

        long? headId = null;
        if (address.Length > 0)
        {
            headId = await people.FindActiveIdByEmailAsync(scope.Connection, scope.Transaction, address);
            if (headId is null)
            {
                errors.Add(HeadField, t["There is no active person with the e-mail address {0}.", address]);
                return Invalid(errors);
            }
        }

        if (department.NamedHeadId != headId)
        {
            await departments.SetHeadAsync(scope.Connection, scope.Transaction, id, headId);
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.DepartmentHeadSet, AuditActions.Department(id),
                AuditActions.Details(new { headId, previousHeadId = department.NamedHeadId }));
            await events.AppendAsync(scope, EventKinds.DepartmentPeople, id, null, actorId, id);
            await scope.CommitAsync(ct);
        }

        return new WriteResult(WriteStatus.Ok, id);
    }

    private long? ParentId(FieldErrors errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        errors.Add(ParentField, t["Unknown department."]);
        return null;
    }

    private static WriteResult Invalid(FieldErrors errors) => new(WriteStatus.Invalid, Errors: errors);
}
