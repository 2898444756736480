using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.People;

public sealed class DepartmentStore(SqliteConnectionFactory db, TimeProvider clock)
{
    // people_count is kept by triggers on users (migration 0014): the feed's aside reads it on every page.
    private const string ListSql = """
        SELECT id, name, people_count
          FROM departments
         ORDER BY name
        """;

    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<Department>(new CommandDefinition(ListSql, cancellationToken: ct))).AsList();
    }

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM departments WHERE id = @id)";

    public async Task<bool> ExistsAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { id }, cancellationToken: ct));
    }

    /// How deep the department tree may go; every recursive read stops there, so a damaged row cannot loop.
    public const int MaxDepth = 32;

    private const string SubtreeSql = """
        WITH RECURSIVE tree (id, depth) AS (
            SELECT id, 0 FROM departments WHERE id = @id
            UNION ALL
            SELECT d.id, t.depth + 1 FROM departments d JOIN tree t ON d.parent_id = t.id WHERE t.depth < @maxDepth
        )
        SELECT DISTINCT id FROM tree
        """;

    /// The department and every department below it, at any depth: the one place the tree is walked for "with
    /// sub-departments" (announcement audiences, and issue 10's department pages and analytics). Empty for an unknown id.
    /// Standard SQL (WITH RECURSIVE) that PostgreSQL runs too. Name and shape agreed with issue 10's branch.
    public async Task<IReadOnlyList<long>> SubtreeAsync(SqliteConnection connection, long id, CancellationToken ct, SqliteTransaction? transaction = null) =>
        (await connection.QueryAsync<long>(new CommandDefinition(SubtreeSql, new { id, maxDepth = MaxDepth }, transaction, cancellationToken: ct))).AsList();

    private const string NameSql = "SELECT name FROM departments WHERE id = @id";

    /// Inside a write: null for an unknown id, so a bad id is refused with a message instead of failing the foreign key.
    public Task<string?> FindNameAsync(SqliteConnection connection, SqliteTransaction transaction, long id) =>
        connection.ExecuteScalarAsync<string?>(NameSql, new { id }, transaction);

    private const string AllSql = "SELECT id, name FROM departments";

    /// Every department, for matching an import's department names inside the import's transaction.
    public async Task<IReadOnlyList<Department>> AllAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        (await connection.QueryAsync<Department>(AllSql, transaction: transaction)).AsList();

    private const string ByNameSql = "SELECT id FROM departments WHERE name = @name";

    public Task<long?> FindIdByNameAsync(SqliteConnection connection, SqliteTransaction transaction, string name) =>
        connection.ExecuteScalarAsync<long?>(ByNameSql, new { name }, transaction);

    private const string InsertSql = """
        INSERT INTO departments (name, created_at)
        VALUES (@name, @now)
        RETURNING id
        """;

    public Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string name) =>
        connection.ExecuteScalarAsync<long>(InsertSql, new { name, now = clock.GetUtcNow() }, transaction);

    private const string RenameSql = "UPDATE departments SET name = @name WHERE id = @id";

    public Task<int> RenameAsync(SqliteConnection connection, SqliteTransaction transaction, long id, string name) =>
        connection.ExecuteAsync(RenameSql, new { id, name }, transaction);
}
