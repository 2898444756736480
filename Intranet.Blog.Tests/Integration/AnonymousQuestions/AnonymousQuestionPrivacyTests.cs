using System.Text;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.AnonymousQuestions;

/// "Anonymous means not stored": every table (as the engine lists them) is read before and after a question is
/// asked, released and answered; no row names the asker beside the question, the asking wrote nothing but the
/// question, the token is kept only as a hash, and the write-ahead log no longer holds the question's page.
public sealed class AnonymousQuestionPrivacyTests : AppFixture
{
    [Test]
    public async Task The_database_holds_nothing_that_links_the_asker_to_the_question()
    {
        var asker = await TestData.PersonAsync(App);
        var askerClient = await TestData.SignedInClientAsync(App, asker);
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var text = TestData.Unique("Warum verdienen Teamleitungen mehr als ausgeschrieben?");
        var token = await TestData.TokenAsync(askerClient, "/ask");
        var before = await DatabaseReader.RowsAsync(App);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/ask")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = text, ["__RequestVerificationToken"] = token }),
        };
        var response = await askerClient.SendAsync(request);
        var wal = await DatabaseReader.WalBytesAsync(App);
        var afterAsking = await DatabaseReader.RowsAsync(App);
        var link = response.Headers.Location!.OriginalString["/ask/".Length..];

        var written = Changed(before, afterAsking);
        Assert.That(written.Select(w => w.Table).Distinct(), Is.EqualTo(new[] { "anonymous_questions" }), "asking writes the question and nothing else: " + string.Join(" | ", written.Select(w => w.Row)));
        Assert.That(written.Single().Row, Does.Contain("decided_by=, decided_at=,"), "the one person column (the moderator's) is empty, and no time is kept");
        Assert.That(DatabaseReader.Contains(wal, text), Is.False, "the write-ahead log no longer holds the question's page");

        var id = await AskForms.IdAsync(App, text);
        var released = await AskForms.ReleaseAsync(admin, id);
        var postId = long.Parse(released.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await TestData.CommentAsync(admin, postId, "Eine Antwort der Geschäftsführung.");
        var end = await DatabaseReader.RowsAsync(App);

        foreach (var (table, rows) in end)
        {
            foreach (var row in rows)
            {
                var values = row.Values.ToList();
                Assert.That(values.Any(v => v is string s && s.Contains(link, StringComparison.Ordinal) || v is byte[] b && DatabaseReader.Contains(b, link)), Is.False,
                    $"{table} holds the private token itself: {DatabaseReader.Describe(row)}");
                var names = UserColumns(table).Any(c => row.TryGetValue(c, out var v) && v is long l && l == asker.Id);
                var about = values.Any(v => v is string s && s.Contains(text, StringComparison.Ordinal))
                    || table == "anonymous_questions"
                    || row.TryGetValue("post_id", out var p) && p is long pid && pid == postId
                    || table == "posts" && row["id"] is long own && own == postId;
                Assert.That(names && about, Is.False, $"{table} names the asker beside the question: {DatabaseReader.Describe(row)}");
            }
        }

        await using var connection = await App.Service<Database>().OpenAsync();
        var columns = await DatabaseReader.ColumnsAsync(connection, "anonymous_questions");
        Assert.That(columns, Is.EqualTo(new[] { "id", "body", "token_hash", "status", "decided_by", "decided_at", "decline_reason", "post_id" }),
            "no column for the asker or the time of asking");
    }

    private static IEnumerable<string> UserColumns(string table) =>
        table == "users" ? ["id"] : ["user_id", "actor_id", "author_id", "recipient_id", "decided_by", "owner_id", "created_by", "edited_by"];

    private static List<(string Table, string Row)> Changed(Dictionary<string, List<IDictionary<string, object?>>> before, Dictionary<string, List<IDictionary<string, object?>>> after)
    {
        var changed = new List<(string, string)>();
        foreach (var (table, rows) in after)
        {
            var old = before.TryGetValue(table, out var was) ? was.Select(DatabaseReader.Describe).ToHashSet() : [];
            changed.AddRange(rows.Select(DatabaseReader.Describe).Where(r => !old.Contains(r)).Select(r => (table, r)));
        }

        return changed;
    }
}
