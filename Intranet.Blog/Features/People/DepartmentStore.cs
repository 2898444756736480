using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.People;

/// Owns the departments table: the names, the tree (parent_id), the head and the description. The tree is walked
/// here and nowhere else: SubtreeAsync is what every "this department with its sub-departments" asks.
public sealed class DepartmentStore(Database db, TimeProvider clock)
{
    /// Deeper than any organisation nests; a damaged row (a cycle written around the app) stops here instead of looping.
    public const int MaxDepth = 32;

    // people_count is kept by triggers on users (migration 0014): the feed's aside reads it on every page.
    private const string ListSql = """
        SELECT id, name, parent_id, people_count
          FROM departments
         ORDER BY name
        """;

    private readonly VersionedCache<bool, IReadOnlyList<Department>> _list = new(db);

    /// Every department in tree order: each parent before its children, siblings by name, with its depth. Read by many
    /// pages (lists, pickers, the departments page): kept until the next write.
    public Task<IReadOnlyList<Department>> ListAsync(CancellationToken ct = default) =>
        _list.GetAsync(true, async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return DepartmentTree.Order((await connection.QueryAsync<Department>(new CommandDefinition(ListSql, cancellationToken: c))).AsList());
        }, ct);

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM departments WHERE id = @id)";

    public async Task<bool> ExistsAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { id }, cancellationToken: ct));
    }

    /// The head everyone sees: the person an admin named while they are active, else the highest-level active
    /// person of the department (ties by name). Written once, used by every query that shows or checks a head.
    private const string HeadSql = """
        COALESCE((SELECT h.id FROM users h WHERE h.id = d.head_id AND h.is_active = 1),
                 (SELECT h.id FROM users h WHERE h.department_id = d.id AND h.is_active = 1 ORDER BY h.level, h.display_name, h.id LIMIT 1))
        """;

    private const string GetSql = """
        SELECT d.id, d.name, d.parent_id, d.people_count, d.head_id AS named_head_id,
        """ + HeadSql + """
         AS head_id,
               d.description_md, d.description_html
          FROM departments d
         WHERE d.id = @id
        """;

    public async Task<DepartmentDetail?> GetAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<DepartmentDetail>(new CommandDefinition(GetSql, new { id }, transaction, cancellationToken: ct));

    public async Task<DepartmentDetail?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await GetAsync(connection, id, ct);
    }

    private const string HeadOfSql = "SELECT " + HeadSql + " FROM departments d WHERE d.id = @id";

    /// The department's head as everyone sees it (named or by default); null for a department without active people.
    public Task<long?> HeadIdAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(HeadOfSql, new { id }, transaction, cancellationToken: ct));

    private const string HeadedBySql = "SELECT d.id FROM departments d WHERE " + HeadSql + " = @userId";

    /// The departments whose head (named or by default) this person is.
    public async Task<IReadOnlyList<long>> HeadedByAsync(DbConnection connection, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(HeadedBySql, new { userId }, cancellationToken: ct))).AsList();

    private const string SubtreeSql = """
        WITH RECURSIVE tree (id, depth) AS (
            SELECT id, 0 FROM departments WHERE id = @id
            UNION ALL
            SELECT d.id, t.depth + 1 FROM departments d JOIN tree t ON d.parent_id = t.id WHERE t.depth < @maxDepth
        )
        SELECT DISTINCT id FROM tree
        """;

    /// The department and every department below it, at any depth: what audiences "with sub-departments", a parent's
    /// page with its teams' posts, and analytics by division ask. Empty for an unknown id.
    public async Task<IReadOnlyList<long>> SubtreeAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<long>(new CommandDefinition(SubtreeSql, new { id, maxDepth = MaxDepth }, transaction, cancellationToken: ct))).AsList();

    public async Task<IReadOnlyList<long>> SubtreeAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await SubtreeAsync(connection, id, ct);
    }

    private const string AncestorsSql = """
        WITH RECURSIVE chain (id, depth) AS (
            SELECT parent_id, 1 FROM departments WHERE id = @id AND parent_id IS NOT NULL
            UNION ALL
            SELECT d.parent_id, c.depth + 1 FROM departments d JOIN chain c ON d.id = c.id WHERE d.parent_id IS NOT NULL AND c.depth < @maxDepth
        )
        SELECT d.id, d.name, d.parent_id, d.people_count
          FROM chain c
          JOIN departments d ON d.id = c.id
         ORDER BY c.depth DESC
        """;

    /// The departments above this one, from the top down to its parent.
    public async Task<IReadOnlyList<Department>> AncestorsAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<Department>(new CommandDefinition(AncestorsSql, new { id, maxDepth = MaxDepth }, transaction, cancellationToken: ct))).AsList();

    private const string ChildrenSql = """
        SELECT id, name, parent_id, people_count
          FROM departments
         WHERE parent_id = @id
         ORDER BY name
        """;

    public async Task<IReadOnlyList<Department>> ChildrenAsync(DbConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<Department>(new CommandDefinition(ChildrenSql, new { id }, cancellationToken: ct))).AsList();

    /// Whether making parentId the parent of id would put the department under itself (directly or through others).
    public async Task<bool> WouldCycleAsync(DbConnection connection, DbTransaction transaction, long id, long parentId) =>
        parentId == id || (await AncestorsAsync(connection, parentId, CancellationToken.None, transaction)).Any(a => a.Id == id);

    private const string NameSql = "SELECT name FROM departments WHERE id = @id";

    /// Inside a write: null for an unknown id, so a bad id is refused with a message instead of failing the foreign key.
    public Task<string?> FindNameAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.ExecuteScalarAsync<string?>(NameSql, new { id }, transaction);

    private const string AllSql = "SELECT id, name, parent_id FROM departments";

    /// Every department, for matching an import's department names inside the import's transaction.
    public async Task<IReadOnlyList<Department>> AllAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<Department>(AllSql, transaction: transaction)).AsList();

    private const string ByNameSql = "SELECT id FROM departments WHERE name = @name";

    public Task<long?> FindIdByNameAsync(DbConnection connection, DbTransaction transaction, string name) =>
        connection.ExecuteScalarAsync<long?>(ByNameSql, new { name }, transaction);

    private const string InsertSql = """
        INSERT INTO departments (name, parent_id, created_at)
        VALUES (@name, @parentId, @now)
        RETURNING id
        """;

    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, string name, long? parentId = null) =>
        connection.ExecuteScalarAsync<long>(InsertSql, new { name, parentId, now = clock.GetUtcNow() }, transaction);

    private const string RenameSql = "UPDATE departments SET name = @name WHERE id = @id";

    public Task<int> RenameAsync(DbConnection connection, DbTransaction transaction, long id, string name) =>
        connection.ExecuteAsync(RenameSql, new { id, name }, transaction);

    private const string SetParentSql = "UPDATE departments SET parent_id = @parentId WHERE id = @id";

    /// The caller has checked WouldCycleAsync in the same transaction.
    public Task<int> SetParentAsync(DbConnection connection, DbTransaction transaction, long id, long? parentId) =>
        connection.ExecuteAsync(SetParentSql, new { id, parentId }, transaction);

    private const string SetHeadSql = "UPDATE departments SET head_id = @headId WHERE id = @id";

    /// Null goes back to the default head (the highest-level person of the department).
    public Task<int> SetHeadAsync(DbConnection connection, DbTransaction transaction, long id, long? headId) =>
        connection.ExecuteAsync(SetHeadSql, new { id, headId }, transaction);

    private const string SetDescriptionSql = """
        UPDATE departments
           SET description_md = @markdown, description_html = @html
         WHERE id = @id
        """;

    public Task<int> SetDescriptionAsync(DbConnection connection, DbTransaction transaction, long id, string markdown, string html) =>
        connection.ExecuteAsync(SetDescriptionSql, new { id, markdown, html }, transaction);
}
