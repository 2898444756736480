using System.Globalization;
using Intranet.Blog.Features.AtomFeeds;
using Intranet.Blog.Features.Guides;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Admin;

/// People and departments as admins change them. Checks that need the database (unique e-mail, known department
/// and manager, no manager cycle) run inside the write transaction, so they see exactly what is written; every
/// change commits together with its audit_log row.
public sealed class AdminService(
    Database db, PeopleAdminStore users, PeopleStore people, Enrolment enrolment, DepartmentStore departments, AuditStore audit, EventStore events,
    GuideService guides, BellQueue bells, OneTimeLinks links, PasswordMails passwordMails, FeedTokens feedTokens,
    IStringLocalizer<SharedResource> t)
{
    public const int PageSize = 50;
    private const string ManagerField = "Manager (e-mail address)";

    public async Task<PeopleView> PeopleAsync(long? departmentId, string? search, string? afterName, long afterId, CancellationToken ct)
    {
        search = search?.Trim() is { Length: > 0 } s ? s[..Math.Min(s.Length, PersonLimits.Search)] : null;
        // A search goes through the one people search (deactivated people included), then reads those rows.
        var found = search is null ? null
            : await people.SearchAsync(new PeopleSearch(search, PageSize + 1) { ActiveOnly = false, DepartmentId = departmentId, AfterName = afterName ?? "", AfterId = afterId }, ct) ?? [];
        var rows = found is null
            ? await users.PageAsync(new PeopleQuery(departmentId, afterName ?? "", afterId, PageSize + 1), ct)
            : await users.ByIdsAsync([.. found.Select(p => p.Id)], ct);
        var page = rows.Take(PageSize).ToList();
        var next = rows.Count > PageSize ? page[^1].Card : null;
        return new PeopleView(page, await departments.ListAsync(ct), departmentId, search,
            afterName is null ? null : PeopleUrl(departmentId, search, null), next is null ? null : PeopleUrl(departmentId, search, next));
    }

    /// The list's address with its filter, from the given person on (the cursor is name and id: names repeat).
    private static string PeopleUrl(long? departmentId, string? search, PersonCard? after)
    {
        var query = new List<string>();
        if (search is not null)
        {
            query.Add("q=" + Uri.EscapeDataString(search));
        }

        if (departmentId is { } d)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"department={d}"));
        }

        if (after is not null)
        {
            query.Add("afterName=" + Uri.EscapeDataString(after.DisplayName));
            query.Add(string.Create(CultureInfo.InvariantCulture, $"afterId={after.Id}"));
        }

        return "/admin/people" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    public async Task<PersonEditorView?> EditorAsync(long? id, CancellationToken ct)
    {
        var existing = id is { } personId ? await users.GetAsync(personId, ct) : null;
        if (id is not null && existing is null)
        {
            return null;
        }

        return new PersonEditorView(existing, existing is null ? new PersonInput() : PersonInput.From(existing), await departments.ListAsync(ct), false);
    }

    public async Task<PersonEditorView> EditorAsync(long? id, PersonInput input, CancellationToken ct) =>
        new(id is { } personId ? await users.GetAsync(personId, ct) : null, input with { Password = null }, await departments.ListAsync(ct), false);

    public async Task<WriteResult> CreatePersonAsync(long actorId, PersonInput input, CancellationToken ct)
    {
        var (errors, fields, managerEmail) = Check(input, creating: true);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        // Hashing is deliberately slow; it happens before the write lock is taken.
        var hash = Passwords.Hash(input.Password!);
        await using var scope = await db.BeginWriteAsync(ct);
        var org = await CheckOrgAsync(scope, errors, null, fields, managerEmail);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        var id = await enrolment.AddAsync(scope.Connection, scope.Transaction, fields with { ManagerId = org.ManagerId }, hash);
        await users.RecomputeLevelsAsync(scope.Connection, scope.Transaction);
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.PersonCreated, AuditActions.Person(id),
            AuditActions.Details(new { email = fields.Email, name = fields.DisplayName, role = fields.Role, departmentId = fields.DepartmentId, managerId = org.ManagerId }));
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, id);
    }

    public async Task<WriteResult> UpdatePersonAsync(long actorId, long id, PersonInput input, CancellationToken ct)
    {
        var (errors, fields, managerEmail) = Check(input, creating: false);
        if (id == actorId && fields.Role != Roles.Admin)
        {
            errors.Add("Role", t["You cannot take away your own admin role."]);
        }

        if (errors.Any)
        {
            return Invalid(errors);
        }

        var hash = string.IsNullOrEmpty(input.Password) ? null : Passwords.Hash(input.Password);
        await using var scope = await db.BeginWriteAsync(ct);
        var existing = await users.GetAsync(scope.Connection, scope.Transaction, id);
        if (existing is null)
        {
            return WriteResult.NotFound;
        }

        var org = await CheckOrgAsync(scope, errors, id, fields, managerEmail);
        if (errors.Any)
        {
            return Invalid(errors);
        }

        // A role change also rotates the security stamp (in UpdateAsync), so the person's open sessions end at once.
        await users.UpdateAsync(scope.Connection, scope.Transaction, id, fields with { ManagerId = org.ManagerId });
        await enrolment.MovedAsync(scope.Connection, scope.Transaction, [(id, existing.Card.DepartmentId, fields.DepartmentId)]);
        if (existing.Card.ManagerId != org.ManagerId)
        {
            await users.RecomputeLevelsAsync(scope.Connection, scope.Transaction);
        }

        if (!string.Equals(existing.Email, fields.Email, StringComparison.OrdinalIgnoreCase))
        {
            await AddressChangedAsync(scope, id);
        }

        var changes = Changes(existing, fields, org);
        if (changes.Count > 0)
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.PersonUpdated, AuditActions.Person(id), AuditActions.Details(new { changes }));
        }

        if (hash is not null)
        {
            await users.SetPasswordAsync(scope.Connection, scope.Transaction, id, hash);
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.PasswordSet, AuditActions.Person(id), "");
        }

        // The new stamp ends the person's cookie at their next request; their open live connections close too.
        if (existing.Role != fields.Role || hash is not null)
        {
            await events.AppendAsync(scope, EventKinds.SessionsEnded, id, postId: null, actorId: null, userId: id);
        }

        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, id);
    }

    /// Deactivation rotates the security stamp, which the cookie check compares on every request: the person is
    /// signed out at their next click and cannot sign in again. Their posts and comments stay.
    public async Task<WriteResult> SetActiveAsync(long actorId, long id, bool active, CancellationToken ct)
    {
        if (id == actorId && !active)
        {
            var errors = new FieldErrors(t);
            errors.Add("", t["You cannot deactivate yourself."]);
            return Invalid(errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        var existing = await users.GetAsync(scope.Connection, scope.Transaction, id);
        if (existing is null)
        {
            return WriteResult.NotFound;
        }

        if (existing.Card.IsActive != active)
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId,
                active ? AuditActions.PersonReactivated : AuditActions.PersonDeactivated, AuditActions.Person(id), "");
            IReadOnlyList<long> told = [];
            if (active)
            {
                await users.SetActiveAsync(scope.Connection, scope.Transaction, id, active: true);
            }
            else
            {
                told = await DeactivateAsync(scope, id);
            }

            await scope.CommitAsync(ct);
            bells.Enqueue(told);
        }

        return new WriteResult(WriteStatus.Ok, id);
    }

    /// A person's address changed (by an admin or the directory sync). It may have been someone else's: a set-password
    /// link mailed or printed for it, or one still waiting in the outbox, must not let its owner choose this password.
    public async Task AddressChangedAsync(WriteScope scope, long id)
    {
        await links.RevokeAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, id);
        await passwordMails.CancelUnsentAsync(scope, id);
    }

    /// Deactivates inside the caller's transaction (an admin's click, the directory sync): a new security stamp and a
    /// live event end every open session, and what let them in without a session ends for good, so a later
    /// reactivation revives nothing. Returns the curators told that guides need a new owner; ring their bells after
    /// the commit.
    public async Task<IReadOnlyList<long>> DeactivateAsync(WriteScope scope, long id)
    {
        await users.SetActiveAsync(scope.Connection, scope.Transaction, id, active: false);
        var told = await guides.OwnerLeftAsync(scope.Connection, scope.Transaction, id);
        await events.AppendAsync(scope, EventKinds.SessionsEnded, id, postId: null, actorId: null, userId: id);
        await links.RevokeAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, id);
        await feedTokens.RevokeAsync(scope.Connection, scope.Transaction, id);
        return told;
    }

    private static WriteResult Invalid(FieldErrors errors) => new(WriteStatus.Invalid, Errors: errors);

    private sealed record OrgCheck(long? ManagerId, string? ManagerEmail, string? DepartmentName);

    /// The checks that need no database: lengths, characters, the e-mail's shape, the role, the password.
    private (FieldErrors Errors, PersonFields Fields, string ManagerEmail) Check(PersonInput input, bool creating)
    {
        var errors = new FieldErrors(t);
        var name = errors.Text("Name", input.DisplayName, PersonLimits.DisplayName);
        var email = EmailField(errors, "E-mail address", input.Email, required: true);
        var title = errors.Text("Job title", input.Title, PersonLimits.Title, required: false);
        var managerEmail = EmailField(errors, ManagerField, input.ManagerEmail, required: false);
        long? departmentId = null;
        if (!string.IsNullOrWhiteSpace(input.DepartmentId))
        {
            if (long.TryParse(input.DepartmentId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                departmentId = parsed;
            }
            else
            {
                errors.Add("Department", t["Unknown department."]);
            }
        }

        if (!Roles.All.Contains(input.Role))
        {
            errors.Add("Role", t["Unknown role."]);
        }

        var password = input.Password ?? "";
        if (creating && password.Length == 0)
        {
            errors.Add("Password", t["{0} is required.", t["Initial password"]]);
        }
        else if (password.Length > 0)
        {
            errors.Password("Password", password);
        }

        return (errors, new PersonFields(email, name, title, departmentId, null, input.Role), managerEmail);
    }

    private string EmailField(FieldErrors errors, string field, string? value, bool required)
    {
        var email = errors.Text(field, value, PersonLimits.Email, required: required);
        if (email.Length > 0 && !errors.All.ContainsKey(field) && !PersonLimits.LooksLikeEmail(email))
        {
            errors.Add(field, t["{0} does not look like an e-mail address.", email]);
        }

        return email;
    }

    /// The checks against the org chart, inside the write: e-mail not taken by someone else, department known,
    /// manager known, not oneself, and not someone who already reports to this person (a cycle).
    private async Task<OrgCheck> CheckOrgAsync(WriteScope scope, FieldErrors errors, long? id, PersonFields fields, string managerEmail)
    {
        var (connection, transaction) = (scope.Connection, scope.Transaction);
        if (await users.FindIdByEmailAsync(connection, transaction, fields.Email) is { } other && other != id)
        {
            errors.Add("E-mail address", t["There is already a person with the e-mail address {0}.", fields.Email]);
        }

        string? departmentName = null;
        if (fields.DepartmentId is { } departmentId)
        {
            departmentName = await departments.FindNameAsync(connection, transaction, departmentId);
            if (departmentName is null)
            {
                errors.Add("Department", t["Unknown department."]);
            }
        }

        long? managerId = null;
        if (managerEmail.Length > 0)
        {
            managerId = await users.FindIdByEmailAsync(connection, transaction, managerEmail);
            if (managerId is null)
            {
                errors.Add(ManagerField, t["There is no person with the e-mail address {0}.", managerEmail]);
            }
            else if (managerId == id)
            {
                errors.Add(ManagerField, t["A person cannot be their own manager."]);
            }
            else if (id is { } self && (await users.ManagerChainAsync(connection, transaction, managerId.Value)).Contains(self))
            {
                errors.Add(ManagerField, t["{0} already reports to this person, directly or through others; that would make a cycle.", managerEmail]);
            }
        }

        return new OrgCheck(managerId, managerId is null ? null : managerEmail, departmentName);
    }

    /// What an admin changed, field by field as [before, after]: texts as typed, the department and manager as ids.
    private static Dictionary<string, object?[]> Changes(PersonRecord before, PersonFields after, OrgCheck org)
    {
        var changes = new Dictionary<string, object?[]>();
        void Compare(string field, string? old, string? @new)
        {
            if (!string.Equals(old ?? "", @new ?? "", StringComparison.Ordinal))
            {
                changes[field] = [old ?? "", @new ?? ""];
            }
        }

        Compare("email", before.Email, after.Email);
        Compare("name", before.Card.DisplayName, after.DisplayName);
        Compare("title", before.Card.Title, after.Title);
        if (before.Card.DepartmentId != after.DepartmentId)
        {
            changes["departmentId"] = [before.Card.DepartmentId, after.DepartmentId];
        }

        if (before.Card.ManagerId != org.ManagerId)
        {
            changes["managerId"] = [before.Card.ManagerId, org.ManagerId];
        }

        Compare("role", before.Role, after.Role);
        return changes;
    }
}
