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
