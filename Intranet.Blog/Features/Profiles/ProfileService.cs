using System.Text.RegularExpressions;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Profiles;

public sealed record ProfileInput
{
    public string? Bio { get; init; }
    public string? Phone { get; init; }
    public string? Location { get; init; }
    public bool RemovePhoto { get; init; }

    /// The checkbox sends true before its hidden false; neither (a form without the field) keeps what was chosen.
    public bool? HelpfulListed { get; init; }

    public static ProfileInput From(Profile profile) => new() { Bio = profile.Bio, Phone = profile.Phone, Location = profile.Location, HelpfulListed = profile.HelpfulListed };
}

public sealed record ProfileEditorView(Profile Profile, ProfileInput Input);

/// A person changes their own profile; the organisational fields belong to the admin screens.
public sealed partial class ProfileService(
    Database db, ProfileStore profiles, UploadService uploads, AuditStore audit, AvatarLookup avatars, IStringLocalizer<SharedResource> t)
{
    public async Task<ProfileEditorView?> EditorAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await profiles.ProfileAsync(connection, id, ct) is { } profile ? new ProfileEditorView(profile, ProfileInput.From(profile)) : null;
    }

    public async Task<ProfileEditorView?> EditorAsync(long id, ProfileInput input, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await profiles.ProfileAsync(connection, id, ct) is { } profile ? new ProfileEditorView(profile, input) : null;
    }

    /// Text and photo are checked before anything is written; the new photo's file and row, the profile and the
    /// audit entry commit together, and the replaced photo is deleted only after that commit.
    public async Task<FieldErrors> SaveAsync(long id, ProfileInput input, IFormFile? photo, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var bio = errors.Text("Bio", input.Bio, ProfileLimits.Bio, singleLine: false, required: false);
        var phone = errors.Text("Phone", input.Phone, ProfileLimits.Phone, required: false);
        if (!PhonePattern().IsMatch(phone))
        {
            errors.Add("Phone", t["Phone may only contain digits, spaces and + - / ( )."]);
        }

        var location = errors.Text("Location", input.Location, ProfileLimits.Location, required: false);
        var image = photo is { Length: > 0 } || photo?.FileName is { Length: > 0 } ? await uploads.ReadAsync(photo, UploadPurposes.Photo, "Photo", errors, ct) : null;
        if (errors.Any)
        {
            return errors;
        }

        string? replaced = null;
        async Task Write(WriteScope scope, string? newPhoto)
        {
            var before = await profiles.ProfileAsync(scope.Connection, scope.Transaction, id) ?? throw new InvalidOperationException("A signed-in person exists");
            var fields = new ProfileFields(bio, phone, location, newPhoto ?? (input.RemovePhoto ? null : before.Card.Photo), input.HelpfulListed ?? before.HelpfulListed);
            await profiles.SetProfileAsync(scope.Connection, scope.Transaction, id, fields);
            var changed = Changes(before, fields);
            if (changed.Length > 0)
            {
                await audit.InsertAsync(scope.Connection, scope.Transaction, id, AuditActions.ProfileUpdated, AuditActions.Person(id), AuditActions.Details(new { fields = changed }));
            }

            replaced = before.Card.Photo != fields.Photo ? before.Card.Photo : null;
        }

        if (image is not null)
        {
            try
            {
                await uploads.SaveAsync(id, UploadPurposes.Photo, image, Write, ct);
            }
            catch (UploadsUnavailableException)
            {
                errors.Add("Photo", t[UploadService.CannotStore]);
                return errors;
            }
        }
        else
        {
            await using var scope = await db.BeginWriteAsync(ct);
            await Write(scope, null);
            await scope.CommitAsync(ct);
        }

        avatars.Forget(id);
        if (replaced is not null)
        {
            await uploads.DeleteAsync(replaced, ct);
        }

        return errors;
    }

    /// The fields that changed, by name (the audit page words them); the values stay out of the log.
    private static string[] Changes(Profile before, ProfileFields after) => new[]
    {
        before.Bio != after.Bio ? "bio" : null,
        before.Phone != after.Phone ? "phone" : null,
        before.Location != after.Location ? "location" : null,
        before.Card.Photo != after.Photo ? "photo" : null,
        before.HelpfulListed != after.HelpfulListed ? "helpful_listed" : null,
    }.OfType<string>().ToArray();

    [GeneratedRegex(@"^[0-9 +\-/()]*$")]
    private static partial Regex PhonePattern();
}
