using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// One SQL text serves both engines: every statement the app writes out is prepared on PostgreSQL against the schema
/// of migrations/postgres/ (parsed, every table, column, function and operator resolved) without running it, the
/// search statements as the stores compose them from PostgreSQL's SearchIndex. The only exception is Fts5's own SQL:
/// SQLite's search index, built and checked there.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class PortableStatementTests
{
    [Test]
    public async Task Every_statement_prepares_on_PostgreSQL()
    {
        await using var connection = await ScratchDatabase.OpenAsync(await ScratchDatabase.MigratedAsync());
        var composed = Statements.Composed(new PostgresSearch()).ToList();
        var statements = Statements.All().Where(s => !s.Name.StartsWith("Fts5.", StringComparison.Ordinal)).Concat(composed).ToList();

        var failing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, sql) in statements)
        {
            if (await Statements.PrepareAsync(connection, sql) is { } error)
            {
                failing[name] = error;
            }
        }

        TestContext.Out.WriteLine($"{statements.Count - failing.Count} of {statements.Count} statements prepare on PostgreSQL, {composed.Count} of them search's");
        Assert.That(statements, Has.Count.GreaterThan(300), "the app's statements were found");
        Assert.That(composed.Select(s => s.Name), Is.SupersetOf(new[]
        {
            "SearchStore._byRelevanceSql", "SearchStore._newestSql", "SearchStore._topicsSql", "SearchStore._departmentsSql",
            "PeopleStore._searchByNameSql", "PeopleStore._searchByRelevanceSql",
        }), "the search statements were found");
        Assert.That(failing.Select(f => $"{f.Key}: {f.Value}"), Is.Empty, "statements that do not prepare on PostgreSQL");
    }

    [TestCase("SELECT IFNULL(comment_id, 0) FROM reactions", "42883")]
    [TestCase("INSERT OR IGNORE INTO follows (user_id, target_kind, target_id, created_at) VALUES (@userId, @kind, @id, @now)", "42601")]
    [TestCase("SELECT id FROM posts WHERE title IS @title", "42601")]
    [TestCase("SELECT COUNT(*) FROM (SELECT 1 FROM posts LIMIT @cap)", "42601")]
    [TestCase("SELECT SUM(deleted_at IS NULL) FROM posts", "42883")]
    [TestCase("UPDATE posts SET hidden_at = CASE WHEN @hidden THEN @now END WHERE id = @id", "42804")]
    public async Task SQLite_only_forms_are_refused(string sql, string state)
    {
        await using var connection = await ScratchDatabase.OpenAsync(await ScratchDatabase.MigratedAsync());

        Assert.That(await Statements.PrepareAsync(connection, sql), Does.StartWith(state));
    }

    [TestCase("SELECT id FROM posts WHERE (@kind IS NULL OR kind = @kind) AND id < @before LIMIT @take")]
    [TestCase("UPDATE posts SET hidden_at = CASE WHEN @hidden = 1 THEN @now END WHERE id = @id AND (hidden_at IS NULL) = (@hidden = 1)")]
    [TestCase("SELECT id FROM posts WHERE id IN @ids AND title = 'a@b; c'")]
    public async Task Portable_forms_prepare_whatever_the_parameters(string sql)
    {
        await using var connection = await ScratchDatabase.OpenAsync(await ScratchDatabase.MigratedAsync());

        Assert.That(await Statements.PrepareAsync(connection, sql), Is.Null);
    }
}
