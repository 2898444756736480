using System.Text.RegularExpressions;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;

namespace Intranet.Blog.Features.Admin;

public static partial class PersonLimits
{
    public const int DisplayName = 64;
    public const int Email = 254;
    public const int Title = 100;
    public const int DepartmentName = 80;
    public const int Search = 100;

    /// Deliberately plain: one @, a dotted domain, and none of the characters a pasted "Name <address>" or a
    /// list of addresses would bring along.
    public static bool LooksLikeEmail(string value) => value.Length <= Email && EmailPattern().IsMatch(value);

    [GeneratedRegex("""^[^@\s<>(),;:"\\]+@[^@\s<>(),;:"\\.]+(\.[^@\s<>(),;:"\\.]+)+$""")]
    private static partial Regex EmailPattern();
}

/// The person form. Every field binds as text, so nothing the browser sends fails model binding: the service
/// turns a bad department id or role into a message on the form.
public sealed record PersonInput
{
    public string? DisplayName { get; init; }
    public string? Email { get; init; }
    public string? Title { get; init; }
    public string? DepartmentId { get; init; }
    public string? ManagerEmail { get; init; }
    public string Role { get; init; } = Roles.Staff;
    public string? Password { get; init; }

    public static PersonInput From(PersonRecord person) => new()
    {
        DisplayName = person.Card.DisplayName,
        Email = person.Email,
        Title = person.Card.Title,
        DepartmentId = person.Card.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ManagerEmail = person.ManagerEmail,
        Role = person.Role,
    };
}

/// FirstPageUrl is null on the first page, NextPageUrl on the last.
public sealed record PeopleView(
    IReadOnlyList<PersonRecord> People, IReadOnlyList<Department> Departments, long? DepartmentId, string? Search, string? FirstPageUrl, string? NextPageUrl);

public sealed record PersonEditorView(PersonRecord? Existing, PersonInput Input, IReadOnlyList<Department> Departments, bool Saved);

public sealed record DepartmentsAdminView(IReadOnlyList<Department> Departments, string? NewName, string? NewParentId);

public sealed record ImportInput
{
    public IFormFile? File { get; init; }
    public string? Text { get; init; }
}

/// Line 0 is a problem with the upload as a whole.
public sealed record ImportProblem(int Line, string Message);

public sealed record ImportSummary(int Created, int Updated, int DepartmentsCreated);

public sealed record ImportOutcome(IReadOnlyList<ImportProblem> Problems, ImportSummary? Summary);

public sealed record ImportView(IReadOnlyList<ImportProblem> Problems, ImportSummary? Done, string? Text);

/// The English label of each role, which is also its localisation key.
public static class RoleLabels
{
    public static string For(string role) => role switch
    {
        Roles.Staff => "Staff member",
        Roles.Executive => "Executive",
        Roles.Admin => "Administrator",
        _ => role,
    };
}

/// The audit log's filters, all optional: the kind of action, a person (who acted or was acted on), and days.
public sealed record AuditFilter(string? Kind, long? Person, DateOnly? From, DateOnly? To);

public sealed record AuditPage(IReadOnlyList<AuditRowView> Rows, AuditFilter Filter, IReadOnlyList<(long Id, string Name)> Actors)
{
    public const int Size = 100;
}
