using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Intranet.Blog.Features.Shared;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Admin;

/// The people, departments and posts an audit page names, by id. A page is worded twice: once to learn which ids its
/// sentences name (Collecting), then, after one query per kind, with the names (Known). A comment is named by its
/// post's title and linked to its place on the post's page.
public sealed class AuditNames
{
    public enum Kind { Person, Department, Post, Comment }

    private readonly Dictionary<(Kind, long), string>? _known;
    private readonly Dictionary<long, long> _postOfComment;

    public HashSet<(Kind Kind, long Id)> Wanted { get; } = [];

    private AuditNames(Dictionary<(Kind, long), string>? known, Dictionary<long, long> postOfComment) =>
        (_known, _postOfComment) = (known, postOfComment);

    public static AuditNames Collecting() => new(null, []);

    /// Names by kind and id; postOfComment says which post each named comment is on.
    public static AuditNames Known(IEnumerable<(Kind Kind, long Id, string Name)> names, IReadOnlyDictionary<long, long>? postOfComment = null) =>
        new(names.ToDictionary(n => (n.Kind, n.Id), n => n.Name), new(postOfComment ?? new Dictionary<long, long>()));

    /// The post a comment is on, once known.
    public long? PostOf(long commentId) => _postOfComment.TryGetValue(commentId, out var postId) ? postId : null;

    /// The name, or null while collecting and for an id that no longer exists.
    public string? Name(Kind kind, long id)
    {
        if (_known is null)
        {
            Wanted.Add((kind, id));
            return null;
        }

        return _known.GetValueOrDefault((kind, id));
    }
}

/// One audit row as its sentence reads it (see AuditSentences). Rows written before details were structured hold
/// free text; they read as details with no values, so their sentence still names who did what to whom.
public sealed class AuditLine(AuditEntry entry, AuditNames names, IStringLocalizer t)
{
    private readonly JsonObject _details = Parse(entry.Details);

    public IStringLocalizer T => t;

    public string Actor => entry.ActorName ?? t["Someone"];

    /// The target's current name: the person, department or post the row is about.
    public string Target => entry.Target.Split(':') switch
    {
        ["user", var id] when long.TryParse(id, CultureInfo.InvariantCulture, out var personId) => Name(AuditNames.Kind.Person, personId),
        ["department", var id] when long.TryParse(id, CultureInfo.InvariantCulture, out var departmentId) => Name(AuditNames.Kind.Department, departmentId),
        ["post", var id] when long.TryParse(id, CultureInfo.InvariantCulture, out var postId) => Name(AuditNames.Kind.Post, postId),
        ["comment", var id] when long.TryParse(id, CultureInfo.InvariantCulture, out var commentId) => Name(AuditNames.Kind.Comment, commentId),
        ["guidelines", var version] => t["Guidelines, version {0}", version],
        ["feed"] => t["Company feed"],
        _ => "",
    };

    /// Where the target can be looked at, if anywhere.
    public string? TargetUrl => entry.Target.Split(':') switch
    {
        ["user", var id] => $"/admin/people/{id}",
        ["department", var id] => $"/admin/departments/{id}",
        ["post", var id] => $"/posts/{id}",
        ["comment", var id] when long.TryParse(id, CultureInfo.InvariantCulture, out var commentId) && names.PostOf(commentId) is { } postId =>
            $"/posts/{postId}#comment-{commentId}",
        ["guidelines", _] => "/admin/guidelines",
        ["feed"] => "/",
        _ => null,
    };

    /// Company-wide pins are kept under the target "feed" rather than a department.
    public bool OnCompanyFeed => entry.Target == "feed";

    public bool Has(string key) => _details[key] is JsonValue;

    public string Text(string key) => _details[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    public long Count(string key) => Number(_details[key]) ?? 0;

    public bool Flag(string key) => _details[key] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// A moment stored as Unix milliseconds, as a date in the reader's culture.
    public string Date(string key) => Number(_details[key]) is { } ms
        ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("d", CultureInfo.CurrentCulture)
        : t["(none)"];

    public string Person(string key) => Named(AuditNames.Kind.Person, _details[key]);

    public string Department(string key) => Named(AuditNames.Kind.Department, _details[key]);

    public string Post(string key) => Named(AuditNames.Kind.Post, _details[key]);

    /// A role's label in the reader's language.
    public string Role(string key) => t[RoleLabels.For(Text(key))];

    /// A list of stored names, each worded by label (an English resource key), joined for the reader.
    public string List(string key, Func<string, string> label) =>
        string.Join(", ", (_details[key] as JsonArray ?? []).Select(n => t[label(n?.ToString() ?? "")].Value));

    /// Further sentences, those that apply.
    public string Also(params string?[] sentences) =>
        string.Concat(sentences.Where(s => s is not null).Select(s => " " + s));

    /// A person's changed fields, stored as { field: [before, after] }: "Job title: "A" → "B", Department: X → Y".
    public string Changes(string key) => string.Join(", ", (_details[key] as JsonObject ?? []).Select(change =>
    {
        var values = change.Value as JsonArray ?? [];
        var (before, after) = (values.ElementAtOrDefault(0), values.ElementAtOrDefault(1));
        return change.Key switch
        {
            "departmentId" => t["Department: {0} → {1}", Named(AuditNames.Kind.Department, before), Named(AuditNames.Kind.Department, after)],
            "managerId" => t["Manager: {0} → {1}", Named(AuditNames.Kind.Person, before), Named(AuditNames.Kind.Person, after)],
            "role" => t["Role: {0} → {1}", t[RoleLabels.For(before?.ToString() ?? "")], t[RoleLabels.For(after?.ToString() ?? "")]],
            "email" => t["E-mail address: {0} → {1}", Quoted(before), Quoted(after)],
            "name" => t["Name: {0} → {1}", Quoted(before), Quoted(after)],
            "title" => t["Job title: {0} → {1}", Quoted(before), Quoted(after)],
            var other => $"{other}: {Quoted(before)} → {Quoted(after)}",
        };
    }));

    private string Quoted(JsonNode? value) => value?.ToString() is { Length: > 0 } text ? t["“{0}”", text] : t["(empty)"];

    private string Named(AuditNames.Kind kind, JsonNode? value) =>
        Number(value) is { } id ? Name(kind, id) : t["(none)"];

    private string Name(AuditNames.Kind kind, long id) => names.Name(kind, id) ?? kind switch
    {
        AuditNames.Kind.Person => t["person no. {0}", id],
        AuditNames.Kind.Department => t["no. {0}", id],
        AuditNames.Kind.Comment => t["comment no. {0}", id],
        _ => t["post no. {0}", id],
    };

    private static long? Number(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<long>(out var number) ? number : null;

    private static JsonObject Parse(string details)
    {
        if (!details.StartsWith('{'))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(details) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
