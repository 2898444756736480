using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Departments;

public static class DepartmentLimits
{
    public const int Description = 10_000;
    public const int Person = 254;
}

/// What a department's curators change on its page: the description and the influencers. Rights are checked inside
/// the write (CurationRights), each change commits with its audit row and its event, and open pages follow live.
public sealed class DepartmentService(
    Database db, DepartmentStore departments, InfluencerStore influencers, PeopleStore people, CurationRights rights,
    AuditStore audit, EventStore events, MarkdownRenderer markdown, IStringLocalizer<SharedResource> t)
{
    public const string DescriptionField = "Description";
    public const string PersonField = "Person (e-mail address)";

    public async Task<WriteResult> DescribeAsync(Viewer viewer, long id, string? text, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var body = errors.Text(DescriptionField, text, DepartmentLimits.Description, singleLine: false, required: false);
        string html;
        try
        {
            html = errors.Any || body.Length == 0 ? "" : markdown.Render(body, MarkdownProfile.Full).Html;
        }
        catch (MarkdownTooDeepException)
        {
            errors.Add(DescriptionField, t["The text is nested too deeply."]);
            html = "";
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, id, errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        if (await departments.GetAsync(scope.Connection, id, ct, scope.Transaction) is not { } department)
        {
            return WriteResult.NotFound;
        }

        if (!await rights.MayCurateAsync(scope.Connection, scope.Transaction, viewer, id, ct))
        {
            return WriteResult.Forbidden;
        }

        if (department.DescriptionMd == body)
        {
            return new WriteResult(WriteStatus.Ok, id);
        }

        await departments.SetDescriptionAsync(scope.Connection, scope.Transaction, id, body, html);
        await audit.InsertAsync(scope.Connection, scope.Transaction, viewer.Id, AuditActions.DepartmentDescribed, AuditActions.Department(id),
            AuditActions.Details(new { length = body.Length }));
        await events.AppendAsync(scope, EventKinds.DepartmentDescription, id, null, viewer.Id, id);
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, id);
    }

    /// The head of the department or an admin names a colleague by e-mail address.
    public async Task<WriteResult> AppointAsync(Viewer viewer, long id, string? person, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var email = errors.Text(PersonField, person, DepartmentLimits.Person);
        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, id, errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        if (await departments.GetAsync(scope.Connection, id, ct, scope.Transaction) is null)
        {
            return WriteResult.NotFound;
        }

        if (!await rights.MayAppointAsync(scope.Connection, scope.Transaction, viewer, id, ct))
        {
            return WriteResult.Forbidden;
        }

        if (await people.FindActiveIdByEmailAsync(scope.Connection, scope.Transaction, email) is not { } userId)
        {
            errors.Add(PersonField, t["There is no active person with the e-mail address {0}.", email]);
            return new WriteResult(WriteStatus.Invalid, id, errors);
        }

        if (await influencers.AppointAsync(scope.Connection, scope.Transaction, id, userId, viewer.Id))
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, viewer.Id, AuditActions.InfluencerAppointed, AuditActions.Department(id),
                AuditActions.Details(new { personId = userId }));
            await events.AppendAsync(scope, EventKinds.DepartmentPeople, id, null, viewer.Id, id);
            await scope.CommitAsync(ct);
        }

        return new WriteResult(WriteStatus.Ok, id);
    }

    /// The head or an admin ends an appointment, or the influencer steps down. Their rights end with the commit: every
    /// curation request checks the database, and their open pages of the department drop the controls live.
    public async Task<WriteResult> RemoveAsync(Viewer viewer, long id, long userId, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (await departments.GetAsync(scope.Connection, id, ct, scope.Transaction) is null)
        {
            return WriteResult.NotFound;
        }

        if (viewer.Id != userId && !await rights.MayAppointAsync(scope.Connection, scope.Transaction, viewer, id, ct))
        {
            return WriteResult.Forbidden;
        }

        if (await influencers.RemoveAsync(scope.Connection, scope.Transaction, id, userId))
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, viewer.Id, AuditActions.InfluencerRemoved, AuditActions.Department(id),
                AuditActions.Details(new { personId = userId }));
            await events.AppendAsync(scope, EventKinds.DepartmentPeople, id, null, viewer.Id, id);
            await scope.CommitAsync(ct);
        }

        return new WriteResult(WriteStatus.Ok, id);
    }
}
