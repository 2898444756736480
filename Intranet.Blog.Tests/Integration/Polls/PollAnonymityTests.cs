using System.Text;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Polls;

/// "Anonymous means not stored": after anonymous votes, every table of the database (as the engine lists them) is
/// read, and no row ties a voter to a choice, nor to a time that the vote's other rows carry; the write-ahead log
/// does not hold the votes' pages either.
public sealed class PollAnonymityTests : AppFixture
{
    private sealed record Table(string Name, IReadOnlyList<string> Columns, IReadOnlySet<string> UserColumns, IReadOnlySet<string> OptionColumns);

    [Test]
    public async Task After_anonymous_votes_no_table_links_a_voter_to_a_choice()
    {
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var labels = new[] { TestData.Unique("Erste Wahl"), TestData.Unique("Zweite Wahl") };
        var postId = await PollForms.CreateAsync(author, labels, anonymous: true);
        var options = await PollForms.OptionsAsync(author, postId);
        var voters = new List<(long Id, HttpClient Client, string Token)>();
        for (var i = 0; i < 3; i++)
        {
            var person = await TestData.PersonAsync(App);
            var client = await TestData.SignedInClientAsync(App, person);
            voters.Add((person.Id, client, await TestData.TokenAsync(client, $"/posts/{postId}")));
        }

        var tables = await TablesAsync();
        var before = (await DatabaseReader.RowsAsync(App, tables.Select(t => t.Name))).ToDictionary(t => t.Key, t => t.Value.Select(DatabaseReader.Describe).ToHashSet());
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        for (var i = 0; i < voters.Count; i++)
        {
            await PollForms.VoteAsync(voters[i].Client, postId, [options[i % 2]], voters[i].Token);
        }

        var wal = await DatabaseReader.WalBytesAsync(App);
        var after = await DatabaseReader.RowsAsync(App, tables.Select(t => t.Name));
        var end = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();
        var voterIds = voters.Select(v => v.Id).ToHashSet();

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT SUM(anonymous_votes) FROM poll_options WHERE post_id = @postId", new { postId }), Is.EqualTo(3), "the votes were counted");
        foreach (var table in tables)
        {
            foreach (var row in after[table.Name])
            {
                var voter = table.UserColumns.Any(c => row[c] is long id && voterIds.Contains(id));
                var choice = table.OptionColumns.Any(c => row[c] is long id && options.Contains(id))
                    || row.Values.OfType<string>().Any(text => labels.Any(l => text.Contains(l, StringComparison.Ordinal)));
                Assert.That(voter && choice, Is.False, $"{table.Name} ties a voter to an option: {DatabaseReader.Describe(row)}");
            }

            foreach (var row in after[table.Name].Where(r => !before[table.Name].Contains(DatabaseReader.Describe(r))))
            {
                var voter = table.UserColumns.Any(c => row[c] is long id && voterIds.Contains(id));
                var times = row.Values.OfType<long>().Any(v => v >= start && v <= end);
                Assert.That(voter && times, Is.False, $"{table.Name} wrote a voter with a time the vote's other rows could be matched to: {DatabaseReader.Describe(row)}");
                if (table.Name == "events")
                {
                    Assert.That(row["actor_id"], Is.Null, $"the live log names no voter: {DatabaseReader.Describe(row)}");
                }
            }
        }

        Assert.That(DatabaseReader.Contains(wal, labels[0]) || DatabaseReader.Contains(wal, labels[1]), Is.False, "the write-ahead log no longer holds the counters' page");
    }

    [Test]
    public async Task Who_voted_is_kept_without_a_time_or_an_arrival_order()
    {
        await using var connection = await App.Service<Database>().OpenAsync();
        var columns = await DatabaseReader.ColumnsAsync(connection, "poll_voters");

        Assert.That(columns, Is.EqualTo(new[] { "post_id", "user_id" }));
        if (TestEngine.Postgres)
        {
            // PostgreSQL has no rowid; only a column of the table's own could count up in the order people voted.
            Assert.That(await connection.ExecuteScalarAsync<long>("""
                SELECT COUNT(*) FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'poll_voters' AND (is_identity = 'YES' OR column_default IS NOT NULL)
                """), Is.Zero, "no column that counts up in the order people voted");
            return;
        }

        var sql = await connection.ExecuteScalarAsync<string>("SELECT sql FROM sqlite_master WHERE name = 'poll_voters'");
        Assert.That(sql, Does.Contain("WITHOUT ROWID"), "no rowid that counts up in the order people voted");
        Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA secure_delete"), Is.EqualTo(1), "a changed counter's old value is overwritten, not left in free space");
    }

    private async Task<IReadOnlyList<Table>> TablesAsync()
    {
        await using var connection = await App.Service<Database>().OpenAsync();
        var names = await DatabaseReader.TablesAsync(connection);
        var tables = new List<Table>();
        foreach (var name in names)
        {
            var columns = await DatabaseReader.ColumnsAsync(connection, name);
            // Each foreign key column and the table it names.
            var keys = (await connection.QueryAsync<(string Table, string From)>(TestEngine.Postgres
                ? """
                  SELECT r.relname, a.attname
                    FROM pg_constraint k
                    JOIN pg_class t ON t.oid = k.conrelid
                    JOIN pg_class r ON r.oid = k.confrelid
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
                   WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = @name
                  """
                : "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(@name)", new { name })).ToList();
            // Columns that name a person or an option, by their foreign key, or by their name where a table keeps none.
            var users = keys.Where(k => k.Table == "users").Select(k => k.From).Concat(columns.Where(c => c is "user_id" or "actor_id" or "author_id" or "recipient_id")).ToHashSet();
            var optionColumns = keys.Where(k => k.Table == "poll_options").Select(k => k.From).Concat(columns.Where(c => c == "option_id")).ToHashSet();
            if (name == "users")
            {
                users.Add("id");
            }

            if (name == "poll_options")
            {
                optionColumns.Add("id");
            }

            tables.Add(new Table(name, columns, users, optionColumns));
        }

        Assert.That(tables.Select(t => t.Name), Does.Contain("poll_voters").And.Contain("poll_options").And.Contain("events"));
        return tables;
    }


}
