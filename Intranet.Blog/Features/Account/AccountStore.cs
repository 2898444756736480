using Dapper;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Account;

/// What signing in asks of a person: the hash, whether they may sign in, how they are locked out, their claims.
public sealed record SignInRecord
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string? PasswordHash { get; init; }
    public string? DirectoryId { get; init; }
    public bool IsActive { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public string Role { get; init; } = "";
    public string Locale { get; init; } = "de";
    public string SecurityStamp { get; init; } = "";
}

/// What each request asks of the person behind its cookie: may they still be signed in with it.
public sealed record SessionRecord
{
    public bool IsActive { get; init; }
    public string SecurityStamp { get; init; } = "";
    public bool Ended { get; init; }
}

/// The sign-in side of the users table: failed attempts and locks, the password's rehash, the chosen language.
public sealed class AccountStore(Database db)
{
    // Every way of finding someone to sign in reads the same columns into SignInRecord.
    private const string SignInColumns = "id, email, display_name, password_hash, directory_id, is_active, locked_until, role, locale, security_stamp";

    private const string SignInSql = $"""
        SELECT {SignInColumns}
          FROM users
         WHERE email = @email
        """;

    public Task<SignInRecord?> FindForSignInAsync(string email, CancellationToken ct = default) => FindAsync(SignInSql, new { email }, ct);

    private const string SignInByIdSql = $"""
        SELECT {SignInColumns}
          FROM users
         WHERE id = @id
        """;

    public Task<SignInRecord?> FindForSignInAsync(long id, CancellationToken ct = default) => FindAsync(SignInByIdSql, new { id }, ct);

    private const string SignInByDirectoryIdSql = $"""
        SELECT {SignInColumns}
          FROM users
         WHERE directory_id = @directoryId
        """;

    /// Company sign-in: the person with the directory's own id (users.directory_id).
    public Task<SignInRecord?> FindByDirectoryIdAsync(string directoryId, CancellationToken ct = default) => FindAsync(SignInByDirectoryIdSql, new { directoryId }, ct);

    private async Task<SignInRecord?> FindAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SignInRecord>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private const string LinkDirectoryIdSql = $"""
        UPDATE users
           SET directory_id = @directoryId
         WHERE email = @email
           AND directory_id IS NULL
           AND is_active = 1
        RETURNING {SignInColumns}
        """;

    /// Company sign-in with an address the provider verified: the active person with that address and no directory id
    /// yet gets this one, so later sign-ins match by id even after the address changes. Someone linked to another
    /// directory id is never re-linked.
    public async Task<SignInRecord?> LinkDirectoryIdAsync(string email, string directoryId, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var linked = await scope.Connection.QuerySingleOrDefaultAsync<SignInRecord>(new CommandDefinition(LinkDirectoryIdSql,
            new { email, directoryId }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return linked;
    }

    private const string SessionSql = """
        SELECT u.is_active, u.security_stamp,
               EXISTS (SELECT 1 FROM ended_sessions e WHERE e.session_id = @session) AS ended
          FROM users u
         WHERE u.id = @id
        """;

    private readonly VersionedCache<(long Id, string Session), SessionRecord?> _sessions = new(db);

    /// Read on every signed-in request (SessionCheck); kept until the next write, which is how a deactivation, a
    /// new security stamp or a sign-out takes effect at once. Cookies from before session ids have none ("").
    public Task<SessionRecord?> GetSessionAsync(long id, string session, CancellationToken ct = default) =>
        _sessions.GetAsync((id, session), async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return await connection.QuerySingleOrDefaultAsync<SessionRecord>(new CommandDefinition(SessionSql, new { id, session }, cancellationToken: c));
        }, ct);

    private const string EndSessionSql = """
        INSERT INTO ended_sessions (session_id, user_id, ended_at)
        VALUES (@session, @id, @now)
        ON CONFLICT (session_id) DO NOTHING;

        DELETE FROM ended_sessions
         WHERE ended_at < @forgetBefore;
        """;

    /// Signing out. An ended session is remembered as long as a cookie of it could still be valid, then forgotten
    /// in the same transaction as a later sign-out, so no background round is needed to keep the table small. In
    /// read-only mode only the browser's cookie goes, as before session ids.
    public Task<bool> EndSessionAsync(long id, string session, DateTimeOffset now, TimeSpan cookieLifetime, CancellationToken ct = default) =>
        db.TryWriteAsync(async scope =>
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(EndSessionSql,
                new { session, id, now, forgetBefore = now - cookieLifetime }, scope.Transaction, cancellationToken: ct));
            await scope.CommitAsync(ct);
            return true;
        }, fallback: false, ct);

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

    private const string SetLocaleSql = "UPDATE users SET locale = @locale WHERE id = @id";

    public async Task SetLocaleAsync(long id, string locale, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(SetLocaleSql, new { id, locale }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }
}
