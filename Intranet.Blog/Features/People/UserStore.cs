using Dapper;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.People;

/// Owns the users table: accounts, the org chart (manager → level) and sign-in state.
public sealed partial class UserStore(SqliteConnectionFactory db, FollowStore follows, TimeProvider clock)
{
    private const string CountSql = "SELECT COUNT(*) FROM users";

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: ct));
    }

    private const string SignInSql = """
        SELECT id, display_name, password_hash, is_active, failed_sign_ins, locked_until, role, locale, security_stamp
          FROM users
         WHERE email = @email
        """;

    public async Task<SignInRecord?> FindForSignInAsync(string email, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SignInRecord>(new CommandDefinition(SignInSql, new { email }, cancellationToken: ct));
    }

    private const string SessionSql = """
        SELECT is_active, security_stamp
          FROM users
         WHERE id = @id
        """;

    public async Task<SessionRecord?> GetSessionAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SessionRecord>(new CommandDefinition(SessionSql, new { id }, cancellationToken: ct));
    }

    private const string FailedSignInSql = """
        UPDATE users
           SET failed_sign_ins = failed_sign_ins + 1,
               locked_until    = CASE WHEN failed_sign_ins + 1 >= @lockAfter THEN @lockedUntil ELSE locked_until END
         WHERE id = @id
        RETURNING failed_sign_ins
        """;

    /// Returns the failures counted so far; 0 when they cannot be counted (read-only mode: the address throttle still holds).
    public Task<int> RecordFailedSignInAsync(long id, int lockAfter, DateTimeOffset lockedUntil, CancellationToken ct = default) =>
        db.TryWriteAsync(async scope =>
        {
            var failures = await scope.Connection.ExecuteScalarAsync<int>(new CommandDefinition(FailedSignInSql,
                new { id, lockAfter, lockedUntil }, scope.Transaction, cancellationToken: ct));
            await scope.CommitAsync(ct);
            return failures;
        }, fallback: 0, ct);

    private const string SignedInSql = """
        UPDATE users
           SET failed_sign_ins = 0,
               locked_until    = NULL,
               password_hash   = COALESCE(@rehash, password_hash)
         WHERE id = @id
        """;

    /// In read-only mode people still sign in to read; the counters are reset at a later sign-in.
    public Task RecordSignInAsync(long id, string? rehash, CancellationToken ct = default) =>
        db.TryWriteAsync(async scope =>
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(SignedInSql, new { id, rehash }, scope.Transaction, cancellationToken: ct));
            await scope.CommitAsync(ct);
            return true;
        }, fallback: false, ct);

    private const string PersonSql = """
        SELECT u.id, u.email, u.display_name, u.title, u.department_id, d.name AS department_name,
               u.manager_id, m.display_name AS manager_name, m.email AS manager_email, u.level, u.role, u.locale,
               u.is_active, u.password_hash IS NOT NULL AS has_password
          FROM users u
          LEFT JOIN departments d ON d.id = u.department_id
          LEFT JOIN users m ON m.id = u.manager_id
        """;

    private const string GetSql = PersonSql + " WHERE u.id = @id";

    public async Task<Person?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Person>(new CommandDefinition(GetSql, new { id }, cancellationToken: ct));
    }

    private const string ListSql = PersonSql + """

         WHERE u.display_name > @after
         ORDER BY u.display_name
         LIMIT @take
        """;

    public async Task<IReadOnlyList<Person>> ListAsync(string after, int take, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<Person>(new CommandDefinition(ListSql, new { after, take }, cancellationToken: ct))).AsList();
    }

    private const string AllSql = PersonSql + " ORDER BY u.display_name";

    public async Task<IReadOnlyList<Person>> AllAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<Person>(new CommandDefinition(AllSql, cancellationToken: ct))).AsList();
    }

    private const string ByEmailSql = "SELECT id FROM users WHERE email = @email";

    public async Task<long?> FindIdByEmailAsync(string email, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(ByEmailSql, new { email }, cancellationToken: ct));
    }

    /// Inside a write: the uniqueness check and the insert see the same state, so a clash is a clear error, never a 500.
    public Task<long?> FindIdByEmailAsync(SqliteConnection connection, SqliteTransaction transaction, string email) =>
        connection.ExecuteScalarAsync<long?>(ByEmailSql, new { email }, transaction);

    public Task<Person?> GetAsync(SqliteConnection connection, SqliteTransaction transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<Person>(GetSql, new { id }, transaction);

    private const string PageSql = PersonSql + """

         WHERE (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
         LIMIT @take
        """;

    private const string PageInDepartmentSql = PersonSql + """

         WHERE u.department_id = @departmentId
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
         LIMIT @take
        """;

    // LIKE '%…%' cannot use an index; at org-chart sizes (≤ 20,000 people) the scan is cheap.
    private const string SearchSql = PersonSql + """

         WHERE (u.display_name LIKE @pattern ESCAPE '\' OR u.email LIKE @pattern ESCAPE '\')
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
         LIMIT @take
        """;

    private const string SearchInDepartmentSql = PersonSql + """

         WHERE u.department_id = @departmentId
           AND (u.display_name LIKE @pattern ESCAPE '\' OR u.email LIKE @pattern ESCAPE '\')
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
         LIMIT @take
        """;

    /// The admin's people list; names repeat, so the cursor is (name, id).
    public async Task<IReadOnlyList<Person>> PageAsync(PeopleQuery query, CancellationToken ct = default)
    {
        var search = string.IsNullOrEmpty(query.Search) ? null : query.Search;
        var sql = (query.DepartmentId, search) switch
        {
            (null, null) => PageSql,
            (not null, null) => PageInDepartmentSql,
            (null, not null) => SearchSql,
            _ => SearchInDepartmentSql,
        };
        var args = new
        {
            departmentId = query.DepartmentId, pattern = search is null ? null : ContainsPattern(search),
            afterName = query.AfterName, afterId = query.AfterId, take = query.Take,
        };
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<Person>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }

    /// The search text matches literally: % and _ are not wildcards for the person typing them.
    private static string ContainsPattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private const string InsertSql = """
        INSERT INTO users (email, display_name, title, department_id, manager_id, role, password_hash, security_stamp, created_at, handle)
        VALUES (@Email, @DisplayName, @Title, @DepartmentId, @ManagerId, @Role, @passwordHash, @stamp, @now, @handle)
        RETURNING id
        """;

    /// Part of a larger write (CSV import, seeding): the caller commits and then calls RecomputeLevelsAsync.
    /// Every insert path ends here, so every person gets a handle and follows their own department.
    public async Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, PersonFields person, string? passwordHash)
    {
        var id = await connection.ExecuteScalarAsync<long>(InsertSql, new
        {
            person.Email, person.DisplayName, person.Title, person.DepartmentId, person.ManagerId, person.Role,
            passwordHash, stamp = Guid.NewGuid().ToString("N"), now = clock.GetUtcNow(),
            handle = await FreeHandleAsync(connection, transaction, person.DisplayName),
        }, transaction);
        if (person.DepartmentId is { } departmentId)
        {
            await follows.FollowOwnDepartmentAsync(connection, transaction, id, departmentId);
        }

        return id;
    }

    private const string HandleTakenSql = "SELECT EXISTS (SELECT 1 FROM users WHERE handle = @handle)";

    /// Inside the inserting transaction, so two people named alike get "anna.berger" and "anna.berger2", never a clash.
    private static async Task<string> FreeHandleAsync(SqliteConnection connection, SqliteTransaction transaction, string displayName)
    {
        var wanted = Handles.FromDisplayName(displayName);
        for (var n = 1; ; n++)
        {
            var handle = Handles.WithSuffix(wanted, n);
            if (!await connection.ExecuteScalarAsync<bool>(HandleTakenSql, new { handle }, transaction))
            {
                return handle;
            }
        }
    }

    private const string WithoutHandleSql = "SELECT id, display_name FROM users WHERE handle IS NULL ORDER BY id";

    private const string SetHandleSql = "UPDATE users SET handle = @handle WHERE id = @id";

    /// Once at start-up: people created before handles existed get one. Later renames keep it.
    public async Task AssignMissingHandlesAsync(CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var people = await scope.Connection.QueryAsync<(long Id, string DisplayName)>(new CommandDefinition(WithoutHandleSql, transaction: scope.Transaction, cancellationToken: ct));
        foreach (var (id, displayName) in people.AsList())
        {
            var handle = await FreeHandleAsync(scope.Connection, scope.Transaction, displayName);
            await scope.Connection.ExecuteAsync(new CommandDefinition(SetHandleSql, new { id, handle }, scope.Transaction, cancellationToken: ct));
        }

        await scope.CommitAsync(ct);
    }

    // casefold() is registered on the connection: SQLite's own LIKE folds ASCII only, and "@jür" must find "Jürgen".
    // Prefix matches of name or handle rank first, then the start of a later name part ("@ber" → "Anna Berger").
    private const string SuggestSql = """
        SELECT u.id, u.display_name AS name, u.handle, u.title, d.name AS department
          FROM users u
          LEFT JOIN departments d ON d.id = u.department_id
         WHERE u.is_active = 1 AND u.handle IS NOT NULL
           AND (casefold(u.display_name) LIKE @nameContains ESCAPE '\' OR u.handle LIKE @handleContains ESCAPE '\')
         ORDER BY CASE WHEN casefold(u.display_name) LIKE @namePrefix ESCAPE '\' OR u.handle LIKE @handlePrefix ESCAPE '\' THEN 0
                       WHEN casefold(u.display_name) LIKE @nameWord ESCAPE '\' OR u.handle LIKE @handleWord ESCAPE '\' THEN 1
                       ELSE 2 END,
                  u.display_name, u.id
         LIMIT @take
        """;

    /// Active people whose name or handle contains text, for the composer's @ autocomplete.
    public async Task<IReadOnlyList<MentionSuggestion>> SuggestAsync(string text, int take, CancellationToken ct = default)
    {
        var handle = Escape(Handles.MentionKey(text));
        var name = handle.Replace('.', ' ');
        await using var connection = await db.OpenAsync(ct);
        connection.CreateFunction("casefold", (string? value) => value is null ? null : Handles.MentionKey(value), isDeterministic: true);
        var args = new
        {
            nameContains = $"%{name}%", handleContains = $"%{handle}%", namePrefix = $"{name}%", handlePrefix = $"{handle}%",
            nameWord = $"% {name}%", handleWord = $"%.{handle}%", take,
        };
        return (await connection.QueryAsync<MentionSuggestion>(new CommandDefinition(SuggestSql, args, cancellationToken: ct))).AsList();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private const string HandlesSql = "SELECT id, handle FROM users WHERE handle IS NOT NULL";

    /// Everyone's handle by id; the demo seeder writes @mentions with them.
    public async Task<IReadOnlyDictionary<long, string>> HandlesAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Handle)>(new CommandDefinition(HandlesSql, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Handle);
    }

    private const string ActiveByHandleSql = """
        SELECT handle, id
          FROM users
         WHERE handle IN @handles AND is_active = 1
        """;

    /// Mention keys → ids of the active people behind them; deactivated and unknown handles are left out.
    public async Task<IReadOnlyDictionary<string, long>> ActiveIdsByHandleAsync(IReadOnlyCollection<string> handles, CancellationToken ct = default)
    {
        if (handles.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Handle, long Id)>(new CommandDefinition(ActiveByHandleSql, new { handles }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Handle, r => r.Id);
    }

    private const string UpdateSql = """
        UPDATE users
           SET email = @Email, display_name = @DisplayName, title = @Title, department_id = @DepartmentId,
               manager_id = @ManagerId, role = @Role,
               security_stamp = CASE WHEN role <> @Role THEN @stamp ELSE security_stamp END
         WHERE id = @id
        """;

    public async Task UpdateAsync(SqliteConnection connection, SqliteTransaction transaction, long id, PersonFields person)
    {
        await follows.FollowNewDepartmentAsync(connection, transaction, [new DepartmentMove(id, person.DepartmentId)]);
        await connection.ExecuteAsync(UpdateSql, new
        {
            id, person.Email, person.DisplayName, person.Title, person.DepartmentId, person.ManagerId, person.Role,
            stamp = Guid.NewGuid().ToString("N"),
        }, transaction);
    }

    private const string SetActiveSql = """
        UPDATE users
           SET is_active = @active, security_stamp = @stamp
         WHERE id = @id
        """;

    /// A new security stamp ends every session the person has open.
    public Task SetActiveAsync(SqliteConnection connection, SqliteTransaction transaction, long id, bool active) =>
        connection.ExecuteAsync(SetActiveSql, new { id, active, stamp = Guid.NewGuid().ToString("N") }, transaction);

    private const string RecomputeLevelsSql = """
        WITH RECURSIVE chain (id, level) AS (
            SELECT id, 1 FROM users WHERE manager_id IS NULL
            UNION ALL
            SELECT u.id, c.level + 1 FROM users u JOIN chain c ON u.manager_id = c.id
        )
        UPDATE users
           SET level = (SELECT c.level FROM chain c WHERE c.id = users.id)
         WHERE id IN (SELECT id FROM chain)
        """;

    /// Levels follow the manager chain; recomputed whole after any manager change (cheap at org-chart sizes).
    public Task RecomputeLevelsAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.ExecuteAsync(RecomputeLevelsSql, transaction: transaction);

    private const string ManagerChainSql = """
        WITH RECURSIVE chain (id, manager_id, depth) AS (
            SELECT id, manager_id, 0 FROM users WHERE id = @start
            UNION ALL
            SELECT u.id, u.manager_id, c.depth + 1 FROM users u JOIN chain c ON u.id = c.manager_id WHERE c.depth < 1000
        )
        SELECT id FROM chain ORDER BY depth
        """;

    /// The ids from a person up to the top; used to refuse a manager that would close a cycle.
    public async Task<IReadOnlyList<long>> ManagerChainAsync(long start, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(ManagerChainSql, new { start }, cancellationToken: ct))).AsList();
    }

    /// Inside the write that sets the manager, so no concurrent change can slip a cycle in between check and write.
    public async Task<IReadOnlyList<long>> ManagerChainAsync(SqliteConnection connection, SqliteTransaction transaction, long start) =>
        (await connection.QueryAsync<long>(ManagerChainSql, new { start }, transaction)).AsList();

    private const string OrgChartSql = "SELECT id, email, manager_id FROM users";

    /// Everyone, for validating an import against the whole org chart inside the import's transaction.
    public async Task<IReadOnlyList<OrgEntry>> OrgChartAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        (await connection.QueryAsync<OrgEntry>(OrgChartSql, transaction: transaction)).AsList();

    private const string SetOrgFieldsSql = """
        UPDATE users
           SET display_name = @DisplayName, title = @Title, department_id = @DepartmentId, manager_id = @ManagerId
         WHERE id = @Id
        """;

    /// The caller recomputes levels afterwards, in the same transaction.
    public async Task SetOrgFieldsAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<OrgFields> people)
    {
        var list = people.ToList();
        await follows.FollowNewDepartmentAsync(connection, transaction, list.Select(p => new DepartmentMove(p.Id, p.DepartmentId)));
        await connection.ExecuteAsync(SetOrgFieldsSql, list, transaction);
    }

    private const string SetPasswordSql = "UPDATE users SET password_hash = @hash, security_stamp = @stamp WHERE id = @id";

    /// A new password ends every session opened with the old one.
    public Task SetPasswordAsync(SqliteConnection connection, SqliteTransaction transaction, long id, string hash) =>
        connection.ExecuteAsync(SetPasswordSql, new { id, hash, stamp = Guid.NewGuid().ToString("N") }, transaction);

    private const string SetLocaleSql = "UPDATE users SET locale = @locale WHERE id = @id";

    public async Task SetLocaleAsync(long id, string locale, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(SetLocaleSql, new { id, locale }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    public static readonly TimeSpan VisitLength = TimeSpan.FromMinutes(30);

    private const string FeedVisitSql = """
        SELECT last_feed_visit AS last, prior_feed_visit AS prior
          FROM users
         WHERE id = @id
        """;

    private const string StartVisitSql = """
        UPDATE users
           SET prior_feed_visit = last_feed_visit, last_feed_visit = @now
         WHERE id = @id AND (last_feed_visit IS NULL OR last_feed_visit < @visitStart)
        """;

    /// A visit lasts VisitLength from its first feed view; returns when the visit before this one began, for the
    /// "new since your last visit" divider. Reloads within a visit keep the divider where it was and write nothing.
    public async Task<DateTimeOffset?> FeedVisitAsync(long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        (long? Last, long? Prior) visit;
        await using (var connection = await db.OpenAsync(ct))
        {
            visit = await connection.QuerySingleOrDefaultAsync<(long? Last, long? Prior)>(new CommandDefinition(FeedVisitSql, new { id }, cancellationToken: ct));
            if (visit.Last is { } last && DapperSetup.FromUnixMs(last) >= now - VisitLength)
            {
                return visit.Prior is { } prior ? DapperSetup.FromUnixMs(prior) : null;
            }
        }

        // Not written (read-only mode): the divider stands where this visit would have put it.
        DateTimeOffset? unrecorded = visit.Last is { } l ? DapperSetup.FromUnixMs(l) : null;
        return await db.TryWriteAsync(async scope =>
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(StartVisitSql, new { id, now, visitStart = now - VisitLength }, scope.Transaction, cancellationToken: ct));
            var started = await scope.Connection.QuerySingleAsync<(long? Last, long? Prior)>(new CommandDefinition(FeedVisitSql, new { id }, scope.Transaction, cancellationToken: ct));
            await scope.CommitAsync(ct);
            return started.Prior is { } p ? DapperSetup.FromUnixMs(p) : (DateTimeOffset?)null;
        }, unrecorded, ct);
    }
}
