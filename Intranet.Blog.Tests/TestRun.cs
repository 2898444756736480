using Intranet.Blog.Tests.Support;

// Fixtures run three at a time (each owns its app, database and browser contexts); tests inside a fixture share its
// database and run one after another. Two at a time left a 2-core machine idle while fixtures waited on their apps,
// pages and directory servers (a full run: 11 min 10 s at three, about 12 min 40 s at two). A fixture that measures
// time or load or kills processes says [NonParallelizable].
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(3)]

/// What the whole test run shares, set up once and removed at its end.
[SetUpFixture]
public sealed class TestRun
{
    /// Every host watches wwwroot (asp-append-version) and its settings files with inotify, and the machine allows
    /// 128 inotify instances per user across all processes; polling leaves that budget to everyone else.
    [OneTimeSetUp]
    public void PollInsteadOfInotify() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    /// Sign-ins through the real form, a thousand in a run, at 210,000 PBKDF2 iterations each spent minutes of the
    /// suite's CPU. Hashes carry their own count, so in-process apps hash and check at 1,000; PasswordTests checks
    /// the production count with it restored, and app processes started by tests use it anyway.
    [OneTimeSetUp]
    public void CheapPasswordHashes() => Intranet.Blog.Infrastructure.Auth.Passwords.UseIterations(1_000);

    [OneTimeTearDown]
    public void DeleteDemoTemplate() => DemoTemplate.Delete();

    [OneTimeTearDown]
    public Task CloseBrowser() => SharedBrowser.CloseAsync();

    [OneTimeTearDown]
    public void StopPostgres() => Postgres.Stop();

    [OneTimeTearDown]
    public void StopRedis() => Redis.Stop();
}
