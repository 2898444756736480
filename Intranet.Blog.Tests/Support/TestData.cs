using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Tests.Support;

public sealed record TestPerson(long Id, string Email, string Name, string Password);

/// Builds each test's own rows with unique names, so tests sharing a fixture's database never collide.
public static partial class TestData
{
    public const string Password = "correct horse battery";
    // One hash serves every test person.
    private static readonly Lazy<string> Hash = new(() => Passwords.Hash(Password));
    private static readonly HtmlParser Parser = new();

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// A micropost written at a given time, straight through the store: for what depends on when posts were written.
    public static async Task<long> PostAtAsync(BlogAppFactory app, long authorId, string body, DateTimeOffset at)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        var id = await app.Service<PostStore>().InsertAsync(scope.Connection, scope.Transaction,
            new NewPost(authorId, PostKinds.Micro, null, body, $"<p>{body}</p>", body, null), at);
        await scope.CommitAsync();
        return id;
    }

    public static async Task<long> DepartmentAsync(BlogAppFactory app, string? name = null)
    {
        var db = app.Service<Database>();
        await using var scope = await db.BeginWriteAsync();
        var id = await app.Service<DepartmentStore>().InsertAsync(scope.Connection, scope.Transaction, name ?? Unique("Abteilung"));
        await scope.CommitAsync();
        return id;
    }

    public static async Task<TestPerson> PersonAsync(BlogAppFactory app, string role = Roles.Staff, long? departmentId = null, long? managerId = null, string? name = null)
    {
        var db = app.Service<Database>();
        name ??= Unique("Person");
        var email = $"{Guid.NewGuid():N}@test.example";
        await using var scope = await db.BeginWriteAsync();
        var id = await app.Service<Enrolment>().AddAsync(scope.Connection, scope.Transaction, new PersonFields(email, name, "Tester", departmentId, managerId, role), Hash.Value);
        await app.Service<PeopleAdminStore>().RecomputeLevelsAsync(scope.Connection, scope.Transaction);
        await scope.CommitAsync();
        return new TestPerson(id, email, name, Password);
    }

    /// A client with its own cookies, signed in through the real form.
    public static async Task<HttpClient> SignedInClientAsync(BlogAppFactory app, TestPerson person)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await SignInAsync(client, person.Email, person.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in");
        return client;
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["email"] = email, ["password"] = password };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        return PostFormAsync(client, "/account/signin", "/account/signin", fields);
    }

    /// Gives someone without one (a person from the directory) the test password.
    public static async Task SetPasswordAsync(BlogAppFactory app, long personId)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        await app.Service<PeopleAdminStore>().SetPasswordAsync(scope.Connection, scope.Transaction, personId, Hash.Value);
        await scope.CommitAsync();
    }

    /// Deactivates a person the way the admin screens do: a new security stamp ends their sessions.
    public static async Task DeactivateAsync(BlogAppFactory app, long personId)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        await app.Service<PeopleAdminStore>().SetActiveAsync(scope.Connection, scope.Transaction, personId, active: false);
        await scope.CommitAsync();
    }

    /// The messages of the form's error summary.
    public static string ErrorText(IHtmlDocument page) =>
        page.QuerySelector(".errors")?.TextContent.Trim() ?? throw new AssertionException("No error summary on the page: " + (page.QuerySelector("main") ?? page.DocumentElement).TextContent.Trim());

    public static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET {url}");
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// Reads the antiforgery token from a page the app serves, as a browser would, then posts the form.
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string tokenPage, string url, Dictionary<string, string> fields, string? accept = null)
    {
        var token = await TokenAsync(client, tokenPage);
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client.SendAsync(request);
    }

    /// What a browser without script sends when the button is pressed: the fields of the form the button names (its form
    /// attribute, else the form around it), the button's own name and value, to its formaction.
    public static async Task<HttpResponseMessage> PressAsync(HttpClient client, IElement button)
    {
        var page = button.Owner!;
        var form = button.GetAttribute("form") is { } id ? page.GetElementById(id) : button.Closest("form");
        Assert.That(form, Is.Not.Null, "the button belongs to a form");
        var fields = form!.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Append(new(button.GetAttribute("name")!, button.GetAttribute("value")!));
        var action = button.GetAttribute("formaction") ?? form.GetAttribute("action")!;
        Assert.That(form.GetAttribute("method"), Is.EqualTo("post"));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<string> TokenAsync(HttpClient client, string page) => await TokenInAsync(await client.GetStringAsync(page), page);

    /// The antiforgery token of a page's HTML: its form's field, else the one the layout hands to scripts.
    public static async Task<string> TokenInAsync(string html, string page)
    {
        var document = await Parser.ParseDocumentAsync(html);
        return document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? document.QuerySelector("meta[name=csrf-token]")?.GetAttribute("content")
            ?? throw new AssertionException($"No antiforgery token on {page}");
    }

    public static async Task<long> MicroAsync(HttpClient client, string body, long? departmentId = null)
    {
        var fields = new Dictionary<string, string> { ["kind"] = "micro", ["body"] = body };
        if (departmentId is { } d)
        {
            fields["departmentId"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var response = await PostFormAsync(client, "/", "/posts", fields, "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var card = (await ParseAsync(response)).QuerySelector("article[data-post-id]")!;
        return long.Parse(card.GetAttribute("data-post-id")!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<long> ArticleAsync(HttpClient client, string title, string body)
    {
        var response = await PostFormAsync(client, "/posts/new", "/posts", new() { ["kind"] = "article", ["title"] = title, ["body"] = body });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// Comments through the form; the redirect names the new comment's anchor.
    public static async Task<long> CommentAsync(HttpClient client, long postId, string body, long? parentId = null)
    {
        var fields = new Dictionary<string, string> { ["body"] = body };
        if (parentId is { } p)
        {
            fields["parentId"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var response = await PostFormAsync(client, $"/posts/{postId}", $"/posts/{postId}/comments", fields);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.OriginalString.Split("#comment-")[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// A test's own SQL. One that writes runs in a write scope, as the app's writes do: on PostgreSQL only a write
    /// scope tells the app's cached reads that something changed (SQLite's commit hook sees any commit).
    public static async Task<T> ScalarAsync<T>(BlogAppFactory app, string sql, object? args = null)
    {
        var db = app.Service<Database>();
        if (!Writes().IsMatch(sql))
        {
            await using var connection = await db.OpenAsync();
            return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new AssertionException($"No value for {sql}");
        }

        return await InWriteScopeAsync(app, scope => scope.Connection.ExecuteScalarAsync<T>(sql, args, scope.Transaction))
            ?? throw new AssertionException($"No value for {sql}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(INSERT|UPDATE|DELETE)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Writes();

    /// A test's own write, in the app's write scope: on PostgreSQL only a commit made there tells the app's caches
    /// (VersionedCache) that the data changed, where SQLite's commit hook sees any commit. The rows it changed.
    public static Task<int> ExecuteAsync(BlogAppFactory app, string sql, object? args = null) =>
        InWriteScopeAsync(app, scope => scope.Connection.ExecuteAsync(sql, args, scope.Transaction));

    private static async Task<T> InWriteScopeAsync<T>(BlogAppFactory app, Func<WriteScope, Task<T>> write)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        var result = await write(scope);
        await scope.CommitAsync();
        return result;
    }
}
