namespace Intranet.Blog.Tests.Support;

/// The engine the app runs on in the integration and browser tests: SQLite, the default pass, or PostgreSQL when
/// INTRANET_TEST_DATABASE=postgres (the extra pass .ci/run makes, on the run's own server, Support/Postgres.cs). Tests of
/// what only SQLite has (its file, its backup, its search index) carry [Category(TestEngine.SqliteOnly)], which that
/// pass leaves out.
public static class TestEngine
{
    public const string Variable = "INTRANET_TEST_DATABASE";

    public const string SqliteOnly = "SqliteOnly";

    public static bool Postgres { get; } = Environment.GetEnvironmentVariable(Variable) == "postgres";
}
