using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Guidelines;

public static class GuidelineLimits
{
    public const int Body = 50_000;
}

/// The guidelines page: the current version, whether the viewer accepted it, and for someone who accepted an
/// earlier version what changed since (word by word, in the Markdown as written).
public sealed record GuidelinesView(GuidelineVersion? Current, bool Accepted, long? SinceVersion, IReadOnlyList<DiffPart>? Changes, string? ReturnUrl);

public sealed record GuidelinesAdminView(GuidelineVersion? Current, IReadOnlyList<GuidelineVersionCount> Versions, int ActivePeople, string? Draft);

/// Publishing a version (admins, audited) and what a person sees and accepts.
public sealed class GuidelineService(Database db, GuidelineStore store, AuditStore audit, MarkdownRenderer markdown, IStringLocalizer<SharedResource> t)
{
    public async Task<GuidelinesView> PageAsync(long viewerId, string? returnUrl, CancellationToken ct)
    {
        var current = await store.CurrentIdAsync(ct) is { } id ? await store.VersionAsync(id, ct) : null;
        if (current is null)
        {
            return new GuidelinesView(null, true, null, null, returnUrl);
        }

        var last = await store.LastAcceptedAsync(viewerId, ct);
        var accepted = last == current.Id;
        var before = !accepted && last is { } earlier ? await store.VersionAsync(earlier, ct) : null;
        return new GuidelinesView(current, accepted, before?.Id, before is null ? null : WordDiff.Between(before.BodyMd, current.BodyMd), returnUrl);
    }

    public Task<bool> AcceptAsync(long viewerId, long versionId, CancellationToken ct) => store.AcceptAsync(viewerId, versionId, ct);

    public async Task<GuidelinesAdminView> AdminAsync(string? draft, CancellationToken ct)
    {
        var current = await store.CurrentIdAsync(ct) is { } id ? await store.VersionAsync(id, ct) : null;
        var (versions, active) = await store.CountsAsync(ct);
        return new GuidelinesAdminView(current, versions, active, draft ?? current?.BodyMd);
    }

    /// A new version becomes current at once: everyone but its publisher accepts it again before they next post,
    /// comment or react.
    public async Task<WriteResult> PublishAsync(Viewer admin, string? body, CancellationToken ct)
    {
        if (!admin.IsAdmin)
        {
            return WriteResult.Forbidden;
        }

        var errors = new FieldErrors(t);
        var text = errors.Text("Guidelines", body, GuidelineLimits.Body, singleLine: false);
        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, Errors: errors);
        }

        var html = markdown.Render(text, MarkdownProfile.Full).Html;
        await using var scope = await db.BeginWriteAsync(ct);
        var id = await store.InsertVersionAsync(scope.Connection, scope.Transaction, text, html, admin.Id);
        // Whoever publishes a version has read it: their own words do not lock them out.
        await store.AcceptAsync(scope.Connection, scope.Transaction, admin.Id, id);
        await audit.InsertAsync(scope.Connection, scope.Transaction, admin.Id, AuditActions.GuidelinesPublished, AuditActions.Guidelines(id),
            AuditActions.Details(new { version = id, length = text.Length }));
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, id);
    }
}
