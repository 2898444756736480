namespace Intranet.Blog.Tests.Support;

/// Tests that need a pass of their own (a second database engine, faults that need root, the bench smoke run) carry
/// [Category(TestPasses.Extra)] and the category of their pass. A plain `dotnet test` leaves them out (the test
/// project's default filter), so it stays the fast default; .ci/run runs every pass it lists.
public static class TestPasses
{
    public const string Extra = "ExtraPass";

    /// The benchmark's smoke run: a minute of real servers and load, proving the bench still runs against the app.
    public const string Bench = "Bench";

    /// Faults on a file system of the test's own (a full or read-only tmpfs, Support/Tmpfs.cs): mounting one needs
    /// root or passwordless sudo, which CI has and a developer's machine often lacks.
    public const string Root = "Root";

    /// The engine tests of PostgreSQL (Integration/Postgres: both schemas agree, every statement prepares, nodes share
    /// one database, the move from SQLite): a second engine's, with app processes of their own.
    public const string Postgres = "Postgres";
}
